"""The Django admin, as the demo administrator uses it: every registered model's list, search, add, change,
history and delete pages render; the audit trail and the reference data cannot be edited there; nobody else
gets in; and a rule the database enforces comes back as a form error, not a server error."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.matches import actions as match_actions
from stafet.mentorships.models import Mentorship
from stafet.organisations.models import User
from stafet.programmes.models import Cohort, MentorEnrolment
from stafet.reference.models import Municipality
from tests.auth import log_in

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it (each test runs in a savepoint inside)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        # What the demo does not hold: a permission group, a match run and a pair rule.
        Group.objects.create(name="Koordinatorer")
        cohort, by = Cohort.objects.get(name="Efterår 2026"), User.objects.get(username="koordinator")
        match_actions.run_matching(cohort=cohort, by=by)
        enrolment = cohort.participant_enrolments.first()
        match_actions.exclude_pair(
            cohort=cohort, participant=enrolment.participant, mentor=cohort.mentor_enrolments.first().mentor, by=by
        )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    pass


@pytest.fixture
def administrator(demo, client):
    log_in(client, User.objects.get(username="admin"))
    client.get(reverse("people:participants"))  # a page that shows people, so the read log has rows to open
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_of_every_model_renders(administrator, model):
    model_admin = admin.site._registry[model]
    pages = [url(model, "changelist"), url(model, "changelist") + "?q=a", url(model, "add")]
    obj = model._default_manager.order_by("pk").last()
    if obj is not None:
        pages += [url(model, "change", obj.pk), url(model, "history", obj.pk), url(model, "delete", obj.pk)]
    else:  # only third-party models (the task queue) may be empty here
        assert not model.__module__.startswith("stafet."), f"no {model._meta.label} to open"
    for page in pages:
        response = administrator.get(page)
        allowed = not (
            (page.endswith("/add/") and not model_admin.has_add_permission(response.wsgi_request))
            or (page.endswith("/delete/") and not model_admin.has_delete_permission(response.wsgi_request, obj))
        )
        assert response.status_code == (200 if allowed else 403), page


def test_the_audit_trail_is_read_only_in_the_admin(administrator):
    event = AuditEvent.objects.order_by("pk").first()
    before = (event.action, event.target_repr)
    page = administrator.get(url(AuditEvent, "change", event.pk)).content.decode()
    assert 'name="_save"' not in page
    assert administrator.post(url(AuditEvent, "change", event.pk), {"action": "forged"}).status_code == 403
    assert administrator.post(url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert administrator.get(url(AuditEvent, "add")).status_code == 403
    event.refresh_from_db()
    assert (event.action, event.target_repr) == before


def test_reference_codes_cannot_be_added_or_deleted_in_the_admin(administrator):
    assert administrator.get(url(Municipality, "add")).status_code == 403
    assert administrator.post(url(Municipality, "delete", "0101"), {"post": "yes"}).status_code == 403
    assert Municipality.objects.filter(pk="0101").exists()


@pytest.mark.parametrize("username", ["koordinator", "sagsbehandler", "virksomhed", "mentor", "deltager"])
def test_the_admin_is_a_404_for_everyone_but_administrators(demo, client, username):
    log_in(client, User.objects.get(username=username))
    assert client.get(reverse("admin:index")).status_code == 404
    assert client.get(url(Mentorship, "changelist")).status_code == 404


def test_the_admin_sends_an_anonymous_visitor_to_its_login(demo, client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_mentorship_that_would_overfill_a_mentor_is_a_form_error_in_the_admin(administrator):
    full = MentorEnrolment.objects.filter(open_mentorships__gte=1).select_related("cohort", "mentor").first()
    MentorEnrolment.objects.filter(pk=full.pk).update(capacity=full.open_mentorships)
    newcomer = full.cohort.participant_enrolments.exclude(participant__mentorships__cohort=full.cohort).first()
    participant = (
        newcomer.participant if newcomer else Mentorship.objects.exclude(cohort=full.cohort).first().participant
    )
    data = {
        "cohort": full.cohort_id, "mentor": full.mentor_id, "participant": participant.pk, "role": "community",
        "meetings-TOTAL_FORMS": 0, "meetings-INITIAL_FORMS": 0,
        "follow_up_calls-TOTAL_FORMS": 0, "follow_up_calls-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = administrator.post(url(Mentorship, "add"), data)
    assert response.status_code == 200
    assert "no free place" in response.content.decode()
    assert not Mentorship.objects.filter(participant=participant, mentor=full.mentor, cohort=full.cohort).exists()


def test_a_change_in_the_admin_is_on_the_audit_trail(administrator):
    from stafet.organisations.models import Site

    site = Site.objects.get(organisation__name="Pluss")
    data = {"organisation": site.organisation_id, "name": site.name, "address": "Søren Frichs Vej 40",
            "postcode": site.postcode_id, "lat": site.lat, "lng": site.lng}  # fmt: skip
    response = administrator.post(url(Site, "change", site.pk), data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.changed", target_type="organisations.site", target_id=str(site.pk))
    assert event.actor.username == "admin" and event.details["change"] == [{"changed": {"fields": ["Address"]}}]
    assert event.target_repr == f"site {site.pk}"  # ids and field names, never an object's name


def test_a_bulk_delete_in_the_admin_is_on_the_audit_trail(administrator):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Koordinatorer")
    response = administrator.post(
        url(Group, "changelist"), {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    assert AuditEvent.objects.filter(action="admin.deleted", target_type="auth.group", target_id=str(group.pk)).exists()
