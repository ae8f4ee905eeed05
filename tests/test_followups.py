"""The NGO's follow-up calls: the coordinator's list of calls due and overdue, and recording a call."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stafet.audit.models import AuditEvent
from stafet.mentorships.actions import start_mentorship
from stafet.mentorships.models import FollowUpCall
from tests.factories import MentorEnrolmentFactory, ParticipantFactory


@pytest.fixture
def fresh(world):
    """A pair in Cohort K that started nine days ago: its first call (after a week) is two days overdue and
    the second (after three weeks) is due in twelve days; world.mentorship's calls are all long overdue."""
    world.m1.capacity = 2
    world.m1.save()
    MentorEnrolment = MentorEnrolmentFactory._meta.model
    MentorEnrolment.objects.filter(cohort=world.cohort_k, mentor=world.m1).update(capacity=2)
    participant = ParticipantFactory(first_name="Tariq", phone="+45 11 22 33 44")
    world.m1.phone = "+45 55 66 77 88"
    world.m1.save()
    return start_mentorship(
        cohort=world.cohort_k,
        mentor=world.m1,
        participant=participant,
        role="professional",
        by=world.users["coordinator_a"],
        started_on=timezone.localdate() - datetime.timedelta(days=9),
    )


def test_overdue_and_due_this_week_are_listed_apart(fresh, world, login):
    response = login(world.users["coordinator_a"]).get(reverse("mentorships:follow_ups"))
    overdue = response.context["overdue"]
    assert {c.mentorship_id for c in overdue} == {world.mentorship.pk, fresh.pk}
    assert all(c.due_on < timezone.localdate() and c.done_on is None for c in overdue)
    assert response.context["due"] == []  # the fresh pair's next call is twelve days away


def test_a_call_due_within_seven_days_is_due_not_overdue(fresh, world, login):
    FollowUpCall.objects.create(mentorship=fresh, due_on=timezone.localdate() + datetime.timedelta(days=3))
    FollowUpCall.objects.create(mentorship=fresh, due_on=timezone.localdate())
    response = login(world.users["coordinator_a"]).get(reverse("mentorships:follow_ups"))
    assert [c.due_on - timezone.localdate() for c in response.context["due"]] == [
        datetime.timedelta(0), datetime.timedelta(days=3),
    ]  # fmt: skip


def test_the_list_shows_both_phone_numbers(fresh, world, login):
    html = login(world.users["coordinator_a"]).get(reverse("mentorships:follow_ups")).content.decode()
    assert 'href="tel:+45 11 22 33 44"' in html
    assert 'href="tel:+45 55 66 77 88"' in html


def test_another_ngo_sees_none_of_these_calls(fresh, world, login):
    response = login(world.users["coordinator_b"]).get(reverse("mentorships:follow_ups"))
    assert response.context["overdue"] == [] and response.context["due"] == []


def test_calls_of_a_closed_mentorship_are_not_listed(world, login):
    world.mentorship.status = "closed"
    world.mentorship.closing_reason, world.mentorship.ended_on = "completed", datetime.date(2026, 9, 1)
    world.mentorship.save()
    response = login(world.users["coordinator_a"]).get(reverse("mentorships:follow_ups"))
    assert response.context["overdue"] == []


def test_recording_a_call_marks_it_done_and_audits(world, login):
    call = world.mentorship.follow_up_calls.first()
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:record_call", args=[call.pk]), {"result": "needs_attention", "note": "Mentor is busy"}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.done_on, call.result, call.note) == (timezone.localdate(), "needs_attention", "Mentor is busy")
    assert call.done_by == world.users["coordinator_a"]
    assert AuditEvent.objects.filter(action="follow_up.done", target_id=str(call.pk)).exists()


def test_htmx_swaps_the_row_with_the_recorded_result(world, login):
    call = world.mentorship.follow_up_calls.first()
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:record_call", args=[call.pk]), {"result": "going_well"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="call-{call.pk}"')
    assert 'data-testid="call-done"' in html


def test_a_call_needs_a_result(world, login):
    call = world.mentorship.follow_up_calls.first()
    response = login(world.users["coordinator_a"]).post(reverse("mentorships:record_call", args=[call.pk]), {})
    assert response.status_code == 400
    assert "Choose a result." in response.content.decode()
    call.refresh_from_db()
    assert call.done_on is None


def test_a_call_cannot_be_recorded_twice(world, login):
    call = world.mentorship.follow_up_calls.first()
    client = login(world.users["coordinator_a"])
    client.post(reverse("mentorships:record_call", args=[call.pk]), {"result": "going_well"})
    response = client.post(reverse("mentorships:record_call", args=[call.pk]), {"result": "not_reached"})
    assert response.status_code == 400
    assert "This call is already recorded." in response.content.decode()
    call.refresh_from_db()
    assert call.result == "going_well"
