"""Run the daily rules now, and make sure the task worker runs them every morning after."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stafet.notifications.delivery import deliver_due
from stafet.notifications.models import ScheduleState
from stafet.notifications.schedule import ensure_daily_task, run_daily


class Command(BaseCommand):
    help = (
        "Run the daily notification rules for today (idempotent: a second run writes nothing new) and queue the "
        "periodic task that runs them on the task worker every morning. Use it once after deploying, from cron, "
        "or by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run the rules as of this day (YYYY-MM-DD) instead of today.")
        parser.add_argument("--send", action="store_true", help="Email what is due now, in this process.")
        parser.add_argument("--no-queue", action="store_true", help="Do not queue the periodic task.")

    def handle(self, *args, date=None, send=False, no_queue=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date {date!r}: a date is written YYYY-MM-DD") from error
        counts = run_daily(today)
        self.stdout.write(f"Daily rules for {today.isoformat()}:")
        for name, count in counts.items():
            self.stdout.write(f"  {name.replace('_', ' '):<22} {count:>6} new")
        if send:
            self.stdout.write(f"Emailed {deliver_due()}.")
        if not no_queue:
            ensure_daily_task()
            state = ScheduleState.objects.filter(pk=1).first()
            if state and state.daily_task_at:
                at = timezone.localtime(state.daily_task_at)
                self.stdout.write(f"The task worker runs them next on {at:%Y-%m-%d at %H:%M}.")
            else:
                self.stdout.write("The task backend cannot defer tasks: run this command daily (cron).")
