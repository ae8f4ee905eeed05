"""The command line on input a spreadsheet or a script can produce by mistake, its unmatched reasons, the pins it
blames and the files it writes."""

from __future__ import annotations

import csv
import json
import math
import os
import stat
from pathlib import Path

import pytest

from stafet.matching.cli import main
from stafet.matching.tests.independent import Person, haversine_km
from stafet.matching.tests.test_cli import MENTORS, PARTICIPANTS, run


def plan_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def error(capsys: pytest.CaptureFixture[str]) -> str:
    err: str = capsys.readouterr().err
    assert "Traceback" not in err
    return err


# -- unmatched reasons ---------------------------------------------------------------------------------------------


def test_when_every_mentor_is_full_the_reason_says_full_not_too_far(tmp_path):
    mentors = MENTORS.replace(",1,yes", ",0,yes") + "m2,55.70,12.55,Nørrebro,da:native,2512,J,0,yes\n"
    code, out = run(tmp_path, PARTICIPANTS, mentors)
    assert code == 0
    [row] = plan_rows(out)
    assert (row["status"], row["reason"]) == ("unmatched", "full")
    assert row["explanation_en"].startswith("every trained mentor who fits is full or not taking anyone now")
    assert row["explanation_en"].endswith("full or not taking anyone now: m2 (Nørrebro, 3 km) and m1 (Lyngby, 11 km)")
    assert "within 40 km" not in row["explanation_en"]
    details = json.loads(row["details"])
    assert details["code"] == "full" and details["counts"] == {"full": 2}


def test_a_participant_a_hair_beyond_the_limit_gets_the_distance_reason(tmp_path):
    # 40 km and a millimetre due north of the mentor.
    lat = 55.0 + math.degrees(40.000001 / 6371.0088)
    participants = f"id,lat,lng,languages\np1,{lat!r},12.0,da:B1\n"
    mentors = "id,lat,lng,site,languages,capacity,trained\nm1,55.0,12.0,Køge,da:native,1,yes\n"
    code, out = run(tmp_path, participants, mentors)
    assert code == 0
    [row] = plan_rows(out)
    assert row["status"] == "unmatched"
    assert row["explanation_en"] == "no trained mentor within 40 km (the nearest, m1 at Køge, is 40 km away)"
    assert json.loads(row["details"])["obstacles"][0]["code"] == "too_far"


# -- pins ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pins_file", "where"),
    [
        (
            "participant_id,provider_id\np1,m1\np2,m1\n",
            "pins.csv, row 3: (p2, m1) is one pin more than 'm1' has places",
        ),
        (
            "participant_id,provider_id\np2,m1\np1,m1\n",
            "pins.csv, row 3: (p1, m1) is one pin more than 'm1' has places",
        ),
        ("participant_id,provider_id\np1,m1\np1,m2\n", "pins.csv, row 3: (p1, m2): participant 'p1' is already pinned"),
    ],
)
def test_the_pin_that_overfills_a_mentor_is_the_one_blamed(tmp_path, capsys, pins_file, where):
    participants = PARTICIPANTS + "p2,0101,da:B2,2512:6,J\n"
    mentors = MENTORS + "m2,55.77,12.50,Lyngby,da:native,2512,J,1,yes\n"
    (tmp_path / "pins.csv").write_text(pins_file)
    code, _ = run(tmp_path, participants, mentors, "--pins", str(tmp_path / "pins.csv"))
    assert code == 2
    assert where in error(capsys)


def test_a_pin_in_the_programme_and_one_in_the_pins_file_blame_the_later_one(tmp_path, capsys):
    participants = PARTICIPANTS + "p2,0101,da:B2,2512:6,J\n"
    (tmp_path / "programme.json").write_text(json.dumps({"pins": [["p2", "m1"]]}))
    (tmp_path / "pins.csv").write_text("participant_id,provider_id\np1,m1\n")
    args = ["--programme", str(tmp_path / "programme.json"), "--pins", str(tmp_path / "pins.csv")]
    code, _ = run(tmp_path, participants, MENTORS, *args)
    assert code == 2
    assert "pins.csv, row 2: (p1, m1) is one pin more than 'm1' has places (1)" in error(capsys)


# -- cells that are not what they should be --------------------------------------------------------------------------


def test_a_nul_byte_in_a_cell_is_refused_naming_file_row_and_field(tmp_path, capsys):
    participants = "id,municipality,languages,competences\np1,0101,da:B2,python\np2,0101,da:B2,ex\x00cel\n"
    code, out = run(tmp_path, participants)
    assert code == 2 and not out.exists()
    err = error(capsys)
    assert "participants.csv, row 3, field 'competences': contains a NUL character" in err


