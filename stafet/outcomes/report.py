"""The cohort and programme report: the funnel, the outcomes at one measuring point, meeting adherence.

Pure computation from querysets the caller has already scoped (the view passes the access helpers' results),
returning frozen dataclasses. The page and the CSV export both render the same :class:`Table` objects, so the
columns and rows a coordinator downloads are exactly the ones on the screen.

The figures are counted the way the seeds report them: "18 of 25 (72 %) in job, education or internship", where
the denominator is every participant enrolled in the cohort (including those who withdrew) and a participant with
no outcome recorded at the measuring point is counted as "not recorded", never silently as "none". A programme's
outcome shares count only the cohorts that have reached the measuring point (``outcomes.models.measuring_date``):
enrolling people in a cohort that has not started, or not yet ended, does not dilute "18 of 25". The report says
which cohorts it counts and when the others will be.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stafet.i18n import in_page_language
from stafet.mentorships.models import Mentorship
from stafet.outcomes.models import Outcome, measuring_date
from stafet.people.models import Participant, ParticipantLanguage
from stafet.programmes.eligibility import evaluate, participant_facts
from stafet.programmes.models import Cohort, ParticipantEnrolment, Programme, Referral
from stafet.programmes.plan import plan_so_far, share_of_plan
from stafet.reference import data as reference_data
from stafet.reference.models import EducationLevel

NOT_RECORDED = "not_recorded"


def percent(count: int, denominator: int) -> int | None:
    """A whole percentage, rounded half up as people round it (18 of 25 → 72); ``None`` when nothing to divide.

    >>> percent(18, 25), percent(1, 8), percent(0, 0)
    (72, 13, None)
    """
    if denominator <= 0:
        return None
    return int((Decimal(100 * count) / denominator).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def show_percent(count: int, denominator: int) -> str:
    share = percent(count, denominator)
    return "–" if share is None else f"{share} %"


def show_decimal(value: Decimal) -> str:
    """Hours and meetings as people write them: 2, 22,5 (one decimal only when there is one)."""
    value = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(value, 0 if value == value.to_integral_value() else 1, use_l10n=True)


def capfirst(label: object) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Row:
    cells: tuple[str | int, ...]
    kind: str = ""  # "total" or "sub" (an "of which" line): how the screen emphasises it; the CSV ignores it


@dataclass(frozen=True)
class Table:
    """One table of the report, exactly as the page shows it and the CSV exports it."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""


