"""A programme's events: a cohort's welcome, mid-way and closing celebration, and the mentor training sessions.

An event belongs to a programme, and to one of its cohorts when it is that cohort's (a welcome event); a training
session is usually the programme's, open to mentors of any cohort. People are invited (an ``Invitation`` per
mentor or participant), answer (RSVP), and the coordinator records who came. Attendance at a training session
marks the mentor trained (``Mentor.training_completed_on``), which is what lets matching use them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.lifecycle import Lifecycle
from stafet.people.models import Mentor, Participant
from stafet.programmes.models import Cohort, Programme


class Event(Lifecycle, models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("welcome event")
        TRAINING = "training", _("mentor training session")
        MIDWAY = "midway", _("mid-way meeting")
        CLOSING = "closing", _("closing celebration")
        OTHER = "other", _("other event")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS = {Status.SCHEDULED: {Status.CANCELLED}, Status.CANCELLED: set()}

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="events")
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="events", verbose_name=_("cohort")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("Else the kind is the title."))
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # The calendar's identity of the event: invitations, updates and cancellations all carry it.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1), name="event_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {timezone.localtime(self.starts_at):%d.%m.%Y}"

    @property
    def name(self) -> str:
        return self.title or str(self.get_kind_display()).capitalize()

    @property
    def is_training(self) -> bool:
        return self.kind == self.Kind.TRAINING

    @property
    def local_date(self):
        return timezone.localtime(self.starts_at).date()


class Invitation(models.Model):
    """One person invited to one event: their answer and, afterwards, whether they came."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("no answer yet")
        YES = "yes", _("coming")
        NO = "no", _("not coming")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    mentor = models.ForeignKey(Mentor, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    rsvp = models.CharField(_("answer"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    rsvp_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("came"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor__isnull=True, participant__isnull=False)
                | models.Q(mentor__isnull=False, participant__isnull=True),
                name="invitation_for_one_person",
            ),
            models.UniqueConstraint(
                fields=["event", "mentor"], condition=models.Q(mentor__isnull=False), name="mentor_invited_once"
            ),
            models.UniqueConstraint(
                fields=["event", "participant"],
                condition=models.Q(participant__isnull=False),
                name="participant_invited_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.event}"

    @property
    def person(self) -> Mentor | Participant:
        person = self.mentor or self.participant  # no query for the one that is not set
        if person is None:
            raise ValueError(f"Invitation {self.pk} names nobody (the constraint invitation_for_one_person forbids it)")
        return person
