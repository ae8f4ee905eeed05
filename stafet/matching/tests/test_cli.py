import csv
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stafet.matching.cli import main
from stafet.matching.tests.independent import optimum

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
    scores = {(r["participant_id"], r["provider_id"]): int(r["score"]) for r in rows}
    capacity = {r["provider_id"]: int(r["provider_capacity"]) for r in rows}
    pins = [(r["participant_id"], r["provider_id"]) for r in rows if r["pinned"] == "yes"]
    return optimum(scores, capacity, pins)


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
        (PARTICIPANTS, MENTORS.replace(",1,yes", ",two,yes"), "mentors.csv, row 2, field 'capacity'",
         "'two' is not a number"),
        (PARTICIPANTS, MENTORS.replace(",1,yes", ",1.5,yes"), "mentors.csv, row 2, field 'capacity'",
         "'1.5' is not a whole number"),
        (PARTICIPANTS, MENTORS.replace(",yes", ",maybe"), "mentors.csv, row 2, field 'trained'", "not yes/no"),
        (b"", MENTORS, "participants.csv, row 1", "the file is empty"),
        (b"\xef\xbb\xbf\r\n", MENTORS, "participants.csv, row 1", "the file is empty"),
        (PARTICIPANTS.replace("da:B2|en:C1", ""), MENTORS, "participants.csv, row 2, field 'languages'",
         "at least one language"),
        (PARTICIPANTS.replace("da:B2|en:C1", "da B2"), MENTORS, "participants.csv, row 2, field 'languages'",
         "should be language:level"),
        (PARTICIPANTS.replace("industry", "id"), MENTORS, "participants.csv, row 1, field 'id'", "appears twice"),
        (PARTICIPANTS.replace(",J\n", ",J,extra\n"), MENTORS, "participants.csv, row 2", "values but the header has"),
        (PARTICIPANTS.replace(",J\n", ",Z\n"), MENTORS, "participants.csv, row 2, field 'industry'", "'Z' is not one"),
        (PARTICIPANTS, MENTORS.replace("55.77", "95"), "mentors.csv, row 2, field 'lat'", "between -90 and 90"),
        (PARTICIPANTS.replace("p1,", 'p1,"') + "p2,0101,da:B1,,J\n", MENTORS, "participants.csv, row 2",
         "a quoted value starts here and is never closed"),
        (PARTICIPANTS.replace("2512:6", "x" * 200_000), MENTORS, "participants.csv, row 2, field 'occupations'",
         "holds 200,000 characters; at most 100,000"),
    ],
    ids=["missing-column", "unknown-isco", "negative-capacity", "cefr-b7", "unknown-isco-mentor", "municipality",
         "lat-text", "duplicate-id", "capacity-text", "capacity-fraction", "yes-no", "empty-file", "bom-only",
         "no-language", "language-without-level", "duplicate-column", "too-many-values", "industry", "latitude",
         "unclosed-quote", "huge-value"],
)  # fmt: skip
def test_bad_input_gets_a_clear_error_and_nonzero_exit(tmp_path, capsys, participants, mentors, where, what):
    code, out = run(tmp_path, participants, mentors)
    err = capsys.readouterr().err
    assert code == 2
    assert where in err and what in err
    assert "Traceback" not in err
    assert not out.exists()


def test_danish_excel_with_bom_semicolons_decimal_commas_and_danish_letters_reads_as_utf8_csv(tmp_path, capsys):
    """Danish Excel writes cp1252 (or UTF-8 with a byte-order mark) with ';' and decimal commas."""
    utf8 = "id,lat,lng,place,languages\nSørensø,55.68,12.57,Nørrebro,da:B2|en:C1\n"
    excel = "id;lat;lng;place;languages\r\nSørensø;55,68;12,57;Nørrebro;da:B2|en:C1\r\n"
    plans = []
    for name, data in [
        ("utf8", utf8.encode()),
        ("cp1252", excel.encode("cp1252")),
        ("bom", excel.encode("utf-8-sig")),
        ("utf16", excel.replace(";", "\t").encode("utf-16")),  # Excel's "Unicode text"
        ("sep-line", ("sep=;\r\n" + excel).encode("cp1252")),
    ]:
        folder = tmp_path / name
        folder.mkdir()
        code, out = run(folder, data)
        assert code == 0, capsys.readouterr().err
        plans.append(out.read_text(encoding="utf-8"))
    assert plans[0].splitlines()[1].startswith("Sørensø,m1,matched,")
    assert all(plan == plans[0] for plan in plans)


def test_decimal_commas_in_occupation_years_are_read_in_excel_files(tmp_path):
    participants = "id;municipality;languages;occupations\np1;0101;da:B2;2512:6,5|2511:2\n".encode("cp1252")
    (tmp_path / "p.csv").write_bytes(participants)
    from stafet.matching.files import read_participants

    [p] = read_participants(tmp_path / "p.csv")
    assert [(o.code, o.years) for o in p.occupations] == [("2512", 6.5), ("2511", 2.0)]


