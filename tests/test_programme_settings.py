"""The programme's settings page: plan, venues, texts per language, weights and rules on forms, checked by the
model's own validators, audited, and only for the operating NGO's coordinators."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from stafet.audit.models import AuditEvent
from stafet.outcomes.actions import record_outcome
from stafet.programmes.actions import change_programme_settings
from stafet.programmes.models import Programme
from stafet.programmes.setting_forms import rows_from_rules
from stafet.programmes.weights import PARTS, default_weights
from tests.factories import ProgrammeFactory


def rule_rows(prefix: str, rows: list[dict]) -> dict[str, object]:
    data: dict[str, object] = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)}
    for n, row in enumerate(rows):
        for key, value in row.items():
            if key == "either":
                if value:
                    data[f"{prefix}-{n}-either"] = "on"
            else:
                data[f"{prefix}-{n}-{key}"] = value
    return data


def settings_data(programme: Programme, **changes) -> dict[str, object]:
    """What the page sends back when nothing is changed, with ``changes`` (by the form field's name)."""
    data: dict[str, object] = {
        "plan-duration_months": programme.duration_months,
        "plan-meetings_per_month": programme.meetings_per_month,
        "plan-hours_per_month": programme.hours_per_month,
        "plan-mentors_per_participant": programme.mentors_per_participant,
        "plan-max_distance_km": programme.max_distance_km,
        "plan-min_language_level": programme.min_language_level,
        "venues-refused_venues": programme.refused_venues,
        "venue_reason-da": programme.venue_rule_reason.get("da", ""),
        "venue_reason-en": programme.venue_rule_reason.get("en", ""),
        "description-da": programme.description.get("da", ""),
        "description-en": programme.description.get("en", ""),
        **{f"weights-{part}": programme.weights[part] for part in PARTS},
        "measuring-measuring_points": programme.measuring_points,
        **rule_rows("participant_rules", rows_from_rules(programme.participant_rules)),
        **rule_rows("mentor_rules", rows_from_rules(programme.mentor_rules)),
    }
    data.update(changes)
    return data


@pytest.fixture
def p(world):
    return world.programme_p


def url(programme: Programme) -> str:
    return reverse("programmes:settings", args=[programme.pk])


def test_the_coordinator_sees_the_settings_as_forms(world, p, login):
    p.mentor_rules = [{"field": "years_experience", "op": ">=", "value": 5}]
    p.save()
    response = login(world.users["coordinator_a"]).get(url(p))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="weights-industry"' in page and 'name="plan-duration_months"' in page
    assert 'name="description-da"' in page and 'name="description-en"' in page
    assert 'name="mentor_rules-0-value" value="5"' in page
    assert (
        reverse("programmes:settings", args=[p.pk])
        in login(world.users["coordinator_a"]).get(reverse("programmes:detail", args=[p.pk])).content.decode()
    )


def test_saving_changes_the_settings_and_audits_what_changed(world, p, login):
    client = login(world.users["coordinator_a"])
    data = settings_data(
        p,
        **{"plan-duration_months": 9, "weights-distance": 0, "description-en": "Mentors for engineers."},
        **rule_rows(
            "mentor_rules",
            [
                {"field": "years_experience", "op": ">=", "value": "5"},
                {"field": "leadership_experience", "op": "in", "value": "yes", "either": True},
                {"field": "", "op": "", "value": ""},
            ],
        ),
    )
    response = client.post(url(p), data)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.duration_months == 9
    assert p.weights["distance"] == 0
    assert p.description["en"] == "Mentors for engineers."
    assert p.mentor_rules == [
        {
            "any_of": [
                {"field": "years_experience", "op": ">=", "value": 5},
                {"field": "leadership_experience", "op": "in", "value": [True]},
            ]
        }
    ]
    event = AuditEvent.objects.get(action="programme.settings")
    assert set(event.details) == {"duration_months", "weights", "description", "mentor_rules"}
    assert event.details["duration_months"] == {"old": 6, "new": 9}


def test_every_rule_row_comes_back_as_it_was_saved(world, p, login):
    rules = [
        {
            "any_of": [
                {"field": "education_level", "op": ">=", "value": "short_cycle"},
                {"field": "max_occupation_years", "op": ">=", "value": 3},
            ]
        },  # fmt: skip
        {"field": "speaks", "op": "any_at_least", "value": {"languages": ["da", "en"], "level": "B1"}},
        {"field": "age", "op": "between", "value": [18, 64]},
        {"field": "job_readiness", "op": "in", "value": ["job_ready", "activity_ready"]},
    ]
    p.participant_rules = rules
    p.save()
    response = login(world.users["coordinator_a"]).post(url(p), settings_data(p, **{"plan-duration_months": 7}))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.participant_rules == rules
    assert "participant_rules" not in AuditEvent.objects.get(action="programme.settings").details


def test_weights_that_are_all_zero_are_refused_and_nothing_changes(world, p, login):
    zero = {f"weights-{part}": 0 for part in PARTS}
    response = login(world.users["coordinator_a"]).post(url(p), settings_data(p, **zero, **{"plan-duration_months": 9}))
    assert response.status_code == 400
    assert "At least one weight must be more than 0." in response.content.decode()
    p.refresh_from_db()
    assert p.duration_months == 6 and p.weights == default_weights()
    assert not AuditEvent.objects.filter(action="programme.settings").exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"field": "age", "op": "between", "value": "64"}, "write two numbers, the lower first"),
        ({"field": "age", "op": "between", "value": "64-18"}, "“between” needs two numbers, the lower first"),
        ({"field": "job_readiness", "op": "in", "value": "ready"}, "the values are job_ready"),
        ({"field": "speaks", "op": "any_at_least", "value": "da", "level": ""}, "Choose the level"),
        ({"field": "age", "op": "", "value": "30"}, "Choose what the rule is about and the rule itself"),
    ],
)
def test_a_bad_rule_is_refused_with_the_reason_and_nothing_changes(world, p, login, row, message):
    data = settings_data(p, **rule_rows("participant_rules", [row]), **{"plan-duration_months": 9})
    response = login(world.users["coordinator_a"]).post(url(p), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    p.refresh_from_db()
    assert p.duration_months == 6 and p.participant_rules == []
    assert not AuditEvent.objects.filter(action="programme.settings").exists()


def test_a_refused_venue_needs_no_json(world, p, login):
    data = settings_data(p, **{"venues-refused_venues": ["online"], "venue_reason-da": "Vi mødes fysisk."})
    assert login(world.users["coordinator_a"]).post(url(p), data).status_code == 302
    p.refresh_from_db()
    assert p.refused_venues == ["online"]
    assert p.venue_rule_reason == {"da": "Vi mødes fysisk.", "en": "Meetings take place at the company."}


def test_a_text_left_empty_falls_back_to_one_written(world, p, login):
    data = settings_data(p, **{"description-da": "Erhvervsmentorer.", "description-en": ""})
    assert login(world.users["coordinator_a"]).post(url(p), data).status_code == 302
    p.refresh_from_db()
    assert p.description == {"da": "Erhvervsmentorer."}
    with translation.override("en"):
        assert p.shown_description == "Erhvervsmentorer."


def test_the_model_refuses_texts_in_a_language_it_does_not_know():
    programme = Programme(description={"xx": "?"})
    with pytest.raises(ValidationError) as refused:
        programme.clean_fields(exclude=["name", "kind", "operator"])
    assert "Unknown language “xx”" in str(refused.value)


@pytest.mark.parametrize("persona", ["coordinator_b", "coordinator_idle", "contact_c", "caseworker_x", "mentor_user"])
def test_no_one_else_reaches_the_settings(world, p, login, persona):
    client = login(world.users[persona])
    assert client.get(url(p)).status_code == 404
    assert client.post(url(p), settings_data(p, **{"plan-duration_months": 9})).status_code == 404
    p.refresh_from_db()
    assert p.duration_months == 6
    assert not AuditEvent.objects.filter(action="programme.settings").exists()


def test_the_action_refuses_a_setting_it_does_not_own(world, p):
    with pytest.raises(TypeError):
        change_programme_settings(programme=p, by=world.users["coordinator_a"], name="Renamed")


def test_a_decimal_plan_is_audited_as_text(world, p, login):
    data = settings_data(p, **{"plan-meetings_per_month": "1.5"})
    assert login(world.users["coordinator_a"]).post(url(p), data).status_code == 302
    p.refresh_from_db()
    assert p.meetings_per_month == Decimal("1.5")
    assert AuditEvent.objects.get(action="programme.settings").details["meetings_per_month"]["new"] == "1.5"


def test_the_measuring_points_are_chosen_and_the_outcomes_follow_them(world, p, login):
    data = settings_data(p, **{"measuring-measuring_points": ["plus_6", "end"]})
    assert login(world.users["coordinator_a"]).post(url(p), data).status_code == 302
    p.refresh_from_db()
    assert p.measuring_points == ["end", "plus_6"]
    with pytest.raises(ValidationError) as refused:
        record_outcome(
            participant=world.p1,
            cohort=world.cohort_k,
            type="education",
            date=datetime.date(2027, 12, 1),
            measured="plus_12",
            by=world.users["coordinator_a"],
        )
    assert "does not measure outcomes 12 months after" in str(refused.value)


def test_the_end_is_always_measured(world, p, login):
    data = settings_data(p, **{"measuring-measuring_points": ["plus_3"]})
    response = login(world.users["coordinator_a"]).post(url(p), data)
    assert response.status_code == 400
    assert "Every programme measures its outcomes at the end." in response.content.decode()
    p.refresh_from_db()
    assert p.measuring_points == ["end", "plus_3", "plus_6", "plus_12"]


def test_the_admin_shows_the_json_settings_and_links_to_the_page(world, p, login):
    client = login(world.users["admin"])
    html = client.get(f"/admin/programmes/programme/{p.pk}/change/").content.decode()
    assert reverse("programmes:settings", args=[p.pk]) in html
    assert 'name="weights"' not in html and 'name="participant_rules"' not in html and 'name="description"' not in html
    assert client.get("/admin/programmes/programme/add/").status_code == 200


def test_the_administrator_reaches_every_programmes_settings(world, login):
    assert login(world.users["admin"]).get(url(world.programme_q)).status_code == 200


def test_the_programme_page_shows_the_venues_and_measuring_points_set(world, p, login):
    data = settings_data(p, **{"venues-refused_venues": ["online"], "measuring-measuring_points": ["end", "plus_6"]})
    client = login(world.users["coordinator_a"])
    assert client.post(url(p), data).status_code == 302
    page = client.get(reverse("programmes:detail", args=[p.pk])).content.decode()
    assert '<dd data-testid="refused-venues">online</dd>' in page
    assert '<dd data-testid="measuring-points">at the end, 6 months after</dd>' in page


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "99999999999999999999999"])
def test_a_number_no_rule_can_mean_is_refused(world, p, login, value):
    data = settings_data(p, **rule_rows("mentor_rules", [{"field": "years_experience", "op": ">=", "value": value}]))
    response = login(world.users["coordinator_a"]).post(url(p), data)
    assert response.status_code == 400
    assert "write a number, e.g. 5" in response.content.decode()
    p.refresh_from_db()
    assert p.mentor_rules == []


