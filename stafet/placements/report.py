"""The talent programme's report, in its own form: openings and positions; candidates referred, screened,
selected, presented, interviewed, offered and hired; "N af 50 i job, uddannelse eller praktik"; and the positions
each company filled.

Pure computation from querysets the caller has scoped (the view passes the access helpers' results), rendered
as the same :class:`~stafet.outcomes.report.Table` objects as the other reports, so the page and the downloads
agree. A hire is the candidate's outcome (``placements.actions.outcome_of_hire``), so the outcome figures are
the cohorts' own, counted as every other report counts them (``outcomes.report.outcome_figures``).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from stafet.outcomes.models import Outcome, measuring_date
from stafet.outcomes.report import (
    CohortFigures,
    Counted,
    OutcomeFigures,
    Row,
    Table,
    outcome_figures,
    outcome_table,
    show_percent,
    subgroup_table,
    subgroups_of,
    years_table,
)
from stafet.people.models import Participant
from stafet.placements.models import JobOpening, Placement
from stafet.programmes.models import Cohort, ParticipantEnrolment, Programme, Referral

INTERVIEWED = (Placement.Stage.INTERVIEW, Placement.Stage.OFFERED, Placement.Stage.HIRED)
OFFERED = (Placement.Stage.OFFERED, Placement.Stage.HIRED)


@dataclass(frozen=True)
class TalentFunnel:
    """Distinct candidates at each step; a candidate in several openings' pipelines counts once, at the furthest
    step any of them reached."""

    referred: int
    screened: int
    selected: int
    presented: int
    interviewed: int
    offered: int
    hired: int

    def steps(self) -> list[tuple[str, int, str]]:
        return [
            (_("Referred"), self.referred, _("referred to the programme by a job centre")),
            (_("Screened"), self.screened, _("screened: taken into an opening's pipeline, or the referral decided")),
            (_("Selected"), self.selected, _("selected into one of the programme's cohorts")),
            (_("Presented"), self.presented, _("presented to a company for an opening")),
            (_("Interviewed"), self.interviewed, _("had a job interview with the company")),
            (_("Offered"), self.offered, _("offered the position")),
            (_("Hired"), self.hired, _("hired, or started an internship, wage subsidy or apprenticeship")),
        ]


@dataclass(frozen=True)
class CompanyLine:
    company: str
    openings: int
    positions: int
    presented: int
    filled: int


@dataclass(frozen=True)
class TalentReport:
    title: str
    openings: int
    positions: int
    filled: int
    funnel: TalentFunnel
    outcomes: OutcomeFigures
    counted: Counted
    restricted: bool
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def headline(self) -> str:
        """The seed's sentence: "41 af 50 (82 %) i job, uddannelse eller praktik"."""
        return self.outcomes.headline()


def _distinct(placements: QuerySet[Placement], **filters: object) -> int:
    return placements.filter(**filters).values("participant").distinct().count()


