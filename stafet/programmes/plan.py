"""A programme's meeting plan, and how much of it a pair should have met by a given day: decided here once, for
every page and report that shows it (the pair's page, pair health, the mentor's overview, the report).

The plan is ``meetings_per_month`` and ``hours_per_month`` for ``duration_months`` from the day the mentorship
started. Months are calendar months: a pair that started on 1 March has run one month on 1 April and six on
1 September, whatever the months' lengths; within a month, the days passed count as a share of that month's days.
Meetings planned so far are months × meetings a month, rounded down (a meeting is planned once its time has come);
hours planned are months × hours a month to one decimal. A share of the plan is worked out from the figures shown
(held ÷ planned, both whole numbers on the page), so a reader can check it.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol


class Plan(Protocol):
    """What a plan needs of a programme (a ``Programme``, or anything with these three)."""

    meetings_per_month: Decimal
    hours_per_month: Decimal
    duration_months: int


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months later, or the month's last day if it is shorter.

    >>> add_months(datetime.date(2026, 1, 31), 1), add_months(datetime.date(2026, 3, 1), 6)
    (datetime.date(2026, 2, 28), datetime.date(2026, 9, 1))
    """
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_run(started_on: datetime.date | None, until: datetime.date, cap: int) -> Fraction:
    """Calendar months from ``started_on`` to ``until``, at most ``cap``; 0 before the start.

    >>> months_run(datetime.date(2026, 1, 1), datetime.date(2026, 7, 1), 6)  # 181 days
    Fraction(6, 1)
    >>> months_run(datetime.date(2026, 3, 1), datetime.date(2026, 8, 29), 6)  # 181 days too
    Fraction(183, 31)
    """
    if started_on is None or until <= started_on:
        return Fraction(0)
    whole = (until.year - started_on.year) * 12 + until.month - started_on.month
    while whole > 0 and add_months(started_on, whole) > until:
        whole -= 1
    if whole >= cap:
        return Fraction(cap)
    begin, end = add_months(started_on, whole), add_months(started_on, whole + 1)
    return Fraction(whole) + Fraction((until - begin).days, (end - begin).days)


@dataclass(frozen=True)
class PlanSoFar:
    """What the plan asks of a pair by a day: the months run, the meetings (whole) and hours planned."""

    months: Fraction
    meetings: int
    hours: Decimal


def plan_for(programme: Plan, months: Fraction) -> PlanSoFar:
    """The plan for ``months`` of a mentorship in ``programme``."""
    meetings = math.floor(months * Fraction(programme.meetings_per_month))
    hours_exact = months * Fraction(programme.hours_per_month)
    hours = (Decimal(hours_exact.numerator) / Decimal(hours_exact.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return PlanSoFar(months, meetings, hours)


def plan_so_far(
    programme: Plan, started_on: datetime.date | None, ended_on: datetime.date | None, today: datetime.date
) -> PlanSoFar:
    """The plan from the start until ``today``, or until the mentorship ended if it has.

    >>> from types import SimpleNamespace as Programme
    >>> corps = Programme(meetings_per_month=Decimal(2), hours_per_month=Decimal(4), duration_months=6)
    >>> plan_so_far(corps, datetime.date(2026, 1, 1), None, datetime.date(2026, 7, 1)).meetings
    12
    >>> plan_so_far(corps, datetime.date(2026, 3, 1), None, datetime.date(2026, 8, 29)).meetings
    11
    """
    until = min(today, ended_on) if ended_on else today
    return plan_for(programme, months_run(started_on, until, programme.duration_months))


def whole_plan(programme: Plan) -> PlanSoFar:
    """The plan for the whole duration (12 meetings and 24 hours for 2 and 4 a month over six months)."""
    return plan_for(programme, Fraction(programme.duration_months))


def share_of_plan(held: int, planned: int) -> int | None:
    """Meetings held as a whole percentage of those planned, rounded half up; ``None`` when none is planned yet.

    >>> share_of_plan(2, 6), share_of_plan(11, 12), share_of_plan(1, 0)
    (33, 92, None)
    """
    if planned <= 0:
        return None
    return int((Decimal(100 * held) / planned).quantize(Decimal(1), rounding=ROUND_HALF_UP))
