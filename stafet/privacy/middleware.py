"""The data-protection officer sees everything in their organisation's responsibility, audited, and changes
nothing: every request that could change something is refused (403), and of the other pages they open only those
that show what is held (people, programmes, cohorts, mentorships, reports, the data-protection pages); the pages
that exist to change something (matching, screening, settings, planning) answer 404 as to anyone outside them.
What a DPO sees on the pages they open is scoped by the read helpers (``organisations.access.read_role_of``);
every page writes its read records (``privacy.reads``)."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from stafet.organisations.access import role_of
from stafet.organisations.models import Role, User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What a DPO may still post: their own login (the two-factor steps, recovery codes, password) and the language.
# None of these touches anyone's personal data but their own.
OWN_ACCOUNT_URLS = frozenset(
    {"login", "logout", "two_factor", "two_factor_setup", "recovery_codes", "password_change", "set_language"}
)


# The pages a DPO reads, besides the data-protection pages and their own login's.
READ_PAGES = frozenset(
    {
        "home",
        "account",
        "password_change_done",
        "people:participants",
        "people:participant",
        "people:participant_cv",
        "people:mentors",
        "people:mentor",
        "programmes:list",
        "programmes:detail",
        "programmes:cohort",
        "mentorships:detail",
        "outcomes:reports",
        "outcomes:programme_report",
        "outcomes:cohort_report",
        "placements:talent_report",
        "notifications:list",
        "notifications:open",
        "notifications:settings",
    }
)


def is_read_page(view_name: str) -> bool:
    return view_name in READ_PAGES or view_name in OWN_ACCOUNT_URLS or view_name.startswith("privacy:")


class ReadOnlyDataProtectionOfficerMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict) -> None:
        user = request.user
        if not isinstance(user, User) or role_of(user) != Role.DATA_PROTECTION_OFFICER:
            return None
        match = request.resolver_match
        if request.method in SAFE_METHODS:
            if match is None or is_read_page(match.view_name):
                return None
            raise Http404
        if match and match.url_name in OWN_ACCOUNT_URLS:
            return None
        raise PermissionDenied("A data-protection officer reads and changes nothing.")
