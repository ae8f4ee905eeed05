"""Opening and closing a cohort, and a participant who leaves it, as the operating NGO's coordinator does them."""

import datetime

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.mentorships.actions import close_mentorship
from stafet.programmes.models import Cohort, ParticipantEnrolment


def open_form(client, programme, **fields):
    data = {"cohort-name": "Hold 2030", "cohort-start_date": "2030-02-01", "cohort-capacity": "12"}
    data.update({f"cohort-{k}": v for k, v in fields.items()})
    return client.post(reverse("programmes:cohort_open", args=[programme.pk]), data)


def test_the_coordinator_opens_a_cohort_from_the_programme_page(world, login):
    client = login(world.users["coordinator_a"])
    assert "Open a new cohort" in client.get(reverse("programmes:detail", args=[world.programme_p.pk])).content.decode()
    response = open_form(client, world.programme_p, welcome_event_date="2030-01-30")
    cohort = Cohort.objects.get(programme=world.programme_p, name="Hold 2030")
    assert response.status_code == 302 and response["Location"] == reverse("programmes:cohort", args=[cohort.pk])
    assert (cohort.status, cohort.capacity, cohort.start_date) == ("planning", 12, datetime.date(2030, 2, 1))
    assert AuditEvent.objects.filter(action="cohort.opened", target_id=str(cohort.pk)).exists()


def test_a_new_cohort_takes_referrals_at_once(world, login):
    client = login(world.users["coordinator_a"])
    open_form(client, world.programme_p)
    page = client.get(reverse("programmes:referrals"))
    row = next(r for r in page.context["rows"] if r.accept_form)
    assert "Hold 2030" in str(row.accept_form["cohort"])


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": "Cohort K"}, "already has a cohort called"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"welcome_event_date": "2030-03-01"}, "on or before the start"),
        ({"start_date": ""}, "This field is required."),
    ],
)
def test_a_wrong_cohort_is_refused_with_the_field_named(world, login, fields, error):
    response = open_form(login(world.users["coordinator_a"]), world.programme_p, **fields)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Cohort.objects.filter(name="Hold 2030").exists()


@pytest.mark.parametrize("persona", ["coordinator_b", "caseworker_x", "contact_c", "mentor_user", "outsider"])
def test_only_the_programmes_coordinators_open_cohorts(world, login, persona):
    assert open_form(login(world.users[persona]), world.programme_p).status_code == 404
    assert not Cohort.objects.filter(name="Hold 2030").exists()


def test_a_cohort_with_open_mentorships_cannot_be_closed(world, login):
    Cohort.objects.filter(pk=world.cohort_k.pk).update(status="running")
    client = login(world.users["coordinator_a"])
    client.post(reverse("programmes:cohort_close", args=[world.cohort_k.pk]))
    world.cohort_k.refresh_from_db()
    assert world.cohort_k.status == "running"
    close_mentorship(mentorship=world.mentorship, reason="completed", ended_on=datetime.date(2026, 8, 31),
                     by=world.users["coordinator_a"])  # fmt: skip
    page = client.get(reverse("programmes:cohort", args=[world.cohort_k.pk]))
    assert page.context["can_close"]
    client.post(reverse("programmes:cohort_close", args=[world.cohort_k.pk]))
    world.cohort_k.refresh_from_db()
    assert world.cohort_k.status == "closed"


def test_a_participant_who_leaves_is_withdrawn_once_the_mentorship_is_closed(world, login):
    client = login(world.users["coordinator_a"])
    url = reverse("programmes:withdraw", args=[world.cohort_k.pk, world.p1.pk])
    client.post(url, {"confirmed": "yes"})
    enrolment = ParticipantEnrolment.objects.get(cohort=world.cohort_k, participant=world.p1)
    assert enrolment.status == "enrolled"  # still has an open mentorship
    close_mentorship(mentorship=world.mentorship, reason="ended_by_participant", ended_on=datetime.date(2026, 5, 1),
                     by=world.users["coordinator_a"])  # fmt: skip
    client.post(url, {"confirmed": "yes"})
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"
    assert AuditEvent.objects.filter(action="enrolment.withdrawn", target_id=str(enrolment.pk)).exists()


def test_the_cohort_page_lists_people_by_name(world, login):
    page = login(world.users["coordinator_a"]).get(reverse("programmes:cohort", args=[world.cohort_k.pk]))
    names = [(e.participant.last_name, e.participant.first_name) for e in page.context["participants"]]
    assert names == sorted(names)