def test_unknown_columns_are_named_in_a_warning(tmp_path, capsys):
    code, _ = run(tmp_path, PARTICIPANTS.replace("industry", "ocupations"))
    assert code == 0
    assert "participants.csv: column(s) not used: ocupations" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("programme", "where", "what"),
    [
        ({"max_distans_km": 10}, "programme.json, field 'max_distans_km'", "unknown setting"),
        ({"max_distance_km": "ten"}, "programme.json, field 'max_distance_km'", "'ten' must be a number"),
        ({"max_distance_km": True}, "programme.json, field 'max_distance_km'", "must be a number"),
        ({"require_trained": "yes"}, "programme.json, field 'require_trained'", "must be true or false"),
        ({"weights": {"industri": 100}}, "programme.json, field 'weights'", "unknown part(s) industri"),
        ({"weights": [100]}, "programme.json, field 'weights'", "must be an object"),
        ({"weights": {"industry": 1.5}}, "programme.json, field 'weights'", "whole number"),
        ({"min_language_level": "B7"}, "programme.json, field 'min_language_level'", "'B7' is not one of"),
        ({"candidate_cap": 0}, "programme.json, field 'candidate_cap'", "1 or more"),
        ({"pins": "p1"}, "programme.json, field 'pins'", "must be a list"),
        ({"pins": [["p1"]]}, "programme.json, field 'pins'", "item 1: ['p1'] is not a [participant id, provider id]"),
        ({"pins": [["p9", "m1"]]}, "programme.json, field 'pins'", "item 1: unknown participant id 'p9'"),
        ({"exclusions": [["p1", "m9"]]}, "programme.json, field 'exclusions'", "item 1: unknown provider id 'm9'"),
        ({"volunteer": {"max_km": 5}}, "programme.json, field 'volunteer.max_km'", "unknown setting"),
        ({"volunteer": {"max_distance_km": -5}}, "programme.json, field 'volunteer.max_distance_km'", "more than 0"),
        ({"volunteer": 5}, "programme.json, field 'volunteer'", "must be an object"),
        ([1, 2], "programme.json", "must be a JSON object"),
    ],
)
def test_bad_programme_files_get_a_clear_error(tmp_path, capsys, programme, where, what):
    (tmp_path / "programme.json").write_text(json.dumps(programme))
    code, out = run(tmp_path, PARTICIPANTS, MENTORS, "--programme", str(tmp_path / "programme.json"))
    err = capsys.readouterr().err
    assert code == 2 and where in err and what in err and "Traceback" not in err
    assert not out.exists()


def test_a_programme_that_is_not_json_names_line_and_column(tmp_path, capsys):
    (tmp_path / "programme.json").write_text('{"max_distance_km": 10,}')
    code, _ = run(tmp_path, PARTICIPANTS, MENTORS, "--programme", str(tmp_path / "programme.json"))
    assert code == 2
    assert "programme.json: not valid JSON (line 1, column 23)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("pins", "where", "what"),
    [
        ("participant_id,provider_id\np9,m1\n", "pins.csv, row 2, field 'participant_id'", "unknown participant id"),
        ("participant_id,provider_id\np1,m9\n", "pins.csv, row 2, field 'provider_id'", "unknown provider id 'm9'"),
        ("participant_id,provider_id\np1,\n", "pins.csv, row 2, field 'provider_id'", "a value is required"),
        ("participant_id,mentor_id\np1,m1\n", "pins.csv, row 1, field 'provider_id'", "missing column"),
    ],
)
def test_bad_pins_name_the_file_and_row(tmp_path, capsys, pins, where, what):
    (tmp_path / "pins.csv").write_text(pins)
    code, _ = run(tmp_path, PARTICIPANTS, MENTORS, "--pins", str(tmp_path / "pins.csv"))
    err = capsys.readouterr().err
    assert code == 2 and where in err and what in err


def test_a_pin_that_breaks_a_hard_limit_is_reported_where_it_was_written(tmp_path, capsys):
    (tmp_path / "pins.csv").write_text("participant_id,provider_id\np1,m1\n")
    mentors = MENTORS.replace("da:native", "ar:native")
    code, _ = run(tmp_path, PARTICIPANTS, mentors, "--pins", str(tmp_path / "pins.csv"))
    assert code == 2
    assert "pins.csv, row 2: (p1, m1) breaks a hard limit: no shared language" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("participants", "where", "what"),
    [
        ([{"id": "p1", "municipality": "0101"}], "participants.json, item 1, field 'languages'", "missing key"),
        ([{"id": "p1", "municipality": "0101", "languages": {"da": "B1"}}, 5], "participants.json, item 2",
         "5 is not an object"),
        ([{"id": "p1", "lat": "north", "lng": 12, "languages": ["da:B1"]}], "participants.json, item 1, field 'lat'",
         "'north' is not a number"),
        ([{"id": "p1", "lat": 55.7, "lng": 12.5, "languages": {"da": "B7"}}],
         "participants.json, item 1, field 'languages'", "'B7'"),
        ({"participants": "none"}, "participants.json", "JSON must be a list of objects"),
    ],
)  # fmt: skip
def test_bad_json_input_names_the_item_and_field(tmp_path, capsys, participants, where, what):
    (tmp_path / "participants.json").write_text(json.dumps(participants))
    (tmp_path / "mentors.csv").write_text(MENTORS)
    code = main(["--participants", str(tmp_path / "participants.json"), "--mentors", str(tmp_path / "mentors.csv")])
    err = capsys.readouterr().err
    assert code == 2 and where in err and what in err


