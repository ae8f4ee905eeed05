from django.apps import AppConfig


class MatchesConfig(AppConfig):
    name = "stafet.matches"
    label = "matches"
