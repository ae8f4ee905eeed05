import csv
import json
from pathlib import Path

import pytest
from ortools.graph.python import min_cost_flow

from stafet.matching.cli import main

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "matching"
PARTICIPANTS = "id,municipality,languages,occupations,industry\np1,0101,da:B2|en:C1,2512:6,J\n"
MENTORS = (
    "id,lat,lng,site,languages,occupation,industry,capacity,trained\nm1,55.77,12.50,Lyngby,da:native,2512,J,1,yes\n"
)


def run(tmp_path: Path, participants: str | bytes, mentors: str | bytes = MENTORS, *extra: str):
    p, m = tmp_path / "participants.csv", tmp_path / "mentors.csv"
    for path, content in ((p, participants), (m, mentors)):
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "plan.csv"
    code = main(["--participants", str(p), "--mentors", str(m), "-o", str(out), "-q", *extra])
    return code, out


def test_the_example_runs_and_writes_matches_with_parts_and_explanations(tmp_path, capsys):
    out, pairs = tmp_path / "plan.json", tmp_path / "pairs.csv"
    code = main(
        [
            "--participants", str(EXAMPLES / "participants.csv"),
            "--mentors", str(EXAMPLES / "mentors.csv"),
            "--programme", str(EXAMPLES / "programme.json"),
            "-o", str(out), "--all-pairs", str(pairs),
        ]
    )  # fmt: skip
    assert code == 0
    plan = json.loads(out.read_text(encoding="utf-8"))["result"]
    matched = [r for r in plan["rows"] if r["status"] == "matched"]
    assert {"participant_id": "p04", "provider_id": "ibm-02", "pinned": True}.items() <= matched[2].items()
    assert all(r["explanation_da"] and r["explanation_en"] for r in plan["rows"])
    assert "greedy would have matched" in capsys.readouterr().err
    # Anyone can re-solve the written pairs and find the same optimum.
    rows = list(csv.DictReader(pairs.open(encoding="utf-8")))
    assert resolve(rows) == (plan["stats"]["matched"], plan["stats"]["objective"])


def resolve(rows):
    people = sorted({r["participant_id"] for r in rows})
    providers = sorted({r["provider_id"] for r in rows})
    capacity = {r["provider_id"]: int(r["provider_capacity"]) for r in rows}
    n = len(people)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + len(providers), n + len(providers) + 1
    for i in range(n):
        flow.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
    big = 10**6  # pins must be kept: make them worth more than anything else
    for r in rows:
        cost = -int(r["score"]) - (big if r["pinned"] == "yes" else 0)
        flow.add_arc_with_capacity_and_unit_cost(
            people.index(r["participant_id"]), n + providers.index(r["provider_id"]), 1, cost
        )
    for j, q in enumerate(providers):
        flow.add_arc_with_capacity_and_unit_cost(n + j, sink, capacity[q], 0)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    flow.solve_max_flow_with_min_cost()
    pins = sum(r["pinned"] == "yes" for r in rows)
    return flow.maximum_flow(), -flow.optimal_cost() - big * pins


def test_talent_mode_ranks_and_matches_openings(tmp_path):
    out = tmp_path / "rank.csv"
    args = ["--participants", str(EXAMPLES / "participants.csv"), "--openings", str(EXAMPLES / "openings.csv")]
    assert main([*args, "--rank", "--top", "2", "-o", str(out)]) == 0
    assert list(csv.DictReader(out.open(encoding="utf-8")))[0]["opening_id"] == "aarhus-it-01"
    assert main([*args, "-o", str(tmp_path / "plan.csv"), "-q"]) == 0


