"""Shared pieces of the access layer. Each app's ``access.py`` scopes its own models with these."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from stafet.organisations.models import Role, User
from stafet.params import parse_id


def role_of(user: User) -> str | None:
    """The role the access rules apply; ``None`` for anonymous or inactive users (who see nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_administrator:
        return Role.ADMINISTRATOR
    return user.role


def get_one_or_404[M: Model](queryset: QuerySet[M], pk: object, *, by: str = "pk") -> M:
    """The object with ``pk`` (or with that id in the foreign key ``by``) if the scoped ``queryset`` holds it; a
    404 otherwise, so a user cannot tell an object they may not see from one that does not exist. An id that is
    no id at all ("²", a number too large for the database) is a 404 too (``params.parse_id``)."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        return queryset.get(**{by: number})
    except ObjectDoesNotExist as error:  # the model's own DoesNotExist is a subclass
        raise Http404 from error
