"""Every request that shows a person writes who saw them: one ``PersonRead`` per person, in one insert.

Which people a request showed is not listed by hand in each view: every participant and mentor the request loads
from the database (a page, a list's rows, a partial, an export, the admin) is noted as it is built (``post_init``),
and the middleware writes them all at the end of the request. Noting costs no query; writing costs one insert.

A request without a login that still shows people (the calendar feed, opened by its secret) names its reader
with :func:`stafet.organisations.http.read_by`. A management command that shows people (``dumpdata``, the shell)
writes its reads the same way, through :func:`command_reads`, with the operating-system account that ran it.
"""

import contextlib
import contextvars
import getpass
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_init
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from stafet.organisations.http import reader_of
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


# The management commands that show people (their reads are written like a page's); ``stafet`` runs the others
# without a read log (migrations, the schedule, the demo), since they show nobody to anyone.
COMMANDS_THAT_SHOW_PEOPLE = frozenset({"dumpdata", "shell", "dbshell"})


def _records(seen: Seen, **common: Any) -> list[PersonRead]:
    return [
        *(PersonRead(kind=PersonRead.Kind.PARTICIPANT, person_id=pk, **common) for pk in sorted(seen.participants)),
        *(PersonRead(kind=PersonRead.Kind.MENTOR, person_id=pk, **common) for pk in sorted(seen.mentors)),
    ]


def logged_path(request: HttpRequest) -> str:
    """The request's path with ids kept and any other part taken from the address masked: a secret in it (the
    calendar feed's) must not reach whoever reads the log."""
    path, match = request.path, request.resolver_match
    for value in getattr(match, "captured_kwargs", {}).values():  # the URL's own parts, not the view's extras
        if isinstance(value, str) and value and not value.isdigit():
            path = path.replace(value, "***")
    return path[:255]


def records_for(request: HttpRequest, seen: Seen) -> list[PersonRead]:
    match = request.resolver_match
    return _records(
        seen,
        at=timezone.now(),
        actor=reader_of(request),
        what=(match.view_name if match else "")[:100],
        path=logged_path(request),
        method=request.method or "",
    )


@contextlib.contextmanager
def command_reads(command: str) -> Iterator[None]:
    """Write a read record for each person a management command loads while it runs: by whom (the operating
    system's account, as no Stafet user is logged in), which command, when. Only the command's name is kept, never
    its arguments, which can hold a search or a path."""
    if command not in COMMANDS_THAT_SHOW_PEOPLE:
        yield
        return
    seen = Seen()
    token = _seen.set(seen)
    try:
        yield
    finally:
        _seen.reset(token)
        if seen.participants or seen.mentors:
            common = {"at": timezone.now(), "actor": None, "what": f"command:{command}"[:100], "method": "CLI"}
            path = f"stafet {command} (account {getpass.getuser()})"[:255]
            PersonRead.objects.bulk_create(_records(seen, path=path, **common))


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
        if (seen.participants or seen.mentors) and reader_of(request) is not None:
            PersonRead.objects.bulk_create(records_for(request, seen))
        return response
