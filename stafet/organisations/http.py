"""The request as the views see it, for the type checker: what the middleware adds to Django's ``HttpRequest``."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from stafet.organisations.models import User


class Request(HttpRequest):
    """Any request past the middleware (``config.settings.MIDDLEWARE``)."""

    htmx: HtmxDetails  # django_htmx.middleware.HtmxMiddleware
    held_at_second_factor: bool  # stafet.accounts.middleware.TwoFactorMiddleware


class AuthedRequest(Request):
    """A request to a view behind ``login_required``: the user is logged in, never ``AnonymousUser``."""

    user: User


# Where a view without a login keeps who reads what it shows (``stafet.privacy.reads`` writes the read log with it).
READER = "stafet_reader"


def read_by(request: HttpRequest, user: User) -> None:
    """Name ``user`` as the reader of the people this request shows, where no one is logged in (the calendar feed
    is opened by its secret, on its owner's behalf)."""
    setattr(request, READER, user)


def reader_of(request: HttpRequest) -> User | None:
    """Who reads what the request shows: the logged-in user, or the one a view named with :func:`read_by`."""
    reader = getattr(request, READER, None)
    if isinstance(reader, User):
        return reader
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None
