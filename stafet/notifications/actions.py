"""What a user does with their own notifications: read them, choose how each kind reaches them, and their private
calendar address. Each is one transaction with its audit record (never the calendar secret itself)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.notifications import feed
from stafet.notifications.kinds import choosable_kinds
from stafet.notifications.models import CalendarFeed, Delivery, Notification, Preference
from stafet.notifications.tasks import enqueue_delivery
from stafet.organisations.access import role_of
from stafet.organisations.models import User


@transaction.atomic
def mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        record(actor=by, action="notification.read", target=notification)
    return notification


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        record(actor=user, action="notification.read_all", target=user, count=count)
    return count


@transaction.atomic
def set_preferences(*, user: User, choices: Mapping[str, str], by: User) -> dict[str, str]:
    """How each kind reaches ``user``: ``{kind: delivery}``. Only the kinds their role may choose."""
    allowed = set(choosable_kinds(role_of(user)))
    unknown = sorted(set(choices) - allowed)
    if unknown:
        raise ValidationError(_("These notifications cannot be chosen: %(k)s.") % {"k": ", ".join(unknown)})
    bad = sorted(kind for kind, delivery in choices.items() if delivery not in Delivery.values)
    if bad:
        raise ValidationError(_("Choose how each notification reaches you."))
    for kind, delivery in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    record(actor=by, action="notification.preferences", target=user, choices=dict(choices))
    return dict(choices)


@transaction.atomic
def create_calendar_feed(*, user: User, by: User) -> str:
    """A new private calendar address for ``user`` (the old one stops working). Returns the secret, which is
    shown once and not kept."""
    replaced = CalendarFeed.objects.filter(user=user).exists()
    secret = feed.new_secret(user)
    record(actor=by, action="calendar_feed.created", target=user, replaced=replaced)
    return secret


@transaction.atomic
def revoke_calendar_feed(*, user: User, by: User) -> bool:
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        record(actor=by, action="calendar_feed.revoked", target=user)
    return bool(deleted)


@transaction.atomic
def retry_failed(*, notifications: QuerySet[Notification], by: User) -> int:
    """Send failed notifications again (the admin's action), from a fresh count of attempts."""
    count = 0
    for notification in notifications.select_for_update(of=("self",)).filter(status=Notification.Status.FAILED):
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        record(actor=by, action="notification.retried", target=notification)
        count += 1
    if count:
        transaction.on_commit(enqueue_delivery, robust=True)
    return count
