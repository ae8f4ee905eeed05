"""The daily rules: what the calendar, not a person's action, makes worth telling.

Run once a day by the periodic task on the worker (``tasks.daily_schedule``, at 06:00) and by the management
command ``stafet run_schedule`` (at once; ``bin/start`` runs it when the demo starts). Every rule is idempotent: it
skips, in its own query, what it has already told (the outbox is its memory), and the outbox's unique key stands
behind that. Each rule is a fixed number of set-based queries, however many mentorships there are
(``bench/daily_schedule.py`` measures 100,000).

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
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone

from stafet.events.models import Event, Invitation
from stafet.mentorships.models import OPEN_STATUSES, FollowUpCall, Meeting, Mentorship, PlannedMeeting
from stafet.notifications import notices
from stafet.notifications.models import Kind, Notification, ScheduleState
from stafet.notifications.outbox import Message, Recipient, write
from stafet.organisations.models import User
from stafet.outcomes.due import due_outcomes
from stafet.privacy.retention import pseudonymise_due
from stafet.programmes.models import Cohort

FIRST_MEETING_DAYS = 14  # the mentor is reminded
FIRST_MEETING_ESCALATION_DAYS = 21  # still nothing a week later: the coordinators are told
SILENCE_DAYS = 30


def event_key(*parts: Any):
    """The outbox event key built in SQL from text and columns, equal to the f-string the rule writes."""
    return Concat(*(Value(p) if isinstance(p, str) else Cast(p, CharField()) for p in parts), output_field=CharField())


def told(kind: str, *parts: Any) -> Exists:
    """Whether the outbox already holds ``kind`` for the event whose key ``parts`` build (for any recipient); the
    columns in ``parts`` are the outer query's (``OuterRef``)."""
    return Exists(Notification.objects.filter(kind=kind, event=event_key(*parts)))


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


# Mentorship columns every mentorship rule reads: the mentor's login and address, the pair's names, the NGO.
PAIR = {
    "mentor_user": F("mentor__user_id"),
    "mentor_user_email": F("mentor__user__email"),
    "mentor_user_active": F("mentor__user__is_active"),
    "mentor_language": F("mentor__user__preferred_language"),
    "mentor_email": F("mentor__email"),
    "mentor_first": F("mentor__first_name"),
    "mentor_last": F("mentor__last_name"),
    "mentor_phone": F("mentor__phone"),
    "participant_first": F("participant__first_name"),
    "participant_last": F("participant__last_name"),
    "programme": F("cohort__programme__name"),
    "ngo": F("cohort__programme__operator_id"),
    "ngo_name": F("cohort__programme__operator__name"),
    "ngo_email": F("cohort__programme__operator__email"),
    "ngo_phone": F("cohort__programme__operator__phone"),
}


def _mentor(row: dict) -> Recipient | None:
    if row["mentor_user"] and not row["mentor_user_active"]:
        return None  # a deactivated login is not written to
    return Recipient.from_values(
        row["mentor_user"], row["mentor_user_email"], row["mentor_language"], row["mentor_email"]
    )


def _pair_params(row: dict) -> dict[str, Any]:
    return {
        "mentor": f"{row['mentor_first']} {row['mentor_last']}",
        "participant": f"{row['participant_first']} {row['participant_last']}",
        "programme": row["programme"],
    }


def _ngo_contact(row: dict) -> dict[str, str]:
    return {"name": row["ngo_name"], "email": row["ngo_email"], "phone": row["ngo_phone"]}


def _mentor_contact(row: dict) -> dict[str, str]:
    return {
        "name": f"{row['mentor_first']} {row['mentor_last']}",
        "email": row["mentor_email"],
        "phone": row["mentor_phone"],
    }


def _to_pair(
    kind: str,
    event: str,
    row: dict,
    coordinators: dict[int, list[User]],
    *,
    mentor: bool,
    params: dict[str, Any],
    url: str,
) -> list[Message]:
    """One message to the mentor (if ``mentor``) and one to each of the NGO's coordinators (if ``coordinators``)."""
    out = []
    recipient = _mentor(row) if mentor else None
    if recipient is not None:
        p = {**params, "as": "mentor", "to": row["mentor_first"], "contact": _ngo_contact(row)}
        out.append(Message(kind, event, recipient, p, url, row["participant_id"]))
    for user in coordinators.get(row["ngo"], []):
        p = {**params, "as": "coordinator", "to": user.first_name, "contact": _mentor_contact(row)}
        out.append(Message(kind, event, Recipient.of_user(user), p, url, row["participant_id"]))
    return out


# ------------------------------------------------------------------------------------------------------- rules


