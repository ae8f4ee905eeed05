"""Load the demo: four programmes with synthetic refugees, mentors, companies and logins."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from stafet.demo.builder import build, demo_loaded, reference_loaded, remove_demo
from stafet.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, LOGINS
from stafet.organisations.models import User


class Command(BaseCommand):
    help = "Load the demo data (needs the reference data: run load_reference first). Demo only, never production."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo data and load it again.")

    def handle(self, *args, **options):
        if not reference_loaded():
            raise CommandError("Run manage.py load_reference first")
        started = time.monotonic()
        with transaction.atomic():  # all or nothing
            if demo_loaded():
                if not options["reset"]:
                    self.stdout.write("Demo data already loaded")
                    return
                remove_demo()
                self.stdout.write("Demo data deleted")
            summary = build()
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {seconds:.1f} s"))
        for name, count in summary.items():
            self.stdout.write(f"  {name.replace('_', ' '):<18} {count:>6}")
        self.stdout.write("")
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD} — demo only):")
        users = {u.username: u for u in User.objects.filter(username__in=[login[0] for login in LOGINS])}
        for username, *_rest in LOGINS:
            user = users[username]
            where = user.organisation.name if user.organisation else ""
            self.stdout.write(f"  {username:<20} {user.get_role_display():<18} {user.get_full_name():<28} {where}")
        self.stdout.write(
            f"Staff also give a two-factor code: `stafet demo_code <login>` prints it, or add the secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app (demo only)."
        )
