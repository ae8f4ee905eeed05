"""The README's "Who sees what" table and the code agree on what a caseworker sees of mentors: the name of each
of their citizens' mentors, on the citizen's mentorships, and no mentor's own page or list."""

from pathlib import Path

from django.urls import reverse

from stafet.organisations.models import Role
from stafet.people.access import mentors_for_user
from stafet.web.access import participants_for_user
from tests.auth import log_in
from tests.factories import UserFactory

README = Path(__file__).resolve().parent.parent / "README.md"


def table_row(role: str) -> dict[str, str]:
    lines = README.read_text().split("## Who sees what", 1)[1].splitlines()
    table = [line for line in lines if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    for line in table[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] == role:
            return dict(zip(header, cells, strict=True))
    raise AssertionError(f"no row for {role}")


def test_the_readme_says_what_a_caseworker_sees_of_mentors():
    mentors = table_row("caseworker")["mentors"]
    assert "their citizens' mentors" in mentors and "no mentor's own page or list" in mentors


def test_a_caseworker_sees_the_name_of_their_citizens_mentor_and_nothing_more(world, client):
    caseworker, other = world.users["caseworker_x"], world.users["caseworker_y"]
    log_in(client, caseworker)
    mads = world.m1.name
    assert mads in client.get(reverse("people:participant", args=[world.p1.pk])).content.decode()
    assert mads in client.get(reverse("mentorships:detail", args=[world.mentorship.pk])).content.decode()
    assert client.get(reverse("people:mentor", args=[world.m1.pk])).status_code == 404
    assert mads not in client.get(reverse("people:mentors")).content.decode()
    assert not mentors_for_user(caseworker).exists()
    # Another municipality's caseworker sees neither Pia nor her mentor.
    log_in(client, other)
    assert client.get(reverse("mentorships:detail", args=[world.mentorship.pk])).status_code == 404
    assert client.get(reverse("people:participant", args=[world.p1.pk])).status_code == 404


def test_the_readme_and_the_code_agree_on_what_a_dpo_reads(world, client):
    participants = table_row("data-protection officer")["participants"]
    assert "as its coordinators" in participants and "as its caseworkers" in participants
    assert "every POST refused" in participants
    ngo_dpo = UserFactory(username="dpo_a", role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_a)
    town_dpo = UserFactory(username="dpo_x", role=Role.DATA_PROTECTION_OFFICER, organisation=world.mun_x)
    for dpo, staff in ((ngo_dpo, world.users["coordinator_a"]), (town_dpo, world.users["caseworker_x"])):
        log_in(client, dpo)
        shown = client.get(reverse("people:participants")).content.decode()
        for p in (world.p1, world.p2, world.p3, world.p4):
            assert (p.name in shown) == participants_for_user(staff).filter(pk=p.pk).exists(), (dpo, p.name)
    assert "no mentor" not in table_row("data-protection officer")["mentors"]
    assert mentors_for_user(town_dpo).count() == 0 and set(mentors_for_user(ngo_dpo)) == {world.m1}
