"""Whose notifications a user may see: their own, nobody else's (a 404 otherwise)."""

from django.db.models import QuerySet

from stafet.notifications.kinds import IN_APP_KINDS
from stafet.notifications.models import Notification
from stafet.organisations.access import get_one_or_404, role_of
from stafet.organisations.models import User


def notifications_for_user(user: User) -> QuerySet[Notification]:
    """The user's own in-app notifications (not the invitations and digests, which are emails only)."""
    if role_of(user) is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, kind__in=IN_APP_KINDS)


def get_notification_for_user(user: User, pk: object) -> Notification:
    return get_one_or_404(notifications_for_user(user), pk)


def unread_count(user: User) -> int:
    return notifications_for_user(user).filter(read_at__isnull=True).count()
