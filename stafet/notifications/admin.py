"""The outbox on the admin site: what was sent, what failed and why, and "send again" for what failed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from stafet.notifications.actions import retry_failed
from stafet.notifications.models import CalendarFeed, Notification, Preference, ScheduleState
from stafet.organisations.admin import UserAdmin
from stafet.organisations.models import User


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


class PreferenceInline(admin.TabularInline):
    """A user's choices of how each kind reaches them (on the user's admin page)."""

    model = Preference
    extra = 0


class CalendarFeedInline(admin.TabularInline):
    """A user's calendar address: when it was made and last read. Deleting it stops the address working."""

    model = CalendarFeed
    extra = 0
    max_num = 1
    fields = readonly_fields = ("selector", "created_at", "last_used_at")

    def has_add_permission(self, request, obj=None):
        return False  # made by the user, who alone sees the secret


@admin.register(ScheduleState)
class ScheduleStateAdmin(admin.ModelAdmin):
    """The daily schedule's last run and the queued tasks (read only)."""

    list_display = ["last_day", "last_started_at", "last_finished_at", "last_counts", "daily_task_at", "retry_task_at"]
    readonly_fields = [f.name for f in ScheduleState._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UserWithNotificationsAdmin(UserAdmin):
    """The user's admin page with their notification choices and calendar address: notifications builds on the
    organisations app, so it adds its inlines to the user's page rather than the user's page importing them."""

    inlines = [*UserAdmin.inlines, PreferenceInline, CalendarFeedInline]


admin.site.unregister(User)
admin.site.register(User, UserWithNotificationsAdmin)
