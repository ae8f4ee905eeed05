from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AuditConfig(AppConfig):
    default = True
    name = "stafet.audit"
    label = "audit"


class AdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with Stafet's site (audited, administrators only): see ``stafet.audit.site``."""

    default = False
    default_site = "stafet.audit.site.AdminSite"
