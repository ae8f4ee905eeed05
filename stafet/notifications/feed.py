"""A user's private calendar feed: their planned meetings, the events they are invited to (coordinators: their
programmes' events) and, for coordinators, the follow-up calls still to make.

The address holds a secret, ``<selector>.<verifier>``: the selector finds the feed, the verifier is compared (as a
SHA-256 hash, in constant time) with the one kept. Nobody else's feed can be reached: a wrong, revoked or guessed
secret is a 404 like any unknown address. The entries name people by first name only and link to Stafet for the
rest, since calendars are often synced to services outside the NGO.
"""

import datetime
import hashlib
import hmac
import secrets

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stafet.events.access import events_for_user, own_invitations
from stafet.events.models import Event, Invitation
from stafet.mentorships.access import follow_up_calls_for_user, mentorships_for_user
from stafet.mentorships.models import OPEN_STATUSES, PlannedMeeting
from stafet.notifications import ics, notices
from stafet.notifications.models import CalendarFeed
from stafet.notifications.outbox import language_of
from stafet.notifications.render import absolute
from stafet.organisations.access import role_of
from stafet.organisations.models import Role, User

PAST = datetime.timedelta(days=90)  # how far back the feed goes
_DUMMY = hashlib.sha256(b"no such feed").hexdigest()


def _hash(verifier: str) -> str:
    return hashlib.sha256(verifier.encode()).hexdigest()


def new_secret(user: User) -> str:
    """A new secret for the user's feed (the old address stops working). Only its hash is kept."""
    selector, verifier = secrets.token_urlsafe(9), secrets.token_urlsafe(24)
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={
            "selector": selector,
            "verifier_hash": _hash(verifier),
            "created_at": timezone.now(),
            "last_used_at": None,
        },
    )
    return f"{selector}.{verifier}"


def user_of(secret: str) -> User | None:
    """The active user whose feed ``secret`` opens, or ``None``."""
    selector, _dot, verifier = secret.partition(".")
    feed = CalendarFeed.objects.select_related("user").filter(selector=selector).first() if verifier else None
    ok = hmac.compare_digest(_hash(verifier), feed.verifier_hash if feed else _DUMMY)
    if feed is None or not ok or not feed.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


def calendar_of(user: User) -> bytes:
    with translation.override(language_of(user.preferred_language)):
        cal = ics.new_calendar(name=_("Stafet: %(name)s") % {"name": user.get_full_name() or user.username})
        for event in [*_meetings(user), *_events(user), *_calls(user)]:
            cal.add_component(event)
        return cal.to_ical()


def _meetings(user: User):
    if role_of(user) not in (Role.MENTOR, Role.PARTICIPANT):
        return
    since = timezone.now() - PAST
    planned = (
        PlannedMeeting.objects.filter(mentorship__in=mentorships_for_user(user), starts_at__gte=since)
        .select_related("mentorship__mentor", "mentorship__participant", "mentorship__cohort__programme")
        .order_by("starts_at")
    )
    for p in planned:
        yield notices.meeting_vevent(p, cancelled=p.status == PlannedMeeting.Status.CANCELLED, invitation=False)


def _events(user: User):
    role, since = role_of(user), timezone.now() - PAST
    if role == Role.COORDINATOR:  # the organiser's own programmes' events
        events = events_for_user(user).filter(ends_at__gte=since)
    elif role in (Role.MENTOR, Role.PARTICIPANT):  # the invitee's, unless they said no
        going = own_invitations(user).exclude(rsvp=Invitation.Rsvp.NO).values("event")
        events = events_for_user(user).filter(pk__in=going, ends_at__gte=since)
    else:
        return
    for e in events.order_by("starts_at"):
        yield notices.event_vevent(e, cancelled=e.status == Event.Status.CANCELLED)


def _calls(user: User):
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
