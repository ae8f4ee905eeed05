"""The health of every pair in a cohort, for the coordinator's overview (one query for the whole cohort)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, DecimalField, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from stafet.mentorships.models import OPEN_STATUSES, Escalation, FollowUpCall, Meeting, Mentorship
from stafet.programmes.models import Cohort
from stafet.programmes.plan import plan_so_far

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# A closed pair stays on the page this long, so a coordinator sees what just ended.
RECENTLY_CLOSED_DAYS = 30
ATTENTION_SILENCE_DAYS = 14
AT_RISK_SILENCE_DAYS = 30

OK, ATTENTION, AT_RISK, CLOSED = "ok", "attention", "at_risk", "closed"
# Worst first.
FLAG_ORDER = {AT_RISK: 0, ATTENTION: 1, OK: 2, CLOSED: 3}


@dataclass
class PairHealth:
    mentorship: Mentorship
    meetings_held: int
    meetings_expected: int
    hours: Decimal
    last_contact: datetime.date | None
    days_since_contact: int | None
    open_escalations: int
    urgent_escalations: int
    overdue_calls: int
    flag: str = OK
    reasons: list[str] = field(default_factory=list)

    @property
    def flag_rank(self) -> int:
        return FLAG_ORDER[self.flag]


def flag_pair(pair: PairHealth) -> tuple[str, list[str]]:
    """The health flag of one pair and the reasons for it.

    at risk (``at_risk``) when any of:
      - an open escalation of high urgency;
      - an active pair without contact (meeting or completed follow-up call) for 30 days or more,
        counted from the start when there has been no contact at all;
      - fewer than half the meetings the plan expects to date (once at least two are expected).
    attention when any of:
      - an open or in-progress escalation;
      - a follow-up call overdue (due before today and not made);
      - two or more meetings behind the plan;
      - an active pair without contact for 14 days or more.
    ok otherwise. A closed pair is ``closed``; a paused or planned pair is not held to the meeting plan or
    the contact rules (they agreed to pause, or have not begun), but its escalations and calls still count.
    """
    m = pair.mentorship
    if m.status == Mentorship.Status.CLOSED:
        return CLOSED, []
    risk: list[str] = []
    attention: list[str] = []
    if pair.urgent_escalations:
        risk.append(_("urgent escalation open"))
    elif pair.open_escalations:
        attention.append(_("escalation open"))
    if pair.overdue_calls:
        attention.append(_("follow-up call overdue"))
    if m.status == Mentorship.Status.ACTIVE:
        silence = pair.days_since_contact
        if silence is not None and silence >= AT_RISK_SILENCE_DAYS:
            risk.append(_("no contact for %(n)s days") % {"n": silence})
        elif silence is not None and silence >= ATTENTION_SILENCE_DAYS:
            attention.append(_("no contact for %(n)s days") % {"n": silence})
        behind = pair.meetings_expected - pair.meetings_held
        if pair.meetings_expected >= 2 and pair.meetings_held * 2 < pair.meetings_expected:
            risk.append(_("fewer than half the planned meetings"))
        elif behind >= 2:
            attention.append(_("%(n)s meetings behind plan") % {"n": behind})
    if risk:
        return AT_RISK, risk + attention
    if attention:
        return ATTENTION, attention
    return OK, []


class _Figures(TypedDict):
    """What ``health_queryset`` adds to each pair."""

    meetings_held: int
    hours_held: Decimal
    last_meeting: datetime.date | None
    last_call: datetime.date | None
    overdue_calls: int
    open_escalations: int
    urgent_escalations: int


def _count(queryset: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(queryset.order_by().values("mentorship").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def health_queryset(cohort: Cohort, today: datetime.date) -> "QuerySet[WithAnnotations[Mentorship, _Figures]]":
    """The cohort's open and recently closed pairs with their figures as subqueries: each figure is its own
    subquery so that counting meetings does not multiply the calls (as joined aggregates would)."""
    meetings = Meeting.objects.filter(mentorship=OuterRef("pk"), date__lte=today)
    calls = FollowUpCall.objects.filter(mentorship=OuterRef("pk"))
    escalations = Escalation.objects.filter(mentorship=OuterRef("pk")).exclude(status=Escalation.Status.RESOLVED)
    return (
        cohort.mentorships.filter(
            Q(status__in=OPEN_STATUSES) | Q(ended_on__gte=today - datetime.timedelta(days=RECENTLY_CLOSED_DAYS))
        )
        .select_related("mentor", "participant")
        .annotate(
            meetings_held=_count(meetings),
            hours_held=Coalesce(
                Subquery(meetings.order_by().values("mentorship").annotate(h=Sum("hours")).values("h")[:1]),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=6, decimal_places=1),
            ),
            last_meeting=Subquery(meetings.order_by().values("mentorship").annotate(d=Max("date")).values("d")[:1]),
            last_call=Subquery(
                calls.filter(done_on__isnull=False)
                .order_by()
                .values("mentorship")
                .annotate(d=Max("done_on"))
                .values("d")[:1]
            ),
            overdue_calls=_count(calls.filter(done_on__isnull=True, due_on__lt=today)),
            open_escalations=_count(escalations),
            urgent_escalations=_count(escalations.filter(urgency=Escalation.Urgency.HIGH)),
        )
    )


def cohort_health(cohort: Cohort, *, today: datetime.date) -> list[PairHealth]:
    """One ``PairHealth`` per open (or recently closed) pair of ``cohort``, worst first."""
    programme = cohort.programme
    pairs = []
    for m in health_queryset(cohort, today):
        contacts = [d for d in (m.last_meeting, m.last_call) if d is not None]
        last_contact = max(contacts) if contacts else None
        since = last_contact or m.started_on
        pair = PairHealth(
            mentorship=m,
            meetings_held=m.meetings_held,
            meetings_expected=plan_so_far(programme, m.started_on, m.ended_on, today).meetings,
            hours=m.hours_held,
            last_contact=last_contact,
            days_since_contact=(today - since).days if since and since <= today else None,
            open_escalations=m.open_escalations,
            urgent_escalations=m.urgent_escalations,
            overdue_calls=m.overdue_calls,
        )
        pair.flag, pair.reasons = flag_pair(pair)
        pairs.append(pair)
    pairs.sort(key=lambda p: (p.flag_rank, -(p.days_since_contact or 0), str(p.mentorship.participant)))
    return pairs