def test_every_section_shows_its_errors_at_once(world, p, login):
    data = settings_data(
        p,
        **{"plan-duration_months": 0, "plan-mentors_per_participant": 3},
        **rule_rows("participant_rules", [{"field": "age", "op": "between", "value": "64"}]),
    )
    page = login(world.users["coordinator_a"]).post(url(p), data).content.decode()
    assert "Ensure this value is greater than or equal to 1." in page
    assert "Ensure this value is less than or equal to 2." in page
    assert "write two numbers, the lower first" in page


def test_the_coordinator_opens_the_mentors_sign_up_page_and_it_is_audited(world, p, login, client):
    assert client.get(reverse("programmes:signup", args=[p.pk])).status_code == 404
    coordinator = login(world.users["coordinator_a"])
    response = coordinator.post(url(p), settings_data(p, **{"recruiting-recruits_mentors": "on"}))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.recruits_mentors
    event = AuditEvent.objects.get(action="programme.settings")
    assert event.details == {"recruits_mentors": {"old": False, "new": True}}
    assert reverse("programmes:signup", args=[p.pk]) in coordinator.get(url(p)).content.decode()
    coordinator.logout()
    assert client.get(reverse("programmes:signup", args=[p.pk])).status_code == 200
    login(world.users["coordinator_a"]).post(url(p), settings_data(p))  # unticked: the page closes
    p.refresh_from_db()
    assert not p.recruits_mentors
    coordinator.logout()
    assert client.get(reverse("programmes:signup", args=[p.pk])).status_code == 404


def test_a_talent_programme_cannot_recruit_mentors(world, login):
    talent = ProgrammeFactory(name="Talent P", operator=world.ngo_a, kind="talent")
    response = login(world.users["coordinator_a"]).post(
        url(talent), settings_data(talent, **{"recruiting-recruits_mentors": "on"})
    )
    assert response.status_code == 400
    assert "A talent programme has no mentors" in response.content.decode()
    talent.refresh_from_db()
    assert not talent.recruits_mentors and not AuditEvent.objects.filter(action="programme.settings").exists()
