"""When outcomes are measured, and which follow-up measurements (+3, +6, +12 months) are due and not recorded.

One definition for the outcomes screens, the page of what is due, and the daily schedule that tells coordinators
and caseworkers about them. A follow-up after the programme needs the citizen's consent to it (recorded on the
referral, not withdrawn).
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from stafet.outcomes.models import Outcome, measuring_date
from stafet.programmes.models import Cohort, ParticipantEnrolment, Referral

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FOLLOW_UPS = (Outcome.Measured.PLUS_3, Outcome.Measured.PLUS_6, Outcome.Measured.PLUS_12)
FOLLOW_UP_SCOPES = (Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP, Referral.ConsentScope.PROGRAMME_AND_COMPANIES)


def follow_up_consents() -> QuerySet[Referral]:
    """Referrals whose consent covers following the citizen up after the programme."""
    return Referral.objects.filter(consent_scope__in=FOLLOW_UP_SCOPES).exclude(status=Referral.Status.WITHDRAWN)


@dataclass(frozen=True)
class DueOutcome:
    cohort: Cohort
    participant_id: int
    participant_name: str
    measured: str
    due_on: datetime.date
    caseworker_id: int | None
    municipality_id: int | None

    @property
    def measured_label(self) -> "StrOrPromise":
        return Outcome.Measured(self.measured).label


def due_outcomes(cohorts: QuerySet[Cohort], today: datetime.date, participants=None) -> list[DueOutcome]:
    """Every follow-up measurement of ``cohorts`` due by ``today`` and not recorded, for participants who stayed
    in the cohort and consented to follow-up (only ``participants`` when given: a caseworker's own citizens).
    Three queries, whatever the number of cohorts and people."""
    candidates = [c for c in cohorts.select_related("programme") if measuring_date(c, FOLLOW_UPS[0]) <= today]
    if not candidates:
        return []
    by_pk = {c.pk: c for c in candidates}
    consented = follow_up_consents().filter(
        participant=OuterRef("participant"), programme=OuterRef("cohort__programme")
    )
    enrolments = (
        ParticipantEnrolment.objects.filter(cohort__in=candidates)
        .exclude(status=ParticipantEnrolment.Status.WITHDRAWN)
        .filter(Exists(consented))
        # Who referred the citizen to the programme: their job centre follows them up.
        .annotate(
            caseworker=Subquery(consented.values("caseworker_id")[:1]),
            municipality=Subquery(consented.values("municipality_id")[:1]),
        )
    )
    if participants is not None:
        enrolments = enrolments.filter(participant__in=participants)
    rows = enrolments.values_list(
        "cohort_id",
        "participant_id",
        "participant__first_name",
        "participant__last_name",
        "caseworker",
        "municipality",
    ).order_by("cohort_id", "participant__last_name", "participant__first_name")
    recorded = set(
        Outcome.objects.filter(cohort__in=candidates, measured__in=FOLLOW_UPS).values_list(
            "cohort_id", "participant_id", "measured"
        )
    )
    due = []
    for cohort_id, participant_id, first, last, caseworker_id, municipality_id in rows:
        cohort = by_pk[cohort_id]
        for measured in FOLLOW_UPS:
            if measured not in cohort.programme.measuring_points:
                continue
            day = measuring_date(cohort, measured)
            if day <= today and (cohort_id, participant_id, measured) not in recorded:
                due.append(
                    DueOutcome(cohort, participant_id, f"{first} {last}", measured, day, caseworker_id, municipality_id)
                )
    return due
