from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "stafet.audit"
    label = "audit"