def test_a_nul_byte_in_a_json_value_is_refused_naming_the_item_and_field(tmp_path, capsys):
    (tmp_path / "participants.json").write_text(
        json.dumps([{"id": "p1", "municipality": "0101", "languages": {"da": "B1"}, "place": "Nørre\u0000bro"}])
    )
    (tmp_path / "mentors.csv").write_text(MENTORS)
    code = main(["--participants", str(tmp_path / "participants.json"), "--mentors", str(tmp_path / "mentors.csv")])
    assert code == 2
    assert "participants.json, item 1, field 'place': contains a NUL character" in error(capsys)


def test_a_field_of_five_megabytes_is_reported_naming_the_field(tmp_path, capsys):
    huge = "python " * 750_000  # 5.25 MB
    participants = f'id,municipality,languages,competences\np1,0101,da:B2,"{huge}"\n'
    code, out = run(tmp_path, participants)
    assert code == 2 and not out.exists()
    err = error(capsys)
    assert "participants.csv, row 2, field 'competences': holds 5,249,999 characters; at most 100,000" in err
    assert len(err) < 500


@pytest.mark.parametrize(
    ("key", "value", "what"),
    [
        ("competences", {"skills": "python"}, "field 'competences': a text is expected, not an object"),
        ("id", ["p1"], "field 'id': a text is expected, not a list"),
        ("industry", True, "field 'industry': a text is expected, not true or false"),
        ("education_field", {"a": 1}, "field 'education_field': a text is expected, not an object"),
        ("languages", {"da": {"level": "B1"}}, "field 'languages': the level of 'da' must be a text"),
        ("languages", [{"da": "B1"}], "field 'languages': {'da': 'B1'} should be a text language:level"),
        ("occupations", [{"code": {"isco": "2512"}}], "field 'occupations': "),
        ("occupations", {"2512": 6}, "field 'occupations': a list of occupations is expected, not an object"),
        ("eligible", {"yes": 1}, "field 'eligible': {'yes': 1} is not yes/no"),
    ],
)
def test_a_json_object_where_a_text_is_expected_is_a_clear_error_naming_the_field(tmp_path, capsys, key, value, what):
    person = {"id": "p1", "municipality": "0101", "languages": {"da": "B1"}, key: value}
    (tmp_path / "participants.json").write_text(json.dumps([person]))
    (tmp_path / "mentors.csv").write_text(MENTORS)
    code = main(["--participants", str(tmp_path / "participants.json"), "--mentors", str(tmp_path / "mentors.csv")])
    assert code == 2
    err = error(capsys)
    assert f"participants.json, item 1, {what}" in err


# -- the files written -----------------------------------------------------------------------------------------------


@pytest.fixture
def umask():
    def set_umask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    yield set_umask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_plan_gets_the_mode_the_umask_gives(tmp_path, umask, mask, expected):
    umask(mask)
    pairs = tmp_path / "pairs.csv"
    code, out = run(tmp_path, PARTICIPANTS, MENTORS, "--all-pairs", str(pairs))
    assert code == 0
    assert (mode(out), mode(pairs)) == (expected, expected)


def test_replacing_a_plan_keeps_the_mode_of_the_file_it_replaces(tmp_path, umask):
    umask(0o077)
    out = tmp_path / "plan.csv"
    out.write_text("old plan\n")
    out.chmod(0o644)
    code, _ = run(tmp_path, PARTICIPANTS)
    assert code == 0 and mode(out) == 0o644 and out.read_text() != "old plan\n"
    out.chmod(0o640)
    assert run(tmp_path, PARTICIPANTS)[0] == 0 and mode(out) == 0o640


# -- places --------------------------------------------------------------------------------------------------------


def test_a_postcode_places_a_person_at_the_reference_datas_point(tmp_path):
    participants = "id,postcode,languages\np1,4700,da:B2\n"
    mentors = "id,postcode,languages,capacity,trained\nm1,2800,da:native,1,yes\n"
    (tmp_path / "programme.json").write_text(json.dumps({"max_distance_km": 100}))
    code, out = run(tmp_path, participants, mentors, "--programme", str(tmp_path / "programme.json"))
    assert code == 0
    [row] = plan_rows(out)
    distance = next(f for f in json.loads(row["details"]) if f["code"] == "distance")
    assert distance["site"] == "2800 Kongens Lyngby"
    # Kongens Lyngby to Næstved: the points of the reference data, as the web app places the two postcodes.
    lyngby, naestved = Person("a", 55.77044, 12.50378, {}), Person("b", 55.22992, 11.76092, {})
    assert distance["km"] == pytest.approx(haversine_km(lyngby, naestved), abs=0.05)


def test_an_unknown_postcode_is_an_error_naming_the_field(tmp_path, capsys):
    code, _ = run(tmp_path, "id,postcode,languages\np1,0960,da:B2\n")
    assert code == 2
    assert "participants.csv, row 2, field 'postcode': '0960' is not a Danish postcode" in error(capsys)
