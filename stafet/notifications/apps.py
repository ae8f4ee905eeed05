from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "stafet.notifications"
    label = "notifications"
