"""What became of a participant: at the end of the programme and 3, 6 and 12 months after."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stafet.people.models import Participant
from stafet.programmes.models import MONTHS_AFTER_END, Cohort, MeasuringPoint
from stafet.programmes.plan import add_months


class Outcome(models.Model):
    class Type(models.TextChoices):
        JOB_MATCHING = "job_matching", _("job matching competences")
        STEPPING_STONE = "stepping_stone", _("stepping-stone job")
        EDUCATION = "education", _("education")
        INTERNSHIP = "internship", _("internship (praktik)")
        WAGE_SUBSIDY = "wage_subsidy", _("wage subsidy (løntilskud)")
        APPRENTICE = "apprentice", _("apprentice (elev/lærling)")
        IGU = "igu", _("IGU")
        SELF_EMPLOYED = "self_employed", _("self-employed")
        NONE = "none", _("none of these")

    # The measuring points are the programme's (``Programme.measuring_points`` chooses among them).
    Measured = MeasuringPoint

    JOBS = (Type.JOB_MATCHING, Type.STEPPING_STONE)
    # "In job, education or internship" as the seeds count it.
    POSITIVE = (
        Type.JOB_MATCHING,
        Type.STEPPING_STONE,
        Type.EDUCATION,
        Type.INTERNSHIP,
        Type.WAGE_SUBSIDY,
        Type.APPRENTICE,
        Type.IGU,
        Type.SELF_EMPLOYED,
    )

    MONTHS_AFTER_END = MONTHS_AFTER_END

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="outcomes")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="outcomes")
    type = models.CharField(_("outcome"), max_length=20, choices=Type.choices)
    date = models.DateField(_("date"))
    employer = models.CharField(_("employer or school"), max_length=200, blank=True)
    measured = models.CharField(_("measured"), max_length=10, choices=Measured.choices, default=Measured.END)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "participant", "measured"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "cohort", "measured"], name="one_outcome_per_measurement"),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.get_type_display()} ({self.get_measured_display()})"


def measuring_date(cohort: Cohort, measured: str) -> datetime.date:
    """The day a cohort reaches a measuring point: its planned end (start + the programme's duration), then 3, 6
    or 12 months after. A report counts a cohort's outcomes at a point only from that day."""
    end = add_months(cohort.start_date, cohort.programme.duration_months)
    return add_months(end, Outcome.MONTHS_AFTER_END[measured])
