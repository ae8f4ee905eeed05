from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest

from stafet.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: an audit trail that can be edited is no audit trail."""

    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__username", "action"]
    date_hierarchy = "at"

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        # Django turns ?at__year=… into a date and fails with a server error on a year no date has; as for any
        # other bad filter, the list then says "the filter is wrong" and shows everything (?e=1).
        for key in ("at__year", "at__month", "at__day"):
            value = request.GET.get(key)
            if value is not None and not (value.isascii() and value.isdigit() and 1 <= int(value) <= 9999):
                raise IncorrectLookupParameters(key)
        return super().get_changelist_instance(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
