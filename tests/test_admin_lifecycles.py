"""Lifecycles in the admin: a status is read-only everywhere the admin shows it and moves only through the apps'
actions (offered as admin actions); the JSON fields a coordinator edits there are checked with clear errors."""

import json

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.lifecycle import Lifecycle
from stafet.matches.models import MatchRun
from stafet.mentorships.models import Mentorship
from stafet.programmes.actions import change_programme_settings
from stafet.programmes.models import Cohort, Programme
from tests.auth import log_in
from tests.crawl import parse
from tests.factories import CohortFactory

LIFECYCLES = [model for model in admin.site._registry if issubclass(model, Lifecycle)]


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def administrator(full_world, client):
    log_in(client, full_world.users["admin"])
    return client


def test_every_model_with_a_lifecycle_is_in_the_admin():
    assert {m._meta.label for m in LIFECYCLES} >= {
        "programmes.Cohort", "programmes.Referral", "programmes.ParticipantEnrolment", "programmes.MentorEnrolment",
        "matches.MatchRun", "mentorships.Mentorship", "mentorships.Escalation", "placements.Placement",
    }  # fmt: skip


@pytest.mark.parametrize("model", sorted(admin.site._registry, key=lambda m: m._meta.label), ids=str)
def test_a_status_is_read_only_in_every_admin_and_inline(full_world, model):
    request = RequestFactory().get("/admin/")
    request.user = full_world.users["admin"]
    model_admin = admin.site._registry[model]
    obj = model._default_manager.first()
    if issubclass(model, Lifecycle):
        assert "status" in model_admin.get_readonly_fields(request, obj)
    for inline in model_admin.get_inline_instances(request, obj):
        if issubclass(inline.model, Lifecycle):
            assert "status" in inline.get_readonly_fields(request, obj), f"{model_admin} inline {inline}"


@pytest.mark.parametrize("model", LIFECYCLES, ids=str)
def test_no_change_page_has_a_status_to_edit(administrator, model):
    obj = model._default_manager.order_by("pk").first()
    page = parse("/", administrator.get(url(model, "change", obj.pk)).content.decode())
    names = [name for form in page.forms for name, _ in form.fields]
    assert not [name for name in names if name == "status" or name.endswith("-status")]


def test_a_match_run_cannot_be_published_in_the_admin(administrator, full_world):
    run = full_world.run
    page = parse("/", administrator.get(url(MatchRun, "change", run.pk)).content.decode())
    form = max(page.forms, key=lambda f: len(f.fields))  # the change form, not the header's logout
    response = administrator.post(url(MatchRun, "change", run.pk), form.data() | {"status": "published"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DRAFT and not Mentorship.objects.filter(participant=full_world.p1).exclude(
        pk=full_world.mentorship.pk
    )


def test_an_admin_action_moves_a_status_through_the_apps_action(administrator, full_world):
    done = CohortFactory(programme=full_world.programme_p, name="Done", status=Cohort.Status.RUNNING)
    response = administrator.post(
        url(Cohort, "changelist"),
        {"action": "close", "_selected_action": [done.pk, full_world.cohort_k.pk]},
        follow=True,
    )
    done.refresh_from_db()
    full_world.cohort_k.refresh_from_db()
    assert done.status == Cohort.Status.CLOSED
    assert AuditEvent.objects.filter(target_id=str(done.pk), target_type="programmes.cohort").exists()
    # Cohort K still has an open mentorship: the action refuses it and says why; the other was closed all the same.
    assert full_world.cohort_k.status != Cohort.Status.CLOSED
    assert f"{full_world.cohort_k}:" in response.content.decode()


def _programme_form(administrator, programme) -> dict:
    page = parse("/", administrator.get(url(Programme, "change", programme.pk)).content.decode())
    return max(page.forms, key=lambda f: len(f.fields)).data()  # the change form, not the header's logout


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weights", {"industry": 3, "distance": 2}, "The weights leave out “occupation”"),
        ("weights", {"industry": 3, "text": 1}, "Unknown part of the weights: “text”"),
        ("participant_rules", [{"field": "age", "op": "between", "value": 18}], "Rule 1 (age): “between” needs two"),
        ("participant_rules", {"field": "age"}, "Eligibility rules must be a list"),
        ("mentor_rules", [{"field": "shoe_size", "op": ">=", "value": 40}], "Rule 1: unknown field “shoe_size”"),
        ("refused_venues", ["kitchen"], "The refused venues must be a list of these codes"),
    ],
)
def test_json_settings_are_checked_by_the_models_validators(full_world, field, value, message):
    """The settings page's action runs the model's own validators (those the admin would run), and saves nothing
    when one refuses."""
    programme = full_world.programme_p
    before = Programme.objects.values().get(pk=programme.pk)
    with pytest.raises(ValidationError) as refused:
        change_programme_settings(programme=programme, by=full_world.users["coordinator_a"], **{field: value})
    assert message in str(refused.value)
    assert Programme.objects.values().get(pk=programme.pk) == before


def test_the_admin_shows_json_settings_but_takes_none(administrator, full_world):
    """Rules, weights, venues and texts are set on the programme's settings page, as forms; the admin's change form
    has no field for them, so JSON posted to it changes nothing."""
    programme = full_world.programme_p
    weights = dict(programme.weights)
    data = _programme_form(administrator, programme)
    assert "weights" not in data and "participant_rules" not in data
    data |= {"weights": json.dumps(weights | {"experience": 7}), "duration_months": "7"}
    assert administrator.post(url(Programme, "change", programme.pk), data).status_code == 302
    programme.refresh_from_db()
    assert programme.weights == weights and programme.duration_months == 7


def test_a_mentorship_can_be_paused_from_the_admin(administrator, full_world):
    mentorship = full_world.mentorship
    administrator.post(url(Mentorship, "changelist"), {"action": "pause", "_selected_action": [mentorship.pk]})
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.PAUSED
    assert AuditEvent.objects.filter(target_type="mentorships.mentorship", target_id=str(mentorship.pk)).exists()
