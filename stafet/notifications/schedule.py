"""The daily rules: what the calendar, not a person's action, makes worth telling.

Run once a day by the periodic task on the worker (:func:`daily_schedule`, at 06:00) and by the management
command ``stafet run_schedule`` (at once; ``bin/start`` runs it when the demo starts). Every rule is idempotent: it
skips, in its own query, what it has already told (the outbox is its memory), and the outbox's unique key stands
behind that. Each rule is a fixed number of set-based queries, however many mentorships there are
(``bench/daily_schedule.py`` measures 100,000).

The rules live with what they are about (``mentorships/reminders.py``, ``events/notices.py``,
``outcomes/notices.py``) and join the schedule with :func:`register_rule` from their app's ``notices`` module,
which this app loads for every installed app when Django starts (as the admin loads ``admin`` modules). The
digest runs last, since it collects what the other rules left for it. The periodic task queues its next run for
``DAILY_AT`` the next morning (``run_after``), and ``ScheduleState`` keeps the id of that queued task so the chain
is never doubled, however often ``stafet run_schedule`` is called.

| rule | who is told | when |
| --- | --- | --- |
| no first meeting | the mentor, then the programme's coordinators | day 14 (mentor), day 21 (coordinators) |
| no meeting for 30 days | the mentor and the coordinators | 30 days after the last meeting (or the start) |
| follow-up calls due or overdue | the coordinators | each day there are any (the digest by default) |
| outcome follow-up due | the coordinators and the referring caseworkers | when +3, +6, +12 months are reached |
| event reminders | everyone invited who has not said no | the day before |
| meeting reminders | mentor and participant | the day before a planned meeting |
| digests | everyone with notifications waiting for the digest | last, every day |
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from stafet.notifications.models import Kind, Notification, ScheduleState
from stafet.notifications.outbox import Message, Recipient, write
from stafet.notifications.tasks import ensure_queued
from stafet.organisations.models import User

DAILY_AT = datetime.time(6, 0)  # local time: before the working day, so the digest is read with the first coffee

Rule = Callable[[datetime.date], int]
_RULES: dict[str, Rule] = {}


def register_rule(name: str, rule: Rule) -> None:
    """Add a daily rule (a function of today's date returning how many notifications it wrote)."""
    _RULES[name] = rule


def event_key(*parts: Any) -> Concat:
    """The outbox event key built in SQL from text and columns, equal to the f-string the rule writes."""
    return Concat(*(Value(p) if isinstance(p, str) else Cast(p, CharField()) for p in parts), output_field=CharField())


def told(kind: str, *parts: Any) -> Exists:
    """Whether the outbox already holds ``kind`` for the event whose key ``parts`` build (for any recipient); the
    columns in ``parts`` are the outer query's (``OuterRef``)."""
    return Exists(Notification.objects.filter(kind=kind, event=event_key(*parts)))


def days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def tomorrow(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of the day after ``today``, local time (for the reminders sent the day before)."""
    start = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time()))
    return start, timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time()))


def digests(today: datetime.date) -> int:
    """Collect each person's notifications waiting for the digest into one email (one a day)."""
    now = timezone.now()
    event = f"digest:{today.isoformat()}"
    waiting = Notification.objects.filter(
        status=Notification.Status.IN_DIGEST, digest__isnull=True, created_at__lte=now
    )
    groups = list(
        waiting.values("recipient_key", "recipient_id", "email", "language").annotate(n=Count("pk")).order_by()
    )
    done = set(Notification.objects.filter(kind=Kind.DIGEST, event=event).values_list("recipient_key", flat=True))
    names = dict(User.objects.filter(pk__in={g["recipient_id"] for g in groups}).values_list("pk", "first_name"))
    messages = [
        Message(
            Kind.DIGEST,
            event,
            Recipient(g["recipient_key"], g["recipient_id"], g["email"], g["language"]),
            {"to": names.get(g["recipient_id"], ""), "count": g["n"], "date": today.isoformat()},
            reverse("notifications:list"),
        )
        for g in groups
        if g["recipient_key"] not in done
    ]
    written = write(messages)
    if written:
        digest = Notification.objects.filter(kind=Kind.DIGEST, event=event, recipient_key=OuterRef("recipient_key"))
        waiting.filter(recipient_key__in=[m.recipient.key for m in messages]).update(
            digest=Subquery(digest.values("pk")[:1])
        )
    return written


def rules() -> list[tuple[str, Rule]]:
    """Every daily rule in the order they run: the apps' rules, then the digest."""
    return [*_RULES.items(), ("digests", digests)]


def run_daily(today: datetime.date | None = None) -> dict[str, int]:
    """Run every rule for ``today`` (local date), each in its own transaction; returns what each wrote."""
    today = today or timezone.localdate()
    started = timezone.now()
    counts = {}
    for name, rule in rules():
        with transaction.atomic():
            counts[name] = rule(today)
    ScheduleState.objects.update_or_create(
        pk=1,
        defaults={
            "last_day": today,
            "last_started_at": started,
            "last_finished_at": timezone.now(),
            "last_counts": counts,
        },
    )
    return counts


@task
def daily_schedule() -> dict[str, int]:
    """Run the daily rules for today, then queue tomorrow's run."""
    counts = run_daily()
    ensure_daily_task()
    return counts


def next_daily_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next ``DAILY_AT`` in local time, strictly after ``now``."""
    local = timezone.localtime(now or timezone.now())
    at = local.replace(hour=DAILY_AT.hour, minute=DAILY_AT.minute, second=0, microsecond=0)
    if at <= local:
        at = timezone.make_aware(datetime.datetime.combine(local.date() + datetime.timedelta(days=1), DAILY_AT))
    return at


def ensure_daily_task() -> None:
    ensure_queued("daily", daily_schedule, next_daily_run())
