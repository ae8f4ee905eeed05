"""Job openings (jobåbninger) and the placement pipeline of the talent programme."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from stafet.lifecycle import Lifecycle
from stafet.organisations.models import Organisation, Site
from stafet.people.models import Participant
from stafet.programmes.models import Programme, Referral
from stafet.reference.models import CEFR, EducationLevel, Industry, Language, Occupation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class JobOpeningQuerySet(models.QuerySet["JobOpening"]):
    def with_counts(self) -> "JobOpeningQuerySet":
        """Each opening's pipeline in figures, counted over every candidate in it, so the NGO's coordinator and
        the company see the same numbers whoever of them may see which person: ``in_pipeline``, ``presented``
        (ever presented to the company, also if not selected later), ``hired``."""
        return self.annotate(
            in_pipeline=models.Count("placements", distinct=True),
            presented=models.Count(
                "placements", filter=models.Q(placements__reached__in=Placement.PRESENTED), distinct=True
            ),
            hired=models.Count("placements", filter=models.Q(placements__status="hired"), distinct=True),
        )


class JobOpening(models.Model):
    class Type(models.TextChoices):
        JOB = "job", _("job")
        INTERNSHIP = "internship", _("internship (praktik)")
        WAGE_SUBSIDY = "wage_subsidy", _("wage subsidy (løntilskud)")
        APPRENTICE = "apprentice", _("apprentice (elev/lærling)")
        IGU = "igu", _("IGU (integrationsgrunduddannelse)")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        FILLED = "filled", _("filled")
        CLOSED = "closed", _("closed")

    company = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="openings", limit_choices_to={"kind": "company"}
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="openings")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="openings")
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, verbose_name=_("occupation (ISCO-08)"))
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, verbose_name=_("industry"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.JOB)
    positions = models.PositiveSmallIntegerField(_("positions"), default=1, validators=[MinValueValidator(1)])
    requirements = models.TextField(_("requirements"), blank=True)
    min_education_level = models.CharField(
        _("minimum education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    language = models.ForeignKey(
        Language, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("working language")
    )
    min_language_level = models.CharField(_("minimum level"), max_length=6, choices=CEFR.choices, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Empty for a permanent job."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobOpeningQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "title"]
        verbose_name = _("job opening")
        verbose_name_plural = _("job openings")
        constraints = [
            models.CheckConstraint(condition=models.Q(positions__gte=1), name="opening_positions_positive"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="opening_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.company}"

    def clean(self) -> None:
        if self.site_id and self.company_id and self.site.organisation_id != self.company_id:
            raise ValidationError({"site": _("The site must be one of %(org)s's sites.") % {"org": self.company}})
        if self.company_id and self.company.kind != Organisation.Kind.COMPANY:
            raise ValidationError({"company": _("Job openings are a company's.")})
        programme = self.programme if self.programme_id else None
        if programme is not None and not programme.partner_companies.filter(pk=self.company_id).exists():
            raise ValidationError(
                {"programme": _("%(org)s is not a partner of %(p)s.") % {"org": self.company, "p": self.programme}}
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The opening ends on or after the day it starts.")})


class Placement(Lifecycle, models.Model):
    """A candidate in the pipeline of one opening."""

    class Stage(models.TextChoices):
        SCREENED = "screened", _("screened")
        SHORTLISTED = "shortlisted", _("presented to the company")
        INTERVIEW = "interview", _("interview")
        OFFERED = "offered", _("offered")
        HIRED = "hired", _("hired")
        REJECTED = "rejected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    TRANSITIONS = {
        Stage.SCREENED: {Stage.SHORTLISTED, Stage.REJECTED, Stage.WITHDRAWN},
        Stage.SHORTLISTED: {Stage.INTERVIEW, Stage.REJECTED, Stage.WITHDRAWN},
        Stage.INTERVIEW: {Stage.OFFERED, Stage.REJECTED, Stage.WITHDRAWN},
        Stage.OFFERED: {Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN},
        Stage.HIRED: set(),
        Stage.REJECTED: set(),
        Stage.WITHDRAWN: set(),
    }

    # From this stage on, the company sees the candidate.
    PRESENTED = (Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFERED, Stage.HIRED)
    #: The stages forward, in order: ``reached`` keeps the furthest one, also after "not selected" or "withdrawn".
    FORWARD = (Stage.SCREENED, Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFERED, Stage.HIRED)
    #: Still in play for the opening: closed as "not selected" (the opening filled) when its last position is.
    OPEN = (Stage.SCREENED, Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFERED)
    CLOSED = (Stage.REJECTED, Stage.WITHDRAWN)

    class Reason(models.TextChoices):
        """Why a candidate left an opening's pipeline without a hire (coded, so it can be counted)."""

        COMPETENCES = "competences", _("competences do not fit the opening")
        LANGUAGE = "language", _("Danish or the working language not yet sufficient")
        MOTIVATION = "motivation", _("motivation not shown")
        OTHER_CANDIDATE = "other_candidate", _("another candidate was preferred")
        NO_SHOW = "no_show", _("did not come to the interview")
        OPENING_FILLED = "opening_filled", _("the opening was filled")
        OTHER_JOB = "other_job", _("took another job or education")
        DECLINED_OFFER = "declined_offer", _("declined the offer")
        PERSONAL = "personal", _("health or family reasons")
        MOVED = "moved", _("moved away")
        OTHER = "other", _("other")
        # Set only by the withdrawal of the participant's consent to take part (privacy.actions), never by hand.
        CONSENT_WITHDRAWN = "consent_withdrawn", _("withdrew their consent to take part")

    #: The reasons offered for each way out of the pipeline.
    REASONS = {
        Stage.REJECTED: (Reason.COMPETENCES, Reason.LANGUAGE, Reason.MOTIVATION, Reason.OTHER_CANDIDATE,
                         Reason.NO_SHOW, Reason.OPENING_FILLED, Reason.OTHER),
        Stage.WITHDRAWN: (Reason.OTHER_JOB, Reason.DECLINED_OFFER, Reason.PERSONAL, Reason.MOVED, Reason.OTHER),
    }  # fmt: skip

    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE, related_name="placements")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="placements")
    status = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SCREENED)
    score = models.PositiveIntegerField(_("match score"), null=True, blank=True)
    reached = models.CharField(
        _("furthest stage reached"), max_length=20, choices=[(s, s.label) for s in FORWARD], default=Stage.SCREENED
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    hired_on = models.DateField(_("hired or started on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # On the opening's page (set by the view): the stages this user may move it to, and today's score.
    moves: list[tuple[str, "StrOrPromise", list[tuple[str, "StrOrPromise"]]]]
    score_now: int | None

    class Meta:
        ordering = ["opening", "-score", "id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["opening", "participant"], name="placement_unique_per_opening"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["rejected", "withdrawn"]) | ~models.Q(reason=""),
                name="placement_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.opening}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # However a placement is written, ``reached`` is never behind a forward stage it is at.
        if self.status in self.FORWARD and self.FORWARD.index(self.status) > self.FORWARD.index(self.reached):
            self.reached = self.status
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "reached"}
        super().save(*args, **kwargs)

    @classmethod
    def stage_counts(cls, opening: JobOpening) -> dict[str, int]:
        """How many of the opening's candidates are at each stage now, and (``"closed_after_presented"``) how many
        were presented and then not selected or withdrew: the same figures for everyone who sees the opening."""
        counts = dict.fromkeys(cls.Stage.values, 0)
        for status, n in opening.placements.values_list("status").annotate(n=models.Count("pk")).order_by():
            counts[status] = n
        closed = opening.placements.filter(status__in=cls.CLOSED, reached__in=cls.PRESENTED)
        counts["closed_after_presented"] = closed.count()
        return counts


class Screening(models.Model):
    """The screening interview of a candidate referred to a talent programme: the criteria the interviewer judges,
    each on a scale of 1 to 5, which the programme can weigh in its rankings (``programmes.weights.JUDGED_PARTS``)."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="screening")
    motivation = models.PositiveSmallIntegerField(
        _("motivation"), choices=SCALE, help_text=_("1: no motivation shown for the openings … 5: highly motivated.")
    )
    motivation_note = models.TextField(_("about the motivation"), blank=True)
    assessment = models.PositiveSmallIntegerField(
        _("competences judged at the interview"),
        choices=SCALE,
        help_text=_("1: far from the openings' demands … 5: ready for them now."),
    )
    note = models.TextField(_("note"), blank=True)
    screened_on = models.DateField(_("interviewed on"))
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("screening interview")
        verbose_name_plural = _("screening interviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(motivation__gte=1, motivation__lte=5, assessment__gte=1, assessment__lte=5),
                name="screening_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral.participant}: {self.motivation}/5"

    def judged(self) -> dict[str, int]:
        """The judged criteria by part name (``programmes.weights.JUDGED_PARTS``)."""
        return {"motivation": self.motivation, "assessment": self.assessment}


class OpeningRule(models.Model):
    """The coordinator's decision on one pair in the talent programme's assignment plan: this candidate must go to
    this opening (pin) or must not (exclude), as pins and exclusions in mentor matching."""

    class Kind(models.TextChoices):
        PIN = "pin", _("pin: must be matched together")
        EXCLUDE = "exclude", _("exclude: must not be matched together")

    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE, related_name="rules")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="opening_rules")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pair rule for an opening")
        verbose_name_plural = _("pair rules for openings")
        constraints = [
            models.UniqueConstraint(fields=["opening", "participant"], name="opening_rule_once_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.participant} – {self.opening}"
