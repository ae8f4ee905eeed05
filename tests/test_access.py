"""The access matrix: every persona × every kind of object, through the real views. What a persona may not
see is a 404, the same as an object that does not exist."""

import pytest
from django.urls import reverse

from stafet.mentorships.access import mentorships_for_user
from stafet.outcomes.access import outcomes_for_user
from stafet.people.access import mentors_for_user
from stafet.placements.access import openings_for_user, placements_for_user
from stafet.programmes.access import cohorts_for_user, programmes_for_user, referrals_for_user
from stafet.web.access import participants_for_user

EVERYONE = {
    "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
    "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
}  # fmt: skip

# object → the personas that may open its page; everyone else gets a 404.
MATRIX = {
    ("people:participant", "p1"): {"admin", "coordinator_a", "caseworker_x", "mentor_user", "participant_user"},
    ("people:participant", "p2"): {"admin", "coordinator_b", "caseworker_y"},
    ("people:participant", "p3"): {"admin", "coordinator_a", "caseworker_x", "contact_c"},
    ("people:participant", "p4"): {"admin", "coordinator_a", "caseworker_x"},
    ("people:mentor", "m1"): {"admin", "coordinator_a", "contact_c", "mentor_user", "participant_user"},
    ("people:mentor", "m2"): {"admin", "coordinator_b", "contact_d"},
    ("placements:opening", "opening_c"): {"admin", "coordinator_a", "caseworker_x", "contact_c"},
    ("placements:opening", "opening_d"): {"admin", "coordinator_b", "caseworker_y", "contact_d"},
    ("programmes:cohort", "cohort_k"): {"admin", "coordinator_a"},
    ("programmes:cohort", "cohort_q"): {"admin", "coordinator_b"},
    ("programmes:detail", "programme_p"): {
        "admin", "coordinator_a", "caseworker_x", "contact_c", "mentor_user", "participant_user",
    },
    ("programmes:detail", "programme_q"): {"admin", "coordinator_b", "caseworker_y", "contact_d"},
    ("mentorships:detail", "mentorship"): {"admin", "coordinator_a", "caseworker_x", "mentor_user", "participant_user"},
}  # fmt: skip

CASES = [(url, obj, persona) for (url, obj) in MATRIX for persona in sorted(EVERYONE)]


@pytest.mark.parametrize(("url_name", "obj", "persona"), CASES)
def test_each_persona_sees_only_what_it_may(world, login, url_name, obj, persona):
    client = login(world.users[persona])
    response = client.get(reverse(url_name, args=[getattr(world, obj).pk]))
    expected = 200 if persona in MATRIX[(url_name, obj)] else 404
    assert response.status_code == expected, f"{persona} on {obj}"


def test_an_object_that_does_not_exist_is_the_same_404(world, login):
    client = login(world.users["coordinator_a"])
    assert client.get(reverse("people:participant", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "url_name", ["people:participants", "people:mentors", "placements:openings", "programmes:list"]
)
def test_lists_hold_only_what_the_persona_may_open(world, login, url_name):
    """A list never shows a name whose page would be a 404."""
    for persona in EVERYONE:
        content = login(world.users[persona]).get(reverse(url_name)).content.decode()
        for (detail, obj), allowed in MATRIX.items():
            thing = getattr(world, obj)
            name = getattr(thing, "name", None) or getattr(thing, "title", None)
            if persona not in allowed and detail.split(":")[0] == url_name.split(":")[0] and name:
                assert f">{name}<" not in content, f"{persona} sees {name} in {url_name}"


def test_anonymous_users_are_sent_to_log_in(world, client):
    response = client.get(reverse("people:participant", args=[world.p1.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_inactive_user_sees_nothing(world):
    user = world.users["coordinator_a"]
    user.is_active = False
    for helper in (participants_for_user, mentors_for_user, programmes_for_user, cohorts_for_user,
                   referrals_for_user, mentorships_for_user, openings_for_user, outcomes_for_user):  # fmt: skip
        assert not helper(user).exists(), helper.__name__


def test_a_company_sees_only_candidates_presented_to_it(world):
    seen = set(placements_for_user(world.users["contact_c"]).values_list("participant__first_name", flat=True))
    assert seen == {"Rana"}


def test_a_caseworker_sees_only_their_municipalitys_referrals(world):
    referrals = referrals_for_user(world.users["caseworker_y"])
    assert {r.participant.first_name for r in referrals} == {"Qasim"}


def test_danish_is_the_default_whatever_the_browser_says(world, login):
    client = login(world.users["coordinator_a"])
    del client.cookies["django_language"]
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert response.content.decode().startswith('<!DOCTYPE html>\n\n<html lang="da" dir="ltr">')


def test_the_menu_marks_only_the_page_youre_on(world, login):
    client = login(world.users["coordinator_a"])
    response = client.get(reverse("programmes:referrals"))
    active = [item["label"] for item in response.context["nav_items"] if item["active"]]
    assert [str(label) for label in active] == ["Referrals"]
