from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "stafet.outcomes"
    label = "outcomes"
