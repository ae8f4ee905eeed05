"""Enrolling many mentors in a cohort at once from the screening page: all or none, audited, and only mentors
and cohorts of the coordinator's own programme."""

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.programmes.models import MentorEnrolment
from tests.factories import CohortFactory, MentorFactory


@pytest.fixture
def setup(world):
    w = world
    w.cohort_new = CohortFactory(programme=w.programme_p, name="Cohort L")
    w.extra = [MentorFactory(first_name=f"Extra{n}", organisation=w.company_c, capacity=n + 1) for n in range(3)]
    for mentor in w.extra:
        mentor.programmes.add(w.programme_p)
    return w


def url(w) -> str:
    return reverse("programmes:mentor_bulk_enrol", args=[w.programme_p.pk])


def test_the_ticked_mentors_are_enrolled_with_their_own_capacity(setup, login):
    w = setup
    client = login(w.users["coordinator_a"])
    page = client.get(reverse("programmes:mentors", args=[w.programme_p.pk])).content.decode()
    assert 'form="bulk-enrol" name="mentors"' in page
    response = client.post(url(w), {"mentors": [m.pk for m in w.extra], "bulk-cohort": w.cohort_new.pk})
    assert response.status_code == 302
    enrolments = MentorEnrolment.objects.filter(cohort=w.cohort_new).order_by("mentor__first_name")
    assert [(e.mentor.first_name, e.capacity) for e in enrolments] == [("Extra0", 1), ("Extra1", 2), ("Extra2", 3)]
    assert AuditEvent.objects.filter(action="mentor.enrolled").count() == 3
    assert AuditEvent.objects.get(action="cohort.mentors_enrolled").details["mentors"] == sorted(m.pk for m in w.extra)


def test_one_capacity_for_all_when_given(setup, login):
    w = setup
    data = {"mentors": [m.pk for m in w.extra], "bulk-cohort": w.cohort_new.pk, "bulk-capacity": 2}
    assert login(w.users["coordinator_a"]).post(url(w), data).status_code == 302
    assert set(MentorEnrolment.objects.filter(cohort=w.cohort_new).values_list("capacity", flat=True)) == {2}


def test_one_mentor_already_in_the_cohort_and_nobody_is_enrolled(setup, login):
    w = setup
    data = {"mentors": [w.m1.pk, *[m.pk for m in w.extra]], "bulk-cohort": w.cohort_k.pk}
    response = login(w.users["coordinator_a"]).post(url(w), data)
    assert response.status_code == 400
    assert f"Already in Cohort K: {w.m1}" in response.content.decode()
    assert not MentorEnrolment.objects.filter(mentor__in=w.extra).exists()
    assert not AuditEvent.objects.filter(action__in=["mentor.enrolled", "cohort.mentors_enrolled"]).exists()
    # The ticks are kept, so the coordinator unticks the one and sends again.
    assert f'value="{w.extra[0].pk}" checked' in response.content.decode()


def test_nobody_ticked_is_a_clear_error(setup, login):
    response = login(setup.users["coordinator_a"]).post(url(setup), {"bulk-cohort": setup.cohort_new.pk})
    assert response.status_code == 400
    assert "Tick the mentors to enrol." in response.content.decode()


def test_a_mentor_of_another_programme_cannot_be_slipped_in(setup, login):
    w = setup
    data = {"mentors": [w.extra[0].pk, w.m2.pk], "bulk-cohort": w.cohort_new.pk}
    assert login(w.users["coordinator_a"]).post(url(w), data).status_code == 404
    assert not MentorEnrolment.objects.filter(cohort=w.cohort_new).exists()


def test_a_cohort_of_another_programme_is_not_a_choice(setup, login):
    w = setup
    data = {"mentors": [w.extra[0].pk], "bulk-cohort": w.cohort_q.pk}
    response = login(w.users["coordinator_a"]).post(url(w), data)
    assert response.status_code == 400
    assert not MentorEnrolment.objects.filter(mentor=w.extra[0]).exists()


@pytest.mark.parametrize("persona", ["coordinator_b", "coordinator_idle", "contact_c", "caseworker_x", "mentor_user"])
def test_others_get_a_404_and_nothing_changes(setup, login, persona):
    w = setup
    data = {"mentors": [m.pk for m in w.extra], "bulk-cohort": w.cohort_new.pk}
    assert login(w.users[persona]).post(url(w), data).status_code == 404
    assert not MentorEnrolment.objects.filter(cohort=w.cohort_new).exists()
