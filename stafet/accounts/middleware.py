"""Who gets past the password: the idle timeout and the second factor, for every URL (the admin's included)."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from stafet.accounts.twofactor import has_authenticator
from stafet.organisations.http import Request
from stafet.organisations.models import Role, User

LAST_SEEN = "stafet_last_seen"
NO_SECOND_FACTOR = "stafet_no_second_factor"
# How often a busy session writes its last activity: the idle limit is that much less exact, and a page view
# does not write the session every time.
TOUCH_EVERY = 60


def idle_limit(user: User) -> int:
    """Seconds without a request after which the session ends: short for staff, who read many people's data;
    the ordinary session age for mentors and participants (often on their own phone)."""
    if user.needs_two_factor or user.role == Role.COMPANY_CONTACT:
        return int(settings.STAFF_SESSION_IDLE.total_seconds())
    return settings.SESSION_COOKIE_AGE


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that htmx follows with the whole page rather than swapping the target into a fragment."""
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else HttpResponseRedirect(url)


def start_idle_clock(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        touch(request.session, idle_limit(user))


def touch(session, limit: int) -> None:
    session[LAST_SEEN] = int(time.time())
    # The session outlives the limit a little, so the middleware can say why it ended.
    session.set_expiry(limit + 60 * 60)


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            limit, now = idle_limit(user), int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > limit:
                logout(request)
                message = _("You were logged out after %(minutes)d minutes without activity.")
                messages.info(request, message % {"minutes": limit // 60})
                login_url = reverse(settings.LOGIN_URL)
                return redirect(request, f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            if last is None or now - last >= TOUCH_EVERY:
                touch(request.session, limit)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Holds a user who must pass a second factor, and has not yet in this session, at the two-factor step:
    every other URL redirects there (to enrolment first if they have no authenticator yet)."""

    OPEN = ("two_factor", "two_factor_setup", "logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        user = request.user
        held = user.is_authenticated and not user.is_verified() and self.must_verify(request, user)
        request.held_at_second_factor = held  # the page shows no menu: nothing in it opens yet
        if held and user.is_authenticated and request.path_info not in {reverse(name) for name in self.OPEN}:
            url = reverse("two_factor" if has_authenticator(user) else "two_factor_setup")
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(request, url)
        return self.get_response(request)

    @staticmethod
    def must_verify(request: HttpRequest, user: User) -> bool:
        if user.needs_two_factor:
            return True
        # Anyone else who turned it on uses it too; whether they have is looked up once per session.
        if request.session.get(NO_SECOND_FACTOR):
            return False
        if has_authenticator(user):
            return True
        request.session[NO_SECOND_FACTOR] = True
        return False