def talent_report(
    programme: Programme,
    *,
    referrals: QuerySet[Referral],
    participants: QuerySet[Participant] | None,
    today: datetime.date,
    cohort: Cohort | None = None,
    restricted: bool | None = None,
) -> TalentReport:
    """The talent report of ``programme`` (or of one of its cohorts). ``referrals`` are those the user may see;
    ``participants`` (``None`` for everyone) narrows every count of people, denominators included: to a
    caseworker's own citizens (``restricted``, which by default is whether ``participants`` is given), or to a
    municipality's or a period's referrals."""
    cohorts = [cohort] if cohort else list(programme.cohorts.order_by("start_date", "pk"))
    enrolments = ParticipantEnrolment.objects.filter(cohort__in=cohorts)
    placements = Placement.objects.filter(opening__programme=programme)
    referrals = referrals.filter(programme=programme)
    if participants is not None:
        enrolments = enrolments.filter(participant__in=participants)
        placements = placements.filter(participant__in=participants)
        referrals = referrals.filter(participant__in=participants)
    if cohort is not None:
        # The cohort's candidates: those selected into it, and their pipelines.
        selected = enrolments.values("participant")
        placements = placements.filter(participant__in=selected)
        referrals = referrals.filter(participant__in=selected)
    decided = referrals.exclude(status=Referral.Status.PENDING).values("participant")
    screened = (
        Participant.objects.filter(Q(pk__in=placements.values("participant")) | Q(pk__in=decided)).distinct().count()
    )
    funnel = TalentFunnel(
        referred=referrals.count(),
        screened=screened,
        selected=enrolments.values("participant").distinct().count(),
        presented=_distinct(placements, reached__in=Placement.PRESENTED),
        interviewed=_distinct(placements, reached__in=INTERVIEWED),
        offered=_distinct(placements, reached__in=OFFERED),
        hired=_distinct(placements, status=Placement.Stage.HIRED),
    )
    lines = []
    for c in cohorts:
        ids = set(enrolments.filter(cohort=c).values_list("participant", flat=True))
        figures = outcome_figures(c.outcomes.filter(measured=Outcome.Measured.END), ids, Outcome.Measured.END)
        day = measuring_date(c, Outcome.Measured.END)
        lines.append((c, figures, day))
    outcomes = sum((f for _c, f, _d in lines[1:]), lines[0][1]) if lines else _no_outcomes()
    counted = Counted.of([_counted_line(c, f, d, today) for c, f, d in lines])
    openings = JobOpening.objects.filter(programme=programme)
    if cohort is not None:
        openings = openings.filter(placements__in=placements).distinct()
    companies = _company_lines(openings, placements)
    positions = sum(c.positions for c in companies)
    filled = sum(c.filled for c in companies)
    selected_ids = set(enrolments.values_list("participant", flat=True))
    positive = set(
        Outcome.objects.filter(
            cohort__in=cohorts, measured=Outcome.Measured.END, type__in=Outcome.POSITIVE, participant__in=selected_ids
        ).values_list("participant", flat=True)
    )
    subgroups = subgroups_of(Participant.objects.filter(pk__in=selected_ids))
    tables = (
        outcome_table(outcomes),
        funnel_table(funnel),
        cohorts_table(lines),
        companies_table(companies),
        years_table([(c.start_date.year, f) for c, f, _d in lines], noun=_("Selected")),
        subgroup_table(subgroups, positive, noun=_("Selected")),
    )
    return TalentReport(
        title=str(cohort or programme),
        openings=sum(c.openings for c in companies),
        positions=positions,
        filled=filled,
        funnel=funnel,
        outcomes=outcomes,
        counted=counted,
        restricted=participants is not None if restricted is None else restricted,
        tables=tables,
    )


def _no_outcomes() -> OutcomeFigures:
    return outcome_figures(Outcome.objects.none(), set(), Outcome.Measured.END)


def _counted_line(cohort: Cohort, figures: OutcomeFigures, day: datetime.date, today: datetime.date) -> CohortFigures:
    # ``Counted`` reads the cohort's name, the day and whether it is reached; the other figures are not the talent
    # report's business.
    return CohortFigures(cohort, None, figures, None, day, day <= today)  # type: ignore[arg-type]


def _company_lines(openings: QuerySet[JobOpening], placements: QuerySet[Placement]) -> list[CompanyLine]:
    """Per company: its openings and positions, the candidates presented, the positions filled (hires)."""
    rows = openings.values("company__name").annotate(openings=Count("pk", distinct=True)).order_by("company__name")
    positions = dict(openings.values("company__name").annotate(n=Sum("positions")).values_list("company__name", "n"))
    shown = placements.filter(opening__in=openings)
    presented = dict(
        shown.filter(reached__in=Placement.PRESENTED)
        .values("opening__company__name")
        .annotate(n=Count("participant", distinct=True))
        .values_list("opening__company__name", "n")
    )
    filled = dict(
        shown.filter(status=Placement.Stage.HIRED)
        .values("opening__company__name")
        .annotate(n=Count("pk"))
        .values_list("opening__company__name", "n")
    )
    return [
        CompanyLine(
            company=r["company__name"],
            openings=r["openings"],
            positions=positions.get(r["company__name"], 0),
            presented=presented.get(r["company__name"], 0),
            filled=filled.get(r["company__name"], 0),
        )
        for r in rows
    ]


