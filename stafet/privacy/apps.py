from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "stafet.privacy"
    label = "privacy"
