"""A programme's events: scheduling, invitations with calendar files, answers within the places there are, who came,
and a training session's attendance marking mentors trained. Only the operating NGO organises; invitees see and
answer their own invitations; everyone else gets a 404."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.events import actions
from stafet.events.models import Event, Invitation
from stafet.notifications.models import Kind, Notification
from tests.factories import MentorEnrolmentFactory, MentorFactory

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: int, hour: int, month: int = 5) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=CPH)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(at(1, 9), tick=False)


@pytest.fixture
def training(world, now):
    """A training session of programme P for two mentors not yet trained, with room for one."""
    world.trainees = [
        MentorFactory(
            first_name=name,
            organisation=world.company_c,
            training_completed_on=None,
            email=f"{name.lower()}@example.org",
        )
        for name in ("Tove", "Ulla")
    ]
    for mentor in world.trainees:
        mentor.programmes.add(world.programme_p)
    world.event = actions.schedule_event(
        programme=world.programme_p,
        kind="training",
        starts_at=at(12, 9),
        ends_at=at(12, 16),
        place="Company C",
        capacity=1,
        by=world.users["coordinator_a"],
    )
    return world


def test_the_coordinator_schedules_an_event_on_the_events_page(world, now, login):
    client = login(world.users["coordinator_a"])
    data = {
        "event-programme": world.programme_p.pk,
        "event-cohort": world.cohort_k.pk,
        "event-kind": "welcome",
        "event-date": "2026-05-20",
        "event-start": "16:00",
        "event-end": "18:00",
        "event-place": "NGO A",
        "event-capacity": "30",
    }
    response = client.post(reverse("events:schedule"), data)
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse("events:detail", args=[event.pk])
    assert (event.cohort, event.starts_at, event.capacity) == (world.cohort_k, at(20, 16), 30)
    assert AuditEvent.objects.filter(action="event.scheduled", target_id=str(event.pk)).exists()
    # Another NGO's programme is not on the form's list, and a cohort of another programme is refused.
    data |= {"event-programme": world.programme_q.pk}
    assert client.post(reverse("events:schedule"), data).status_code == 400
    data |= {"event-programme": world.programme_p.pk, "event-cohort": world.cohort_q.pk}
    assert client.post(reverse("events:schedule"), data).status_code == 400
    assert Event.objects.count() == 1


def test_inviting_the_cohort_sends_each_a_calendar_invitation_naming_only_them(world, now, login):
    event = actions.schedule_event(
        programme=world.programme_p,
        cohort=world.cohort_k,
        kind="welcome",
        starts_at=at(20, 16),
        ends_at=at(20, 18),
        place="NGO A",
        by=world.users["coordinator_a"],
    )
    world.m1.email, world.p1.email = "mads@example.org", "pia@example.org"
    world.m1.save()
    world.p1.save()
    login(world.users["coordinator_a"]).post(reverse("events:invite", args=[event.pk]), {"group": "cohort"})
    assert {(i.mentor_id, i.participant_id) for i in event.invitations.all()} == {
        (world.m1.pk, None),
        (None, world.p1.pk),
    }
    for row in Notification.objects.filter(kind=Kind.EVENT_INVITATION):
        cal = icalendar.Calendar.from_ical(row.ics)
        (vevent,) = cal.walk("VEVENT")
        assert str(cal["METHOD"]) == "REQUEST" and str(vevent["UID"]) == f"event-{event.uid}@stafet"
        assert [str(a) for a in (vevent.get("ATTENDEE"),)] == [f"mailto:{row.email}"]
    # Inviting again adds nobody.
    login(world.users["coordinator_a"]).post(reverse("events:invite", args=[event.pk]), {"group": "cohort"})
    assert event.invitations.count() == 2 and Notification.objects.filter(kind=Kind.EVENT_INVITATION).count() == 2


def test_a_change_of_time_updates_and_a_cancellation_cancels_every_invitees_calendar(world, now):
    coordinator = world.users["coordinator_a"]
    event = actions.schedule_event(
        programme=world.programme_p,
        cohort=world.cohort_k,
        kind="midway",
        starts_at=at(20, 16),
        ends_at=at(20, 18),
        place="NGO A",
        by=coordinator,
    )
    actions.invite_to_event(event=event, by=coordinator, mentors=[world.m1], participants=[world.p1])
    actions.change_event(event=event, by=coordinator, title="Midway coffee")  # no new time: nobody is told
    assert not Notification.objects.filter(kind=Kind.EVENT_CHANGED).exists()
    actions.change_event(event=event, by=coordinator, starts_at=at(21, 16), ends_at=at(21, 18))
    actions.cancel_event(event=event, by=coordinator)
    changed = Notification.objects.filter(kind=Kind.EVENT_CHANGED)
    cancelled = Notification.objects.filter(kind=Kind.EVENT_CANCELLED)
    assert changed.count() == cancelled.count() == 2
    (update,) = icalendar.Calendar.from_ical(changed.first().ics).walk("VEVENT")
    cancel = icalendar.Calendar.from_ical(cancelled.first().ics)
    assert int(update["SEQUENCE"]) == 1 and int(cancel.walk("VEVENT")[0]["SEQUENCE"]) == 2
    assert str(cancel["METHOD"]) == "CANCEL"


def test_answers_are_kept_within_the_places(training, login):
    actions.invite_to_event(event=training.event, by=training.users["coordinator_a"], mentors=training.trainees)
    first, second = training.event.invitations.order_by("pk")
    actions.answer_invitation(invitation=first, rsvp="yes", by=training.users["coordinator_a"])
    with pytest.raises(ValidationError, match="full"):
        actions.answer_invitation(invitation=second, rsvp="yes", by=training.users["coordinator_a"])
    actions.answer_invitation(invitation=first, rsvp="no", by=training.users["coordinator_a"])
    actions.answer_invitation(invitation=second, rsvp="yes", by=training.users["coordinator_a"])
    assert list(training.event.invitations.order_by("pk").values_list("rsvp", flat=True)) == ["no", "yes"]


def test_attendance_at_a_training_session_marks_the_mentors_who_came_trained(training, login, time_machine):
    coordinator = training.users["coordinator_a"]
    client = login(coordinator)
    client.post(reverse("events:invite", args=[training.event.pk]), {"group": "untrained"})
    tove, ulla = training.event.invitations.order_by("pk")
    assert {tove.mentor, ulla.mentor} == set(training.trainees)
    url = reverse("events:attendance", args=[training.event.pk])
    client.post(url, {"shown": [tove.pk, ulla.pk], "came": [tove.pk]})
    assert not Invitation.objects.filter(attended__isnull=False).exists()  # not before it has begun
    time_machine.move_to(at(12, 17), tick=False)
    client = login(coordinator)
    assert client.post(url, {"shown": [tove.pk, ulla.pk], "came": [tove.pk]}).status_code == 302
    tove.mentor.refresh_from_db()
    ulla.mentor.refresh_from_db()
    assert (tove.mentor.training_completed_on, ulla.mentor.training_completed_on) == (datetime.date(2026, 5, 12), None)
    assert AuditEvent.objects.filter(action="mentor.trained", target_id=str(tove.mentor.pk)).exists()
    # A mistake corrected: she did not come after all, and the training date this session gave her goes.
    client.post(url, {"shown": [tove.pk, ulla.pk]})
    tove.mentor.refresh_from_db()
    assert tove.mentor.training_completed_on is None
    # A mentor trained before keeps the date they had.
    ulla.mentor.training_completed_on = datetime.date(2026, 1, 5)
    ulla.mentor.save()
    client.post(url, {"shown": [tove.pk, ulla.pk], "came": [ulla.pk]})
    ulla.mentor.refresh_from_db()
    assert ulla.mentor.training_completed_on == datetime.date(2026, 1, 5)


def test_a_trained_mentor_can_then_be_matched(training, time_machine):
    from stafet.mentorships.actions import start_mentorship
    from tests.factories import ParticipantEnrolmentFactory, ParticipantFactory

    coordinator = training.users["coordinator_a"]
    (invitation,) = actions.invite_to_event(event=training.event, by=coordinator, mentors=training.trainees[:1])
    enrolment = MentorEnrolmentFactory(cohort=training.cohort_k, mentor=training.trainees[0])
    participant = ParticipantFactory()
    ParticipantEnrolmentFactory(cohort=training.cohort_k, participant=participant)
    with pytest.raises(ValidationError, match="training"):
        start_mentorship(
            cohort=training.cohort_k,
            mentor=enrolment.mentor,
            participant=participant,
            role="professional",
            by=coordinator,
        )
    time_machine.move_to(at(12, 17), tick=False)
    actions.record_attendance(event=training.event, came={invitation.pk: True}, by=coordinator)
    enrolment.mentor.refresh_from_db()
    start_mentorship(
        cohort=training.cohort_k, mentor=enrolment.mentor, participant=participant, role="professional", by=coordinator
    )


def test_a_training_session_is_for_mentors(training):
    with pytest.raises(ValidationError, match="for mentors"):
        actions.invite_to_event(event=training.event, by=training.users["coordinator_a"], participants=[training.p1])


def test_an_invitee_sees_and_answers_their_own_invitation_only(world, now, login):
    coordinator = world.users["coordinator_a"]
    event = actions.schedule_event(
        programme=world.programme_p,
        cohort=world.cohort_k,
        kind="welcome",
        starts_at=at(20, 16),
        ends_at=at(20, 18),
        place="NGO A",
        by=coordinator,
    )
    mine, theirs = actions.invite_to_event(event=event, by=coordinator, mentors=[world.m1, world.m2])
    mentor = login(world.users["mentor_user"])
    assert mentor.get(reverse("events:list")).context["invitations"].get() == mine
    assert mentor.get(reverse("events:detail", args=[event.pk])).context["invitation"] == mine
    assert mentor.post(reverse("events:answer", args=[mine.pk]), {"rsvp": "yes"}).status_code == 302
    assert mentor.post(reverse("events:answer", args=[theirs.pk]), {"rsvp": "yes"}).status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.rsvp, theirs.rsvp) == ("yes", "pending")
    assert AuditEvent.objects.filter(action="event.answered").count() == 1
    # The invitee's page does not list the other invitees.
    assert "Nina" not in mentor.get(reverse("events:detail", args=[event.pk])).content.decode()


@pytest.mark.parametrize(
    "persona", ["coordinator_b", "coordinator_idle", "caseworker_x", "contact_c", "participant_user", "outsider"]
)
def test_nobody_else_reaches_an_event_or_changes_it(world, now, login, persona):
    coordinator = world.users["coordinator_a"]
    event = actions.schedule_event(
        programme=world.programme_p,
        kind="training",
        starts_at=at(20, 9),
        ends_at=at(20, 16),
        place="NGO A",
        by=coordinator,
    )
    (invitation,) = actions.invite_to_event(event=event, by=coordinator, mentors=[world.m1])
    client = login(world.users[persona])
    before = AuditEvent.objects.count()
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    for name, data in (
        ("change", {}),
        ("cancel", {}),
        ("invite", {"group": "untrained"}),
        ("attendance", {"shown": [invitation.pk]}),
    ):
        assert client.post(reverse(f"events:{name}", args=[event.pk]), data).status_code == 404, name
    assert client.post(reverse("events:answer", args=[invitation.pk]), {"rsvp": "no"}).status_code == 404
    assert AuditEvent.objects.count() == before
    assert event not in client.get(reverse("events:list")).context.get("upcoming", [])


def test_the_organiser_cannot_invite_another_ngos_people(world, now, login):
    event = actions.schedule_event(
        programme=world.programme_p,
        kind="training",
        starts_at=at(20, 9),
        ends_at=at(20, 16),
        place="NGO A",
        by=world.users["coordinator_a"],
    )
    response = login(world.users["coordinator_a"]).post(
        reverse("events:invite", args=[event.pk]), {"mentors": [world.m2.pk]}
    )
    assert response.status_code == 404 and not event.invitations.exists()
