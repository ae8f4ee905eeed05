"""Workflows of logins: invitations, deactivation, and a user's own authenticator app and recovery codes."""

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.accounts.models import INVITATION_VALID_FOR, Invitation, hash_token, new_token
from stafet.accounts.twofactor import RECOVERY_CODE_COUNT
from stafet.audit.record import record
from stafet.notifications import notices
from stafet.organisations.models import Organisation, User


def enrol_authenticator(*, user: User, key: str, last_t: int) -> tuple[TOTPDevice, list[str]]:
    """Make the app holding ``key`` the user's one authenticator (replacing any before it) and issue new recovery
    codes. ``last_t`` is the time step of the code that confirmed it, so that code cannot be used again."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True, last_t=last_t)
        codes = _replace_recovery_codes(user)
        record(actor=user, action="account.authenticator_enrolled", target=user)
    return device, codes


def regenerate_recovery_codes(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record(actor=user, action="account.recovery_codes_regenerated", target=user)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# ------------------------------------------------------------------------------------------------- invitations


def _username_for(email: str) -> str:
    """The login's user name: the email address, made unique with a number when it is taken."""
    base = email.strip().lower()[:140]
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def invite(*, user: User, by: User | None, programme: Any = None) -> tuple[Invitation, str]:
    """Send ``user`` a one-time link to choose their password; an earlier link of theirs stops working.
    Returns the invitation and the token (the secret in the link; only its hash is stored)."""
    if not user.is_active:
        raise ValidationError(_("%(u)s is deactivated; an invitation would not work.") % {"u": user.username})
    if not user.email:
        raise ValidationError(_("%(u)s has no email address to send the invitation to.") % {"u": user.username})
    now = timezone.now()
    Invitation.objects.filter(user=user).pending().update(revoked_at=now)
    token = new_token()
    invitation = Invitation.objects.create(
        user=user, token_hash=hash_token(token), invited_by=by, created_at=now, expires_at=now + INVITATION_VALID_FOR
    )
    notices.invitation(
        user=user,
        accept_url=reverse("accept_invitation", args=[token]),
        expires_at=invitation.expires_at,
        invitation_id=invitation.pk,
        invited_by=by,
        programme=programme,
    )
    record(actor=by, action="account.invited", target=user, invitation=invitation.pk)
    return invitation, token


@transaction.atomic
def resend_invitation(*, user: User, by: User) -> Invitation:
    """A new link for someone who has not accepted yet (the old one may have expired or been lost)."""
    if not Invitation.objects.filter(user=user).pending().exists():
        raise ValidationError(_("%(u)s has no invitation waiting to be accepted.") % {"u": user.username})
    invitation, _token = invite(user=user, by=by)
    return invitation


@transaction.atomic
def create_invited_user(
    *,
    role: str,
    email: str,
    first_name: str,
    last_name: str,
    by: User | None,
    organisation: Organisation | None = None,
    programme: Any = None,
) -> User:
    """A login for a person given a role: it has no password until they accept the emailed invitation."""
    if not email:
        raise ValidationError({"email": _("An email address is needed to send the invitation.")})
    user = User(
        username=_username_for(email),
        email=email.strip(),
        first_name=first_name[:150],
        last_name=last_name[:150],
        role=role,
        organisation=organisation,
        preferred_language=getattr(by, "preferred_language", "da") or "da",
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=by, action="account.created", target=user, role=role)
    invite(user=user, by=by, programme=programme)
    return user


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, while it still works; ``None`` for any other token."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.usable().select_related("user").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def accept_invitation(*, invitation: Invitation, password: str) -> User:
    """The invited person chose their password: the link is used up."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at or invitation.is_expired:
        raise ValidationError(_("This link no longer works. Ask the coordinator for a new invitation."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(actor=user, action="account.invitation_accepted", target=user, invitation=invitation.pk)
    return user


def end_sessions(user: User) -> int:
    """Delete every session the user is logged in with (database sessions: each is read to find its user)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def deactivate_user(*, user: User, by: User) -> User:
    """The user can no longer log in: their sessions end now and a waiting invitation stops working."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own login."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    Invitation.objects.filter(user=user).pending().update(revoked_at=timezone.now())
    sessions = end_sessions(user)
    record(actor=by, action="account.deactivated", target=user, sessions_ended=sessions)
    return user
