"""Every request that shows a person writes who saw them: one ``PersonRead`` per person, in one insert.

Which people a request showed is not listed by hand in each view: every participant and mentor the request loads
from the database (a page, a list's rows, a partial, an export, the admin) is noted as it is built (``post_init``),
and the middleware writes them all at the end of the request. Noting costs no query; writing costs one insert.
"""

import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_init
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from stafet.people.models import Mentor, Participant
from stafet.privacy.models import PersonRead


@dataclass
class Seen:
    participants: set[int] = field(default_factory=set)
    mentors: set[int] = field(default_factory=set)


_seen: contextvars.ContextVar[Seen | None] = contextvars.ContextVar("stafet_people_seen", default=None)


def _note_participant(sender: type, instance: Participant, **kwargs: Any) -> None:
    seen = _seen.get()
    if seen is not None and instance.pk is not None:
        seen.participants.add(instance.pk)


def _note_mentor(sender: type, instance: Mentor, **kwargs: Any) -> None:
    seen = _seen.get()
    if seen is not None and instance.pk is not None:
        seen.mentors.add(instance.pk)


post_init.connect(_note_participant, sender=Participant, dispatch_uid="stafet.privacy.reads.participant")
post_init.connect(_note_mentor, sender=Mentor, dispatch_uid="stafet.privacy.reads.mentor")


def records_for(request: HttpRequest, seen: Seen) -> list[PersonRead]:
    match = request.resolver_match
    common = dict(
        at=timezone.now(),
        actor=request.user if request.user.is_authenticated else None,
        what=(match.view_name if match else "")[:100],
        path=request.path[:255],
        method=request.method or "",
    )
    return [
        *(PersonRead(kind=PersonRead.Kind.PARTICIPANT, person_id=pk, **common) for pk in sorted(seen.participants)),
        *(PersonRead(kind=PersonRead.Kind.MENTOR, person_id=pk, **common) for pk in sorted(seen.mentors)),
    ]


class ReadLogMiddleware:
    """Notes the people a request loads and writes them as read records once the response is rendered.

    Placed after the authentication middleware, so the reader is known; only logged-in users' requests are
    recorded (an anonymous request shows nobody)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seen = Seen()
        token = _seen.set(seen)
        try:
            response = self.get_response(request)
        finally:
            _seen.reset(token)
        if (seen.participants or seen.mentors) and request.user.is_authenticated:
            PersonRead.objects.bulk_create(records_for(request, seen))
        return response
