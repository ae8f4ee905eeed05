"""Demo data: the four programmes of DOMAIN.md with synthetic people (``manage.py load_demo``)."""