# ---------------------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Funnel:
    referred: int
    eligible: int
    enrolled: int
    withdrawn: int
    matched: int
    completed: int

    def __add__(self, other: "Funnel") -> "Funnel":
        return Funnel(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[int, ...]:
        return (self.referred, self.eligible, self.enrolled, self.withdrawn, self.matched, self.completed)


EMPTY_FUNNEL = Funnel(0, 0, 0, 0, 0, 0)


@dataclass(frozen=True)
class OutcomeFigures:
    """What became of the enrolled participants at one measuring point. ``counts`` holds every outcome type
    and ``NOT_RECORDED``; they add up to ``denominator``."""

    measured: str
    denominator: int
    counts: dict[str, int]
    # The seeds that count "of those who completed a mentorship" ('Hjælp en flygtning NU': 65 %): how many
    # completed, and how many of them moved on; and per referring municipality [enrolled, completed, moved on].
    completed: int = 0
    completed_positive: int = 0
    municipalities: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def positive(self) -> int:
        return sum(self.counts[t] for t in Outcome.POSITIVE)

    @property
    def jobs(self) -> int:
        return sum(self.counts[t] for t in Outcome.JOBS)

    @property
    def not_recorded(self) -> int:
        return self.counts[NOT_RECORDED]

    @property
    def positive_percent(self) -> int | None:
        return percent(self.positive, self.denominator)

    def __add__(self, other: "OutcomeFigures") -> "OutcomeFigures":
        counts = Counter(self.counts)
        counts.update(other.counts)
        municipalities = dict(self.municipalities)
        for name, figures in other.municipalities.items():
            mine = municipalities.get(name, (0, 0, 0))
            municipalities[name] = (mine[0] + figures[0], mine[1] + figures[1], mine[2] + figures[2])
        return OutcomeFigures(
            self.measured,
            self.denominator + other.denominator,
            dict(counts),
            self.completed + other.completed,
            self.completed_positive + other.completed_positive,
            municipalities,
        )

    def completed_headline(self) -> str:
        """The seed's sentence of 'Hjælp en flygtning NU', with its denominator: those who completed a mentorship."""
        return _(
            "%(n)s of %(d)s (%(pct)s %%) who completed a mentorship moved on to a job, education, a wage-subsidy job "
            "or an internship"
        ) % {"n": self.completed_positive, "d": self.completed, "pct": percent(self.completed_positive, self.completed)}

    def headline(self) -> str:
        """The seed's sentence: "18 of 25 (72 %) in job, education or internship"."""
        if not self.denominator:
            return _("No participants enrolled yet.")
        return _("%(n)s of %(d)s (%(pct)s %%) in job, education or internship") % {
            "n": self.positive,
            "d": self.denominator,
            "pct": self.positive_percent,
        }

    def breakdown(self) -> str:
        """The seed's breakdown: "8 in jobs, of which 4 matching competences and 4 stepping-stone; …"."""
        c = self.counts
        parts = [
            _("%(n)s in jobs, of which %(m)s matching competences and %(s)s stepping-stone")
            % {"n": self.jobs, "m": c[Outcome.Type.JOB_MATCHING], "s": c[Outcome.Type.STEPPING_STONE]}
        ]
        others = [
            (Outcome.Type.EDUCATION, lambda n: ngettext("%(n)s in education", "%(n)s in education", n)),
            (Outcome.Type.INTERNSHIP, lambda n: ngettext("%(n)s in an internship", "%(n)s in internships", n)),
            (
                Outcome.Type.WAGE_SUBSIDY,
                lambda n: ngettext("%(n)s in a wage-subsidy job", "%(n)s in wage-subsidy jobs", n),
            ),
            (Outcome.Type.APPRENTICE, lambda n: ngettext("%(n)s apprentice", "%(n)s apprentices", n)),
            (Outcome.Type.IGU, lambda n: ngettext("%(n)s in IGU", "%(n)s in IGU", n)),
            (Outcome.Type.SELF_EMPLOYED, lambda n: ngettext("%(n)s self-employed", "%(n)s self-employed", n)),
        ]
        parts += [text(c[kind]) % {"n": c[kind]} for kind, text in others if c[kind]]
        sentence = "; ".join(parts) + ". "
        sentence += _("%(n)s in none of these; %(r)s not recorded.") % {
            "n": c[Outcome.Type.NONE],
            "r": self.not_recorded,
        }
        return sentence


@dataclass(frozen=True)
class PairAdherence:
    """Meetings held against the plan for one mentorship (pair)."""

    mentorship_id: int
    participant: str
    mentor: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    held: int
    planned: int
    hours_held: Decimal
    hours_planned: Decimal


@dataclass(frozen=True)
class Adherence:
    pairs: tuple[PairAdherence, ...]

    @property
    def held(self) -> int:
        return sum(p.held for p in self.pairs)

    @property
    def planned(self) -> int:
        """The sum of the pairs' planned meetings as shown, so the total adds up on the page."""
        return sum(p.planned for p in self.pairs)

    @property
    def hours_held(self) -> Decimal:
        return sum((p.hours_held for p in self.pairs), Decimal(0))

    @property
    def hours_planned(self) -> Decimal:
        return sum((p.hours_planned for p in self.pairs), Decimal(0))


@dataclass(frozen=True)
class CohortFigures:
    cohort: Cohort
    funnel: Funnel
    outcomes: OutcomeFigures
    adherence: Adherence
    measured_on: datetime.date  # the day the cohort reaches the measuring point
    reached: bool  # by today: only then are its outcomes counted in a programme's shares
    enrolled_ids: frozenset[int] = frozenset()
    positive_ids: frozenset[int] = frozenset()  # in job, education or internship at the measuring point
    matched_ids: frozenset[int] = frozenset()
    completed_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Counted:
    """Which cohorts a report's outcome shares count (name, the day each reached the measuring point), and which
    it does not count yet (name, the day each will reach it)."""

    cohorts: tuple[tuple[str, datetime.date], ...]
    waiting: tuple[tuple[str, datetime.date], ...]

    @classmethod
    def of(cls, lines: list[CohortFigures]) -> "Counted":
        return cls(
            tuple((line.cohort.name, line.measured_on) for line in lines if line.reached),
            tuple((line.cohort.name, line.measured_on) for line in lines if not line.reached),
        )

    def sentence(self) -> str:
        """ "Counted: Hold 2016 (1 September 2016), the day each reached this measuring point. Not counted yet: …";
        for one cohort not there yet, when it will be."""
        if not self.cohorts and len(self.waiting) == 1:
            return _("The cohort reaches this measuring point on %(day)s; until then the figures are those so far.") % {
                "day": formats.date_format(self.waiting[0][1])
            }

        def names(items: tuple[tuple[str, datetime.date], ...]) -> str:
            return ", ".join(f"{name} ({formats.date_format(day)})" for name, day in items)

        parts = []
        if self.cohorts:
            parts.append(_("Counted: %(cohorts)s, the day each reached this measuring point.") % {
                "cohorts": names(self.cohorts)})  # fmt: skip
        if self.waiting:
            parts.append(_("Not counted yet: %(cohorts)s, the day each reaches it.") % {"cohorts": names(self.waiting)})
        return " ".join(parts)


@dataclass(frozen=True)
class Report:
    """A cohort's or a programme's report. ``restricted`` says the figures count only the caseworker's own
    citizens; ``tables`` are what the page shows and the CSV exports, in order."""

    title: str
    measured: str
    funnel: Funnel
    outcomes: OutcomeFigures
    adherence: Adherence
    restricted: bool
    counted: Counted
    tables: tuple[Table, ...] = field(default=())
    programme_wide: bool = False

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    @property
    def nothing_counted(self) -> bool:
        """A programme none of whose cohorts has reached the measuring point: no shares to give yet."""
        return self.programme_wide and not self.counted.cohorts and bool(self.counted.waiting)

    def headline(self) -> str:
        """The seed's sentence, or that no cohort has reached the measuring point yet."""
        if self.nothing_counted:
            return _("No cohort has reached this measuring point yet.")
        return self.outcomes.headline()


# ---------------------------------------------------------------------------------------------- computation


def intake_cohort_ids(programme: Programme, referrals: QuerySet[Referral]) -> dict[int, int]:
    """Which cohort's intake each referral that led to no enrolment belongs to: the first cohort of the
    programme starting on or after the day it was referred, or the latest cohort if it was referred after
    every start."""
    cohorts = list(programme.cohorts.order_by("start_date", "pk").values_list("pk", "start_date"))
    if not cohorts:
        return {}
    result = {}
    for pk, referred_on in referrals.values_list("pk", "referred_on"):
        result[pk] = next((c for c, start in cohorts if start >= referred_on), cohorts[-1][0])
    return result


def outcome_figures(
    outcomes: QuerySet[Outcome],
    enrolled_ids: set[int],
    measured: str,
    *,
    completed_ids: Set[int] = frozenset(),
    municipality_of: Iterable[tuple[int, str | None]] = (),
) -> OutcomeFigures:
    """What became of ``enrolled_ids`` at ``measured``: each one's recorded outcome, or "not recorded"; of those
    in ``completed_ids``, how many moved on; and per referring municipality (``municipality_of``: participant and
    municipality name) how many were enrolled, completed and moved on."""
    counts = dict.fromkeys([*Outcome.Type.values, NOT_RECORDED], 0)
    recorded = dict(outcomes.filter(participant__in=enrolled_ids).values_list("participant", "type"))
    for participant_id in enrolled_ids:
        counts[recorded.get(participant_id, NOT_RECORDED)] += 1
    completed_here = completed_ids & enrolled_ids
    moved_on = {pk for pk in completed_here if recorded.get(pk) in Outcome.POSITIVE}
    by_municipality: dict[str, list[int]] = {}
    for pk, name in municipality_of:
        line = by_municipality.setdefault(name or str(_("not referred")), [0, 0, 0])
        line[0] += 1
        line[1] += pk in completed_here
        line[2] += pk in moved_on
    return OutcomeFigures(
        measured,
        len(enrolled_ids),
        counts,
        len(completed_here),
        len(moved_on),
        {name: (a, b, c) for name, (a, b, c) in by_municipality.items()},
    )


def cohort_figures(
    cohort: Cohort,
    *,
    referrals: QuerySet[Referral],
    participants: QuerySet[Participant] | None,
    measured: str,
    today: datetime.date,
) -> CohortFigures:
    """The figures of one cohort. ``referrals`` are those the user may see; ``participants`` (``None`` for the
    whole cohort) narrows every count, denominators included, to the user's own citizens."""
    programme = cohort.programme
    enrolments = cohort.participant_enrolments.all()
    mentorships = cohort.mentorships.all()
    outcomes = cohort.outcomes.filter(measured=measured)
    if participants is not None:
        enrolments = enrolments.filter(participant__in=participants)
        mentorships = mentorships.filter(participant__in=participants)
        outcomes = outcomes.filter(participant__in=participants)
    enrolled_ids = set(enrolments.values_list("participant", flat=True))

    # Referred: the referrals accepted into this cohort, plus the programme's referrals that led to no
    # enrolment and fall in this cohort's intake (pending, declined or withdrawn before a decision).
    referrals = referrals.filter(programme=programme)
    linked = ParticipantEnrolment.objects.filter(referral__isnull=False).values("referral")
    accepted_here = referrals.filter(pk__in=enrolments.filter(referral__isnull=False).values("referral"))
    unlinked = referrals.exclude(pk__in=linked)
    intake = intake_cohort_ids(programme, unlinked)
    in_intake = unlinked.filter(pk__in=[pk for pk, c in intake.items() if c == cohort.pk])
    # Eligible: those accepted (screened eligible), plus those still awaiting screening who pass the rules today.
    waiting = in_intake.filter(status=Referral.Status.PENDING).select_related("participant")
    waiting = waiting.prefetch_related("participant__occupations", "participant__languages")
    passing = sum(
        1 for r in waiting if not evaluate(programme.participant_rules, participant_facts(r.participant, today))
    )
    accepted_count = accepted_here.count()

    matched_ids = set(
        mentorships.exclude(closing_reason=Mentorship.ClosingReason.CANCELLED).values_list("participant", flat=True)
    )
    completed_ids = set(
        enrolments.filter(status=ParticipantEnrolment.Status.COMPLETED).values_list("participant", flat=True)
    ) | set(mentorships.filter(closing_reason=Mentorship.ClosingReason.COMPLETED).values_list("participant", flat=True))
    funnel = Funnel(
        referred=accepted_count + in_intake.count(),
        eligible=accepted_count + passing,
        enrolled=len(enrolled_ids),
        withdrawn=enrolments.filter(status=ParticipantEnrolment.Status.WITHDRAWN).count(),
        matched=len(matched_ids & enrolled_ids),
        completed=len(completed_ids & enrolled_ids),
    )

    figures = outcome_figures(
        outcomes,
        enrolled_ids,
        measured,
        completed_ids=completed_ids,
        municipality_of=enrolments.values_list("participant", "referral__municipality__name"),
    )

    pairs = []
    rows = (
        mentorships.select_related("participant", "mentor")
        .annotate(held=Count("meetings"), hours=Sum("meetings__hours"))
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    for m in rows:
        plan = plan_so_far(programme, m.started_on, m.ended_on, today)
        pairs.append(
            PairAdherence(
                mentorship_id=m.pk,
                participant=str(m.participant),
                mentor=str(m.mentor),
                started_on=m.started_on,
                ended_on=m.ended_on,
                held=m.held,
                planned=plan.meetings,
                hours_held=m.hours or Decimal(0),
                hours_planned=plan.hours,
            )
        )
    measured_on = measuring_date(cohort, measured)
    positive = outcomes.filter(participant__in=enrolled_ids, type__in=Outcome.POSITIVE).values_list("participant")
    return CohortFigures(cohort, funnel, figures, Adherence(tuple(pairs)), measured_on, measured_on <= today,
                         frozenset(enrolled_ids), frozenset(p for (p,) in positive),
                         frozenset(matched_ids & enrolled_ids), frozenset(completed_ids & enrolled_ids))  # fmt: skip


# ---------------------------------------------------------------------------------------------- tables


def funnel_table(funnel: Funnel) -> Table:
    rows = (
        (_("Referred"), funnel.referred, _("referrals accepted into the cohort, and those awaiting screening, "
                                            "declined or withdrawn in its intake (referred before its start)")),
        (_("Eligible"), funnel.eligible, _("referrals accepted after screening, and those awaiting screening "
                                            "whose participant passes the programme's rules today")),
        (_("Enrolled"), funnel.enrolled, ngettext(
            "participants enrolled, including %(n)s who withdrew",
            "participants enrolled, including %(n)s who withdrew", funnel.withdrawn) % {"n": funnel.withdrawn}),
        (_("Matched"), funnel.matched, _("enrolled participants who have had a mentorship in the cohort "
                                          "(cancelled before the start not counted)")),
        (_("Completed"), funnel.completed, _("enrolled participants whose mentorship closed as completed, or "
                                              "whose enrolment is marked completed")),
    )  # fmt: skip
    return Table(
        key="funnel",
        title=_("Funnel"),
        headers=(_("Step"), _("Participants"), _("Share of enrolled"), _("What is counted")),
        rows=tuple(
            Row((label, count, show_percent(count, funnel.enrolled) if i >= 2 else "–", what))
            for i, (label, count, what) in enumerate(rows)
        ),
    )


def outcome_table(figures: OutcomeFigures) -> Table:
    c, d = figures.counts, figures.denominator
    labels = dict(Outcome.Type.choices)

    def row(label: str, count: int, kind: str = "") -> Row:
        return Row((label, count, show_percent(count, d)), kind)

    rows = [
        row(_("In job, education or internship"), figures.positive, "total"),
        row(_("Jobs"), figures.jobs),
        row(_("… of which matching competences"), c[Outcome.Type.JOB_MATCHING], "sub"),
        row(_("… of which stepping-stone jobs"), c[Outcome.Type.STEPPING_STONE], "sub"),
    ]
    for kind in (
        Outcome.Type.EDUCATION,
        Outcome.Type.INTERNSHIP,
        Outcome.Type.WAGE_SUBSIDY,
        Outcome.Type.APPRENTICE,
        Outcome.Type.IGU,
        Outcome.Type.SELF_EMPLOYED,
        Outcome.Type.NONE,
    ):
        rows.append(row(capfirst(labels[kind]), c[kind]))
    rows.append(row(_("Not recorded"), figures.not_recorded))
    rows.append(row(_("Enrolled (the denominator)"), d, "total"))
    measured = dict(Outcome.Measured.choices)[figures.measured]
    return Table(
        key="outcomes",
        title=_("Outcomes %(measured)s") % {"measured": measured},
        headers=(_("Outcome"), _("Participants"), _("Share of enrolled")),
        rows=tuple(rows),
        note=_(
            "Every share is of all participants enrolled in the cohorts counted, including those who withdrew. A "
            "participant with no outcome recorded at this measuring point is counted as not recorded."
        ),
    )


def municipality_table(figures: OutcomeFigures) -> Table:
    """The municipalities that referred the participants counted, each with its own completed and moved on."""
    rows = [
        Row((name, enrolled, completed, moved, show_percent(moved, completed)))
        for name, (enrolled, completed, moved) in sorted(figures.municipalities.items(), key=lambda x: (-x[1][0], x[0]))
    ]
    rows.append(
        Row(
            (_("Total"), figures.denominator, figures.completed, figures.completed_positive,
             show_percent(figures.completed_positive, figures.completed)),
            "total",
        )
    )  # fmt: skip
    return Table(
        key="municipalities",
        title=_("Municipalities that referred"),
        headers=(
            _("Municipality"),
            _("Enrolled"),
            _("Completed a mentorship"),
            _("Of whom moved on"),
            _("Share of completed"),
        ),
        rows=tuple(rows),
        note=_(
            "Moved on: a job, education, a wage-subsidy job, an internship, an apprenticeship, IGU or self-employment "
            "recorded at this measuring point, counted among those who completed their mentorship."
        ),
    )


def _adherence_cells(held: int, planned: int, hours_held: Decimal, hours_planned: Decimal) -> tuple:
    share = share_of_plan(held, planned)
    shown = "–" if share is None else f"{share} %"
    return (held, planned, shown, show_decimal(hours_held), show_decimal(hours_planned))


def adherence_table(adherence: Adherence, programme: Programme) -> Table:
    rows = [
        Row(
            (
                p.participant,
                p.mentor,
                formats.date_format(p.started_on, "SHORT_DATE_FORMAT") if p.started_on else "–",
                formats.date_format(p.ended_on, "SHORT_DATE_FORMAT") if p.ended_on else "–",
                *_adherence_cells(p.held, p.planned, p.hours_held, p.hours_planned),
            )
        )
        for p in adherence.pairs
    ]
    rows.append(
        Row(
            (
                _("Total"),
                "",
                "",
                "",
                *_adherence_cells(adherence.held, adherence.planned, adherence.hours_held, adherence.hours_planned),
            ),
            "total",
        )
    )
    return Table(
        key="meetings",
        title=_("Meeting adherence"),
        headers=(
            _("Participant"),
            _("Mentor"),
            _("Started"),
            _("Ended"),
            _("Meetings held"),
            _("Meetings planned"),
            _("Adherence"),
            _("Hours held"),
            _("Hours planned"),
        ),
        rows=tuple(rows),
        note=_(
            "Planned: %(m)s meetings and %(h)s hours a month from the start until the mentorship ended (or today), "
            "at most %(n)s months, counted in calendar months and rounded down to whole meetings. Adherence is "
            "meetings held as a share of meetings planned."
        )
        % {
            "m": show_decimal(programme.meetings_per_month),
            "h": show_decimal(programme.hours_per_month),
            "n": programme.duration_months,
        },
    )


def cohorts_table(lines: list[CohortFigures], measured: str) -> Table:
    def cells(name: str, start: str, f: Funnel, o: OutcomeFigures | None, a: Adherence, counted: str) -> tuple:
        shares = (o.positive, show_percent(o.positive, o.denominator), o.not_recorded) if o else ("–", "–", "–")
        return (
            name,
            start,
            f.referred,
            f.enrolled,
            f.matched,
            f.completed,
            counted,
            *shares,
            *_adherence_cells(a.held, a.planned, a.hours_held, a.hours_planned)[:3],
        )

    def line_cells(line: CohortFigures) -> tuple:
        counted = str(_("yes")) if line.reached else _("from %(day)s") % {"day": formats.date_format(line.measured_on)}
        outcomes = line.outcomes if line.reached else None
        return cells(line.cohort.name, formats.date_format(line.cohort.start_date), line.funnel, outcomes,
                     line.adherence, counted)  # fmt: skip

    rows = [Row(line_cells(line)) for line in lines]
    total_funnel = sum((line.funnel for line in lines), EMPTY_FUNNEL)
    total_outcomes = sum_outcomes([line for line in lines if line.reached], measured)
    total_adherence = Adherence(tuple(p for line in lines for p in line.adherence.pairs))
    rows.append(Row(cells(_("Total"), "", total_funnel, total_outcomes, total_adherence, ""), "total"))
    return Table(
        key="cohorts",
        title=_("Cohorts"),
        headers=(
            _("Cohort"),
            _("Start"),
            _("Referred"),
            _("Enrolled"),
            _("Matched"),
            _("Completed"),
            _("Outcomes counted"),
            _("In job, education or internship"),
            _("Share of enrolled"),
            _("Not recorded"),
            _("Meetings held"),
            _("Meetings planned"),
            _("Adherence"),
        ),
        rows=tuple(rows),
    )


def sum_outcomes(lines: list[CohortFigures], measured: str) -> OutcomeFigures:
    empty = OutcomeFigures(measured, 0, dict.fromkeys([*Outcome.Type.values, NOT_RECORDED], 0))
    return sum((line.outcomes for line in lines), empty)


def cohort_report(
    cohort: Cohort,
    *,
    referrals: QuerySet[Referral],
    participants: QuerySet[Participant] | None,
    measured: str = Outcome.Measured.END,
    today: datetime.date,
) -> Report:
    """The report of one cohort: funnel, outcomes at ``measured`` and meeting adherence per pair."""
    line = cohort_figures(cohort, referrals=referrals, participants=participants, measured=measured, today=today)
    return Report(
        title=str(cohort),
        measured=measured,
        funnel=line.funnel,
        outcomes=line.outcomes,
        adherence=line.adherence,
        restricted=participants is not None,
        counted=Counted.of([line]),
        tables=(
            outcome_table(line.outcomes),
            municipality_table(line.outcomes),
            funnel_table(line.funnel),
            adherence_table(line.adherence, cohort.programme),
            lines_subgroups([line]),
        ),
    )


def programme_report(
    programme: Programme,
    *,
    referrals: QuerySet[Referral],
    participants: QuerySet[Participant] | None,
    measured: str = Outcome.Measured.END,
    today: datetime.date,
) -> Report:
    """The report of a programme: all its cohorts together, with one line per cohort. The outcome shares count the
    cohorts that have reached ``measured`` by ``today``; the funnel and meeting adherence count every cohort.
    Pairs are listed on each cohort's own report; here meeting adherence is summed per cohort."""
    lines = [
        cohort_figures(c, referrals=referrals, participants=participants, measured=measured, today=today)
        for c in programme.cohorts.select_related("programme").order_by("start_date", "pk")
    ]
    funnel = sum((line.funnel for line in lines), EMPTY_FUNNEL)
    outcomes = sum_outcomes([line for line in lines if line.reached], measured)
    adherence = Adherence(tuple(p for line in lines for p in line.adherence.pairs))
    return Report(
        title=str(programme),
        measured=measured,
        funnel=funnel,
        outcomes=outcomes,
        adherence=adherence,
        restricted=participants is not None,
        counted=Counted.of(lines),
        tables=(
            outcome_table(outcomes),
            municipality_table(outcomes),
            funnel_table(funnel),
            cohorts_table(lines, measured),
            years_table(
                [(line.cohort.start_date.year, line.outcomes) for line in lines if line.reached], noun=_("Enrolled")
            ),  # fmt: skip
            lines_subgroups([line for line in lines if line.reached]),
        ),
        programme_wide=True,
    )


def lines_subgroups(lines: list[CohortFigures]) -> Table:
    """The subgroups of the participants the outcome shares count (a programme: the cohorts that have reached the
    measuring point)."""
    enrolled = set().union(*(line.enrolled_ids for line in lines))
    positive = set().union(*(line.positive_ids for line in lines))
    groups = subgroups_of(Participant.objects.filter(pk__in=enrolled))
    return subgroup_table(groups, positive, noun=_("Enrolled"))


def chart_bars(figures: OutcomeFigures) -> list[dict]:
    """The bars of the outcome chart (rendered as inline SVG by the template): one per outcome with a count,
    plus "not recorded"; widths as a share of the denominator."""
    labels = dict(Outcome.Type.choices)
    bars = []
    for index, kind in enumerate([*Outcome.Type.values, NOT_RECORDED]):
        label = _("Not recorded") if kind == NOT_RECORDED else capfirst(labels[kind])
        count = figures.counts[kind]
        share = percent(count, figures.denominator) or 0
        bars.append(
            {
                "key": kind,
                "label": label,
                "count": count,
                "share": share,
                "positive": kind in Outcome.POSITIVE,
                "y": index * CHART_ROW,
                "width": share * CHART_SCALE,
            }
        )
    return bars


def chart(figures: OutcomeFigures) -> dict:
    """What the chart template (``outcomes/includes/chart.html``) draws: the bars, the SVG's height, the point."""
    bars = chart_bars(figures)
    return {"bars": bars, "height": len(bars) * CHART_ROW, "measured": Outcome.Measured(figures.measured).label}


CHART_ROW = 28  # px per bar in the SVG
CHART_SCALE = 3  # px per percentage point: 100 % is 300 px


# ---------------------------------------------------------------------------------------------- subgroups

#: A cell under this many people is not shown, so that no one can be singled out.
SMALLEST_CELL = 5
SUPPRESSED = "< 5"


def subgroups_of(participants: QuerySet[Participant]) -> dict[str, dict[int, str]]:
    """Each participant's group, per breakdown: gender, region of origin (the UN M49 region of the country of
    origin: single countries make groups too small to show), education level, Danish level, municipality."""
    people = participants.select_related("municipality")
    danish = dict(
        ParticipantLanguage.objects.filter(participant__in=participants, language="da").values_list(
            "participant", "level"
        )
    )
    education = dict(EducationLevel.choices)
    genders = dict(Participant.Gender.choices)
    region_of = reference_data.regions()
    groups: dict[str, dict[int, str]] = {key: {} for key in SUBGROUPS}
    for p in people:
        region = region_of.get(p.country_of_origin_id)
        groups["gender"][p.pk] = str(genders.get(p.gender, genders[Participant.Gender.NOT_STATED]))
        groups["region"][p.pk] = (
            in_page_language({"da": region.name_da, "en": region.name_en}) if region else str(_("not known"))
        )
        groups["education"][p.pk] = str(education.get(p.education_level, p.education_level))
        groups["danish"][p.pk] = danish.get(p.pk) or str(_("no Danish"))
        groups["municipality"][p.pk] = p.municipality.name
    return groups


#: The breakdowns of the subgroup table, in the order shown.
SUBGROUPS = ("gender", "region", "education", "danish", "municipality")


def subgroup_table(groups: dict[str, dict[int, str]], positive: set[int], *, noun: str) -> Table:
    """Counted and "in job, education or internship" per subgroup, every breakdown in one table. A cell under
    :data:`SMALLEST_CELL` people is suppressed, and so is what would give it away: the share of a group whose
    count or remainder is under it, and, where only one group of a breakdown is suppressed, the next smallest."""
    titles = {"gender": _("Gender"), "region": _("Region of origin"), "education": _("Education level"),
              "danish": _("Danish level"), "municipality": _("Municipality")}  # fmt: skip
    rows = []
    for key, members in groups.items():
        counts: dict[str, list[int]] = {}
        for pk, group in members.items():
            cell = counts.setdefault(group, [0, 0])
            cell[0] += 1
            cell[1] += pk in positive
        small = {g for g, (n, _p) in counts.items() if n < SMALLEST_CELL}
        if len(small) == 1 and len(counts) > 1:  # the total would give the one suppressed group away
            small.add(min((g for g in counts if g not in small), key=lambda g: (counts[g][0], g)))
        hidden = small | {g for g, (n, p) in counts.items() if p < SMALLEST_CELL or n - p < SMALLEST_CELL}
        if len(hidden) == 1 and len(counts) > 1:  # the headline's total would give the one hidden count away
            hidden.add(min((g for g in counts if g not in hidden), key=lambda g: (counts[g][1], g)))
        for group in sorted(counts, key=lambda g: (-counts[g][0], g)):
            n, p = counts[group]
            if group in small:
                rows.append(Row((titles[key], group, SUPPRESSED, SUPPRESSED, "–")))
            elif group in hidden:
                rows.append(Row((titles[key], group, n, SUPPRESSED, "–")))
            else:
                rows.append(Row((titles[key], group, n, p, show_percent(p, n))))
    return Table(
        key="subgroups",
        title=_("Subgroups"),
        headers=(_("Breakdown"), _("Group"), noun, _("In job, education or internship"), _("Share")),
        rows=tuple(rows),
        note=_(
            "Groups and counts under %(n)s people are shown as “< 5”, and so is a count that would give one away, "
            "so that no one can be singled out."
        )
        % {"n": SMALLEST_CELL},
    )


def years_table(lines: list[tuple[int, OutcomeFigures]], *, noun: str) -> Table:
    """The trend across years: each year's cohorts (by their start) together, the outcome share counted as in
    the headline."""
    by_year: dict[int, OutcomeFigures] = {}
    for year, figures in lines:
        by_year[year] = by_year[year] + figures if year in by_year else figures
    rows = tuple(
        Row((str(year), f.denominator, f.positive, show_percent(f.positive, f.denominator), f.not_recorded))
        for year, f in sorted(by_year.items())
    )
    return Table(
        key="years",
        title=_("Trend across years"),
        headers=(
            _("Year the cohorts started"),
            noun,
            _("In job, education or internship"),
            _("Share"),
            _("Not recorded"),
        ),  # fmt: skip
        rows=rows,
    )
