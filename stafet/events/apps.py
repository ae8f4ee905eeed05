from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "stafet.events"
    label = "events"
