"""The daily rules about pairs, and the pairs' entries in the calendar feed.

| rule | who is told | when |
| --- | --- | --- |
| no first meeting | the mentor, then the programme's coordinators | day 14 (mentor), day 21 (coordinators) |
| no meeting for 30 days | the mentor and the coordinators | 30 days after the last meeting (or the start) |
| follow-up calls due or overdue | the coordinators | each day there are any (the digest by default) |
| meeting reminders | mentor and participant | the day before a planned meeting |

Each is a fixed number of set-based queries however many pairs there are (``bench/daily_schedule.py``), and
idempotent (see :mod:`stafet.notifications.schedule`), which loads this module when Django starts.
"""

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from stafet.mentorships.access import follow_up_calls_for_user, mentorships_for_user
from stafet.mentorships.models import OPEN_STATUSES, FollowUpCall, Meeting, Mentorship, PlannedMeeting
from stafet.mentorships.notices import meeting_messages, meeting_vevent
from stafet.notifications import ics
from stafet.notifications.feed import PAST, register_source
from stafet.notifications.models import Kind, Notification
from stafet.notifications.notices import coordinators_of
from stafet.notifications.outbox import Message, Recipient, write
from stafet.notifications.render import absolute
from stafet.notifications.schedule import days_ago, register_rule, told, tomorrow
from stafet.organisations.access import role_of
from stafet.organisations.models import Role, User

FIRST_MEETING_DAYS = 14  # the mentor is reminded
FIRST_MEETING_ESCALATION_DAYS = 21  # still nothing a week later: the coordinators are told
SILENCE_DAYS = 30


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


def _mentor(row: Mapping[str, Any]) -> Recipient | None:
    if row["mentor_user"] and not row["mentor_user_active"]:
        return None  # a deactivated login is not written to
    return Recipient.from_values(
        row["mentor_user"], row["mentor_user_email"], row["mentor_language"], row["mentor_email"]
    )


def _pair_params(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "mentor": f"{row['mentor_first']} {row['mentor_last']}",
        "participant": f"{row['participant_first']} {row['participant_last']}",
        "programme": row["programme"],
    }


def _ngo_contact(row: Mapping[str, Any]) -> dict[str, str]:
    return {"name": row["ngo_name"], "email": row["ngo_email"], "phone": row["ngo_phone"]}


def _mentor_contact(row: Mapping[str, Any]) -> dict[str, str]:
    return {
        "name": f"{row['mentor_first']} {row['mentor_last']}",
        "email": row["mentor_email"],
        "phone": row["mentor_phone"],
    }


def _to_pair(
    kind: str,
    event: str,
    row: Mapping[str, Any],
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
        pairs = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE, started_on__lte=days_ago(today, days))
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
        rows: list[Mapping[str, Any]] = list(pairs.values("pk", "started_on", "participant_id", **PAIR))
        coordinators = coordinators_of(r["ngo"] for r in rows) if who == "coordinator" else {}
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
        .filter(since__lte=days_ago(today, SILENCE_DAYS))
        .exclude(told(Kind.NO_RECENT_MEETING, "mentorship:", OuterRef("pk"), ":", OuterRef("since")))
    )
    rows: list[Mapping[str, Any]] = list(pairs.values("pk", "since", "participant_id", **PAIR))
    coordinators = coordinators_of(r["ngo"] for r in rows)
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
    per_ngo = (
        FollowUpCall.objects.filter(done_on__isnull=True, due_on__lte=today, mentorship__status__in=OPEN_STATUSES)
        .values(ngo=F("mentorship__cohort__programme__operator_id"))
        .annotate(overdue=Count("pk", filter=Q(due_on__lt=today)), due_today=Count("pk", filter=Q(due_on=today)))
        .order_by()
    )
    counts: dict[int, Mapping[str, Any]] = {row["ngo"]: row for row in per_ngo}
    event = f"follow_ups:{today.isoformat()}"
    done = set(
        Notification.objects.filter(kind=Kind.FOLLOW_UP_CALLS_DUE, event=event).values_list("recipient_key", flat=True)
    )
    messages = []
    for ngo, users in coordinators_of(counts).items():
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


def meeting_reminders(today: datetime.date) -> int:
    """The day before a planned meeting: mentor and participant."""
    start, end = tomorrow(today)
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
    return write([m for p in planned for m in meeting_messages(p, Kind.MEETING_REMINDER, None)])


# ------------------------------------------------------------------------------------------------ calendar feed


def feed_meetings(user: User) -> Iterator[VEvent]:
    """The user's planned meetings (mentors and participants)."""
    if role_of(user) not in (Role.MENTOR, Role.PARTICIPANT):
        return
    since = timezone.now() - PAST
    planned = (
        PlannedMeeting.objects.filter(mentorship__in=mentorships_for_user(user), starts_at__gte=since)
        .select_related("mentorship__mentor", "mentorship__participant", "mentorship__cohort__programme")
        .order_by("starts_at")
    )
    for p in planned:
        yield meeting_vevent(p, cancelled=p.status == PlannedMeeting.Status.CANCELLED, invitation=False)


def feed_calls(user: User) -> Iterator[VEvent]:
    """The follow-up calls still to make (coordinators)."""
    if role_of(user) != Role.COORDINATOR:
        return
    calls = follow_up_calls_for_user(user).filter(done_on__isnull=True, mentorship__status__in=OPEN_STATUSES)
    url = absolute(reverse("mentorships:follow_ups"))
    for call in calls.order_by("due_on", "pk"):
        m = call.mentorship
        yield ics.vevent(
            uid=f"call-{call.pk}",
            sequence=0,
            start=call.due_on,
            end=call.due_on + datetime.timedelta(days=1),
            summary=_("Follow-up call: %(participant)s and %(mentor)s")
            % {"participant": m.participant.first_name, "mentor": m.mentor.first_name},
            url=url,
        )


register_rule("no_first_meeting", no_first_meeting)
register_rule("no_recent_meeting", no_recent_meeting)
register_rule("follow_up_calls_due", follow_up_calls_due)
register_rule("meeting_reminders", meeting_reminders)
register_source(feed_meetings)
register_source(feed_calls)
