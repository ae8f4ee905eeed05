from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from stafet.organisations.models import Organisation, Site, User


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    autocomplete_fields = ["postcode"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "cvr"]
    list_filter = ["kind"]
    search_fields = ["name", "cvr"]
    autocomplete_fields = ["municipality"]
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "address", "postcode", "lat", "lng"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "organisation__name", "address"]
    autocomplete_fields = ["organisation", "postcode"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation__kind", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role in Stafet"), {"fields": ("role", "organisation", "preferred_language")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        (_("Role in Stafet"), {"fields": ("role", "organisation")}),
    )
