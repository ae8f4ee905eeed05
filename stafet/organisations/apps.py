from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "stafet.organisations"
    label = "organisations"
