"""A match run on a cohort and its proposals: the adapter between the database and the engine."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stafet.i18n import in_page_language
from stafet.lifecycle import Lifecycle
from stafet.people.models import Mentor, Participant
from stafet.placements.models import JobOpening
from stafet.programmes.models import Cohort

if TYPE_CHECKING:
    from stafet.matches.present import Share


class PairRule(models.Model):
    """A pair the coordinator fixed (pin) or never wants made (exclusion: conflict of interest, failed before)."""

    class Kind(models.TextChoices):
        PIN = "pin", _("pinned")
        EXCLUDE = "exclude", _("excluded")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pair_rules")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # On the matching page (set by the view): what the rule does now, against the proposal on screen.
    state: str

    class Meta:
        verbose_name = _("pin or exclusion")
        verbose_name_plural = _("pins and exclusions")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant", "mentor"], name="one_rule_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.participant} – {self.mentor}"


class MatchRun(Lifecycle, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("proposal")
        PUBLISHED = "published", _("published")
        DISCARDED = "discarded", _("discarded")

    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED, Status.DISCARDED},
        Status.PUBLISHED: set(),
        Status.DISCARDED: set(),
    }

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_runs")
    role = models.CharField(_("round"), max_length=20, default="professional")
    weights = models.JSONField(_("weights used"), default=dict)
    stats = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")

    def __str__(self) -> str:
        return f"{self.cohort} run {self.pk}"


class Proposal(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Mentor, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    opening = models.ForeignKey(JobOpening, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(_("score"))
    parts = models.JSONField(_("score parts"), default=dict)
    explanation_da = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    close_call = models.BooleanField(default=False)
    # A proposal is a suggestion until the coordinator approves it, one by one or with "approve all" (audited).
    approved = models.BooleanField(default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    # The participant's best other mentor: what the coordinator weighs a close call against.
    next_best = models.ForeignKey(Mentor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    next_best_score = models.IntegerField(null=True, blank=True)
    # On the matching page (set by the view): each part's share of the score (0-100), the pin or exclusion of the
    # pair, and the next best mentor's score on the 0-100 scale.
    shares: list["Share"]
    rule: PairRule | None
    next_best_percent: int | None

    class Meta:
        ordering = ["run", "-score", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor__isnull=False, opening__isnull=True)
                | models.Q(mentor__isnull=True, opening__isnull=False),
                name="proposal_mentor_xor_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.mentor or self.opening} ({self.score})"

    @property
    def explanation(self) -> str:
        return in_page_language({"da": self.explanation_da, "en": self.explanation_en})

    @property
    def percent(self) -> int:
        """The score on a 0–100 scale: the engine's points always sum to 1000 over the parts."""
        return round(self.score / 10)


class UnmatchedParticipant(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason_da = models.TextField(blank=True)
    reason_en = models.TextField(blank=True)
    # The engine's structured reason (``stafet.matching.Reason.to_dict()``, engine ids): the page names each
    # mentor it considered and says why that mentor did not fit.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("unmatched participant")
        verbose_name_plural = _("unmatched participants")

    def __str__(self) -> str:
        return str(self.participant)

    @property
    def reason(self) -> str:
        return in_page_language({"da": self.reason_da, "en": self.reason_en})
