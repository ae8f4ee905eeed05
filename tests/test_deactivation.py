"""Deactivating a login in the Django admin is the Logins page's deactivation (one action): the user's sessions
end, a waiting invitation stops working, and the audit trail names who did it."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from stafet.accounts.actions import create_invited_user
from stafet.accounts.models import Invitation
from stafet.audit.models import AuditEvent
from tests.auth import log_in
from tests.crawl import parse


def change_form(admin, user, **changes) -> dict:
    """The admin's change form of ``user`` as the browser sends it, with ``changes`` (``None``: unticked)."""
    url = reverse("admin:organisations_user_change", args=[user.pk])
    page = parse(url, admin.get(url).content.decode())
    (form,) = [f for f in page.forms if any(name == "username" for name, _ in f.fields)]
    data = form.data() | {name: [value] for name, value in changes.items() if value is not None}
    return {name: values for name, values in data.items() if changes.get(name, "") is not None}


def test_unticking_active_in_the_admin_ends_the_users_sessions(world, login):
    contact = world.users["contact_c"]
    theirs = log_in(Client(), contact)
    assert theirs.get(reverse("home")).status_code == 200
    admin = login(world.users["admin"])
    response = admin.post(
        reverse("admin:organisations_user_change", args=[contact.pk]), change_form(admin, contact, is_active=None)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact.refresh_from_db()
    assert not contact.is_active
    assert not [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(contact.pk)]
    assert theirs.get(reverse("home")).status_code == 302  # logged out: sent to the login page
    event = AuditEvent.objects.get(action="account.deactivated", target_id=str(contact.pk))
    assert event.actor == world.users["admin"] and event.details["sessions_ended"] == 1


def test_deactivation_in_the_admin_revokes_a_waiting_invitation(world, login):
    invited = create_invited_user(role="caseworker", email="cw@example.org", first_name="C", last_name="W",
                                  organisation=world.mun_x, by=world.users["coordinator_a"])  # fmt: skip
    admin = login(world.users["admin"])
    admin.post(
        reverse("admin:organisations_user_change", args=[invited.pk]), change_form(admin, invited, is_active=None)
    )
    assert not Invitation.objects.filter(user=invited).pending().exists()


def test_other_changes_in_the_admin_leave_the_sessions(world, login):
    contact = world.users["contact_c"]
    theirs = log_in(Client(), contact)
    admin = login(world.users["admin"])
    response = admin.post(
        reverse("admin:organisations_user_change", args=[contact.pk]), change_form(admin, contact, last_name="Berg")
    )
    assert response.status_code == 302
    assert theirs.get(reverse("home")).status_code == 200
    assert not AuditEvent.objects.filter(action="account.deactivated").exists()


def test_the_administrator_cannot_deactivate_themselves_in_the_admin(world, login):
    me = world.users["admin"]
    admin = login(me)
    data = change_form(admin, me, is_active=None)
    admin.post(reverse("admin:organisations_user_change", args=[me.pk]), data)
    me.refresh_from_db()
    assert me.is_active and admin.get(reverse("home")).status_code == 200
