from typing import TYPE_CHECKING, TypedDict

from django.http import HttpRequest
from django.urls import reverse

from stafet.organisations.access import role_of
from stafet.organisations.languages import languages_for
from stafet.organisations.models import Role, User
from stafet.web.navigation import NAV

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MenuLink(TypedDict):
    label: "StrOrPromise"
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    # The language switch's choices: every language for visitors, mentors and participants; staff get two.
    languages: dict[str, object] = {
        "language_menu": [code for code, _name in languages_for(user if isinstance(user, User) else None)]
    }
    if role is None or getattr(request, "held_at_second_factor", False):
        return {"nav_items": []} | languages
    # A data-protection officer reads the pages and changes nothing: the pages show them no buttons that change
    # something, nor links to pages they do not open (privacy.middleware).
    languages["read_only"] = role == Role.DATA_PROTECTION_OFFICER
    items: list[MenuLink] = [
        {"label": item.label, "url": reverse(item.url_name), "active": False} for item in NAV if role in item.roles
    ]
    # The page belongs to the menu item with the longest matching address (/programmes/referrals/ is
    # "Referrals", not "Programmes"); the overview only on its own address.
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    current = max(matches, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return {"nav_items": items} | languages
