"""The data-protection officer reads and changes nothing: every request that could change something is refused."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from stafet.organisations.access import role_of
from stafet.organisations.models import Role, User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What a DPO may still post: their own login (the two-factor steps, recovery codes, password) and the language.
# None of these touches anyone's personal data but their own.
OWN_ACCOUNT_URLS = frozenset(
    {"login", "logout", "two_factor", "two_factor_setup", "recovery_codes", "password_change", "set_language"}
)


class ReadOnlyDataProtectionOfficerMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict) -> None:
        user = request.user
        if (
            request.method in SAFE_METHODS
            or not isinstance(user, User)
            or role_of(user) != Role.DATA_PROTECTION_OFFICER
        ):
            return None
        if request.resolver_match and request.resolver_match.url_name in OWN_ACCOUNT_URLS:
            return None
        raise PermissionDenied("A data-protection officer reads and changes nothing.")
