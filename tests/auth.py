"""How tests log in: past the password and, for a role that must use it, the second factor."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.organisations.models import User


def log_in(client: Client, user: User, *, verified: bool = True) -> Client:
    """Log ``client`` in as ``user``. A user who must pass two-factor login (``user.needs_two_factor``) is given
    an authenticator and has passed it in this session, unless ``verified=False``, which leaves them at the
    two-factor step as after the password alone."""
    client.force_login(user)
    if verified and user.needs_two_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
