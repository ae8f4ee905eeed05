from typing import Any, cast

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from stafet.accounts.actions import deactivate_user
from stafet.accounts.models import Invitation
from stafet.notifications.admin import UserWithNotificationsAdmin
from stafet.organisations.models import User


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are read here; they are sent, resent and withdrawn on the coordinators' Logins page."""

    list_display = ["user", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["accepted_at", "revoked_at"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class UserWithDeactivationAdmin(UserWithNotificationsAdmin):
    """The user's admin page, where unticking "active" is the Logins page's deactivation (one action,
    :func:`deactivate_user`): the sessions end now, a waiting invitation stops working, the audit trail says who.
    Accounts builds on notifications, so it takes that app's user page and registers it again (as notifications
    does with the organisations app's)."""

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        deactivated = change and "is_active" in form.changed_data and not obj.is_active
        if deactivated and obj.pk == request.user.pk:
            obj.is_active = True
            messages.error(request, _("You cannot deactivate your own login."))
            deactivated = False
        super().save_model(request, obj, form, change)
        if deactivated:
            deactivate_user(user=obj, by=cast(User, request.user))


admin.site.unregister(User)
admin.site.register(User, UserWithDeactivationAdmin)
