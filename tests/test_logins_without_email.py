"""Enrolled mentors and participants without a login are listed on the Logins page with the reason; the
coordinator adds an email address and the invitation goes out. Audited, and only for people of the
coordinator's own programmes."""

import pytest
from django.urls import reverse

from stafet.accounts.models import Invitation
from stafet.audit.models import AuditEvent
from stafet.organisations.models import User
from tests.factories import MentorEnrolmentFactory, MentorFactory, ParticipantEnrolmentFactory, UserFactory


@pytest.fixture
def w(world):
    world.karin = MentorFactory(first_name="Karin", last_name="Zzholm", organisation=world.company_c)
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=world.karin)
    world.karin.programmes.add(world.programme_p)  # as enrol_mentor does
    world.samir = world.p4
    world.samir.last_name = "Zzsamir"
    world.samir.save()
    ParticipantEnrolmentFactory(cohort=world.cohort_k, participant=world.samir)
    return world


def invite(client, kind: str, person, email: str):
    url = reverse(f"people:login_invite_{kind}", args=[person.pk])
    return client.post(url, {f"{kind}{person.pk}-email": email})


def test_the_logins_page_lists_the_enrolled_without_a_login_and_why(w, login):
    w.samir.email = "samir@example.org"
    w.samir.save()
    page = login(w.users["coordinator_a"]).get(reverse("people:logins")).content.decode()
    rows = page.split('data-testid="without-login"')[1].split("</table>")[0]
    assert "Zzholm" in rows and "no email address" in rows
    assert "Zzsamir" in rows and "not invited" in rows and "samir@example.org" in rows
    assert "Pia" not in rows and "Mads" not in rows  # they have logins


@pytest.mark.parametrize("kind", ["mentor", "participant"])
def test_the_coordinator_adds_the_email_and_the_invitation_goes_out(w, login, kind):
    person = w.karin if kind == "mentor" else w.samir
    response = invite(login(w.users["coordinator_a"]), kind, person, "new@example.org")
    assert response.url == reverse("people:logins")
    person.refresh_from_db()
    assert person.email == "new@example.org" and person.user.email == "new@example.org"
    assert person.user.role == kind and Invitation.objects.filter(user=person.user).pending().exists()
    event = AuditEvent.objects.get(action=f"{kind}.login_given", target_id=str(person.pk))
    assert event.details == {"fields": ["email"]}  # the field, never the address


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_no_invitation_without_a_good_email_address(w, login, email):
    client = login(w.users["coordinator_a"])
    events = AuditEvent.objects.count()
    response = invite(client, "mentor", w.karin, email)
    assert response.status_code == 302
    w.karin.refresh_from_db()
    assert w.karin.user is None and w.karin.email == "" and AuditEvent.objects.count() == events
    assert "email" in client.get(reverse("people:logins")).content.decode()


@pytest.mark.parametrize("persona", ["coordinator_b", "coordinator_idle", "caseworker_x", "contact_c", "mentor_user",
                                     "participant_user", "outsider"])  # fmt: skip
def test_nobody_else_invites_them(w, login, persona):
    client = login(w.users[persona])
    users = User.objects.count()
    assert invite(client, "mentor", w.karin, "x@example.org").status_code == 404
    assert invite(client, "participant", w.samir, "x@example.org").status_code == 404
    assert User.objects.count() == users


def test_a_second_coordinator_of_the_ngo_invites_but_not_people_with_a_login_or_not_enrolled(w, login):
    client = login(UserFactory(role="coordinator", organisation=w.ngo_a))
    assert invite(client, "mentor", w.m1, "x@example.org").status_code == 404  # has a login
    assert invite(client, "participant", w.p3, "x@example.org").status_code == 404  # referred, not enrolled
    assert invite(client, "participant", w.samir, "s@example.org").status_code == 302
    w.samir.refresh_from_db()
    assert w.samir.user is not None


def test_an_address_the_person_has_is_used_and_not_changed_here(w, login):
    w.samir.email = "samir@example.org"
    w.samir.save()
    client = login(w.users["coordinator_a"])
    assert invite(client, "participant", w.samir, "other@example.org").status_code == 302
    w.samir.refresh_from_db()
    assert w.samir.email == "samir@example.org" and w.samir.user is None
    assert invite(client, "participant", w.samir, "").status_code == 302  # "not invited": the button alone
    w.samir.refresh_from_db()
    assert w.samir.user.email == "samir@example.org"
    assert AuditEvent.objects.get(action="participant.login_given").details == {"fields": []}
