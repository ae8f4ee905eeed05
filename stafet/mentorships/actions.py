"""Workflows of a mentorship: start, meetings, follow-up calls, escalations, closing."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.mentorships import notices
from stafet.mentorships.models import Escalation, FollowUpCall, Meeting, Mentorship, PlannedMeeting
from stafet.notifications.models import Kind
from stafet.organisations.models import User
from stafet.people.models import Mentor, Participant
from stafet.programmes.models import Cohort, MentorEnrolment, Programme


def follow_up_dates(start: datetime.date, months: int) -> list[datetime.date]:
    """Twice in the first month (after one and three weeks), then monthly to the end.

    >>> [d.isoformat() for d in follow_up_dates(datetime.date(2026, 1, 5), 3)]
    ['2026-01-12', '2026-01-26', '2026-02-05', '2026-03-05', '2026-04-05']
    """
    dates = [start + datetime.timedelta(days=7), start + datetime.timedelta(days=21)]
    for month in range(1, months + 1):
        year, index = divmod(start.month - 1 + month, 12)
        dates.append(_same_day(start.year + year, index + 1, start.day))
    return dates


def _same_day(year: int, month: int, day: int) -> datetime.date:
    for d in (day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def start_mentorship(
    *,
    cohort: Cohort,
    mentor: Mentor,
    participant: Participant,
    role: str,
    by: User,
    started_on: datetime.date | None = None,
    status: str = Mentorship.Status.ACTIVE,
) -> Mentorship:
    """Pair a mentor and a participant in a cohort. The mentor's enrolment row is locked, and the
    database's capacity check stands behind the lock, so two coordinators can never overfill a mentor."""
    if not mentor.is_trained:
        raise ValidationError(_("%(m)s has not completed the mentor training.") % {"m": mentor})
    enrolment = MentorEnrolment.objects.select_for_update().filter(cohort=cohort, mentor=mentor).first()
    if enrolment is None or enrolment.status != MentorEnrolment.Status.ENROLLED:
        raise ValidationError(_("%(m)s is not enrolled in %(c)s.") % {"m": mentor, "c": cohort})
    if enrolment.free_places <= 0:
        raise ValidationError(_("%(m)s has no free place (capacity %(n)s).") % {"m": mentor, "n": enrolment.capacity})
    try:
        # The database counts the mentor's place (a trigger on the mentorship table) and refuses to overfill it.
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                cohort=cohort,
                mentor=mentor,
                participant=participant,
                role=role,
                status=status,
                started_on=started_on or (cohort.start_date if status == Mentorship.Status.ACTIVE else None),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(p)s already has an open %(role)s mentorship in this cohort, or the mentor is full.")
            % {"p": participant, "role": Mentorship.Role(role).label}
        ) from error
    _schedule_follow_ups(mentorship, mentorship.started_on or cohort.start_date)
    record(actor=by, action="mentorship.started", target=mentorship, role=role)
    return mentorship


def _schedule_follow_ups(mentorship: Mentorship, start: datetime.date) -> None:
    """(Re)plan the calls not yet made from ``start``; calls already made stay as they were."""
    mentorship.follow_up_calls.filter(done_on__isnull=True).delete()
    done = set(mentorship.follow_up_calls.values_list("due_on", flat=True))
    FollowUpCall.objects.bulk_create(
        FollowUpCall(mentorship=mentorship, due_on=day)
        for day in follow_up_dates(start, mentorship.cohort.programme.duration_months)
        if day not in done
    )


@transaction.atomic
def change_mentorship_status(*, mentorship: Mentorship, status: str, by: User) -> Mentorship:
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if status == Mentorship.Status.CLOSED:
        raise ValidationError(_("Close a mentorship with a reason."))
    old = mentorship.transition_to(status)
    if status == Mentorship.Status.ACTIVE and mentorship.started_on is None:
        # A planned pair that starts (early or late) gets its follow-up calls from the day it really starts.
        mentorship.started_on = timezone.localdate()
        _schedule_follow_ups(mentorship, mentorship.started_on)
    mentorship.save(update_fields=["status", "started_on"])
    record(actor=by, action="mentorship.status", target=mentorship, old=old, new=status)
    return mentorship