def test_a_failed_run_leaves_the_earlier_plan_untouched(tmp_path, capsys):
    code, out = run(tmp_path, PARTICIPANTS)
    assert code == 0
    before = out.read_bytes()
    code, _ = run(tmp_path, PARTICIPANTS.replace("en:C1", "en:B7"))
    assert code == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mentors.csv", "participants.csv", "plan.csv"]


def test_an_output_that_cannot_be_written_is_a_clear_error(tmp_path, capsys):
    p, m = tmp_path / "participants.csv", tmp_path / "mentors.csv"
    p.write_text(PARTICIPANTS)
    m.write_text(MENTORS)
    code = main(["--participants", str(p), "--mentors", str(m), "-o", str(tmp_path / "no" / "plan.csv")])
    assert code == 2
    assert "plan.csv: cannot write the file" in capsys.readouterr().err


def test_empty_cohorts_give_an_empty_plan(tmp_path):
    (tmp_path / "none.json").write_text("[]")
    (tmp_path / "mentors.csv").write_text(MENTORS)
    out = tmp_path / "plan.json"
    assert main(["--participants", str(tmp_path / "none.json"), "--mentors", str(tmp_path / "mentors.csv"),
                 "-o", str(out), "-q"]) == 0  # fmt: skip
    assert json.loads(out.read_text())["result"]["stats"]["matched"] == 0


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["--rank"], "--rank needs --openings"),
        (["--top", "0"], "argument --top: '0' is not a whole number, 1 or more"),
        (["--volunteers", "x.csv", "--rank"], "--rank needs --openings"),
        (["--all-pairs", "plan.csv"], "--all-pairs and --output name the same file"),
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, monkeypatch, args, what):
    monkeypatch.chdir(tmp_path)
    code, _ = run(tmp_path, PARTICIPANTS, MENTORS, *args)
    assert code == 2
    assert what in capsys.readouterr().err


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


HEADERS = ["id", "municipality", "lat", "lng", "languages", "occupations", "capacity", "trained", "eligible", "x"]
CELLS = ["p1", "p2", "0101", "101", "9999", "55,7", "12.5", "95", "da:B1", "en:B7", "da", "2512:6,5", "99", "-1",
         "1.5", "ja", "nej", "maybe", "", '"', "æøå", "sep=;", "\t"]  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=True) | st.sampled_from(CELLS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(HEADERS), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(
    header=st.lists(st.sampled_from(HEADERS), max_size=6),
    rows=st.lists(st.lists(st.sampled_from(CELLS), max_size=7), max_size=4),
    separator=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_no_csv_file_makes_the_command_line_fail_with_anything_but_a_clear_error(header, rows, separator, encoding):
    text = "\n".join(separator.join(cells) for cells in [header, *rows])
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("participants", "mentors"):
            (Path(tmp) / f"{name}.csv").write_bytes(text.encode(encoding))
        args = ["--participants", f"{tmp}/participants.csv", "--mentors", f"{tmp}/mentors.csv", "-o", f"{tmp}/o.csv"]
        assert main([*args, "-q"]) in (0, 2)


@settings(max_examples=60, deadline=None)
@given(participants=JSON_VALUES, programme=JSON_VALUES)
def test_no_json_file_makes_the_command_line_fail_with_anything_but_a_clear_error(participants, programme):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "p.json").write_text(json.dumps(participants))
        (folder / "programme.json").write_text(json.dumps(programme))
        (folder / "m.csv").write_text(MENTORS)
        args = ["--participants", str(folder / "p.json"), "--mentors", str(folder / "m.csv"), "-o", str(folder / "o")]
        assert main([*args, "-q"]) in (0, 2)
        assert main([*args, "-q", "--programme", str(folder / "programme.json")]) in (0, 2)


def test_output_to_a_pipe_is_written_through_not_replaced(tmp_path):
    # "-o /dev/null" once replaced the device with a file: an output that is not a regular file is written to
    # as it is, never renamed over.
    import os
    import stat
    import threading

    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    args = ["--participants", str(EXAMPLES / "participants.csv"), "--mentors", str(EXAMPLES / "mentors.csv")]
    assert main([*args, "-o", str(fifo), "-q"]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith("participant_id,")
    assert list(tmp_path.iterdir()) == [fifo]  # no temporary file left beside it
