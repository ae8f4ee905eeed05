"""The coordinator's screens to enter and edit a mentor: the one mentor profile form, the employers and
programmes of the coordinator's own programmes only, audited, and enrolling at once sends the invitation."""

import pytest
from django.core import mail
from django.urls import reverse

from stafet.accounts.models import Invitation
from stafet.audit.models import AuditEvent
from stafet.notifications import delivery
from stafet.people.models import Mentor
from tests.factories import SiteFactory, UserFactory


def new_mentor_data(w, site, **changes):
    data = {
        "new-programme": w.programme_p.pk, "new-cohort": "",
        "mentor-first_name": "Karin", "mentor-last_name": "Holm", "mentor-email": "karin@example.org",
        "mentor-phone": "+45 20 30 40 50", "mentor-organisation": w.company_c.pk, "mentor-site": site.pk,
        "mentor-home_postcode": "", "mentor-job_title": "Accountant", "mentor-occupation": "2411",
        "mentor-industry": "K", "mentor-years_experience": "8", "mentor-capacity": "2",
        "mentor-availability": "Wednesdays", "lang-TOTAL_FORMS": "1", "lang-INITIAL_FORMS": "0",
        "lang-0-language": "da", "lang-0-level": "native",
    }  # fmt: skip
    return data | changes


@pytest.fixture
def site_c(world):
    return SiteFactory(organisation=world.company_c, name="Company C Aarhus")


def test_the_coordinator_enters_a_mentor_and_enrolling_invites_them(world, login, site_c):
    client = login(world.users["coordinator_a"])
    assert reverse("people:mentor_new") in client.get(reverse("people:mentors")).content.decode()
    response = client.post(
        reverse("people:mentor_new"), new_mentor_data(world, site_c, **{"new-cohort": world.cohort_k.pk})
    )
    mentor = Mentor.objects.get(email="karin@example.org")
    assert response.url == reverse("people:mentor", args=[mentor.pk])
    assert mentor.kind == Mentor.Kind.BUSINESS and mentor.site == site_c and mentor.capacity == 2
    assert list(mentor.programmes.all()) == [world.programme_p]
    assert mentor.enrolments.get().cohort == world.cohort_k
    assert mentor.user.role == "mentor" and Invitation.objects.filter(user=mentor.user).pending().exists()
    assert AuditEvent.objects.filter(action="mentor.created", target_id=str(mentor.pk)).exists()
    delivery.deliver_due()
    assert any("karin@example.org" in m.to for m in mail.outbox)


def test_a_volunteer_without_email_and_cohort_gets_no_login(world, login):
    client = login(world.users["coordinator_a"])
    data = new_mentor_data(world, world.m1.site, **{"mentor-email": "", "mentor-organisation": world.ngo_a.pk,
                                                    "mentor-site": "", "mentor-home_postcode": "8000"})  # fmt: skip
    assert client.post(reverse("people:mentor_new"), data).status_code == 302
    mentor = Mentor.objects.get(first_name="Karin")
    assert mentor.kind == Mentor.Kind.COMMUNITY and mentor.user is None and not mentor.enrolments.exists()


@pytest.mark.parametrize(
    "changes",
    [
        lambda w: {"mentor-organisation": w.company_d.pk},  # another NGO's partner
        lambda w: {"new-programme": w.programme_q.pk},  # another NGO's programme
        lambda w: {"new-cohort": w.cohort_q.pk},  # another NGO's cohort
        lambda w: {"mentor-occupation": "25"},  # not a unit group
    ],
)
def test_the_coordinator_chooses_only_among_their_own(world, login, site_c, changes):
    client = login(world.users["coordinator_a"])
    events = AuditEvent.objects.count()
    response = client.post(reverse("people:mentor_new"), new_mentor_data(world, site_c, **changes(world)))
    assert response.status_code == 400
    assert not Mentor.objects.filter(first_name="Karin").exists() and AuditEvent.objects.count() == events


def test_the_new_mentor_page_offers_only_the_coordinators_companies(world, login):
    page = login(world.users["coordinator_a"]).get(reverse("people:mentor_new")).content.decode()
    assert "Company C" in page and "NGO A" in page and "Programme P" in page
    assert "Company D" not in page and "Programme Q" not in page and "Cohort Q" not in page


def test_the_coordinator_edits_a_mentor_and_it_is_audited(world, login, site_c):
    client = login(world.users["coordinator_a"])
    page = client.get(reverse("people:mentor", args=[world.m1.pk])).content.decode()
    assert reverse("people:mentor_change", args=[world.m1.pk]) in page
    data = new_mentor_data(world, site_c, **{"mentor-first_name": world.m1.first_name, "mentor-last_name": "Jensen"})
    data.pop("new-programme"), data.pop("new-cohort")
    response = client.post(reverse("people:mentor_change", args=[world.m1.pk]), data)
    assert response.status_code == 302
    world.m1.refresh_from_db()
    assert world.m1.site == site_c and world.m1.capacity == 2 and world.m1.email == "karin@example.org"
    world.users["mentor_user"].refresh_from_db()
    assert world.users["mentor_user"].email == "karin@example.org"  # the login follows
    event = AuditEvent.objects.get(action="mentor.profile_changed", target_id=str(world.m1.pk))
    assert {"site", "capacity", "email"} <= set(event.details["fields"])


@pytest.mark.parametrize(
    "persona",
    [
        "coordinator_b",
        "coordinator_idle",
        "caseworker_x",
        "contact_c",
        "mentor_user",
        "participant_user",
        "second_mentor",
    ],  # fmt: skip
)
def test_nobody_else_enters_or_changes_a_mentor(world, login, site_c, persona):
    user = world.users.get(persona) or UserFactory(role="mentor", organisation=world.company_c)
    client = login(user)
    change = reverse("people:mentor_change", args=[world.m1.pk])
    assert client.get(change).status_code == 404
    assert client.post(change, new_mentor_data(world, site_c)).status_code == 404
    if persona.startswith("coordinator"):  # a coordinator has the page, with only their own programmes
        assert client.post(reverse("people:mentor_new"), new_mentor_data(world, site_c)).status_code == 400
    else:
        assert client.get(reverse("people:mentor_new")).status_code == 404
        assert client.post(reverse("people:mentor_new"), new_mentor_data(world, site_c)).status_code == 404
    world.m1.refresh_from_db()
    assert world.m1.capacity == 1 and not Mentor.objects.filter(first_name="Karin").exists()


def test_a_second_coordinator_of_the_same_ngo_changes_its_mentors(world, login, site_c):
    second = UserFactory(role="coordinator", organisation=world.ngo_a)
    client = login(second)
    assert client.get(reverse("people:mentor_change", args=[world.m1.pk])).status_code == 200
    assert client.get(reverse("people:mentor_change", args=[world.m2.pk])).status_code == 404