@transaction.atomic
def close_mentorship(
    *, mentorship: Mentorship, reason: str, ended_on: datetime.date, by: User, note: str = ""
) -> Mentorship:
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if reason not in Mentorship.ClosingReason.values:
        raise ValidationError({"reason": _("Choose a closing reason.")})
    if mentorship.started_on and ended_on < mentorship.started_on:
        raise ValidationError(
            {"ended_on": _("The end cannot be before the start (%(d)s).") % {"d": mentorship.started_on}}
        )
    old = mentorship.transition_to(Mentorship.Status.CLOSED)
    mentorship.closing_reason, mentorship.ended_on, mentorship.closing_note = reason, ended_on, note
    mentorship.save(update_fields=["status", "closing_reason", "ended_on", "closing_note"])  # frees the place
    # Calls planned after the end will not be made.
    mentorship.follow_up_calls.filter(done_on__isnull=True, due_on__gt=ended_on).delete()
    record(actor=by, action="mentorship.closed", target=mentorship, old=old, reason=reason)
    for planned in mentorship.planned_meetings.filter(status=PlannedMeeting.Status.PLANNED):
        cancel_planned_meeting(planned=planned, by=by)  # both get the calendar cancellation
    return mentorship


def check_venue(programme: Programme, venue: str) -> None:
    """Refuse a venue the programme does not allow, with the programme's reason (logged and planned meetings)."""
    if venue in programme.refused_venues:
        raise ValidationError(
            {"venue": programme.shown_venue_rule_reason or _("This programme does not allow meetings there.")}
        )
    if venue not in Programme.Venue.values:
        raise ValidationError({"venue": _("Unknown venue.")})


@transaction.atomic
def log_meeting(
    *,
    mentorship: Mentorship,
    date: datetime.date,
    hours: Decimal | float,
    venue: str,
    topics: list[str],
    by: User,
    venue_detail: str = "",
    note: str = "",
    note_private: bool = False,
) -> Meeting:
    check_venue(mentorship.cohort.programme, venue)
    unknown = sorted(set(topics) - set(Meeting.Topic.values))
    if unknown:
        raise ValidationError({"topics": _("Unknown topics: %(t)s") % {"t": ", ".join(unknown)}})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A meeting cannot be logged before it has happened.")})
    if mentorship.started_on and date < mentorship.started_on:
        raise ValidationError({"date": _("The mentorship started on %(d)s.") % {"d": mentorship.started_on}})
    if not mentorship.is_open and not (mentorship.ended_on and date <= mentorship.ended_on):
        raise ValidationError(_("The mentorship is closed."))
    meeting = Meeting(
        mentorship=mentorship,
        date=date,
        hours=Decimal(str(hours)),
        venue=venue,
        venue_detail=venue_detail,
        topics=sorted(set(topics)),
        note=note,
        note_private=note_private,
        logged_by=by,
    )
    meeting.full_clean(exclude=["mentorship", "logged_by"])
    meeting.save()
    record(actor=by, action="meeting.logged", target=meeting, hours=str(meeting.hours), venue=venue)
    return meeting


@transaction.atomic
def complete_follow_up(
    *, call: FollowUpCall, result: str, by: User, note: str = "", on: datetime.date | None = None
) -> FollowUpCall:
    call = FollowUpCall.objects.select_for_update().get(pk=call.pk)
    if call.done_on:
        raise ValidationError(_("This call is already recorded."))
    if result not in FollowUpCall.Result.values:
        raise ValidationError({"result": _("Choose a result.")})
    call.done_on, call.result, call.note, call.done_by = on or timezone.localdate(), result, note, by
    call.save(update_fields=["done_on", "result", "note", "done_by"])
    record(actor=by, action="follow_up.done", target=call, result=result)
    return call


@transaction.atomic
def raise_escalation(
    *, mentorship: Mentorship, topic: str, urgency: str, text: str, by: User, language: str = ""
) -> Escalation:
    """A mentor's (or a participant's, in ``language``) call for help to the programme's coordinators."""
    if not text.strip():
        raise ValidationError({"text": _("Say what happened.")})
    escalation = Escalation(
        mentorship=mentorship, topic=topic, urgency=urgency, text=text.strip(), raised_by=by, language=language
    )
    escalation.full_clean(exclude=["mentorship", "raised_by"])
    escalation.save()
    record(actor=by, action="escalation.raised", target=escalation, topic=topic, urgency=urgency, language=language)
    notices.escalation_raised(escalation)
    return escalation


@transaction.atomic
def resolve_escalation(*, escalation: Escalation, note: str, by: User) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not note.strip():
        raise ValidationError({"resolution_note": _("Write how it was resolved.")})
    escalation.transition_to(Escalation.Status.RESOLVED)
    escalation.resolution_note, escalation.resolved_by, escalation.resolved_at = (
        note.strip(),
        by,
        timezone.now(),
    )
    escalation.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
    record(actor=by, action="escalation.resolved", target=escalation)
    notices.escalation_changed(escalation, Kind.ESCALATION_RESOLVED, by)
    return escalation


