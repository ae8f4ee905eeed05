"""The read log on the admin site: who read which person, on which page, when. It is evidence, so nobody edits it
here (the data-protection pages show it per person)."""

from django.contrib import admin
from django.http import HttpRequest

from stafet.privacy.models import PersonRead


@admin.register(PersonRead)
class PersonReadAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "kind", "person_id", "what", "method"]
    list_filter = ["kind", "method"]
    search_fields = ["what", "path"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "kind", "person_id", "what", "path", "method"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PersonRead | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PersonRead | None = None) -> bool:
        return False
