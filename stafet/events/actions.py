"""Workflows of a programme's events: schedule, change, cancel, invite, answer, record who came.

Each runs in one transaction, writes its audit record, and tells the invitees through the outbox (with a calendar
file that keeps one UID through every change). Recording attendance at a training session marks the mentors who
came as trained.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.events import notices
from stafet.events.models import Event, Invitation
from stafet.notifications.models import Kind
from stafet.organisations.models import User
from stafet.people.models import Mentor, Participant
from stafet.programmes.actions import record_training
from stafet.programmes.models import Cohort, Programme

EDITABLE = ("kind", "title", "description", "starts_at", "ends_at", "place", "capacity", "cohort")


def _check(event: Event) -> None:
    if event.cohort_id and event.cohort.programme_id != event.programme_id:
        raise ValidationError({"cohort": _("The cohort belongs to another programme.")})
    if event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("The event ends after it starts.")})
    if event.kind not in Event.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of event.")})
    if not event.place.strip():
        raise ValidationError({"place": _("Say where the event is.")})
    if event.capacity is not None and event.capacity < 1:
        raise ValidationError({"capacity": _("An event has at least one place, or no limit.")})


@transaction.atomic
def schedule_event(
    *,
    programme: Programme,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    by: User,
    cohort: Cohort | None = None,
    title: str = "",
    description: str = "",
    capacity: int | None = None,
) -> Event:
    """Schedule an event of a programme (of one of its cohorts, if ``cohort``). A training session
    (``kind="training"``) is usually the programme's, for mentors of any cohort."""
    event = Event(
        programme=programme,
        cohort=cohort,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        capacity=capacity,
        created_by=by,
    )
    _check(event)
    event.save()
    record(actor=by, action="event.scheduled", target=event, kind=kind, starts_at=starts_at.isoformat())
    return event


def _locked(event: Event) -> Event:
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("programme__operator", "cohort").get(pk=event.pk)
    )
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is cancelled."))
    return event


def _going(event: Event) -> int:
    return event.invitations.filter(rsvp=Invitation.Rsvp.YES).count()


