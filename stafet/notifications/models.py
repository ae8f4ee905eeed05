"""The outbox of notifications (which is also everyone's in-app list), delivery preferences, private calendar
feeds and the state of the daily schedule."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about. Each kind has its templates in ``templates/notifications/messages/`` and
    its delivery rules in ``stafet.notifications.kinds``."""

    INVITATION = "invitation", _("invitation to Stafet")
    MENTORSHIP_PUBLISHED = "mentorship_published", _("a new mentorship")
    REFERRAL_DECIDED = "referral_decided", _("a referral accepted or declined")
    ROUTED_BACK = "routed_back", _("a citizen routed back to the ordinary integration programme")
    ESCALATION_RAISED = "escalation_raised", _("a mentor asks for help")
    ESCALATION_TAKEN = "escalation_taken", _("your request for help is taken")
    ESCALATION_RESOLVED = "escalation_resolved", _("your request for help is resolved")
    NO_FIRST_MEETING = "no_first_meeting", _("no first meeting after 14 days")
    NO_RECENT_MEETING = "no_recent_meeting", _("no meeting for 30 days")
    FOLLOW_UP_CALLS_DUE = "follow_up_calls_due", _("follow-up calls due or overdue")
    OUTCOMES_DUE = "outcomes_due", _("outcome follow-up due (+3, +6, +12 months)")
    EVENT_INVITATION = "event_invitation", _("invitation to an event or training session")
    EVENT_CHANGED = "event_changed", _("an event is changed")
    EVENT_CANCELLED = "event_cancelled", _("an event is cancelled")
    EVENT_REMINDER = "event_reminder", _("reminder the day before an event")
    MEETING_PLANNED = "meeting_planned", _("a meeting is planned")
    MEETING_CHANGED = "meeting_changed", _("a planned meeting is changed")
    MEETING_CANCELLED = "meeting_cancelled", _("a planned meeting is cancelled")
    MEETING_REMINDER = "meeting_reminder", _("reminder the day before a meeting")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("a participant withdrew their consent to take part")
    DIGEST = "digest", _("daily digest")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("an email at once")
    DIGEST = "digest", _("in the daily digest email")
    IN_APP = "in_app", _("only here in Stafet")


class Notification(models.Model):
    """One message to one person about one event: an outbox row until it is emailed, and an entry in the
    recipient's list of notifications.

    ``(kind, event, recipient_key)`` is unique, so the same event never reaches the same person twice, however
    often the action or the schedule that noticed it runs. ``params`` holds what the templates show (names,
    dates, codes), written when the event happened: a notification is a message, not a live view.
    """

    text: str  # one line in the page's language, on the list of notifications (set by the view)

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be emailed")
        SENDING = "sending", _("being emailed")
        SENT = "sent", _("emailed")
        FAILED = "failed", _("failed: given up")
        IN_DIGEST = "in_digest", _("waiting for the daily digest")
        DIGESTED = "digested", _("emailed in a digest")
        NOT_EMAILED = "not_emailed", _("not emailed")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    event = models.CharField(_("event"), max_length=200)
    # "user:<id>", or "email:<address>" for a person without a login: the uniqueness is per recipient.
    recipient_key = models.CharField(max_length=260)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="da")
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    ics = models.TextField(_("calendar attachment"), blank=True)
    # Whom the message names, so that erasing a participant erases the messages about them too.
    participant = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "event", "recipient_key"], name="notification_once_per_event_and_recipient"
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email=""), name="notification_has_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_outbox"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_key}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How one user wants one kind of notification; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class CalendarFeed(models.Model):
    """A user's private calendar address. The secret is ``<selector>.<verifier>``: the selector finds the
    row, and only a hash of the verifier is kept, compared in constant time."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    selector = models.CharField(max_length=16, unique=True)
    verifier_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"


class ScheduleState(models.Model):
    """One row: the daily schedule's last run, and the background tasks waiting to run it next and to retry
    failed emails, so that each is queued once however often it is asked for."""

    last_day = models.DateField(_("last run for"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last run started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last run finished"), null=True, blank=True)
    last_counts = models.JSONField(_("notifications written by each rule"), default=dict, blank=True)
    daily_task_id = models.CharField(max_length=64, blank=True)
    daily_task_at = models.DateTimeField(_("next daily run"), null=True, blank=True)
    retry_task_id = models.CharField(max_length=64, blank=True)
    retry_task_at = models.DateTimeField(_("next retry of failed emails"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily schedule")
        verbose_name_plural = _("daily schedule")

    def __str__(self) -> str:
        return f"{self.last_day}"
