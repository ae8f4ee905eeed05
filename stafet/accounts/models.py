"""Invitations: the one-time link with which a person given a role chooses their password."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long an invitation's link works; the coordinator can send a new one.
INVITATION_VALID_FOR = datetime.timedelta(days=14)


def hash_token(token: str) -> str:
    """Only the token's hash is stored: the link in the email is the one copy of the secret."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        """Not accepted and not replaced by a newer one (an expired one is still pending: it can be resent)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def usable(self) -> "InvitationQuerySet":
        return self.pending().filter(expires_at__gt=timezone.now(), user__is_active=True)


class Invitation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("link works until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # Set when a newer invitation replaces this one, or the user is deactivated: the link stops working.
    revoked_at = models.DateTimeField(_("replaced or withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
