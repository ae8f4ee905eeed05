"""Names, places and words for the synthetic demo people. Typical, not real: no one here exists."""

import json
from pathlib import Path

# Given and family names by country of origin and sex, and Danish names: in names.json (a list, not code).
_NAMES = json.loads((Path(__file__).parent / "names.json").read_text(encoding="utf-8"))
GIVEN_NAMES: dict[str, dict[str, list[str]]] = _NAMES["GIVEN_NAMES"]
FAMILY_NAMES: dict[str, list[str]] = _NAMES["FAMILY_NAMES"]
DANISH_GIVEN: dict[str, list[str]] = _NAMES["DANISH_GIVEN"]
DANISH_FAMILY: list[str] = _NAMES["DANISH_FAMILY"]

# Mother tongue (ISO 639) by country, with alternatives and their weights; second languages often spoken.
MOTHER_TONGUES: dict[str, list[tuple[str, int]]] = {
    "SY": [("ar", 9), ("kmr", 1)],
    "AF": [("prs", 7), ("ps", 3)],
    "ER": [("ti", 1)],
    "IR": [("fa", 1)],
    "UA": [("uk", 1)],
    "IQ": [("ar", 3), ("ckb", 1)],
    "SO": [("so", 1)],
}
SECOND_LANGUAGES: dict[str, list[tuple[str, str]]] = {
    "UA": [("ru", "C1")],
    "AF": [("fa", "B2")],
    "ER": [("ar", "A2")],
    "IQ": [("ar", "C1")],
}

HOME_CITIES: dict[str, list[str]] = {
    "SY": ["Damaskus", "Aleppo", "Homs", "Latakia", "Hama", "Deir ez-Zor"],
    "AF": ["Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Jalalabad"],
    "ER": ["Asmara", "Keren", "Massawa", "Mendefera"],
    "IR": ["Teheran", "Shiraz", "Isfahan", "Tabriz", "Mashhad"],
    "UA": ["Kyiv", "Kharkiv", "Odesa", "Dnipro", "Mariupol", "Zaporizjzja"],
    "IQ": ["Bagdad", "Mosul", "Erbil", "Basra", "Kirkuk"],
    "SO": ["Mogadishu", "Hargeisa", "Kismayo", "Baidoa"],
}

# Some Danish business mentors came to Denmark themselves, long ago.
NEW_DANISH_NAMES = [
    ("Ali", "Sahin", "m"),
    ("Nadia", "Khan", "f"),
    ("Tariq", "Hussain", "m"),
    ("Sanela", "Hodzic", "f"),
    ("Goran", "Petrović", "m"),
    ("Leyla", "Yilmaz", "f"),
]
