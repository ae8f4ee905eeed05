"""Mentorships (mentorforløb), their meetings, the NGO's follow-up calls and escalations."""

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.lifecycle import Lifecycle
from stafet.people.models import Mentor, Participant
from stafet.programmes.models import Cohort, Programme

if TYPE_CHECKING:
    from stafet.mentorships.forms import CallForm, HeldForm, PlanForm, ResolveForm

OPEN_STATUSES = ("planned", "active", "paused")


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def open(self) -> "MentorshipQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Mentorship(Lifecycle, models.Model):
    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("professional (business mentor)")
        COMMUNITY = "community", _("community (volunteer)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        CLOSED = "closed", _("closed")

    class ClosingReason(models.TextChoices):
        COMPLETED = "completed", _("completed as planned")
        ENDED_BY_PARTICIPANT = "ended_by_participant", _("ended early by the participant")
        ENDED_BY_MENTOR = "ended_by_mentor", _("ended early by the mentor")
        PARTICIPANT_GOT_JOB = (
            "participant_got_job",
            _("ended early: the participant started a job or education"),
        )
        REMATCH = "rematch", _("rematched with another mentor")
        CANCELLED = "cancelled", _("cancelled before the start")
        # Set only by the withdrawal of the participant's consent to take part (privacy.actions), never by hand.
        CONSENT_WITHDRAWN = "consent_withdrawn", _("ended: the participant withdrew their consent")

    TRANSITIONS = {
        Status.PLANNED: {Status.ACTIVE, Status.CLOSED},
        Status.ACTIVE: {Status.PAUSED, Status.CLOSED},
        Status.PAUSED: {Status.ACTIVE, Status.CLOSED},
        Status.CLOSED: set(),
    }

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="mentorships")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="mentorships")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="mentorships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PROFESSIONAL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    closing_reason = models.CharField(_("closing reason"), max_length=30, choices=ClosingReason.choices, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentorshipQuerySet.as_manager()
    expected: int  # the meetings the programme's plan expects so far (set by the overview pages)

    class Meta:
        ordering = ["cohort", "participant__last_name", "role"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            # One open mentorship per participant, role and cohort: one business mentor (and one volunteer).
            models.UniqueConstraint(
                fields=["participant", "cohort", "role"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_mentorship_per_role_in_cohort",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | (~models.Q(closing_reason="") & models.Q(ended_on__isnull=False)),
                name="closed_mentorship_has_reason_and_date",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ↔ {self.participant}"

    @property
    def programme(self) -> Programme:
        return self.cohort.programme

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Meeting(models.Model):
    class Topic(models.TextChoices):
        CV = "cv", _("CV")
        COMPETENCES = "competences", _("competence assessment")
        JOB_SEARCH = "job_search", _("job search")
        INTERVIEW = "interview", _("job interview")
        WORKPLACE_CULTURE = "workplace_culture", _("workplace culture")
        NETWORK = "network", _("network")
        EDUCATION = "education", _("education")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=3, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(12)]
    )
    venue = models.CharField(_("venue"), max_length=30, choices=Programme.Venue.choices)
    venue_detail = models.CharField(_("where exactly"), max_length=200, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    # A private note is read by its author and the programme's coordinators only, not by the other of the pair.
    note_private = models.BooleanField(_("private note"), default=False)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=12), name="meeting_hours_0_12"),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} {self.date}"

    def note_for(self, user: Any, *, is_staff: bool) -> str:
        """The note as ``user`` may read it: a private one only for its author and the programme's staff."""
        if self.note_private and not is_staff and self.logged_by_id != user.pk:
            return ""
        return self.note

    def topic_labels(self) -> list[str]:
        """The meeting's topics in the page's language."""
        labels = dict(self.Topic.choices)
        return [str(labels[topic]) for topic in self.topics if topic in labels]


class FollowUpCall(models.Model):
    """The NGO's phone follow-up: twice in the first month, then monthly."""

    class Result(models.TextChoices):
        GOING_WELL = "going_well", _("going well")
        NEEDS_ATTENTION = "needs_attention", _("needs attention")
        NOT_REACHED = "not_reached", _("not reached")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="follow_up_calls")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    form: "CallForm"  # to record the call, on the pages that list calls (set by the views)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "due_on"], name="one_follow_up_per_day"),
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True) | ~models.Q(result=""), name="done_call_has_result"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} {self.due_on}"

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.due_on).days


class Escalation(Lifecycle, models.Model):
    """A mentor's call for help on something outside the mentor role (the NGO is the help desk)."""

    class Topic(models.TextChoices):
        HEALTH = "health", _("health or well-being")
        HOUSING = "housing", _("housing")
        MUNICIPALITY = "municipality", _("the municipality or benefits")
        LEGAL = "legal", _("residence permit or legal matters")
        FAMILY = "family", _("family")
        RELATIONSHIP = "relationship", _("the mentorship itself")
        OTHER = "other", _("other")

    class Urgency(models.TextChoices):
        LOW = "low", _("low")
        NORMAL = "normal", _("normal")
        HIGH = "high", _("high: within a day")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")

    TRANSITIONS = {
        Status.OPEN: {Status.IN_PROGRESS, Status.RESOLVED},
        Status.IN_PROGRESS: {Status.RESOLVED, Status.OPEN},
        Status.RESOLVED: {Status.OPEN},
    }

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="escalations")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    text = models.TextField(_("what happened"))
    # The language a participant asked in (their page's): the coordinator knows to bring an interpreter.
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # Who took it, so that colleagues see whom to ask (kept when it is resolved).
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolve_form: "ResolveForm"  # on the escalations page (set by the views)

    class Meta:
        ordering = ["status", "-raised_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="resolved") | ~models.Q(resolution_note=""),
                name="resolved_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.mentorship})"


class PlannedMeeting(Lifecycle, models.Model):
    """The next meeting, planned ahead (usually by the mentor). Mentor and participant get a calendar invitation,
    then an update or a cancellation with the same ``uid`` and a higher ``sequence``. Once it has taken place it
    becomes a logged ``Meeting`` in one step."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")

    TRANSITIONS = {Status.PLANNED: {Status.CANCELLED, Status.HELD}, Status.CANCELLED: set(), Status.HELD: set()}

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="planned_meetings")
    starts_at = models.DateTimeField(_("starts"))
    hours = models.DecimalField(
        _("hours"), max_digits=3, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(12)]
    )
    venue = models.CharField(_("venue"), max_length=30, choices=Programme.Venue.choices)
    venue_detail = models.CharField(_("where exactly"), max_length=200, blank=True)
    note = models.TextField(_("agenda"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned", editable=False
    )
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    planned_at = models.DateTimeField(default=timezone.now, editable=False)
    # On the mentorship page (set by the views): to move it, and to log it once it has taken place.
    change_form: "PlanForm"
    held_form: "HeldForm"

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("planned meeting")
        verbose_name_plural = _("planned meetings")
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=12), name="planned_meeting_hours_0_12"),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def is_due(self) -> bool:
        """It has started, so it can be logged as held."""
        return self.starts_at <= timezone.now()

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=int(self.hours * 60))

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)
