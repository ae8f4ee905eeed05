"""A user's private calendar feed: their planned meetings, the events they are invited to (coordinators: their
programmes' events) and, for coordinators, the follow-up calls still to make. Each app adds its entries with
:func:`register_source` from its ``notices`` module.

The address holds a secret, ``<selector>.<verifier>``: the selector finds the feed, the verifier is compared (as a
SHA-256 hash, in constant time) with the one kept. Nobody else's feed can be reached: a wrong, revoked or guessed
secret is a 404 like any unknown address. The entries name people by first name only and link to Stafet for the
rest, since calendars are often synced to services outside the NGO.
"""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from stafet.notifications import ics
from stafet.notifications.models import CalendarFeed
from stafet.notifications.outbox import language_of
from stafet.organisations.models import User

PAST = datetime.timedelta(days=90)  # how far back the feed goes

Source = Callable[[User], Iterable[VEvent]]
_SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    """Add the entries ``source(user)`` gives (in the user's language, which is active when it is called)."""
    _SOURCES.append(source)


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
        for source in _SOURCES:
            for entry in source(user):
                cal.add_component(entry)
        return cal.to_ical()