def no_first_meeting(today: datetime.date) -> int:
    """Day 14 without a first meeting: the mentor is reminded (unless one is planned); day 21 without one: the
    programme's coordinators are told."""
    written = 0
    now = timezone.now()
    for days, who in ((FIRST_MEETING_DAYS, "mentor"), (FIRST_MEETING_ESCALATION_DAYS, "coordinator")):
        pairs = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE, started_on__lte=_days_ago(today, days))
        pairs = pairs.exclude(Exists(Meeting.objects.filter(mentorship=OuterRef("pk"))))
        if who == "mentor":
            pairs = pairs.exclude(
                Exists(
                    PlannedMeeting.objects.filter(
                        mentorship=OuterRef("pk"), status=PlannedMeeting.Status.PLANNED, starts_at__gte=now
                    )
                )
            )
        pairs = pairs.exclude(told(Kind.NO_FIRST_MEETING, "mentorship:", OuterRef("pk"), f":{who}"))
        rows = list(pairs.values("pk", "started_on", "participant_id", **PAIR))
        coordinators = notices.coordinators_of(r["ngo"] for r in rows) if who == "coordinator" else {}
        messages = []
        for row in rows:
            params = {**_pair_params(row), "started_on": row["started_on"].isoformat(), "days": days}
            url = reverse("mentorships:detail", args=[row["pk"]]) + ("#next-meeting" if who == "mentor" else "")
            messages += _to_pair(
                Kind.NO_FIRST_MEETING,
                f"mentorship:{row['pk']}:{who}",
                row,
                coordinators,
                mentor=who == "mentor",
                params=params,
                url=url,
            )
        written += write(messages)
    return written


def no_recent_meeting(today: datetime.date) -> int:
    """30 days since the last meeting (or since the start, when there has been none): mentor and coordinators.
    Told once per silence: a new meeting starts a new count."""
    last = Meeting.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship").annotate(d=Max("date"))
    pairs = (
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
        .annotate(since=Coalesce(Subquery(last.values("d")[:1]), F("started_on")))
        .filter(since__lte=_days_ago(today, SILENCE_DAYS))
        .exclude(told(Kind.NO_RECENT_MEETING, "mentorship:", OuterRef("pk"), ":", OuterRef("since")))
    )
    rows = list(pairs.values("pk", "since", "participant_id", **PAIR))
    coordinators = notices.coordinators_of(r["ngo"] for r in rows)
    messages = []
    for row in rows:
        since = row["since"]
        params = {**_pair_params(row), "since_on": since.isoformat(), "days": (today - since).days}
        messages += _to_pair(
            Kind.NO_RECENT_MEETING,
            f"mentorship:{row['pk']}:{since.isoformat()}",
            row,
            coordinators,
            mentor=True,
            params=params,
            url=reverse("mentorships:detail", args=[row["pk"]]),
        )
    return write(messages)


def follow_up_calls_due(today: datetime.date) -> int:
    """Each NGO's coordinators: how many follow-up calls are due today and overdue (one message a day)."""
    counts = (
        FollowUpCall.objects.filter(done_on__isnull=True, due_on__lte=today, mentorship__status__in=OPEN_STATUSES)
        .values(ngo=F("mentorship__cohort__programme__operator_id"))
        .annotate(overdue=Count("pk", filter=Q(due_on__lt=today)), due_today=Count("pk", filter=Q(due_on=today)))
        .order_by()
    )
    counts = {row["ngo"]: row for row in counts}
    event = f"follow_ups:{today.isoformat()}"
    done = set(
        Notification.objects.filter(kind=Kind.FOLLOW_UP_CALLS_DUE, event=event).values_list("recipient_key", flat=True)
    )
    messages = []
    for ngo, users in notices.coordinators_of(counts).items():
        for user in users:
            recipient = Recipient.of_user(user)
            if recipient.key not in done:
                params = {
                    "to": user.first_name,
                    "overdue": counts[ngo]["overdue"],
                    "due_today": counts[ngo]["due_today"],
                    "date": today.isoformat(),
                }
                messages.append(
                    Message(Kind.FOLLOW_UP_CALLS_DUE, event, recipient, params, reverse("mentorships:follow_ups"))
                )
    return write(messages)