def test_dual_mentoring_writes_both_rounds(tmp_path):
    out = tmp_path / "plan.csv"
    code = main(
        [
            "--participants", str(EXAMPLES / "participants.csv"), "--mentors", str(EXAMPLES / "mentors.csv"),
            "--volunteers", str(EXAMPLES / "volunteers.csv"), "-o", str(out), "-q",
        ]
    )  # fmt: skip
    assert code == 0
    rounds = {r["round"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rounds == {"business", "volunteer"}


def test_danish_excel_file_in_cp1252_with_semicolons_works(tmp_path):
    participants = (
        "id;lat;lng;place;languages;occupations;industry;competences\n"
        "p1;55,68;12,57;Nørrebro;da:B2 en:C1;2512:6;J;Programmering, databaser og æøå\n"
    ).encode("cp1252")
    code, out = run(tmp_path, participants)
    assert code == 0
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert (row["participant_id"], row["provider_id"]) == ("p1", "m1")


def test_danish_excel_error_names_file_row_and_field(tmp_path, capsys):
    participants = "id;municipality;languages\np1;0101;da:B2\npø;0101;da:B9\n".encode("cp1252")
    code, _ = run(tmp_path, participants)
    err = capsys.readouterr().err
    assert code == 2
    assert "participants.csv, row 3, field 'languages'" in err and "B9" in err


@pytest.mark.parametrize(
    ("participants", "mentors", "where", "what"),
    [
        ("id,municipality,occupations\np1,0101,2512\n", MENTORS, "participants.csv, row 1, field 'languages'",
         "missing column"),
        (PARTICIPANTS.replace("2512:6", "9999:6"), MENTORS, "participants.csv, row 2, field 'occupations'",
         "'9999' is not an ISCO-08"),
        (PARTICIPANTS, MENTORS.replace(",1,yes", ",-1,yes"), "mentors.csv, row 2, field 'capacity'", "-1"),
        (PARTICIPANTS.replace("en:C1", "en:B7"), MENTORS, "participants.csv, row 2, field 'languages'", "'B7'"),
        (PARTICIPANTS, MENTORS.replace(",2512,", ",99,"), "mentors.csv, row 2, field 'occupation'", "'99' is not"),
        (PARTICIPANTS.replace("0101", "9999"), MENTORS, "participants.csv, row 2, field 'municipality'", "9999"),
        (PARTICIPANTS, MENTORS.replace("55.77", "north"), "mentors.csv, row 2, field 'lat'", "not a number"),
        (PARTICIPANTS + "p1,0101,da:B1,,J\n", MENTORS, "participants.csv, row 3, field 'id'", "already used in row 2"),
    ],
    ids=["missing-column", "unknown-isco", "negative-capacity", "cefr-b7", "unknown-isco-mentor", "municipality",
         "lat-text", "duplicate-id"],
)  # fmt: skip
def test_bad_input_gets_a_clear_error_and_nonzero_exit(tmp_path, capsys, participants, mentors, where, what):
    code, _ = run(tmp_path, participants, mentors)
    err = capsys.readouterr().err
    assert code == 2
    assert where in err and what in err
    assert "Traceback" not in err


def test_missing_file_and_bad_arguments_exit_nonzero(tmp_path, capsys):
    assert main(["--participants", str(tmp_path / "nope.csv"), "--mentors", str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err
    assert main(["--participants", "x.csv"]) == 2


def test_json_input_is_accepted(tmp_path):
    people = [
        {
            "id": "p1",
            "lat": 55.68,
            "lng": 12.57,
            "languages": {"da": "B2"},
            "occupations": [{"code": "2512", "years": 3}],
        }
    ]
    mentors = [{"id": "m1", "municipality": "0101", "languages": {"da": "native"}, "capacity": 2, "trained": True}]
    (tmp_path / "p.json").write_text(json.dumps(people))
    (tmp_path / "m.json").write_text(json.dumps(mentors))
    out = tmp_path / "plan.json"
    assert (
        main(["--participants", str(tmp_path / "p.json"), "--mentors", str(tmp_path / "m.json"), "-o", str(out), "-q"])
        == 0
    )
    assert json.loads(out.read_text())["result"]["stats"]["matched"] == 1
