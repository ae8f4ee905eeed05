"""Retention (GDPR art. 5(1)(e) and 25(2)): a participant's personal data is kept only as long as a programme
needs it, then pseudonymised.

Each programme keeps its participants' data ``Programme.retention_months`` after the last follow-up: for an
enrolment, the later of the +12 months measuring point (``outcomes.models.measuring_date``) and the last outcome
recorded in that cohort; for a referral that led to no enrolment (declined or withdrawn), its decision. A
participant is due when every programme they were in has passed its date; never while a referral awaits
screening or a mentorship is open. The daily schedule pseudonymises whoever is due (:func:`pseudonymise_due`).

The read log itself is kept ``settings.READ_LOG_MONTHS`` (6 by default, ``STAFET_READ_LOG_MONTHS``); the daily
schedule deletes older read records (:func:`purge_read_log`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stafet.audit.models import AuditEvent
from stafet.mentorships.models import Mentorship
from stafet.notifications.schedule import register_rule
from stafet.outcomes.models import Outcome, measuring_date
from stafet.people.models import Participant
from stafet.privacy.actions import pseudonymise
from stafet.privacy.models import PersonRead
from stafet.programmes.models import ParticipantEnrolment, Referral
from stafet.programmes.plan import add_months


@dataclass(frozen=True)
class Kept:
    """Why one programme keeps a participant's data, and until when."""

    programme: str
    last_follow_up: datetime.date
    months: int
    what: str

    @property
    def until(self) -> datetime.date:
        return add_months(self.last_follow_up, self.months)

    def __str__(self) -> str:
        return _("%(programme)s: %(what)s %(date)s, kept %(months)s months, until %(until)s") % {
            "programme": self.programme,
            "what": self.what,
            "date": self.last_follow_up.isoformat(),
            "months": self.months,
            "until": self.until.isoformat(),
        }


@dataclass(frozen=True)
class Retention:
    participant: Participant
    kept: tuple[Kept, ...]
    active: str  # why the data is still in use now ("" if it is not)

    @property
    def until(self) -> datetime.date | None:
        return max((k.until for k in self.kept), default=None)

    def is_due(self, today: datetime.date) -> bool:
        return not self.active and self.until is not None and self.until <= today


def retention_of(participants: QuerySet[Participant]) -> list[Retention]:
    """Each participant's retention, in a fixed number of queries however many there are."""
    people = list(participants.filter(pseudonymised_at__isnull=True).order_by("pk"))
    ids = [p.pk for p in people]
    kept: dict[int, list[Kept]] = defaultdict(list)
    last_outcome = {
        (row["participant"], row["cohort"]): row["last"]
        for row in Outcome.objects.filter(participant__in=ids)
        .values("participant", "cohort")
        .annotate(last=Max("date"))
    }
    enrolled: set[tuple[int, int]] = set()
    for e in ParticipantEnrolment.objects.filter(participant__in=ids).select_related("cohort__programme"):
        programme = e.cohort.programme
        enrolled.add((e.participant_id, programme.pk))
        follow_up = measuring_date(e.cohort, Outcome.Measured.PLUS_12)
        follow_up = max(follow_up, last_outcome.get((e.participant_id, e.cohort_id), follow_up))
        kept[e.participant_id].append(Kept(programme.name, follow_up, programme.retention_months, _("last follow-up")))
    pending: set[int] = set()
    for r in Referral.objects.filter(participant__in=ids).select_related("programme"):
        if r.status == Referral.Status.PENDING:
            pending.add(r.participant_id)
        elif (r.participant_id, r.programme_id) not in enrolled:
            decided = timezone.localdate(r.decided_at) if r.decided_at else r.referred_on
            kept[r.participant_id].append(
                Kept(r.programme.name, decided, r.programme.retention_months, _("referral closed"))
            )
    open_pairs = set(Mentorship.objects.open().filter(participant__in=ids).values_list("participant", flat=True))
    return [
        Retention(
            participant=p,
            kept=tuple(sorted(kept[p.pk], key=lambda k: k.until)),
            active=_("a mentorship is open")
            if p.pk in open_pairs
            else _("a referral awaits screening")
            if p.pk in pending
            else "",
        )
        for p in people
    ]


def due_for_pseudonymisation(participants: QuerySet[Participant], today: datetime.date) -> list[Retention]:
    return [r for r in retention_of(participants) if r.is_due(today)]


def pseudonymise_due(today: datetime.date) -> int:
    """The daily rule: pseudonymise every participant whose retention has run out; each erasure is on the audit
    trail (``participant.pseudonymised``, reason "retention"). Returns how many."""
    due = due_for_pseudonymisation(Participant.objects.all(), today)
    for retention in due:
        pseudonymise(person=retention.participant, by=None, reason="retention")
    return len(due)


def read_log_kept_since(today: datetime.date) -> datetime.datetime:
    """The oldest moment the read log still keeps: the start of the same day ``READ_LOG_MONTHS`` months ago."""
    first_day = add_months(today, -settings.READ_LOG_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


@transaction.atomic
def purge_read_log(today: datetime.date) -> int:
    """The daily rule: delete the read records older than the read log's retention, in one statement, and put
    how many on the audit trail (``read_log.purged``). A second run the same day deletes and records nothing.
    Returns how many were deleted."""
    kept_since = read_log_kept_since(today)
    deleted, _by_model = PersonRead.objects.filter(at__lt=kept_since).delete()
    if deleted:
        # About the read log as a whole, not one object: written here rather than by ``audit.record``, which
        # names one object.
        AuditEvent.objects.create(
            action="read_log.purged",
            target_type=PersonRead._meta.label_lower,
            target_id="",
            target_repr="read log",
            details={"deleted": deleted, "before": kept_since.isoformat(), "months": settings.READ_LOG_MONTHS},
        )
    return deleted


register_rule("retention", pseudonymise_due)
register_rule("read_log_retention", purge_read_log)
