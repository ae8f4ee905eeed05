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


# The official municipality codes (kommunekoder) and names, region by region, as Danmarks Statistik and DAGI
# list them since 2007; Christiansø (0411) is administered by the state and is not a municipality.
OFFICIAL_MUNICIPALITIES = {
    "Region Hovedstaden": {
        "0101": "Københavns", "0147": "Frederiksberg", "0151": "Ballerup", "0153": "Brøndby", "0155": "Dragør",
        "0157": "Gentofte", "0159": "Gladsaxe", "0161": "Glostrup", "0163": "Herlev", "0165": "Albertslund",
        "0167": "Hvidovre", "0169": "Høje-Taastrup", "0173": "Lyngby-Taarbæk", "0175": "Rødovre", "0183": "Ishøj",
        "0185": "Tårnby", "0187": "Vallensbæk", "0190": "Furesø", "0201": "Allerød", "0210": "Fredensborg",
        "0217": "Helsingør", "0219": "Hillerød", "0223": "Hørsholm", "0230": "Rudersdal", "0240": "Egedal",
        "0250": "Frederikssund", "0260": "Halsnæs", "0270": "Gribskov", "0400": "Bornholms",
    },
    "Region Sjælland": {
        "0253": "Greve", "0259": "Køge", "0265": "Roskilde", "0269": "Solrød", "0306": "Odsherred", "0316": "Holbæk",
        "0320": "Faxe", "0326": "Kalundborg", "0329": "Ringsted", "0330": "Slagelse", "0336": "Stevns",
        "0340": "Sorø", "0350": "Lejre", "0360": "Lolland", "0370": "Næstved", "0376": "Guldborgsund",
        "0390": "Vordingborg",
    },
    "Region Syddanmark": {
        "0410": "Middelfart", "0420": "Assens", "0430": "Faaborg-Midtfyn", "0440": "Kerteminde", "0450": "Nyborg",
        "0461": "Odense", "0479": "Svendborg", "0480": "Nordfyns", "0482": "Langeland", "0492": "Ærø",
        "0510": "Haderslev", "0530": "Billund", "0540": "Sønderborg", "0550": "Tønder", "0561": "Esbjerg",
        "0563": "Fanø", "0573": "Varde", "0575": "Vejen", "0580": "Aabenraa", "0607": "Fredericia",
        "0621": "Kolding", "0630": "Vejle",
    },
    "Region Midtjylland": {
        "0615": "Horsens", "0657": "Herning", "0661": "Holstebro", "0665": "Lemvig", "0671": "Struer",
        "0706": "Syddjurs", "0707": "Norddjurs", "0710": "Favrskov", "0727": "Odder", "0730": "Randers",
        "0740": "Silkeborg", "0741": "Samsø", "0746": "Skanderborg", "0751": "Aarhus", "0756": "Ikast-Brande",
        "0760": "Ringkøbing-Skjern", "0766": "Hedensted", "0779": "Skive", "0791": "Viborg",
    },
    "Region Nordjylland": {
        "0773": "Morsø", "0787": "Thisted", "0810": "Brønderslev", "0813": "Frederikshavn",
        "0820": "Vesthimmerlands", "0825": "Læsø", "0840": "Rebild", "0846": "Mariagerfjord", "0849": "Jammerbugt",
        "0851": "Aalborg", "0860": "Hjørring",
    },
}  # fmt: skip


def test_every_municipality_has_its_official_code_name_and_region(municipalities):
    expected = {
        code: (f"{name} Regionskommune" if code == "0400" else f"{name} Kommune", region)
        for region, names in OFFICIAL_MUNICIPALITIES.items()
        for code, name in names.items()
    }
    assert len(expected) == 98
    assert {code: (row["name"], row["region"]) for code, row in municipalities.items()} == expected


# Where each region's municipalities lie (their representative points): a point in the wrong part of the
# country, in the sea or across the Øresund in Sweden fails here, which the bounding box of Denmark cannot see.
REGION_BOXES = {  # (min lat, max lat, min lng, max lng)
    "Region Hovedstaden": (55.55, 56.10, 11.85, 12.70),
    "Region Sjælland": (54.55, 56.00, 10.85, 12.50),
    "Region Syddanmark": (54.75, 55.80, 8.05, 10.95),
    "Region Midtjylland": (55.70, 56.85, 8.05, 11.00),
    "Region Nordjylland": (56.55, 57.75, 8.20, 11.20),
}


