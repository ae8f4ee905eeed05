"""Running a mentorship: logging meetings, status changes and closing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from stafet.audit.models import AuditEvent
from stafet.mentorships.models import Meeting, Mentorship
from stafet.programmes.models import MentorEnrolment

MEETING = {"date": "2026-03-10", "hours": "2", "venue": "company_site", "topics": ["cv", "network"]}


def _log(client, world, **changes):
    return client.post(reverse("mentorships:log_meeting", args=[world.mentorship.pk]), MEETING | changes)


def test_the_mentor_logs_a_meeting_in_one_step_and_it_is_audited(world, login):
    response = _log(login(world.users["mentor_user"]), world)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.hours, meeting.venue, meeting.topics) == (Decimal("2.0"), "company_site", ["cv", "network"])
    assert meeting.logged_by == world.users["mentor_user"]
    assert AuditEvent.objects.filter(action="meeting.logged", target_id=str(meeting.pk)).exists()


@pytest.mark.parametrize("venue", ["municipal_office", "participant_home"])
def test_a_refused_venue_shows_the_programmes_reason_and_writes_nothing(world, login, venue):
    response = _log(login(world.users["mentor_user"]), world, venue=venue)
    assert response.status_code == 400
    assert "Meetings take place at the company." in response.content.decode()
    assert response.context["meeting_form"].errors["venue"] == ["Meetings take place at the company."]
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(action="meeting.logged").exists()


def test_an_unknown_topic_is_refused(world, login):
    response = _log(login(world.users["mentor_user"]), world, topics=["cv", "astrology"])
    assert response.status_code == 400
    assert "topics" in response.context["meeting_form"].errors
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_topic(world, login):
    response = _log(login(world.users["mentor_user"]), world, topics=[])
    assert response.context["meeting_form"].errors["topics"] == ["Tick at least one topic you worked on."]
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_future_is_refused_on_the_date(world, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _log(login(world.users["mentor_user"]), world, date=tomorrow.isoformat())
    assert "date" in response.context["meeting_form"].errors
    assert not Meeting.objects.exists()


def test_htmx_swaps_the_meetings_list_and_a_fresh_form(world, login):
    client = login(world.users["mentor_user"])
    response = client.post(
        reverse("mentorships:log_meeting", args=[world.mentorship.pk]), MEETING, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="meetings-panel"')
    assert "<html" not in html
    assert html.count("<tr>") == 2  # the header and the new meeting
    assert Meeting.objects.count() == 1


def test_htmx_refusal_comes_back_in_the_form(world, login):
    client = login(world.users["mentor_user"])
    response = client.post(
        reverse("mentorships:log_meeting", args=[world.mentorship.pk]),
        MEETING | {"venue": "participant_home"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'data-testid="error-venue"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_form_defaults_come_from_the_plan(world, login):
    response = login(world.users["mentor_user"]).get(reverse("mentorships:detail", args=[world.mentorship.pk]))
    form = response.context["meeting_form"]
    assert form.initial["date"] == timezone.localdate()
    assert form.initial["hours"] == Decimal("2.0")  # 4 hours a month over 2 meetings
    assert form.initial["venue"] == "company_site"  # m1 has a company site


@pytest.mark.parametrize("persona", ["caseworker_x", "participant_user"])
def test_those_who_only_read_do_not_see_the_form(world, login, persona):
    response = login(world.users[persona]).get(reverse("mentorships:detail", args=[world.mentorship.pk]))
    assert response.status_code == 200
    assert 'data-testid="meeting-form"' not in response.content.decode()
    assert 'data-testid="close-form"' not in response.content.decode()


def test_the_page_shows_meetings_held_against_the_plan(world, login):
    _log(login(world.users["mentor_user"]), world)
    response = login(world.users["coordinator_a"]).get(reverse("mentorships:detail", args=[world.mentorship.pk]))
    # Started 2026-03-01: the six-month plan of 12 meetings is due in full by now.
    assert (response.context["held"], response.context["expected"]) == (1, 12)


def test_the_coordinator_pauses_and_resumes(world, login):
    client = login(world.users["coordinator_a"])
    url = reverse("mentorships:status", args=[world.mentorship.pk])
    client.post(url, {"status": "paused"})
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == "paused"
    client.post(url, {"status": "active"})
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == "active"
    assert AuditEvent.objects.filter(action="mentorship.status").count() == 2


def test_an_illegal_status_change_is_refused_with_a_message(world, login):
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:status", args=[world.mentorship.pk]), {"status": "planned"}
    )
    assert response.status_code == 400
    assert response.context["status_error"]
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == "active"


def test_closing_with_a_reason_frees_the_mentors_place_and_is_audited(world, login):
    enrolment = MentorEnrolment.objects.get(cohort=world.cohort_k, mentor=world.m1)
    assert enrolment.open_mentorships == 1
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:close", args=[world.mentorship.pk]),
        {"reason": "ended_by_participant", "ended_on": "2026-06-15", "note": "Moved to Odense"},
    )
    assert response.status_code == 302
    mentorship = Mentorship.objects.get(pk=world.mentorship.pk)
    assert (mentorship.status, mentorship.closing_reason, str(mentorship.ended_on)) == (
        "closed", "ended_by_participant", "2026-06-15",
    )  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.open_mentorships == 0
    assert AuditEvent.objects.filter(action="mentorship.closed", target_id=str(mentorship.pk)).exists()
    assert not mentorship.follow_up_calls.filter(due_on__gt=mentorship.ended_on).exists()


def test_closing_needs_a_reason(world, login):
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:close", args=[world.mentorship.pk]), {"reason": "", "ended_on": "2026-06-15"}
    )
    assert response.status_code == 400
    assert response.context["close_form"].errors["reason"] == ["Choose a closing reason."]
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == "active"


def test_closing_before_the_start_is_refused_on_the_date(world, login):
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:close", args=[world.mentorship.pk]), {"reason": "completed", "ended_on": "2026-01-01"}
    )
    assert "ended_on" in response.context["close_form"].errors
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == "active"
    assert MentorEnrolment.objects.get(cohort=world.cohort_k, mentor=world.m1).open_mentorships == 1
