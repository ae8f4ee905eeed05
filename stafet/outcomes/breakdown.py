"""A mentoring programme's figures per municipality and per company, for one cohort or all, and a period.

Counted as the cohort and programme reports count them (``outcomes.report.cohort_figures``, from querysets the
caller scoped with the access helpers): enrolled, matched and completed over every cohort; the outcome share at the
chosen measuring point only over the cohorts that have reached it, with its numerator and denominator side by
side. A participant belongs to the municipality that referred them to the cohort, and to the company of each of
their mentors in the cohort (so a participant with two company mentors is in both companies' rows, and once in
the total).
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stafet.mentorships.models import Mentorship
from stafet.organisations.models import Organisation
from stafet.outcomes.access import COMPANIES, MUNICIPALITIES
from stafet.outcomes.models import Outcome
from stafet.outcomes.report import (
    EMPTY_FUNNEL,
    Adherence,
    CohortFigures,
    Counted,
    Report,
    Row,
    Table,
    cohort_figures,
    lines_subgroups,
    outcome_table,
    show_percent,
    sum_outcomes,
)
from stafet.people.models import Participant
from stafet.programmes.models import Cohort, ParticipantEnrolment, Programme, Referral

Pair = tuple[int, int]  # (cohort, participant): one enrolment


@dataclass
class GroupLine:
    """One municipality's or company's figures; ``counted`` is the outcome share's denominator."""

    name: str
    mentors: int = 0
    enrolled: int = 0
    matched: int = 0
    completed: int = 0
    counted: int = 0
    positive: int = 0
    not_recorded: int = 0

    def add(self, line: CohortFigures, pid: int, recorded: set[Pair]) -> None:
        self.enrolled += 1
        self.matched += pid in line.matched_ids
        self.completed += pid in line.completed_ids
        if line.reached:
            self.counted += 1
            self.positive += pid in line.positive_ids
            self.not_recorded += (line.cohort.pk, pid) not in recorded


def breakdown_report(
    programme: Programme,
    *,
    by: str,
    referrals: QuerySet[Referral],
    participants: QuerySet[Participant] | None,
    companies: QuerySet[Organisation],
    measured: str,
    today: datetime.date,
    cohort: Cohort | None = None,
) -> Report:
    """The report of ``programme`` (or one ``cohort``) per municipality (``by=MUNICIPALITIES``) or per company
    (``by=COMPANIES``: the mentees of the ``companies``' mentors only, so the headline is the total row's)."""
    cohorts = [cohort] if cohort else list(programme.cohorts.select_related("programme").order_by("start_date", "pk"))
    mentorships = Mentorship.objects.filter(cohort__in=cohorts).exclude(
        closing_reason=Mentorship.ClosingReason.CANCELLED
    )
    lines = []
    for c in cohorts:
        scope = participants
        if by == COMPANIES:
            mentees = Participant.objects.filter(
                pk__in=mentorships.filter(cohort=c, mentor__organisation__in=companies).values("participant")
            )
            scope = mentees if participants is None else participants.filter(pk__in=mentees.values("pk"))
        lines.append(cohort_figures(c, referrals=referrals, participants=scope, measured=measured, today=today))
    recorded = set(Outcome.objects.filter(cohort__in=cohorts, measured=measured).values_list("cohort", "participant"))
    if by == MUNICIPALITIES:
        groups = _by_municipality(cohorts)
        mentors: dict[str, set[int]] = {}
    else:
        groups, mentors = _by_company(mentorships.filter(mentor__organisation__in=companies))
    rows: dict[str, GroupLine] = {}
    total = GroupLine(str(_("Total")))
    for line in lines:
        for pid in line.enrolled_ids:
            names = groups.get((line.cohort.pk, pid), ())
            for name in names:
                rows.setdefault(name, GroupLine(name, len(mentors.get(name, ())))).add(line, pid, recorded)
            if names:
                total.add(line, pid, recorded)
    total.mentors = len(set().union(*mentors.values())) if mentors else 0
    reached = [line for line in lines if line.reached]
    outcomes = sum_outcomes(reached, measured)
    title = _("Municipalities: %(p)s") if by == MUNICIPALITIES else _("Companies: %(p)s")
    return Report(
        title=title % {"p": cohort or programme},
        measured=measured,
        funnel=sum((line.funnel for line in lines), EMPTY_FUNNEL),
        outcomes=outcomes,
        adherence=Adherence(()),
        restricted=participants is not None,
        counted=Counted.of(lines),
        tables=(
            outcome_table(outcomes),
            breakdown_table(sorted(rows.values(), key=lambda r: (-r.enrolled, r.name)), total, by=by),
            lines_subgroups(reached),
        ),
        programme_wide=cohort is None,
    )


def _by_municipality(cohorts: list[Cohort]) -> dict[Pair, tuple[str, ...]]:
    """Each enrolment's referring municipality: the referral it came from, else the participant's latest referral
    to the programme, else "not referred"."""
    enrolments = ParticipantEnrolment.objects.filter(cohort__in=cohorts).values_list(
        "cohort", "cohort__programme", "participant", "referral__municipality__name"
    )
    latest = {
        (programme, pid): name
        for programme, pid, name in Referral.objects.filter(programme__cohorts__in=cohorts)
        .order_by("referred_on", "pk")
        .values_list("programme", "participant", "municipality__name")
    }
    return {
        (cohort_id, pid): (referred_by or latest.get((programme, pid)) or _("not referred"),)
        for cohort_id, programme, pid, referred_by in enrolments
    }


def _by_company(mentorships: QuerySet[Mentorship]) -> tuple[dict[Pair, tuple[str, ...]], dict[str, set[int]]]:
    """Each enrolment's companies (those of the participant's mentors in the cohort), and each company's mentors."""
    groups: dict[Pair, set[str]] = {}
    mentors: dict[str, set[int]] = {}
    for cohort_id, pid, mentor, company in mentorships.values_list(
        "cohort", "participant", "mentor", "mentor__organisation__name"
    ):
        groups.setdefault((cohort_id, pid), set()).add(company)
        mentors.setdefault(company, set()).add(mentor)
    return {pair: tuple(sorted(names)) for pair, names in groups.items()}, mentors


def breakdown_table(rows: list[GroupLine], total: GroupLine, *, by: str) -> Table:
    def cells(r: GroupLine) -> tuple:
        head = (r.name, r.mentors) if by == COMPANIES else (r.name,)
        return (*head, r.enrolled, r.matched, r.completed, r.positive, r.counted,
                show_percent(r.positive, r.counted), r.not_recorded)  # fmt: skip

    outcome_headers = (_("In job, education or internship"), _("Of (cohorts counted)"), _("Share"), _("Not recorded"))
    headers: tuple[str, ...]
    if by == COMPANIES:
        headers = (_("Company"), _("Mentors"), _("Mentees"), _("Matched"), _("Completed"), *outcome_headers)
        note = _(
            "The mentees of each company's mentors. A mentee with mentors from two companies is in both rows and "
            "once in the total. The share counts only the cohorts that have reached the measuring point."
        )
    else:
        headers = (_("Municipality"), _("Enrolled"), _("Matched"), _("Completed"), *outcome_headers)
        note = _(
            "Each participant under the municipality that referred them. The share counts only the cohorts that "
            "have reached the measuring point: its denominator is the participants enrolled in those cohorts."
        )
    return Table(
        key="companies" if by == COMPANIES else "municipalities",
        title=_("Per company") if by == COMPANIES else _("Per municipality"),
        headers=headers,
        rows=(*(Row(cells(r)) for r in rows), Row(cells(total), "total")),
        note=note,
    )
