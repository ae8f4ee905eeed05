from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "stafet.people"
    label = "people"
