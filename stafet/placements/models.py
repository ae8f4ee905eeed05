"""Job openings (jobåbninger) and the placement pipeline of the talent programme."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from stafet.lifecycle import Lifecycle
from stafet.organisations.models import Organisation, Site
from stafet.people.models import Participant
from stafet.programmes.models import Programme
from stafet.reference.models import CEFR, EducationLevel, Industry, Language, Occupation


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

    opening = models.ForeignKey(JobOpening, on_delete=models.CASCADE, related_name="placements")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="placements")
    status = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SCREENED)
    score = models.PositiveIntegerField(_("match score"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opening", "-score", "id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["opening", "participant"], name="placement_unique_per_opening"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.opening}"
