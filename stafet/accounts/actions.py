"""Workflows of a user's own login: the authenticator app and the recovery codes."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.accounts.twofactor import RECOVERY_CODE_COUNT
from stafet.audit.record import record
from stafet.organisations.models import User


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
