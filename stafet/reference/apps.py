from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "stafet.reference"
    label = "reference"
