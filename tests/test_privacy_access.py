"""Who sees what on the data-protection pages, every persona of both worlds: a page a persona may not open is a
404, and a list shows only the people of the persona's own organisation."""

import pytest
from django.urls import reverse

from stafet.organisations.models import Role
from tests.auth import log_in
from tests.factories import UserFactory

PERSONAS = ["admin", "dpo_a", "dpo_b", "dpo_x", "dpo_y", "coordinator_a", "coordinator_b", "caseworker_x",
            "caseworker_y", "contact_c", "contact_d", "mentor_user", "participant_user", "outsider"]  # fmt: skip
# Who each persona finds on the participants' and the mentors' data-protection lists (world A's Pia, Rana and
# Samir; world B's Qasim; mentors Mads of company C, signed up to NGO A's programme, and Nina, to NGO B's).
LISTED = {
    "admin": ({"Pia", "Qasim", "Rana", "Samir"}, {"Mads", "Nina"}),
    "dpo_a": ({"Pia", "Rana", "Samir"}, {"Mads"}),
    "dpo_b": ({"Qasim"}, {"Nina"}),
    "dpo_x": ({"Pia", "Rana", "Samir"}, set()),
    "dpo_y": ({"Qasim"}, set()),
}


@pytest.fixture
def users(world):
    dpos = {"dpo_a": world.ngo_a, "dpo_b": world.ngo_b, "dpo_x": world.mun_x, "dpo_y": world.mun_y}
    return world.users | {
        name: UserFactory(username=name, role=Role.DATA_PROTECTION_OFFICER, organisation=org)
        for name, org in dpos.items()
    }


def shown(page: str, names: set[str]) -> set[str]:
    return {name for name in names if name in page}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_only_its_own_on_the_data_protection_pages(world, users, client, persona):
    log_in(client, users[persona])
    participants = {"Pia": world.p1, "Qasim": world.p2, "Rana": world.p3, "Samir": world.p4}
    mentors = {"Mads": world.m1, "Nina": world.m2}
    may_participants, may_mentors = LISTED.get(persona, (set(), set()))
    for path, may in (("privacy:index", may_participants), ("privacy:mentors", may_mentors)):
        response = client.get(reverse(path))
        if persona in LISTED:
            table = response.content.decode().split('data-testid="data-subjects"')[1]
            assert shown(table, set(participants) | set(mentors)) == may, path
        else:
            assert response.status_code == 404, path
    for name, person in participants.items():
        status = client.get(reverse("privacy:participant", args=[person.pk])).status_code
        assert status == (200 if name in may_participants else 404), name
    for name, person in mentors.items():
        status = client.get(reverse("privacy:mentor", args=[person.pk])).status_code
        assert status == (200 if name in may_mentors else 404), name
    assert client.get(reverse("privacy:retention")).status_code == (200 if persona in LISTED else 404)
    assert client.get(reverse("privacy:me")).status_code == (
        200 if persona in ("participant_user", "mentor_user") else 404
    )


def test_the_menu_leads_to_the_data_protection_pages(world, users, client):
    log_in(client, users["dpo_a"])
    assert reverse("privacy:index") in client.get(reverse("home")).content.decode()
    log_in(client, users["participant_user"])
    assert reverse("privacy:me") in client.get(reverse("home")).content.decode()
    log_in(client, users["coordinator_a"])
    assert reverse("privacy:index") not in client.get(reverse("home")).content.decode()
