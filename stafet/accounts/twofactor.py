"""Two-factor login: a TOTP authenticator app (django-otp's TOTP device) and single-use recovery codes (its
static device). Who must use it: :attr:`User.needs_two_factor`; anyone else may turn it on, and then must use it."""

import logging
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from stafet.organisations.models import User

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_key() -> str:
    """A new TOTP secret: 20 random bytes, hex as django-otp stores them."""
    return random_hex(20)


def secret_for_humans(key: str) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four.

    >>> secret_for_humans("94c0524c6463a53014931918e94c0524c6463b5a")
    'STAF ETDE MOST AFET DEMO STAF ETDE MO22'
    """
    text = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(key: str, username: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    issuer = settings.OTP_TOTP_ISSUER
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": 6, "period": 30})
    return f"otpauth://totp/{quote(issuer)}:{quote(username)}?{query}"


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG, drawn here: the secret never goes to another service."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", svgclass="stafet-qr", title=_("QR code for your app")
    )


def current_code(device: TOTPDevice) -> str:
    """The code ``device`` accepts now: this time step's, or the next step's if this one was used already (a code
    works once). For the demo's published authenticator and for tests; never shown for a real one."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(time.time(), (device.last_t + 1 - device.drift) * device.step + device.t0)
    return f"{totp.token():0{device.digits}d}"


def first_code_matches(key: str, code: str) -> int | None:
    """The time step of ``code`` if it is the app's code now (or one step either side) for a secret being set
    up; ``None`` otherwise."""
    if not (code.isascii() and code.isdigit()):
        return None
    totp = TOTP(unhexlify(key))
    return totp.t() if totp.verify(int(code), tolerance=1) else None


@dataclass(frozen=True)
class Verification:
    device: Device | None
    recovery_codes_left: int | None = None  # set when a recovery code was used
    error: str = ""


def normalise(code: str) -> str:
    """A code as typed: spaces and hyphens ignored, recovery codes in any case.

    >>> normalise(" 123 456 "), normalise("ABCD-efgh")
    ('123456', 'abcdefgh')
    """
    return "".join(ch for ch in code if ch not in " -").lower()


def verify_code(user: User, code: str) -> Verification:
    """Check a code from the user's authenticator app (six digits) or one of their recovery codes, which is then
    used up. django-otp throttles each device after a wrong code (1, 2, 4, 8 ... seconds)."""
    code = normalise(code)
    model = TOTPDevice if code.isascii() and code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.filter(user=user, confirmed=True).select_for_update():
            allowed, why = device.verify_is_allowed()
            if not allowed:
                wait = max(1, int((why["locked_until"] - timezone.now()).total_seconds()) + 1)
                message = ngettext(
                    "Too many wrong codes. Wait %(n)d second and try again.",
                    "Too many wrong codes. Wait %(n)d seconds and try again.",
                    wait,
                ) % {"n": wait}
                return Verification(None, error=message)
            if device.verify_token(code):
                left = device.token_set.count() if isinstance(device, StaticDevice) else None
                return Verification(device, recovery_codes_left=left)
    logger.warning("Two-factor code refused for account #%s", user.pk)
    return Verification(None, error=_("That code is not right. Check the code in your app and try again."))
