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
