"""Planning the next meeting: the programme's venue rule, calendar invitations to both people (one UID, a growing
SEQUENCE, REQUEST then CANCEL), and the planned meeting logged in one step once it has taken place."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.mentorships.actions import close_mentorship
from stafet.mentorships.models import Meeting, PlannedMeeting
from stafet.notifications import delivery
from stafet.notifications.models import Kind, Notification

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def pair(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 1, 10, tzinfo=CPH), tick=False)
    world.m1.email, world.p1.email = "mads@example.org", "pia@example.org"
    world.m1.save()
    world.p1.save()
    world.users["participant_user"].preferred_language = "en"
    world.users["participant_user"].save()
    return world


def plan_data(**changes) -> dict:
    data = {
        "plan-date": "2026-04-08",
        "plan-time": "15:00",
        "plan-hours": "2",
        "plan-venue": "company_site",
        "plan-venue_detail": "Room 2",
        "plan-note": "CV",
    }
    return data | changes


def calendar(notification: Notification) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(notification.ics)


def only_event(cal: icalendar.Calendar) -> icalendar.Event:
    (event,) = cal.walk("VEVENT")
    return event


def test_the_mentor_plans_and_both_get_a_calendar_invitation(pair, login):
    response = login(pair.users["mentor_user"]).post(
        reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data()
    )
    assert response.status_code == 302
    planned = PlannedMeeting.objects.get()
    assert planned.starts_at == datetime.datetime(2026, 4, 8, 15, tzinfo=CPH)
    assert AuditEvent.objects.filter(action="meeting.planned", target_id=str(planned.pk)).exists()
    rows = Notification.objects.filter(kind=Kind.MEETING_PLANNED)
    assert set(rows.values_list("recipient__username", flat=True)) == {"mentor_user", "participant_user"}
    for row in rows:
        cal = calendar(row)
        event = only_event(cal)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == f"meeting-{planned.uid}@stafet" and int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == datetime.datetime(2026, 4, 8, 13, tzinfo=datetime.UTC)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
        assert {str(a) for a in event["ATTENDEE"]} == {"mailto:mads@example.org", "mailto:pia@example.org"}
        assert "Room 2" in str(event["LOCATION"])
    # Sent as an attachment that calendar programs recognise, each in the recipient's language.
    delivery.deliver_due()
    attachments = {m.to[0]: m.attachments[0] for m in mail.outbox}
    assert attachments["pia@example.org"][2].startswith("text/calendar; method=REQUEST")
    assert "Mentor meeting" in attachments["pia@example.org"][1]
    assert "Mentormøde" in attachments["mads@example.org"][1]


def test_a_venue_the_programme_refuses_is_refused_with_its_reason(pair, login):
    response = login(pair.users["mentor_user"]).post(
        reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data(**{"plan-venue": "participant_home"})
    )
    assert response.status_code == 400
    assert "Meetings take place at the company." in response.content.decode()
    assert not PlannedMeeting.objects.exists() and not Notification.objects.exists()


def test_a_meeting_cannot_be_planned_in_the_past(pair, login):
    response = login(pair.users["mentor_user"]).post(
        reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data(**{"plan-date": "2026-03-30"})
    )
    assert response.status_code == 400 and not PlannedMeeting.objects.exists()


def test_a_change_and_a_cancellation_keep_the_uid_and_raise_the_sequence(pair, login):
    client = login(pair.users["mentor_user"])
    client.post(reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data())
    planned = PlannedMeeting.objects.get()
    moved = {f"p{planned.pk}-{k.removeprefix('plan-')}": v for k, v in plan_data(**{"plan-time": "16:30"}).items()}
    assert client.post(reverse("mentorships:change_planned", args=[planned.pk]), moved).status_code == 302
    assert client.post(reverse("mentorships:cancel_planned", args=[planned.pk])).status_code == 302
    planned.refresh_from_db()
    assert (planned.status, planned.sequence) == (PlannedMeeting.Status.CANCELLED, 2)
    changed = only_event(calendar(Notification.objects.filter(kind=Kind.MEETING_CHANGED).first()))
    cancel_cal = calendar(Notification.objects.filter(kind=Kind.MEETING_CANCELLED).first())
    cancelled = only_event(cancel_cal)
    assert str(changed["UID"]) == str(cancelled["UID"]) == f"meeting-{planned.uid}@stafet"
    assert (int(changed["SEQUENCE"]), int(cancelled["SEQUENCE"])) == (1, 2)
    assert changed.decoded("DTSTART") == datetime.datetime(2026, 4, 8, 14, 30, tzinfo=datetime.UTC)
    assert (str(cancel_cal["METHOD"]), str(cancelled["STATUS"])) == ("CANCEL", "CANCELLED")
    assert Notification.objects.filter(kind=Kind.MEETING_CANCELLED).count() == 2


def test_a_planned_meeting_that_took_place_is_logged_in_one_step(pair, login, time_machine):
    client = login(pair.users["mentor_user"])
    client.post(reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data())
    planned = PlannedMeeting.objects.get()
    held = reverse("mentorships:planned_held", args=[planned.pk])
    client.post(held, {f"h{planned.pk}-topics": ["cv"]})
    assert not Meeting.objects.exists()  # not yet: it is planned for next week
    time_machine.move_to(datetime.datetime(2026, 4, 8, 18, tzinfo=CPH), tick=False)
    client = login(pair.users["mentor_user"])  # a week later: a new session
    page = client.get(reverse("mentorships:detail", args=[pair.mentorship.pk])).content.decode()
    assert "Log it as held" in page
    assert client.post(held, {f"h{planned.pk}-topics": ["cv", "network"]}).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.hours, meeting.venue, meeting.venue_detail, meeting.topics) == (
        datetime.date(2026, 4, 8),
        2,
        "company_site",
        "Room 2",
        ["cv", "network"],
    )
    planned.refresh_from_db()
    assert (planned.status, planned.meeting) == (PlannedMeeting.Status.HELD, meeting)


def test_closing_the_mentorship_cancels_its_planned_meetings(pair, login):
    login(pair.users["mentor_user"]).post(reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data())
    close_mentorship(
        mentorship=pair.mentorship,
        reason="completed",
        ended_on=datetime.date(2026, 4, 1),
        by=pair.users["coordinator_a"],
    )
    assert PlannedMeeting.objects.get().status == PlannedMeeting.Status.CANCELLED
    assert Notification.objects.filter(kind=Kind.MEETING_CANCELLED).count() == 2


def test_the_participant_sees_the_plan_but_only_the_pairs_mentor_and_its_staff_change_it(pair, login):
    login(pair.users["mentor_user"]).post(reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data())
    planned = PlannedMeeting.objects.get()
    page = login(pair.users["participant_user"]).get(reverse("mentorships:detail", args=[pair.mentorship.pk]))
    assert "Room 2" in page.content.decode() and "Cancel the meeting" not in page.content.decode()
    for persona in ("participant_user", "caseworker_x", "coordinator_b", "outsider", "contact_c"):
        client = login(pair.users[persona])
        assert (
            client.post(reverse("mentorships:plan_meeting", args=[pair.mentorship.pk]), plan_data()).status_code == 404
        ), persona
        for name in ("change_planned", "cancel_planned", "planned_held"):
            assert client.post(reverse(f"mentorships:{name}", args=[planned.pk])).status_code == 404, (persona, name)
    assert (
        login(pair.users["coordinator_a"]).post(reverse("mentorships:cancel_planned", args=[planned.pk])).status_code
        == 302
    )
    assert PlannedMeeting.objects.count() == 1