def outcomes_due(today: datetime.date) -> int:
    """When a cohort reaches +3, +6 or +12 months after its end: its coordinators (every participant due) and
    each referring caseworker (their own citizens), once per cohort and measuring point."""
    due = due_outcomes(Cohort.objects.all(), today)
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for item in due:
        groups[(item.cohort.pk, item.measured)].append(item)
    events = {key: f"cohort:{key[0]}:{key[1]}" for key in groups}
    done = set(
        Notification.objects.filter(kind=Kind.OUTCOMES_DUE, event__in=list(events.values())).values_list(
            "event", "recipient_key"
        )
    )
    coordinators = notices.coordinators_of(items[0].cohort.programme.operator_id for items in groups.values())
    caseworkers = notices.caseworkers_of(i.municipality_id for i in due if i.municipality_id)
    active = {u.pk for users in caseworkers.values() for u in users}
    url = reverse("outcomes:due")
    messages = []
    for key, items in groups.items():
        cohort, event = items[0].cohort, events[key]
        common = {
            "cohort": cohort.name,
            "programme": cohort.programme.name,
            "measured": key[1],
            "due_on": items[0].due_on.isoformat(),
        }
        audience: dict[int, tuple[User, int]] = {}
        for user in coordinators.get(cohort.programme.operator_id, []):
            audience[user.pk] = (user, len(items))
        per_caseworker: dict[int, int] = defaultdict(int)
        for item in items:
            if item.caseworker_id in active:
                per_caseworker[item.caseworker_id] += 1
            else:  # the referring caseworker has left: their job centre's caseworkers follow up
                for user in caseworkers.get(item.municipality_id, []):
                    per_caseworker[user.pk] += 1
        users = {u.pk: u for group in caseworkers.values() for u in group}
        for pk, n in per_caseworker.items():
            audience[pk] = (users[pk], n)
        for user, n in audience.values():
            recipient = Recipient.of_user(user)
            if (event, recipient.key) not in done:
                params = {**common, "to": user.first_name, "count": n}
                messages.append(Message(Kind.OUTCOMES_DUE, event, recipient, params, url))
    return write(messages)


def _tomorrow(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time()))
    return start, timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time()))


def event_reminders(today: datetime.date) -> int:
    """The day before an event: everyone invited who has not said no."""
    start, end = _tomorrow(today)
    invitations = list(
        Invitation.objects.filter(
            event__status=Event.Status.SCHEDULED, event__starts_at__gte=start, event__starts_at__lt=end
        )
        .exclude(rsvp=Invitation.Rsvp.NO)
        .select_related("event__programme__operator", "event__cohort", "mentor__user", "participant__user")
        .order_by("event_id", "pk")
    )
    keys = {
        i.event_id: f"event:{i.event_id}:reminder:{(today + datetime.timedelta(days=1)).isoformat()}"
        for i in invitations
    }
    done = set(
        Notification.objects.filter(kind=Kind.EVENT_REMINDER, event__in=list(keys.values())).values_list(
            "event", flat=True
        )
    )
    by_event: dict[int, list[Invitation]] = defaultdict(list)
    for invitation in invitations:
        if keys[invitation.event_id] not in done:
            by_event[invitation.event_id].append(invitation)
    return sum(notices.event_invitations(group, Kind.EVENT_REMINDER, keys[pk]) for pk, group in by_event.items())


def meeting_reminders(today: datetime.date) -> int:
    """The day before a planned meeting: mentor and participant."""
    start, end = _tomorrow(today)
    planned = list(
        PlannedMeeting.objects.filter(
            status=PlannedMeeting.Status.PLANNED,
            starts_at__gte=start,
            starts_at__lt=end,
            mentorship__status__in=OPEN_STATUSES,
        )
        .exclude(told(Kind.MEETING_REMINDER, "planned:", OuterRef("pk"), ":", OuterRef("sequence")))
        .select_related(
            "mentorship__mentor__user", "mentorship__participant__user", "mentorship__cohort__programme__operator"
        )
    )
    return write([m for p in planned for m in notices.meeting_messages(p, Kind.MEETING_REMINDER, None)])


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


RULES: list[tuple[str, Callable[[datetime.date], int]]] = [
    ("no_first_meeting", no_first_meeting),
    ("no_recent_meeting", no_recent_meeting),
    ("follow_up_calls_due", follow_up_calls_due),
    ("outcomes_due", outcomes_due),
    ("event_reminders", event_reminders),
    ("meeting_reminders", meeting_reminders),
    ("retention", pseudonymise_due),  # data protection: pseudonymise whoever's retention has run out
    ("digests", digests),  # last: it collects what the rules above left for the digest
]


def run_daily(today: datetime.date | None = None) -> dict[str, int]:
    """Run every rule for ``today`` (local date), each in its own transaction; returns what each wrote."""
    today = today or timezone.localdate()
    started = timezone.now()
    counts = {}
    for name, rule in RULES:
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
