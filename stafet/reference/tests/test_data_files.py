"""Checks on the committed data files themselves (no database)."""

import csv
import re
from pathlib import Path

import pytest

from stafet.reference.geo import DENMARK_BBOX, haversine_km

DATA = Path(__file__).resolve().parent.parent / "data"


def read(name):
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def municipalities():
    return {r["code"]: r for r in read("municipalities.csv")}


@pytest.fixture(scope="module")
def postcodes():
    return {r["code"]: r for r in read("postcodes.csv")}


def test_municipalities_are_the_98(municipalities):
    rows = read("municipalities.csv")
    assert len(rows) == 98
    assert len({r["code"] for r in rows}) == 98
    assert len({r["name"] for r in rows}) == 98
    assert all(re.fullmatch(r"\d{4}", r["code"]) for r in rows)
    assert all(DENMARK_BBOX.contains(float(r["lat"]), float(r["lng"])) for r in rows)
    assert {r["region"] for r in rows} == {
        "Region Hovedstaden",
        "Region Sjælland",
        "Region Syddanmark",
        "Region Midtjylland",
        "Region Nordjylland",
    }


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("0101", "Københavns Kommune"),
        ("0147", "Frederiksberg Kommune"),
        ("0151", "Ballerup Kommune"),
        ("0173", "Lyngby-Taarbæk Kommune"),
        ("0250", "Frederikssund Kommune"),
        ("0265", "Roskilde Kommune"),
        ("0751", "Aarhus Kommune"),
        ("0851", "Aalborg Kommune"),
        ("0461", "Odense Kommune"),
        ("0400", "Bornholms Regionskommune"),
    ],
)
def test_municipality_spot_checks(municipalities, code, name):
    assert municipalities[code]["name"] == name


def test_christianso_is_not_a_municipality(municipalities):
    assert "0411" not in municipalities


def test_bornholm_is_far_east(municipalities):
    assert float(municipalities["0400"]["lng"]) > 14.5


def test_postcodes(postcodes, municipalities):
    assert 1000 <= len(postcodes) <= 1300
    for code, row in postcodes.items():
        assert re.fullmatch(r"\d{4}", code)
        assert row["municipality_code"] in municipalities, code
        assert DENMARK_BBOX.contains(float(row["lat"]), float(row["lng"])), code
    assert "0960" not in postcodes  # "Udland" is no place in Denmark


@pytest.mark.parametrize(
    ("postcode", "municipality"),
    [
        ("2800", "0173"),
        ("2750", "0151"),
        ("8000", "0751"),
        ("9000", "0851"),
        ("5000", "0461"),
        ("3700", "0400"),
        ("4000", "0265"),
        ("3600", "0250"),
        ("1050", "0101"),
        ("1850", "0147"),
        ("2000", "0147"),
        ("2300", "0101"),
        ("2500", "0101"),
        ("2720", "0101"),
        ("2630", "0169"),
        ("2770", "0185"),
        ("2840", "0230"),
        ("2970", "0223"),
        ("2990", "0210"),
        ("3000", "0217"),
    ],
)
def test_postcode_spot_checks(postcodes, postcode, municipality):
    assert postcodes[postcode]["municipality_code"] == municipality


def test_occupations_tree():
    rows = read("occupations.csv")
    codes = {r["isco08_code"] for r in rows}
    assert len(rows) == len(codes) == 619
    by_level = {level: [r for r in rows if r["level"] == str(level)] for level in (1, 2, 3, 4)}
    assert [len(by_level[level]) for level in (1, 2, 3, 4)] == [10, 43, 130, 436]
    for r in rows:
        assert int(r["level"]) == len(r["isco08_code"])
        assert r["parent"] == (r["isco08_code"][:-1] if r["level"] != "1" else "")
        assert not r["parent"] or r["parent"] in codes
        assert r["label_en"]


def test_danish_labels_for_top_two_isco_levels():
    rows = {r["isco08_code"]: r for r in read("occupations.csv")}
    assert all(r["label_da"] for r in rows.values() if r["level"] in ("1", "2"))
    assert rows["1"]["label_da"] == "Ledelsesarbejde"
    assert rows["2"]["label_da"] == "Arbejde, der forudsætter viden på højeste niveau inden for pågældende område"
    assert rows["25"]["label_da"] == "Arbejde inden for informations- og kommunikationsteknologi"
    assert rows["2512"]["label_da"] == "Softwareudvikling"
    assert rows["2221"]["label_da"] == "Sygeplejerskearbejde"


def test_industries():
    rows = read("industries.csv")
    assert [r["code"] for r in rows] == list("ABCDEFGHIJKLMNOPQRSTU")
    assert all(r["label_en"] and r["label_da"] for r in rows)
    labels = {r["code"]: r["label_da"] for r in rows}
    assert labels["C"] == "Fremstillingsvirksomhed"
    assert labels["Q"] == "Sundhedsvæsen og sociale foranstaltninger"


def test_languages():
    rows = {r["code"]: r for r in read("languages.csv")}
    assert sum(len(code) == 2 for code in rows) == 184
    for code in ("prs", "kmr", "ckb", "tig", "byn", "rhg", "haz"):
        assert rows[code]["name_en"] and rows[code]["name_da"], code
    expected = {
        "ar": "arabisk", "fa": "persisk", "ps": "pashto", "ti": "tigrinya", "so": "somali", "uk": "ukrainsk",
        "ru": "russisk", "ku": "kurdisk", "ur": "urdu", "en": "engelsk", "da": "dansk", "de": "tysk",
        "fr": "fransk", "tr": "tyrkisk", "am": "amharisk", "sw": "swahili",
    }  # fmt: skip
    assert {code: rows[code]["name_da"] for code in expected} == expected


def test_countries():
    rows = {r["code"]: r for r in read("countries.csv")}
    assert len(rows) == 249
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in rows)
    expected = {
        "SY": "Syrien", "AF": "Afghanistan", "ER": "Eritrea", "IR": "Iran", "UA": "Ukraine", "IQ": "Irak",
        "SO": "Somalia", "PS": "Palæstina", "LB": "Libanon", "TR": "Tyrkiet", "RU": "Rusland", "DK": "Danmark",
        "SD": "Sudan", "ET": "Etiopien", "MM": "Myanmar (Burma)",
    }  # fmt: skip
    assert {code: rows[code]["name_da"] for code in expected} == expected
    assert rows["SY"]["name_en"] == "Syria"


def test_haversine():
    assert haversine_km(55.0, 10.0, 55.0, 10.0) == 0
    # One degree of latitude is ~111 km everywhere.
    assert haversine_km(55.0, 10.0, 56.0, 10.0) == pytest.approx(111.2, abs=0.2)
    assert haversine_km(55.0, 10.0, 56.0, 11.0) == pytest.approx(haversine_km(56.0, 11.0, 55.0, 10.0))
