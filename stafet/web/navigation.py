"""The main menu: which pages each role reaches. A page is listed here only when it is built."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from stafet.organisations.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

C, W, K, M, P, A, D = (
    Role.COORDINATOR,
    Role.CASEWORKER,
    Role.COMPANY_CONTACT,
    Role.MENTOR,
    Role.PARTICIPANT,
    Role.ADMINISTRATOR,
    Role.DATA_PROTECTION_OFFICER,
)


@dataclass(frozen=True)
class NavItem:
    label: "StrOrPromise"  # translated when the menu is shown
    url_name: str
    roles: frozenset[str]


NAV = [
    NavItem(_("Overview"), "home", frozenset({C, W, K, M, P, A})),
    NavItem(_("Programmes"), "programmes:list", frozenset({C, W, K, A, D})),
    NavItem(_("Referrals"), "programmes:referrals", frozenset({C, W, A})),
    NavItem(_("Refer a citizen"), "programmes:refer", frozenset({W})),
    NavItem(_("Participants"), "people:participants", frozenset({C, W, K, A, D})),
    NavItem(_("Mentors"), "people:mentors", frozenset({C, K, A, D})),
    NavItem(_("Logins"), "people:logins", frozenset({C, A})),
    NavItem(_("Your profile"), "people:me", frozenset({M, P})),
    NavItem(_("Job openings"), "placements:openings", frozenset({C, W, K, A})),
    NavItem(_("Companies"), "companies:list", frozenset({C, K, A})),
    NavItem(_("Follow-up calls"), "mentorships:follow_ups", frozenset({C, A})),
    NavItem(_("Escalations"), "mentorships:escalations", frozenset({C, M, A})),
    NavItem(_("Events"), "events:list", frozenset({C, M, P, A})),
    NavItem(_("Reports"), "outcomes:reports", frozenset({C, W, K, A, D})),
    NavItem(_("Data protection"), "privacy:index", frozenset({A, D})),
    NavItem(_("Your data"), "privacy:me", frozenset({M, P})),
]
