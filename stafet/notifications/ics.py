"""Calendar files (iCalendar, RFC 5545/5546) made with the ``icalendar`` package.

An invitation is ``METHOD:REQUEST``; a change is the same ``UID`` with a higher ``SEQUENCE``; a cancellation is
``METHOD:CANCEL`` with ``STATUS:CANCELLED``. Calendar programs match them by UID, so a meeting moved twice is one
entry in the calendar, not three. Times are written in UTC.
"""

import datetime
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

PRODID = "-//Stafet//Stafet//EN"
DOMAIN = "stafet"


def new_calendar(method: str | None = None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def address(email: str, name: str = "", *, attendee: bool = False) -> vCalAddress:
    value = vCalAddress(f"mailto:{email}")
    if name:
        value.params["cn"] = vText(name)
    if attendee:
        value.params["role"] = vText("REQ-PARTICIPANT")
        value.params["partstat"] = vText("NEEDS-ACTION")
        value.params["rsvp"] = vText("TRUE")
    return value


def organizer(name: str, email: str) -> tuple[str, str]:
    """The organiser of an invitation: the programme's NGO, or Stafet's own address when it has none."""
    if email:
        return name, email
    default_name, default_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or default_name, default_email


def vevent(
    *,
    uid: str,
    sequence: int,
    start: datetime.datetime | datetime.date,
    end: datetime.datetime | datetime.date,
    summary: str,
    location: str = "",
    description: str = "",
    url: str = "",
    cancelled: bool = False,
    organizer_of: tuple[str, str] | None = None,
    attendees: Iterable[tuple[str, str]] = (),
) -> VEvent:
    event = VEvent()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime):
        event.add("dtstart", start.astimezone(datetime.UTC))
        event.add("dtend", end.astimezone(datetime.UTC))
    else:  # a whole day (a follow-up call due)
        event.add("dtstart", start)
        event.add("dtend", end)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if organizer_of is not None:
        name, email = organizer_of
        event.add("organizer", address(email, name))
    for email, name in attendees:
        if email:
            event.add("attendee", address(email, name, attendee=True))
    return event


def invitation(event: VEvent, *, cancel: bool = False) -> str:
    """A calendar file to attach to an email: the invitation (or update), or its cancellation."""
    cal = new_calendar("CANCEL" if cancel else "REQUEST")
    cal.add_component(event)
    return cal.to_ical().decode()