@transaction.atomic
def change_event(*, event: Event, by: User, **changes: object) -> Event:
    """Change an event's time, place, texts or places; when the time or place changes, every invitee gets the
    calendar update."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    event = _locked(event)
    before = (event.starts_at, event.ends_at, event.place)
    for name, value in changes.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    _check(event)
    going = _going(event)
    if event.capacity is not None and event.capacity < going:
        raise ValidationError(
            {"capacity": _("%(n)s have said they are coming; there cannot be fewer places.") % {"n": going}}
        )
    moved = (event.starts_at, event.ends_at, event.place) != before
    if moved:
        event.sequence += 1
    event.save()
    record(actor=by, action="event.changed", target=event, fields=sorted(changes), moved=moved)
    if moved:
        notices.event_invitations(_invitees(event), Kind.EVENT_CHANGED, f"event:{event.pk}:{event.sequence}")
    return event


@transaction.atomic
def cancel_event(*, event: Event, by: User) -> Event:
    event = _locked(event)
    event.transition_to(Event.Status.CANCELLED)
    event.sequence += 1
    event.save(update_fields=["status", "sequence"])
    record(actor=by, action="event.cancelled", target=event)
    notices.event_invitations(_invitees(event), Kind.EVENT_CANCELLED, f"event:{event.pk}:cancelled")
    return event


def _invitees(event: Event) -> list[Invitation]:
    """Everyone invited who has not said no, with the event attached (so each message costs no query)."""
    invitations = list(
        event.invitations.exclude(rsvp=Invitation.Rsvp.NO).select_related("mentor__user", "participant__user")
    )
    for invitation in invitations:
        invitation.event = event
    return invitations


@transaction.atomic
def invite_to_event(
    *, event: Event, by: User, mentors: Iterable[Mentor] = (), participants: Iterable[Participant] = ()
) -> list[Invitation]:
    """Invite people (those already invited are skipped); each new invitee gets the invitation with a calendar
    file. Returns the new invitations."""
    event = _locked(event)
    if event.ends_at <= timezone.now():
        raise ValidationError(_("The event is over; record who came instead."))
    mentors, participants = list(mentors), list(participants)
    if event.is_training and participants:
        raise ValidationError(_("A training session is for mentors."))
    invited = event.invitations.filter(Q(mentor__in=mentors) | Q(participant__in=participants))
    have = {(i.mentor_id, i.participant_id) for i in invited}
    new = [Invitation(event=event, mentor=m, invited_by=by) for m in mentors if (m.pk, None) not in have]
    new += [Invitation(event=event, participant=p, invited_by=by) for p in participants if (None, p.pk) not in have]
    for invitation in new:
        invitation.save()
        invitation.event = event
    if new:
        record(
            actor=by,
            action="event.invited",
            target=event,
            mentors=[i.mentor_id for i in new if i.mentor_id],
            participants=[i.participant_id for i in new if i.participant_id],
        )
        notices.event_invitations(new, Kind.EVENT_INVITATION, f"event:{event.pk}:invited")
    return new


@transaction.atomic
def answer_invitation(*, invitation: Invitation, rsvp: str, by: User) -> Invitation:
    """The invitee's answer (or the coordinator's, taken on the phone). A place is refused when the event is
    full: the event row is locked, so two people cannot take its last place."""
    if rsvp not in (Invitation.Rsvp.YES, Invitation.Rsvp.NO):
        raise ValidationError({"rsvp": _("Answer yes or no.")})
    event = _locked(invitation.event)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if event.ends_at <= timezone.now():
        raise ValidationError(_("The event is over."))
    taking_a_place = rsvp == Invitation.Rsvp.YES and invitation.rsvp != Invitation.Rsvp.YES
    if taking_a_place and event.capacity is not None and _going(event) >= event.capacity:
        raise ValidationError(_("The event is full (%(n)s places).") % {"n": event.capacity})
    old = invitation.rsvp
    invitation.rsvp, invitation.rsvp_at = rsvp, timezone.now()
    invitation.save(update_fields=["rsvp", "rsvp_at"])
    record(actor=by, action="event.answered", target=event, invitation=invitation.pk, old=old, new=rsvp)
    return invitation


@transaction.atomic
def record_attendance(*, event: Event, came: Mapping[int, bool], by: User) -> Event:
    """Record who came (invitation id → came or not). At a training session, each mentor who came is marked
    trained on the session's date (unless already trained); a mentor marked as not having come after all loses
    the training date this session gave them, unless another session they came to stands behind it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is cancelled."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the event has begun."))
    invitations = {i.pk: i for i in event.invitations.select_related("mentor").filter(pk__in=list(came))}
    if set(came) - set(invitations):
        raise ValidationError(_("Only invited people's attendance can be recorded."))
    changed = []
    for pk, value in came.items():
        invitation = invitations[pk]
        if invitation.attended is value:
            continue
        invitation.attended, invitation.attendance_recorded_at = value, timezone.now()
        invitation.save(update_fields=["attended", "attendance_recorded_at"])
        changed.append(pk)
        if event.is_training and invitation.mentor_id:
            _training_follows_attendance(invitation.mentor, event, value, by)
    if changed:
        record(
            actor=by,
            action="event.attendance",
            target=event,
            came=[pk for pk in changed if came[pk]],
            absent=[pk for pk in changed if not came[pk]],
        )
    return event


def _training_follows_attendance(mentor: Mentor, event: Event, came: bool, by: User) -> None:
    day = event.local_date
    if came and mentor.training_completed_on is None:
        record_training(mentor=mentor, completed_on=day, by=by)
    elif not came and mentor.training_completed_on == day:
        other = Invitation.objects.filter(
            mentor=mentor, attended=True, event__kind=Event.Kind.TRAINING, event__status=Event.Status.SCHEDULED
        ).exclude(event=event)
        if not any(i.event.local_date == day for i in other.select_related("event")):
            mentor.training_completed_on = None
            mentor.save(update_fields=["training_completed_on"])
            record(actor=by, action="mentor.training_withdrawn", target=mentor, event=event.pk)