def test_each_municipality_lies_in_its_region(municipalities):
    for code, row in municipalities.items():
        lat, lng = float(row["lat"]), float(row["lng"])
        if code == "0400":  # Bornholm, far east in the Baltic
            assert 54.95 < lat < 55.30 and 14.65 < lng < 15.20
            continue
        min_lat, max_lat, min_lng, max_lng = REGION_BOXES[row["region"]]
        assert min_lat <= lat <= max_lat and min_lng <= lng <= max_lng, (code, row["name"], lat, lng)


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


# Well-known postcodes and the municipality each lies (mainly) in, the capital's suburbs and every region's towns.
KNOWN_POSTCODES = {  # municipality: its postcodes
    "0101": "2100 2150 2200 2300 2400 2450 2500 2700 2720", "0147": "2000", "0151": "2740 2750 2760",
    "0153": "2605 2660", "0155": "2791", "0157": "2820 2870 2900 2920 2930", "0159": "2860 2880", "0161": "2600",
    "0163": "2730", "0165": "2620", "0167": "2650", "0169": "2630 2640", "0173": "2800 2830", "0175": "2610",
    "0183": "2635", "0185": "2770", "0187": "2625 2665", "0190": "3500 3520", "0201": "3450",
    "0210": "2980 2990 3480", "0217": "3000", "0219": "3400", "0223": "2960 2970",
    "0230": "2840 2850 2942 2950 3460", "0240": "2765 3650 3660", "0250": "3600", "0253": "2670 2690",
    "0259": "4600", "0260": "3300 3390", "0265": "4000", "0269": "2680", "0270": "3200", "0306": "4500",
    "0316": "4300", "0320": "4690", "0326": "4400", "0329": "4100", "0330": "4200", "0336": "4660", "0340": "4180",
    "0350": "4320 4330", "0360": "4900", "0370": "4700", "0376": "4800", "0390": "4760",
    "0400": "3700 3720 3730 3760 3770 3790", "0410": "5500", "0420": "5610", "0430": "5600 5750", "0440": "5300",
    "0450": "5800", "0461": "5000 5200 5230", "0479": "5700", "0480": "5450", "0482": "5900", "0492": "5960 5970",
    "0510": "6100", "0530": "7190 7200", "0540": "6400", "0550": "6270", "0561": "6700", "0563": "6720",
    "0573": "6800", "0575": "6600", "0580": "6200", "0607": "7000", "0615": "8700", "0621": "6000", "0630": "7100",
    "0657": "7400", "0661": "7500", "0665": "7620", "0671": "7600", "0706": "8400", "0707": "8500",
    "0710": "8370 8450", "0727": "8300", "0730": "8900", "0740": "8600", "0741": "8305", "0746": "8660",
    "0751": "8000 8200 8210 8220 8260 8270", "0756": "7330 7430", "0760": "6900 6950", "0766": "8722",
    "0773": "7900", "0779": "7800", "0787": "7700", "0791": "8800", "0810": "9700", "0813": "9900 9990",
    "0820": "9600", "0825": "9940", "0840": "9530", "0846": "9500", "0849": "9440 9490",
    "0851": "9000 9200 9220 9400", "0860": "9800",
}  # fmt: skip


def test_well_known_postcodes_lie_in_their_municipality(postcodes):
    known = {code: municipality for municipality, codes in KNOWN_POSTCODES.items() for code in codes.split()}
    assert len(known) == 153
    assert {code: postcodes[code]["municipality_code"] for code in known} == known


def test_central_copenhagen_postcodes(postcodes):
    """1000–1799 København K and V lie in København, 1800–1999 Frederiksberg C in Frederiksberg; the two airport
    postcodes filed under "København V" (1532, 1533) lie in Tårnby, as the airport does."""
    for code, row in postcodes.items():
        if "1000" <= code <= "1999":
            expected = "0185" if code in ("1532", "1533") else "0101" if code < "1800" else "0147"
            assert row["municipality_code"] == expected, code