@transaction.atomic
def take_escalation(*, escalation: Escalation, by: User) -> Escalation:
    """A coordinator takes an open escalation (in progress), so colleagues see it is being handled."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    old = escalation.transition_to(Escalation.Status.IN_PROGRESS)
    escalation.taken_by, escalation.taken_at = by, timezone.now()
    escalation.save(update_fields=["status", "taken_by", "taken_at"])
    record(actor=by, action="escalation.taken", target=escalation, old=old)
    notices.escalation_changed(escalation, Kind.ESCALATION_TAKEN, by)
    return escalation


# ---------------------------------------------------------------------------------------------------------
# Planning the next meeting: both people get a calendar invitation, then its updates or its cancellation.


def _check_plan(mentorship: Mentorship, starts_at: datetime.datetime, hours: Decimal | float, venue: str) -> None:
    if not mentorship.is_open:
        raise ValidationError(_("The mentorship is closed."))
    check_venue(mentorship.cohort.programme, venue)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Plan the meeting for a time still to come.")})
    if not Decimal("0.5") <= Decimal(str(hours)) <= 12:
        raise ValidationError({"hours": _("A meeting lasts from half an hour to 12 hours.")})


@transaction.atomic
def plan_meeting(
    *,
    mentorship: Mentorship,
    starts_at: datetime.datetime,
    hours: Decimal | float,
    venue: str,
    by: User,
    venue_detail: str = "",
    note: str = "",
) -> PlannedMeeting:
    """Plan the next meeting; mentor and participant are sent a calendar invitation."""
    _check_plan(mentorship, starts_at, hours, venue)
    planned = PlannedMeeting.objects.create(
        mentorship=mentorship,
        starts_at=starts_at,
        hours=Decimal(str(hours)),
        venue=venue,
        venue_detail=venue_detail.strip(),
        note=note.strip(),
        planned_by=by,
    )
    record(actor=by, action="meeting.planned", target=planned, starts_at=starts_at.isoformat(), venue=venue)
    notices.meeting_planned(planned, Kind.MEETING_PLANNED, by)
    return planned


def _planned(planned: PlannedMeeting) -> PlannedMeeting:
    planned = PlannedMeeting.objects.select_for_update().select_related("mentorship").get(pk=planned.pk)
    if planned.status != PlannedMeeting.Status.PLANNED:
        raise ValidationError(_("This meeting is no longer planned (%(s)s).") % {"s": planned.get_status_display()})
    return planned


@transaction.atomic
def change_planned_meeting(
    *,
    planned: PlannedMeeting,
    starts_at: datetime.datetime,
    hours: Decimal | float,
    venue: str,
    by: User,
    venue_detail: str = "",
    note: str = "",
) -> PlannedMeeting:
    """Move or change a planned meeting; both get the calendar update (same UID, next SEQUENCE)."""
    planned = _planned(planned)
    _check_plan(planned.mentorship, starts_at, hours, venue)
    planned.starts_at, planned.hours, planned.venue = starts_at, Decimal(str(hours)), venue
    planned.venue_detail, planned.note = venue_detail.strip(), note.strip()
    planned.sequence += 1
    planned.save()
    record(actor=by, action="meeting.plan_changed", target=planned, starts_at=starts_at.isoformat(), venue=venue)
    notices.meeting_planned(planned, Kind.MEETING_CHANGED, by)
    return planned


@transaction.atomic
def cancel_planned_meeting(*, planned: PlannedMeeting, by: User) -> PlannedMeeting:
    """Cancel a planned meeting; both get the calendar cancellation."""
    planned = _planned(planned)
    planned.transition_to(PlannedMeeting.Status.CANCELLED)
    planned.sequence += 1
    planned.save(update_fields=["status", "sequence"])
    record(actor=by, action="meeting.plan_cancelled", target=planned)
    notices.meeting_planned(planned, Kind.MEETING_CANCELLED, by)
    return planned


@transaction.atomic
def log_planned_meeting(
    *,
    planned: PlannedMeeting,
    by: User,
    topics: list[str] = (),  # type: ignore[assignment]
    note: str = "",
    note_private: bool = False,
    hours: Decimal | float | None = None,
) -> Meeting:
    """The planned meeting took place: log it (date, hours and venue from the plan) in one step."""
    planned = _planned(planned)
    if planned.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not taken place yet."))
    meeting = log_meeting(
        mentorship=planned.mentorship,
        date=timezone.localtime(planned.starts_at).date(),
        hours=planned.hours if hours is None else hours,
        venue=planned.venue,
        venue_detail=planned.venue_detail,
        topics=list(topics),
        note=note.strip(),
        note_private=note_private,
        by=by,
    )
    planned.transition_to(PlannedMeeting.Status.HELD)
    planned.meeting = meeting
    planned.save(update_fields=["status", "meeting"])
    record(actor=by, action="meeting.plan_held", target=planned, meeting=meeting.pk)
    return meeting
