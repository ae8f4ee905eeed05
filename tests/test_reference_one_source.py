"""One source of places: the command line and the web app put the same postcodes and municipalities at the same
points, so the distance between two people is the same in both."""

import json

import pytest

from stafet.matches import adapter
from stafet.matching import Config, match
from stafet.matching.cli import main
from stafet.matching.files import read_participants, read_providers
from stafet.people.engine import engine_participant
from stafet.reference.models import Municipality, Postcode
from tests.factories import MentorEnrolmentFactory, MentorFactory, OrganisationFactory, ParticipantFactory, SiteFactory


@pytest.mark.django_db
@pytest.mark.parametrize(("home", "site"), [("4700", "2800"), ("2800", "2800"), ("3700", "8000")])
def test_the_command_line_and_the_web_app_give_the_same_points_and_distance(tmp_path, home, site):
    person = ParticipantFactory(home_postcode=Postcode.objects.get(pk=home))
    company = OrganisationFactory()
    mentor = MentorFactory(organisation=company, site=SiteFactory(organisation=company, postcode_id=site))
    web_p = engine_participant(person, eligible=True)
    web_q = adapter.build_provider(MentorEnrolmentFactory(mentor=mentor, capacity=1), adapter.PROFESSIONAL)

    participants, mentors = tmp_path / "participants.csv", tmp_path / "mentors.csv"
    participants.write_text(f"id,postcode,languages\np1,{home},en:B2\n", encoding="utf-8")
    mentors.write_text(f"id,postcode,languages,capacity,trained\nm1,{site},en:C1,1,yes\n", encoding="utf-8")
    [cli_p], [cli_q] = read_participants(participants), read_providers(mentors, "mentor")
    assert (cli_p.lat, cli_p.lng) == (web_p.lat, web_p.lng)
    assert (cli_q.lat, cli_q.lng) == (web_q.lat, web_q.lng)

    # The distance each tells the coordinator, from the whole run.
    (tmp_path / "programme.json").write_text(json.dumps({"max_distance_km": 500}))
    out = tmp_path / "plan.json"
    args = ["--participants", str(participants), "--mentors", str(mentors), "-o", str(out), "-q"]
    assert main([*args, "--programme", str(tmp_path / "programme.json")]) == 0
    [row] = json.loads(out.read_text(encoding="utf-8"))["result"]["rows"]
    [web_pair] = match([web_p], [web_q], Config(max_distance_km=500)).pairs

    def km(facts):
        return next(f["km"] for f in facts if f["code"] == "distance")

    assert km(row["details"]) == km([f.to_dict() for f in web_pair.facts])


@pytest.mark.django_db
def test_every_municipality_and_postcode_sits_where_the_command_line_puts_it(tmp_path):
    rows = ["id,municipality,languages"] + [f"{m.code},{m.code},da:B1" for m in Municipality.objects.all()]
    (tmp_path / "m.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    placed = {p.id: (p.lat, p.lng) for p in read_participants(tmp_path / "m.csv")}
    assert placed == {m.code: (m.lat, m.lng) for m in Municipality.objects.all()}
    rows = ["id,postcode,languages"] + [f"{p.code},{p.code},da:B1" for p in Postcode.objects.all()]
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    placed = {p.id: (p.lat, p.lng) for p in read_participants(tmp_path / "p.csv")}
    assert placed == {p.code: (p.lat, p.lng) for p in Postcode.objects.all()}
