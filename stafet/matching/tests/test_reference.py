"""The engine reads the project's one copy of the reference data, and still imports no Django."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import stafet.matching
from stafet.matching.files import read_participants
from stafet.matching.reference import DISCO08, ISCO08, NACE_SECTIONS, municipality, postcode
from stafet.reference import data

ENGINE = Path(stafet.matching.__file__).resolve().parent


def test_the_engine_and_its_command_line_import_no_django():
    code = (
        "import sys, stafet.matching, stafet.matching.cli, stafet.matching.files, stafet.matching.reference; "
        "from stafet.matching.engine import warm_up; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ENGINE.parents[1])
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_engine_keeps_no_copy_of_the_data_files():
    assert not [p.name for p in ENGINE.rglob("*") if p.suffix in {".csv", ".json", ".tsv"}]
    sources = {p.name: p.read_text(encoding="utf-8") for p in ENGINE.glob("*.py")}
    # No module reaches into another app's folder by path.
    assert not [name for name, text in sources.items() if '"reference"' in text or "parents[1]" in text]


def test_the_engines_names_are_the_reference_files_names():
    with (data.DATA_DIR / "occupations.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert dict(ISCO08) == {r["isco08_code"]: r["label_en"] for r in rows}
    assert dict(DISCO08) == {r["isco08_code"]: r["label_da"] for r in rows if r["label_da"]}
    assert tuple("ABCDEFGHIJKLMNOPQRSTU") == NACE_SECTIONS


def test_lyngby_taarbaek_and_naestved_sit_at_their_corrected_points():
    """The engine's old copy put them at Virum and Klinteby Frihed, up to 10 km from where the web app put them."""
    with (data.DATA_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["code"]: r for r in csv.DictReader(f)}
    for code, town in (("0173", "Kongens Lyngby"), ("0370", "Næstved")):
        found = municipality(code.lstrip("0"))
        assert found is not None and found.town == town == rows[code]["town"]
        assert (found.lat, found.lng) == (float(rows[code]["lat"]), float(rows[code]["lng"]))
    assert postcode("2800").municipality_code == "0173"  # type: ignore[union-attr]


def test_the_command_line_places_a_municipality_at_the_reference_point(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_text("id,municipality,languages\np1,173,da:B1\np2,0370,da:B1\n", encoding="utf-8")
    people = read_participants(path)
    assert [(p.lat, p.lng, p.place) for p in people] == [
        (55.77044, 12.50378, "Lyngby-Taarbæk Kommune"),
        (55.22992, 11.76092, "Næstved Kommune"),
    ]
