from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "stafet.web"
    label = "web"