# ---------------------------------------------------------------------------------------------- tables


def funnel_table(funnel: TalentFunnel) -> Table:
    rows = tuple(
        Row((label, count, funnel.referred, show_percent(count, funnel.referred), what))
        for label, count, what in funnel.steps()
    )
    return Table(
        key="funnel",
        title=_("Funnel"),
        headers=(_("Step"), _("Candidates"), _("Of referred"), _("Share of referred"), _("What is counted")),
        rows=rows,
        note=_("A candidate in several openings' pipelines is counted once, at the furthest step reached."),
    )


def cohorts_table(lines: list[tuple[Cohort, OutcomeFigures, datetime.date]]) -> Table:
    rows = [
        Row(
            (
                c.name,
                formats.date_format(c.start_date),
                f.denominator,
                f.positive,
                show_percent(f.positive, f.denominator),
                f.not_recorded,
                formats.date_format(day),
            )
        )
        for c, f, day in lines
    ]
    return Table(
        key="cohorts",
        title=_("Cohorts"),
        headers=(
            _("Cohort"),
            _("Start"),
            _("Selected"),
            _("In job, education or internship"),
            _("Share of selected"),
            _("Not recorded"),
            _("Ends"),
        ),
        rows=tuple(rows),
        note=_("A hire is recorded as the candidate's outcome at the end of their cohort, dated the day of the hire."),
    )


def companies_table(lines: list[CompanyLine]) -> Table:
    rows = [
        Row((c.company, c.openings, c.positions, c.presented, c.filled, show_percent(c.filled, c.positions)))
        for c in lines
    ]
    total = CompanyLine("", sum(c.openings for c in lines), sum(c.positions for c in lines),
                        sum(c.presented for c in lines), sum(c.filled for c in lines))  # fmt: skip
    rows.append(
        Row(
            (_("Total"), total.openings, total.positions, total.presented, total.filled,
             show_percent(total.filled, total.positions)),
            "total",
        )
    )  # fmt: skip
    return Table(
        key="companies",
        title=_("Positions filled per company"),
        headers=(
            _("Company"),
            _("Openings"),
            _("Positions"),
            _("Candidates presented"),
            _("Positions filled"),
            _("Share filled"),
        ),
        rows=tuple(rows),
    )


def openings_table(openings: QuerySet[JobOpening]) -> Table:
    """Each opening's positions and how far its candidates came, in figures (no one named): a company's own
    report, the same figures its coordinators see."""
    reached = (
        Placement.objects.filter(opening__in=openings)
        .values("opening")
        .annotate(
            presented=Count("pk", filter=Q(reached__in=Placement.PRESENTED)),
            interviewed=Count("pk", filter=Q(reached__in=INTERVIEWED)),
            offered=Count("pk", filter=Q(reached__in=OFFERED)),
            hired=Count("pk", filter=Q(status=Placement.Stage.HIRED)),
        )
    )
    figures: dict[int, dict[str, int]] = {
        r["opening"]: {"presented": r["presented"], "interviewed": r["interviewed"], "offered": r["offered"],
                       "hired": r["hired"]}
        for r in reached
    }  # fmt: skip
    rows = []
    totals = [0, 0, 0, 0, 0]
    for o in openings.select_related("programme").order_by("title", "pk"):
        f = figures.get(o.pk, {})
        values = [o.positions, f.get("presented", 0), f.get("interviewed", 0), f.get("offered", 0), f.get("hired", 0)]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        rows.append(Row((o.title, str(o.programme or "–"), o.get_type_display(), *values,
                         show_percent(values[4], values[0]))))  # fmt: skip
    rows.append(Row((_("Total"), "", "", *totals, show_percent(totals[4], totals[0])), "total"))
    return Table(
        key="openings",
        title=_("Openings"),
        headers=(
            _("Opening"),
            _("Programme"),
            _("Type"),
            _("Positions"),
            _("Presented"),
            _("Interviewed"),
            _("Offered"),
            _("Hired"),
            _("Share filled"),
        ),  # fmt: skip
        rows=tuple(rows),
        note=_("Candidates presented, interviewed and offered count everyone who reached that step."),
    )
