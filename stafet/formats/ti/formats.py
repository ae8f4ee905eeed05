"""Tigrinya dates written one way everywhere, day first: 4 ታሕሳስ 2026 (and 4 ታሕሳስ 2026, 14:30), in tables too,
with the Gregorian months by their Tigrinya names (Stafet's catalogue: Django has no Tigrinya), a 24-hour clock and
weeks from Monday. Without this module Django would use its default, "dec. 4, 2026" in Danish. Input accepts
4/12/2026 and 04.12.2026."""

# The day-first European formats of English as written in Denmark; only what differs is set here.
from stafet.formats.en.formats import *  # noqa: F403
