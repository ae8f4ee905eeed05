from django.contrib import admin
from django.http import HttpRequest

from stafet.accounts.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are read here; they are sent, resent and withdrawn on the coordinators' Logins page."""

    list_display = ["user", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["accepted_at", "revoked_at"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
