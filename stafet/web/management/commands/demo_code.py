"""Print the two-factor code a demo login can use now, so the demo can be tried without an authenticator app."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.accounts.twofactor import current_code
from stafet.demo.data import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo login (development only: needs STAFET_DEBUG=1)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="a demo login, e.g. koordinator")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("Refused: demo codes are printed only in development (STAFET_DEBUG=1).")
        # A demo login is one whose authenticator holds the demo's published secret; for any other the code
        # would be a real second factor, which this command never gives out.
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_TOTP_KEY).first()
        if device is None:
            raise CommandError(f"Refused: {username!r} is not a demo login with the demo authenticator.")
        self.stdout.write(current_code(device))