def test_a_postcode_sits_at_its_municipalitys_point_and_every_municipality_has_one(postcodes, municipalities):
    for code, row in postcodes.items():
        home = municipalities[row["municipality_code"]]
        assert (row["lat"], row["lng"]) == (home["lat"], home["lng"]), code
    assert {row["municipality_code"] for row in postcodes.values()} == set(municipalities)


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
    # DB07's section titles (hovedafdelinger), not the shorter names of DST's groupings ("Handel", "Energiforsyning").
    assert labels == {
        "A": "Landbrug, jagt, skovbrug og fiskeri", "B": "Råstofindvinding", "C": "Fremstillingsvirksomhed",
        "D": "El-, gas- og fjernvarmeforsyning",
        "E": "Vandforsyning, kloakvæsen, affaldshåndtering og rensning af jord og grundvand",
        "F": "Bygge- og anlægsvirksomhed",
        "G": "Engroshandel og detailhandel; reparation af motorkøretøjer og motorcykler",
        "H": "Transport og godshåndtering", "I": "Overnatningsfaciliteter og restaurationsvirksomhed",
        "J": "Information og kommunikation", "K": "Pengeinstitut- og finansvirksomhed, forsikring",
        "L": "Fast ejendom", "M": "Liberale, videnskabelige og tekniske tjenesteydelser",
        "N": "Administrative tjenesteydelser og hjælpetjenester",
        "O": "Offentlig forvaltning, forsvar og socialsikring",
        "P": "Undervisning", "Q": "Sundhedsvæsen og sociale foranstaltninger", "R": "Kultur, forlystelser og sport",
        "S": "Andre serviceydelser",
        "T": "Private husholdninger med ansat medhjælp; husholdningers produktion af varer og tjenesteydelser til "
        "eget brug i.a.n.",
        "U": "Eksterritoriale organisationer og organer",
    }  # fmt: skip


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


def test_every_country_has_its_un_m49_region():
    from stafet.reference.data import ReferenceDataError, read_regions

    regions = {r["country"]: r for r in read("regions.csv")}
    assert set(regions) == {r["code"] for r in read("countries.csv")}
    expected = {
        "SY": ("145", "Vestasien"), "IQ": ("145", "Vestasien"), "AF": ("034", "Sydasien"), "IR": ("034", "Sydasien"),
        "ER": ("014", "Østafrika"), "SO": ("014", "Østafrika"), "UA": ("151", "Østeuropa"),
        "SD": ("015", "Nordafrika"), "CD": ("017", "Centralafrika"), "DK": ("154", "Nordeuropa"),
        "GB": ("154", "Nordeuropa"), "GR": ("039", "Sydeuropa"), "MM": ("035", "Sydøstasien"),
    }  # fmt: skip
    assert {c: (regions[c]["region_code"], regions[c]["region_da"]) for c in expected} == expected
    with pytest.raises(ReferenceDataError, match="no region for ZZ"):
        read_regions(DATA, set(regions) | {"ZZ"})


def test_haversine():
    assert haversine_km(55.0, 10.0, 55.0, 10.0) == 0
    # One degree of latitude is ~111 km everywhere.
    assert haversine_km(55.0, 10.0, 56.0, 10.0) == pytest.approx(111.2, abs=0.2)
    assert haversine_km(55.0, 10.0, 56.0, 11.0) == pytest.approx(haversine_km(56.0, 11.0, 55.0, 10.0))


def test_language_levels_are_the_six_cefr_levels_and_mother_tongue_in_order():
    from stafet.reference.models import CEFR

    assert CEFR.values == ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
    assert CEFR.rank("B1") < CEFR.rank("C2") < CEFR.rank("native")


def test_language_codes_are_iso_639():
    rows = read("languages.csv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) == 191
    assert all(re.fullmatch(r"[a-z]{2}|[a-z]{3}", code) for code in codes)
    names = {r["code"]: r["name_en"] for r in rows}
    assert (names["ti"], names["prs"], names["ckb"], names["kmr"]) == (
        "Tigrinya", "Dari", "Sorani (Central Kurdish)", "Kurmanji (Northern Kurdish)",
    )  # fmt: skip
