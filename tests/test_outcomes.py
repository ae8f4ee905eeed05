"""Registering outcomes: the form page, the cohort's outcomes list with inline rows, audit and access."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stafet.audit.models import AuditEvent
from stafet.outcomes.models import Outcome

EVERYONE = {
    "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
    "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
}  # fmt: skip
# Coordinators of the operating NGO and administrators register for the whole cohort; caseworkers for their
# own citizens (the job centre follows them up at +3/+6/+12 months).
MAY_REGISTER_P1 = {"admin", "coordinator_a", "caseworker_x"}
MAY_OPEN_K = {"admin", "coordinator_a", "caseworker_x"}


def register_url(world):
    return reverse("outcomes:register", args=[world.cohort_k.pk, world.p1.pk])


def valid(**changes):
    data = {"measured": "end", "type": "job_matching", "date": "2026-08-31", "employer": "Nordlys IT", "note": ""}
    return data | changes


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 9, 15))


def test_registering_an_outcome_saves_it_and_audits_it(world, login):
    response = login(world.users["coordinator_a"]).post(register_url(world), valid())
    assert response.status_code == 302
    outcome = Outcome.objects.get(participant=world.p1, cohort=world.cohort_k, measured="end")
    assert (outcome.type, outcome.employer) == ("job_matching", "Nordlys IT")
    assert AuditEvent.objects.filter(action="outcome.recorded", target_id=str(outcome.pk)).count() == 1


def test_saving_again_at_the_same_point_is_audited_as_a_correction(world, login):
    client = login(world.users["coordinator_a"])
    client.post(register_url(world), valid())
    client.post(register_url(world), valid(type="stepping_stone"))
    outcome = Outcome.objects.get(participant=world.p1, cohort=world.cohort_k, measured="end")
    assert outcome.type == "stepping_stone"
    assert AuditEvent.objects.filter(action="outcome.corrected", target_id=str(outcome.pk)).count() == 1


def test_each_measuring_point_is_its_own_outcome(world, login):
    client = login(world.users["coordinator_a"])
    client.post(register_url(world), valid())
    client.post(register_url(world), valid(measured="plus_3", date="2026-09-10", type="education"))
    assert Outcome.objects.filter(participant=world.p1).count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "2026-09-16"}, "date"),  # in the future
        ({"date": "2026-02-28"}, "date"),  # before the cohort started
        ({"date": "31/8"}, "date"),
        ({"type": "lottery_win"}, "type"),
        ({"type": ""}, "type"),
        ({"measured": "plus_24"}, "measured"),
    ],
)
def test_bad_input_is_refused_with_a_field_error_and_nothing_written(world, login, changes, field):
    response = login(world.users["coordinator_a"]).post(register_url(world), valid(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Outcome.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="outcome.").exists()


def test_the_form_page_shows_the_participants_outcomes(world, login):
    client = login(world.users["coordinator_a"])
    client.post(register_url(world), valid(employer="Nordlys IT"))
    content = client.get(register_url(world)).content.decode()
    assert "Nordlys IT" in content


def test_the_form_prefills_an_existing_outcome_for_correction(world, login):
    client = login(world.users["coordinator_a"])
    client.post(register_url(world), valid(type="education"))
    form = client.get(register_url(world), {"measured": "end"}).context["form"]
    assert form.initial["type"] == "education"


def test_a_participant_not_in_the_cohort_is_a_404(world, login):
    url = reverse("outcomes:register", args=[world.cohort_k.pk, world.p3.pk])
    assert login(world.users["coordinator_a"]).post(url, valid()).status_code == 404


def test_outcomes_list_shows_every_enrolled_participant(world, login):
    content = login(world.users["coordinator_a"]).get(reverse("outcomes:cohort", args=[world.cohort_k.pk]))
    assert f'id="outcome-row-{world.p1.pk}"' in content.content.decode()


def test_inline_row_saves_and_htmx_gets_the_row_back(world, login):
    client = login(world.users["coordinator_a"])
    prefix = f"p{world.p1.pk}"
    data = {"row": "1", f"{prefix}-measured": "end", f"{prefix}-type": "internship", f"{prefix}-date": "2026-08-31"}
    response = client.post(register_url(world), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<tr id="outcome-row-{world.p1.pk}"')
    assert Outcome.objects.get(participant=world.p1).type == "internship"


def test_inline_row_with_bad_input_shows_the_error_in_the_row(world, login):
    client = login(world.users["coordinator_a"])
    prefix = f"p{world.p1.pk}"
    data = {"row": "1", f"{prefix}-measured": "end", f"{prefix}-type": "internship", f"{prefix}-date": "2027-01-01"}
    response = client.post(register_url(world), data, HTTP_HX_REQUEST="true")
    assert "form-error-message" in response.content.decode()
    assert not Outcome.objects.exists()


def test_inline_row_without_javascript_returns_to_the_list(world, login):
    client = login(world.users["coordinator_a"])
    prefix = f"p{world.p1.pk}"
    data = {"row": "1", f"{prefix}-measured": "end", f"{prefix}-type": "none", f"{prefix}-date": "2026-08-31"}
    response = client.post(register_url(world), data)
    assert response["Location"] == reverse("outcomes:cohort", args=[world.cohort_k.pk]) + "?measured=end"


def test_caseworker_sees_only_their_citizens_in_the_outcomes_list(world, login):
    from tests.factories import ParticipantEnrolmentFactory, ParticipantFactory, ReferralFactory

    other = ParticipantFactory(first_name="Yusuf")
    ReferralFactory(participant=other, programme=world.programme_p, municipality=world.mun_y)
    ParticipantEnrolmentFactory(cohort=world.cohort_k, participant=other)
    content = login(world.users["caseworker_x"]).get(reverse("outcomes:cohort", args=[world.cohort_k.pk]))
    assert "Yusuf" not in content.content.decode()
    url = reverse("outcomes:register", args=[world.cohort_k.pk, other.pk])
    assert login(world.users["caseworker_x"]).post(url, valid()).status_code == 404


# ------------------------------------------------------------------------------------------------ access


def test_outcomes_list_access(world, login):
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(reverse("outcomes:cohort", args=[world.cohort_k.pk]))
        assert response.status_code == (200 if persona in MAY_OPEN_K else 404), persona


def test_register_form_access(world, login):
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(register_url(world))
        assert response.status_code == (200 if persona in MAY_REGISTER_P1 else 404), persona


def test_refused_posts_are_404s_and_change_nothing(world, login):
    for persona in sorted(EVERYONE - MAY_REGISTER_P1):
        assert login(world.users[persona]).post(register_url(world), valid()).status_code == 404, persona
    assert not Outcome.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="outcome.").exists()


@pytest.mark.parametrize("persona", sorted(MAY_REGISTER_P1))
def test_allowed_posts_register_the_outcome(world, login, persona):
    response = login(world.users[persona]).post(register_url(world), valid())
    assert response.status_code == 302
    assert Outcome.objects.filter(participant=world.p1, recorded_by=world.users[persona]).count() == 1


def test_anonymous_users_are_sent_to_log_in(world, client):
    response = client.post(register_url(world), valid())
    assert response.status_code == 302
    assert not Outcome.objects.exists()


def test_follow_up_after_the_programme_needs_the_citizens_consent(world, login):
    from stafet.programmes.models import Referral

    Referral.objects.filter(participant=world.p1).update(consent_scope=Referral.ConsentScope.PROGRAMME)
    client = login(world.users["coordinator_a"])
    refused = client.post(register_url(world), valid(measured="plus_6", date="2026-09-10"))
    assert refused.status_code == 400 and "has not consented to follow-up" in refused.content.decode()
    assert not Outcome.objects.filter(participant=world.p1, measured="plus_6").exists()
    assert client.post(register_url(world), valid()).status_code == 302  # the outcome at the end is the programme's
    Referral.objects.filter(participant=world.p1).update(consent_scope=Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP)
    assert client.post(register_url(world), valid(measured="plus_6", date="2026-09-10")).status_code == 302
