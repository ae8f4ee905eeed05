from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "stafet.programmes"
    label = "programmes"
