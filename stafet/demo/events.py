"""The demo's events and planned meetings: each cohort's welcome event (and Hold 2016's closing celebration) with
who came, a mentor training session coming up for the mentors not yet trained, and the demo mentor's next
meeting. Events still to come are scheduled and invited through the actions (so the invitees' emails and calendar
files are in the outbox); the invitations to events long past are history, written directly, and their attendance
is recorded through the action."""

import datetime
import random

from django.utils import timezone

from stafet.events import actions as event_actions
from stafet.events.models import Event, Invitation
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import Mentorship
from stafet.organisations.models import User
from stafet.programmes.models import Cohort


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _place(cohort: Cohort) -> str:
    site = cohort.programme.operator.sites.first()
    return f"{cohort.programme.operator.name}, {site.address}, {site.postcode_id}" if site else cohort.programme.name


def build_events(rng: random.Random, users: dict[str, User], today: datetime.date) -> None:
    now = timezone.now()
    coordinators = {c: users[c] for c in ("koordinator", "koordinator.rk", "koordinator.pluss")}
    for cohort in Cohort.objects.filter(welcome_event_date__isnull=False).select_related("programme__operator"):
        by = next(u for u in coordinators.values() if u.organisation_id == cohort.programme.operator_id)
        _welcome(rng, cohort, by, now)
    hold_2016 = Cohort.objects.get(name="Hold 2016")
    closing = event_actions.schedule_event(
        programme=hold_2016.programme,
        cohort=hold_2016,
        kind=Event.Kind.CLOSING,
        title="Afslutning og fejring",
        starts_at=_at(datetime.date(2016, 9, 1), 16),
        ends_at=_at(datetime.date(2016, 9, 1), 19),
        place=_place(hold_2016),
        by=users["koordinator"],
    )
    _invite_past(rng, closing, hold_2016, users["koordinator"], came=0.85)
    _training(hold_2016.programme.cohorts.get(name="Hold 2027"), users["koordinator"], today)
    _next_meeting(users["mentor"], now)


def _welcome(rng: random.Random, cohort: Cohort, by: User, now: datetime.datetime) -> None:
    day = cohort.welcome_event_date
    if day is None:
        raise ValueError(f"{cohort} has no welcome event date")
    event = event_actions.schedule_event(
        programme=cohort.programme,
        cohort=cohort,
        kind=Event.Kind.WELCOME,
        starts_at=_at(day, 16),
        ends_at=_at(day, 18),
        place=_place(cohort),
        by=by,
        title=f"Velkomst: {cohort.name}",
        description="Mød din mentor og de andre på holdet. Der er kaffe og kage.",
    )
    if event.ends_at <= now:
        _invite_past(rng, event, cohort, by, came=0.9)
    else:
        mentors = [e.mentor for e in cohort.mentor_enrolments.select_related("mentor__user")]
        participants = [e.participant for e in cohort.participant_enrolments.select_related("participant__user")]
        event_actions.invite_to_event(event=event, by=by, mentors=mentors, participants=participants)


def _invite_past(rng: random.Random, event: Event, cohort: Cohort, by: User, *, came: float) -> None:
    invitations = [
        Invitation(event=event, mentor_id=m, rsvp="yes", invited_by=by, invited_at=event.created_at)
        for m in cohort.mentor_enrolments.values_list("mentor_id", flat=True)
    ]
    invitations += [
        Invitation(event=event, participant_id=p, rsvp="yes", invited_by=by, invited_at=event.created_at)
        for p in cohort.participant_enrolments.values_list("participant_id", flat=True)
    ]
    Invitation.objects.bulk_create(invitations)
    ids = event.invitations.values_list("pk", flat=True)
    event_actions.record_attendance(event=event, came={pk: rng.random() < came for pk in ids}, by=by)


def _training(cohort: Cohort, by: User, today: datetime.date) -> None:
    """A training session a week ahead for the cohort's mentors not yet trained (one has said yes)."""
    day = today + datetime.timedelta(days=7)
    event = event_actions.schedule_event(
        programme=cohort.programme,
        kind=Event.Kind.TRAINING,
        title="Mentoruddannelse",
        description="Rollen som mentor, mål, etik, afslutning, og hvor du får hjælp. Medbring frokost.",
        starts_at=_at(day, 9),
        ends_at=_at(day, 16),
        place="Nordlys IT A/S, Lyngby Hovedgade 80, 2800",
        capacity=12,
        by=by,
    )
    untrained = [
        e.mentor
        for e in cohort.mentor_enrolments.select_related("mentor__user")
        if e.mentor.training_completed_on is None
    ]
    invitations = event_actions.invite_to_event(event=event, by=by, mentors=untrained)
    if invitations:
        event_actions.answer_invitation(invitation=invitations[0], rsvp=Invitation.Rsvp.YES, by=by)


def _next_meeting(mentor_user: User, now: datetime.datetime) -> None:
    """The demo mentor has planned the next meeting with their mentee, three days ahead."""
    mentorship = Mentorship.objects.filter(mentor__user=mentor_user, role="professional").open().first()
    if mentorship is None:
        return
    day = timezone.localdate(now) + datetime.timedelta(days=3)
    mentorship_actions.plan_meeting(
        mentorship=mentorship,
        starts_at=_at(day, 15),
        hours=2,
        venue="company_site",
        venue_detail="Ballerup Data A/S, mødelokale 2",
        note="CV og jobsøgning",
        by=mentor_user,
    )
