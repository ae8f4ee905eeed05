"""Invitations: everyone given a role gets a one-time link to choose their password; it expires, can be resent,
and the coordinator sees who has not accepted yet. Deactivating a user ends their sessions."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from stafet.accounts.actions import create_invited_user, deactivate_user, invite
from stafet.accounts.models import Invitation
from stafet.audit.models import AuditEvent
from stafet.notifications import delivery
from stafet.notifications.models import Kind, Notification
from stafet.organisations.models import Role, User
from stafet.programmes.actions import accept_referral, enrol_mentor
from tests.auth import log_in
from tests.factories import CohortFactory, MentorFactory, UserFactory


def link_in_email() -> str:
    delivery.deliver_due()
    (email,) = [m for m in mail.outbox if "password" in m.body.lower() or "adgangskode" in m.body.lower()]
    return re.search(r"https?://[^/\s]+(/accounts/invitation/[^\s]+/)", email.body).group(1)


def test_a_mentor_enrolled_without_a_login_gets_one_and_an_invitation(world):
    mentor = MentorFactory(organisation=world.company_c, email="ole@example.org")
    mentor.programmes.add(world.programme_p)
    enrol_mentor(mentor=mentor, cohort=world.cohort_k, by=world.users["coordinator_a"])
    mentor.refresh_from_db()
    assert mentor.user.role == Role.MENTOR and mentor.user.organisation == world.company_c
    assert not mentor.user.has_usable_password()
    assert Notification.objects.get(kind=Kind.INVITATION).email == "ole@example.org"
    assert AuditEvent.objects.filter(action="account.invited", target_id=str(mentor.user.pk)).exists()


def test_a_participant_accepted_gets_a_login_and_an_invitation(world):
    referral = world.p4.referrals.get()
    world.p4.email = "samir@example.org"
    world.p4.save()
    accept_referral(referral=referral, cohort=world.cohort_k, by=world.users["coordinator_a"])
    world.p4.refresh_from_db()
    assert world.p4.user.role == Role.PARTICIPANT
    assert Notification.objects.filter(kind=Kind.INVITATION, recipient=world.p4.user).exists()


def test_nobody_is_invited_without_an_email_or_twice(world):
    mentor = MentorFactory(organisation=world.company_c)  # no email address
    enrol_mentor(mentor=mentor, cohort=world.cohort_k, by=world.users["coordinator_a"])
    enrol_mentor(mentor=world.m1, cohort=CohortFactory(programme=world.programme_p), by=world.users["coordinator_a"])
    assert not Notification.objects.filter(kind=Kind.INVITATION).exists()


def test_the_link_sets_the_password_once_and_logs_in(world):
    user = create_invited_user(role=Role.COMPANY_CONTACT, email="Kim@Example.org", first_name="Kim",
                               last_name="Berg", organisation=world.company_c, by=None)  # fmt: skip
    assert user.username == "kim@example.org"
    path = link_in_email()
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": "a long pass phrase 7", "new_password2": "a long pass phrase 7"})
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == user
    user.refresh_from_db()
    assert user.check_password("a long pass phrase 7")
    assert Client().get(path).status_code == 404  # used up


def test_a_weak_password_is_refused_and_the_link_still_works(world):
    user = create_invited_user(role=Role.CASEWORKER, email="cw@example.org", first_name="Cai", last_name="W",
                               organisation=world.mun_x, by=world.users["coordinator_a"])  # fmt: skip
    path = link_in_email()
    response = Client().post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 400
    assert Invitation.objects.get(user=user).accepted_at is None
    assert Client().get(path).status_code == 200


def test_an_expired_link_does_not_work_and_a_resent_one_replaces_it(world, login):
    coordinator = world.users["coordinator_a"]
    user = create_invited_user(role=Role.CASEWORKER, email="cw@example.org", first_name="Cai", last_name="W",
                               organisation=world.mun_x, by=coordinator)  # fmt: skip
    old = link_in_email()
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=20),
                              expires_at=timezone.now() - datetime.timedelta(days=6))  # fmt: skip
    assert Client().get(old).status_code == 404
    client = login(coordinator)
    page = client.get(reverse("people:logins"))
    assert "cw@example.org" in page.content.decode()
    mail.outbox.clear()
    assert client.post(reverse("people:login_resend", args=[user.pk])).status_code == 302
    new = link_in_email()
    assert new != old
    assert Client().get(new).status_code == 200
    assert Client().get(old).status_code == 404


def test_the_coordinator_sees_who_has_not_accepted_and_only_their_own(world, login):
    a = create_invited_user(role=Role.CASEWORKER, email="a@example.org", first_name="Aya", last_name="X",
                            organisation=world.mun_x, by=world.users["coordinator_a"])  # fmt: skip
    b = create_invited_user(role=Role.CASEWORKER, email="b@example.org", first_name="Bo", last_name="Y",
                            organisation=world.mun_y, by=world.users["coordinator_b"])  # fmt: skip
    page = login(world.users["coordinator_a"]).get(reverse("people:logins")).content.decode()
    assert "a@example.org" in page and "b@example.org" not in page
    assert login(world.users["coordinator_a"]).post(reverse("people:login_resend", args=[b.pk])).status_code == 404
    assert login(world.users["coordinator_b"]).post(reverse("people:login_deactivate", args=[a.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["caseworker_x", "contact_c", "mentor_user", "participant_user"])
def test_only_coordinators_and_administrators_open_the_logins_page(world, login, persona):
    client = login(world.users[persona])
    assert client.get(reverse("people:logins")).status_code == 404
    assert client.post(reverse("people:login_deactivate", args=[world.users["mentor_user"].pk])).status_code == 404


def test_a_coordinator_gives_a_partners_contact_a_login_but_not_another_ngos(world, login):
    client = login(world.users["coordinator_a"])
    data = {"new-role": "company_contact", "new-organisation": world.company_c.pk, "new-first_name": "Kim",
            "new-last_name": "Berg", "new-email": "kim@example.org"}  # fmt: skip
    assert client.post(reverse("people:login_new"), data).status_code == 302
    assert User.objects.get(email="kim@example.org").organisation == world.company_c
    data |= {"new-organisation": world.company_d.pk, "new-email": "other@example.org"}
    assert client.post(reverse("people:login_new"), data).status_code == 400
    assert not User.objects.filter(email="other@example.org").exists()


def test_a_caseworker_login_must_belong_to_a_job_centre(world, login):
    client = login(world.users["coordinator_a"])
    data = {"new-role": "caseworker", "new-organisation": world.company_c.pk, "new-first_name": "Kim",
            "new-last_name": "Berg", "new-email": "kim@example.org"}  # fmt: skip
    response = client.post(reverse("people:login_new"), data)
    assert response.status_code == 400
    assert not User.objects.filter(email="kim@example.org").exists()


def test_deactivating_a_user_ends_their_sessions_and_their_invitation(world, login):
    mentor = world.users["mentor_user"]
    theirs = log_in(Client(), mentor)
    other = log_in(Client(), world.users["participant_user"])
    mentor.email = "mads@example.org"
    mentor.save()
    invite(user=mentor, by=world.users["coordinator_a"])
    response = login(world.users["coordinator_a"]).post(reverse("people:login_deactivate", args=[mentor.pk]))
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert not mentor.is_active
    assert not Invitation.objects.usable().filter(user=mentor).exists()
    assert theirs.get(reverse("home")).wsgi_request.user.is_anonymous
    assert other.get(reverse("home")).wsgi_request.user == world.users["participant_user"]
    assert Session.objects.count() == 2  # the coordinator's and the participant's
    assert AuditEvent.objects.filter(action="account.deactivated", target_id=str(mentor.pk)).exists()


def test_nobody_deactivates_themselves(world):
    coordinator = world.users["coordinator_a"]
    with translation.override("en"), pytest.raises(ValidationError, match="your own"):
        deactivate_user(user=coordinator, by=coordinator)


def test_the_invitation_email_is_in_the_users_language(world):
    user = UserFactory(role=Role.COMPANY_CONTACT, organisation=world.company_c, email="k@example.org",
                       preferred_language="en")  # fmt: skip
    invite(user=user, by=None)
    delivery.deliver_due()
    assert "Choose your password" in mail.outbox[0].body
