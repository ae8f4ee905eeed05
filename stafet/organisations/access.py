"""Shared pieces of the access layer. Each app's ``access.py`` scopes its own models with these."""

from django.db.models import Model, QuerySet
from django.http import Http404

from stafet.organisations.models import Role, User


def role_of(user: User) -> str | None:
    """The role the access rules apply; ``None`` for anonymous or inactive users (who see nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_administrator:
        return Role.ADMINISTRATOR
    return user.role


def get_one_or_404[M: Model](queryset: QuerySet[M], pk: object) -> M:
    """The object with ``pk`` if the scoped ``queryset`` holds it; a 404 otherwise, so a user cannot
    tell an object they may not see from one that does not exist."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
