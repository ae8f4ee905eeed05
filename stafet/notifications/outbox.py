"""Writing to the outbox: the one way Stafet tells anybody anything.

``notify()`` is called inside the transaction of the change that causes it, so the notification exists if and
only if the change does. It writes one row per recipient; the database's unique key on
``(kind, event, recipient)`` makes a second call for the same event a no-op, which is what makes retried
actions and a schedule run twice harmless. Emails are sent afterwards by the task worker
(``stafet.notifications.tasks.deliver_outbox``), queued once the transaction commits.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from stafet.notifications.kinds import SPECS, delivery_for
from stafet.notifications.models import Delivery, Notification, Preference
from stafet.notifications.tasks import enqueue_delivery
from stafet.organisations.models import User


def language_of(code: str | None) -> str:
    """The recipient's language where Stafet has it, else the site's (Danish)."""
    available = {c for c, _name in settings.LANGUAGES}
    return code if code in available else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Recipient:
    """Who gets a notification: a user, or (before they have a login) a person's email address."""

    key: str
    user_id: int | None
    email: str
    language: str
    name: str = ""  # how the email greets them, unless the message's params say ("to")

    @classmethod
    def of_user(cls, user: User, fallback_email: str = "") -> "Recipient":
        language = language_of(user.preferred_language)
        return cls(f"user:{user.pk}", user.pk, user.email or fallback_email, language, user.first_name)

    @classmethod
    def from_values(cls, user_id: int | None, user_email: str | None, language: str | None, email: str | None):
        """From columns fetched in bulk (a person's user, if any, and the person's own email)."""
        if user_id:
            return cls(f"user:{user_id}", user_id, user_email or email or "", language_of(language))
        if email:
            return cls(f"email:{email.lower()}", None, email, language_of(None))
        return None


def recipient_for(target: Any) -> Recipient | None:
    """A user, or a mentor or participant (through their login if they have one, else their email).
    ``None`` when there is nobody to reach (no login, no email) or the login is deactivated."""
    if target is None:
        return None
    if isinstance(target, Recipient):
        return target
    if isinstance(target, User):
        return Recipient.of_user(target) if target.is_active else None
    user = getattr(target, "user", None)
    if user is not None:
        return Recipient.of_user(user, fallback_email=target.email) if user.is_active else None
    return Recipient.from_values(None, None, None, getattr(target, "email", ""))


@dataclass
class Message:
    kind: str
    event: str
    recipient: Recipient
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    participant_id: int | None = None
    urgent: bool = False
    ics: str = ""


def notify(
    *,
    kind: str,
    event: str,
    recipients: Iterable[Any],
    params: dict[str, Any],
    url: str = "",
    participant: Any = None,
    urgent: bool = False,
    ics: str = "",
) -> int:
    """Tell ``recipients`` (users, mentors or participants) about ``event`` of ``kind``.

    ``event`` names what happened, e.g. ``"mentorship:12"``: the same kind, event and recipient are written
    once, ever. ``params`` are what the kind's templates show (JSON: names, ISO dates, codes); ``url`` the path
    of the page where the recipient acts; ``participant`` whom the message is about (erased with them);
    ``urgent`` emails at once whatever the recipient chose. Returns the number of recipients handed to the
    outbox. Must run inside the caller's ``transaction.atomic()``.
    """
    seen: set[str] = set()
    messages = []
    for target in recipients:
        recipient = recipient_for(target)
        if recipient is None or recipient.key in seen:
            continue
        seen.add(recipient.key)
        messages.append(
            Message(kind, event, recipient, params, url, getattr(participant, "pk", participant), urgent, ics)
        )
    return write(messages)


def write(messages: Sequence[Message]) -> int:
    """Write ``messages`` to the outbox in one statement (plus one query for the recipients' preferences);
    a message whose key is already there is skipped by the database."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() must be called inside transaction.atomic()")
    if not messages:
        return 0
    chosen = _preferences(messages)
    now = timezone.now()
    rows = []
    for m in messages:
        delivery = delivery_for(m.kind, chosen.get((m.recipient.user_id, m.kind)), urgent=m.urgent)
        if not m.recipient.email or delivery == Delivery.IN_APP:
            status = Notification.Status.NOT_EMAILED
        elif delivery == Delivery.DIGEST:
            status = Notification.Status.IN_DIGEST
        else:
            status = Notification.Status.PENDING
        rows.append(
            Notification(
                kind=m.kind,
                event=m.event[:200],
                recipient_key=m.recipient.key,
                recipient_id=m.recipient.user_id,
                email=m.recipient.email,
                language=m.recipient.language,
                delivery=delivery,
                status=status,
                params=m.params if "to" in m.params or not m.recipient.name else {"to": m.recipient.name, **m.params},
                url=m.url,
                ics=m.ics,
                participant_id=m.participant_id,
                created_at=now,
                next_attempt_at=now if status == Notification.Status.PENDING else None,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)  # one statement (SQLite: as many as it takes)
    if any(r.status == Notification.Status.PENDING for r in rows):
        _deliver_after_commit()
    return len(rows)


def _preferences(messages: Sequence[Message]) -> dict[tuple[int | None, str], str]:
    users = {m.recipient.user_id for m in messages if m.recipient.user_id and SPECS[m.kind].choosable_by}
    if not users:
        return {}
    kinds = {m.kind for m in messages}
    return {
        (user, kind): delivery
        for user, kind, delivery in Preference.objects.filter(user_id__in=users, kind__in=kinds).values_list(
            "user_id", "kind", "delivery"
        )
    }


def _deliver_after_commit() -> None:
    """Queue one delivery task when the transaction commits (once per transaction, however many notify())."""
    if not any(entry[1] is enqueue_delivery for entry in connection.run_on_commit):  # (savepoints, callback, robust)
        transaction.on_commit(enqueue_delivery, robust=True)
