"""Reference data the engine needs: ISCO-08 groups, NACE sections, language names, municipality centres.

Sources are listed in ``data/README.md`` (ESCO and GeoNames, both CC BY 4.0).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

_DATA = Path(__file__).with_name("data")


def _load_isco() -> dict[str, str]:
    with open(_DATA / "isco08_groups_en.csv", encoding="utf-8", newline="") as f:
        return {row["isco08_code"]: row["label_en"] for row in csv.DictReader(f)}


#: ISCO-08 code (1-4 digits) -> English label.
ISCO08: dict[str, str] = _load_isco()

#: NACE rev. 2 sections (Danish DB07 hovedafsnit), letter -> (English, Danish) short name.
NACE_NAMES: dict[str, tuple[str, str]] = {
    "A": ("agriculture, forestry and fishing", "landbrug, skovbrug og fiskeri"),
    "B": ("mining and quarrying", "råstofindvinding"),
    "C": ("manufacturing", "fremstilling"),
    "D": ("energy supply", "energiforsyning"),
    "E": ("water supply and waste", "vandforsyning og renovation"),
    "F": ("construction", "bygge og anlæg"),
    "G": ("wholesale and retail trade", "handel"),
    "H": ("transport and storage", "transport"),
    "I": ("hotels and restaurants", "hoteller og restauranter"),
    "J": ("information and communication (IT)", "information og kommunikation (IT)"),
    "K": ("finance and insurance", "finansiering og forsikring"),
    "L": ("real estate", "ejendomshandel og udlejning"),
    "M": ("professional, scientific and technical services", "liberale, videnskabelige og tekniske tjenester"),
    "N": ("administrative and support services", "administrative tjenester"),
    "O": ("public administration and defence", "offentlig administration og forsvar"),
    "P": ("education", "undervisning"),
    "Q": ("health and social work", "sundhed og socialvæsen"),
    "R": ("arts, entertainment and recreation", "kultur og fritid"),
    "S": ("other services", "andre serviceydelser"),
    "T": ("households as employers", "private husholdninger med ansat medhjælp"),
    "U": ("extraterritorial organisations", "eksterritoriale organisationer"),
}
NACE_SECTIONS: tuple[str, ...] = tuple(NACE_NAMES)

#: ISO 639 code -> (English, Danish) name, for explanations; unknown codes are shown as the code.
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "da": ("Danish", "dansk"),
    "en": ("English", "engelsk"),
    "de": ("German", "tysk"),
    "fr": ("French", "fransk"),
    "es": ("Spanish", "spansk"),
    "it": ("Italian", "italiensk"),
    "sv": ("Swedish", "svensk"),
    "no": ("Norwegian", "norsk"),
    "nb": ("Norwegian", "norsk"),
    "ar": ("Arabic", "arabisk"),
    "fa": ("Persian (Farsi)", "persisk (farsi)"),
    "prs": ("Dari", "dari"),
    "ps": ("Pashto", "pashto"),
    "ku": ("Kurdish", "kurdisk"),
    "ckb": ("Sorani Kurdish", "sorani"),
    "kmr": ("Kurmanji Kurdish", "kurmanji"),
    "so": ("Somali", "somali"),
    "ti": ("Tigrinya", "tigrinya"),
    "am": ("Amharic", "amharisk"),
    "uk": ("Ukrainian", "ukrainsk"),
    "ru": ("Russian", "russisk"),
    "tr": ("Turkish", "tyrkisk"),
    "ur": ("Urdu", "urdu"),
    "pl": ("Polish", "polsk"),
    "ro": ("Romanian", "rumænsk"),
    "bs": ("Bosnian", "bosnisk"),
    "sr": ("Serbian", "serbisk"),
    "hr": ("Croatian", "kroatisk"),
    "sq": ("Albanian", "albansk"),
    "vi": ("Vietnamese", "vietnamesisk"),
    "zh": ("Chinese", "kinesisk"),
    "ta": ("Tamil", "tamil"),
    "hi": ("Hindi", "hindi"),
    "bn": ("Bengali", "bengali"),
    "my": ("Burmese", "burmesisk"),
}


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    town: str
    lat: float
    lng: float


def _load_municipalities() -> dict[str, Municipality]:
    with open(_DATA / "municipalities.csv", encoding="utf-8", newline="") as f:
        return {
            row["code"]: Municipality(row["code"], row["name"], row["town"], float(row["lat"]), float(row["lng"]))
            for row in csv.DictReader(f)
        }


#: Municipality code (4 digits, e.g. ``"0173"``) -> centre. Codes given with 3 digits are padded.
MUNICIPALITIES: dict[str, Municipality] = _load_municipalities()


def municipality(code: str) -> Municipality | None:
    """The municipality with this official code, accepting ``173`` for ``0173``.

    >>> municipality("173").name
    'Lyngby-Taarbæk Kommune'
    """
    code = code.strip()
    return MUNICIPALITIES.get(code.zfill(4)) if code.isdigit() else None


def language_name(code: str, lang: str) -> str:
    """The language's name in English (``lang="en"``) or Danish (``lang="da"``).

    >>> language_name("ar", "da")
    'arabisk'
    """
    names = LANGUAGE_NAMES.get(code)
    if names is None:
        return code
    return names[0] if lang == "en" else names[1]


def industry_name(section: str, lang: str) -> str:
    """The NACE section's short name in English or Danish.

    >>> industry_name("J", "en")
    'information and communication (IT)'
    """
    names = NACE_NAMES[section]
    return names[0] if lang == "en" else names[1]
