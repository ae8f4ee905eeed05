"""What the events tell whom: invitations, changes, cancellations (each with the invitee's own calendar file) and
the reminder the day before; and the events in the calendar feed."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Event as VEvent

from stafet.events.access import events_for_user, own_invitations
from stafet.events.models import Event, Invitation
from stafet.notifications import ics
from stafet.notifications.feed import PAST, register_source
from stafet.notifications.models import Kind, Notification
from stafet.notifications.notices import contact_of, local_iso
from stafet.notifications.outbox import Message, recipient_for, write
from stafet.notifications.render import absolute, register_labels
from stafet.notifications.schedule import register_rule, tomorrow
from stafet.organisations.access import role_of
from stafet.organisations.models import Role, User

register_labels(event_kind=Event.Kind)


def event_vevent(event: Event, *, cancelled: bool, attendee: Any = None) -> VEvent:
    """An event as a calendar entry. In an invitation (``attendee``) it names the organiser and that one invitee
    only: invitees do not see each other's addresses."""
    operator = event.programme.operator
    return ics.vevent(
        uid=f"event-{event.uid}",
        sequence=event.sequence,
        start=event.starts_at,
        end=event.ends_at,
        summary=f"{event.name} ({event.programme.name})",
        location=event.place,
        description=event.description if attendee else "",
        url=absolute(reverse("events:detail", args=[event.pk])),
        cancelled=cancelled,
        organizer_of=ics.organizer(operator.name, operator.email) if attendee else None,
        attendees=[(attendee.email, attendee.name)] if attendee else (),
    )


def event_calendar(event: Event, person: Any, language: str, *, cancel: bool = False) -> str:
    """The calendar file of an event for one invitee, in ``language``."""
    with translation.override(language):
        return ics.invitation(event_vevent(event, cancelled=cancel, attendee=person), cancel=cancel)


def _event_params(event: Event, person: Any) -> dict[str, Any]:
    return {
        "to": person.first_name,
        "event": event.name,
        "event_kind": event.kind,
        "starts_at": local_iso(event.starts_at),
        "ends_at": local_iso(event.ends_at),
        "place": event.place,
        "description": event.description,
        "programme": event.programme.name,
        "cohort": event.cohort.name if event.cohort is not None else "",
        "contact": contact_of(event.programme.operator),
    }


def event_invitations(invitations: Iterable[Invitation], kind: str, event_key: str) -> int:
    """Invitations to an event, its changes or its cancellation (``kind``), one message per invitee with their
    own calendar file; ``event_key`` names the occasion (``"event:4:invited"``, ``"event:4:3"``...)."""
    messages = []
    for invitation in invitations:
        event, person = invitation.event, invitation.person
        recipient = recipient_for(person)
        if recipient is None:
            continue
        calendar = (
            ""
            if kind == Kind.EVENT_REMINDER
            else event_calendar(event, person, recipient.language, cancel=kind == Kind.EVENT_CANCELLED)
        )
        messages.append(
            Message(
                kind,
                event_key,
                recipient,
                _event_params(event, person),
                reverse("events:detail", args=[event.pk]),
                invitation.participant_id,
                ics=calendar,
            )
        )
    return write(messages)


def event_reminders(today: datetime.date) -> int:
    """The day before an event: everyone invited who has not said no."""
    start, end = tomorrow(today)
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
    return sum(event_invitations(group, Kind.EVENT_REMINDER, keys[pk]) for pk, group in by_event.items())


def feed_events(user: User) -> Iterator[VEvent]:
    """The events the user is invited to and has not declined (coordinators: their programmes' events)."""
    role, since = role_of(user), timezone.now() - PAST
    if role == Role.COORDINATOR:  # the organiser's own programmes' events
        events = events_for_user(user).filter(ends_at__gte=since)
    elif role in (Role.MENTOR, Role.PARTICIPANT):  # the invitee's, unless they said no
        going = own_invitations(user).exclude(rsvp=Invitation.Rsvp.NO).values("event")
        events = events_for_user(user).filter(pk__in=going, ends_at__gte=since)
    else:
        return
    for e in events.order_by("starts_at"):
        yield event_vevent(e, cancelled=e.status == Event.Status.CANCELLED)


register_rule("event_reminders", event_reminders)
register_source(feed_events)
