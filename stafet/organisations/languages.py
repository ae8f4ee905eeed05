"""Which languages a user reads Stafet in.

Participants, mentors and visitors choose among all of ``settings.LANGUAGES`` (Danish, English and the languages of
the largest refugee groups in Denmark); staff pages are written for Danish and English readers only
(``settings.STAFF_LANGUAGES``), so staff choose between those two. The choice is kept on the user
(``User.preferred_language``) and in the language cookie, and it is the language of their emails too.
"""

from typing import TYPE_CHECKING

from django.conf import settings

from stafet.organisations.models import Role, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The roles whose pages are translated into every language.
EVERY_LANGUAGE_ROLES = frozenset({Role.MENTOR, Role.PARTICIPANT})


def reads_every_language(user: User | None) -> bool:
    """A visitor, mentor or participant (not staff: their pages speak Danish and English only)."""
    if user is None or not user.is_authenticated:
        return True
    return not user.is_administrator and user.role in EVERY_LANGUAGE_ROLES


def languages_for(user: User | None) -> list[tuple[str, "StrOrPromise"]]:
    """The ``(code, name)`` pairs the language menu offers ``user`` (``None`` or anonymous: a visitor)."""
    if reads_every_language(user):
        return list(settings.LANGUAGES)
    return [(code, name) for code, name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES]


def language_for(user: User | None, *codes: str | None) -> str:
    """The first of ``codes`` that ``user`` may read Stafet in, else the site's language (Danish).

    >>> language_for(None, "ti")
    'ti'
    >>> language_for(None, "xx", None)
    'da'
    """
    allowed = {code for code, _name in languages_for(user)}
    return next((code for code in codes if code in allowed), settings.LANGUAGE_CODE)
