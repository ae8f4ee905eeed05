"""Emailing what is due in the outbox: at most once per notification, with retries and backoff on failure.

A notification is claimed by one conditional UPDATE (``pending`` → ``sending``) before it is sent; a second
worker, or the same task run twice, finds nothing left to claim. A failed send goes back to ``pending`` with the
next attempt after 1, 4, 16, 64 minutes and so on (at most 6 hours apart); after ``MAX_ATTEMPTS`` it is
``failed`` and waits on the admin page (Notifications, filtered by status) for someone to send it again.
If a worker dies between sending and recording it, the claim is released after ``STALE_CLAIM`` and the email can
go out a second time: the only way an email is ever sent twice.
"""

import datetime
import logging

from django.core.mail import EmailMultiAlternatives
from django.db.models import Min
from django.utils import timezone

from stafet.notifications.kinds import SPECS
from stafet.notifications.models import Notification
from stafet.notifications.render import email_parts

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = datetime.timedelta(hours=6)
STALE_CLAIM = datetime.timedelta(minutes=15)
BATCH = 200


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the ``attempts``-th failure.

    >>> [int(backoff(n).total_seconds() // 60) for n in range(1, 7)]
    [1, 4, 16, 64, 256, 360]
    """
    return min(datetime.timedelta(minutes=4 ** (attempts - 1)), MAX_BACKOFF)


def build_email(notification: Notification) -> EmailMultiAlternatives:
    subject, text, html = email_parts(notification)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[notification.email])
    message.attach_alternative(html, "text/html")
    if notification.ics:
        method = "CANCEL" if "METHOD:CANCEL" in notification.ics else "REQUEST"
        message.attach("invitation.ics", notification.ics, f"text/calendar; method={method}; charset=utf-8")
    return message


def deliver_one(pk: int) -> bool:
    """Claim, send and record one notification; ``False`` when someone else has it or it is not due."""
    now = timezone.now()
    claimed = Notification.objects.filter(pk=pk, status=Notification.Status.PENDING, next_attempt_at__lte=now).update(
        status=Notification.Status.SENDING, claimed_at=now
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    try:
        build_email(notification).send()
    except Exception as error:  # any failure of rendering or of the mail server: retry later
        attempts = notification.attempts + 1
        gave_up = attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=pk).update(
            status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
            attempts=attempts,
            next_attempt_at=None if gave_up else timezone.now() + backoff(attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
            claimed_at=None,
        )
        # The error's class only: a mail server's message may quote the address.
        logger.warning("notification %s not sent (attempt %s): %s", pk, attempts, type(error).__name__)
        return False
    sent = {"status": Notification.Status.SENT, "sent_at": timezone.now(), "claimed_at": None, "last_error": ""}
    if SPECS[notification.kind].secret_link:
        sent["url"] = ""  # the one-time link has done its work; it is not kept in the outbox
    Notification.objects.filter(pk=pk).update(attempts=notification.attempts + 1, **sent)
    if notification.kind == "digest":
        notification.items.update(status=Notification.Status.DIGESTED)
    return True


def release_stale_claims() -> int:
    return Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=timezone.now() - STALE_CLAIM
    ).update(status=Notification.Status.PENDING, claimed_at=None, next_attempt_at=timezone.now())


def deliver_due(limit: int | None = None) -> int:
    """Send every notification that is due now, oldest first; returns how many were sent."""
    release_stale_claims()
    sent = 0
    while True:
        due = list(
            Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        for tried, pk in enumerate(due, start=1):
            sent += deliver_one(pk)
            if limit is not None and tried >= limit:
                return sent
        if len(due) < BATCH:
            return sent


def next_retry_at() -> datetime.datetime | None:
    return Notification.objects.filter(status=Notification.Status.PENDING).aggregate(at=Min("next_attempt_at"))["at"]
