"""The outbox on the admin site: what was sent, what failed and why, and "send again" for what failed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from stafet.notifications.delivery import retry_failed
from stafet.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient_key",
        "delivery",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
    ]
    list_filter = ["status", "kind", "delivery"]
    search_fields = ["recipient_key", "event"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return obj.last_error[:80]

    @admin.action(description=_("Send the failed ones again"))
    def send_again(self, request, queryset):
        count = retry_failed(notifications=queryset, by=request.user)
        self.message_user(request, _("%(n)s will be sent again.") % {"n": count}, messages.SUCCESS)
