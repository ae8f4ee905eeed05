"""The reference data files in this folder, read and checked in plain Python (no Django).

The one source of occupations, industries, municipalities, postcodes, languages, countries and their regions:
the matching engine and the ``stafet match`` command read them through this module, and the web app loads the
very same records into its tables (``stafet.reference.loaders``). Every reader checks every row and names the file, the
row and the field of a bad value; see README.md for sources, licences and known limits.

>>> municipality("173").town, postcode("2800").municipality_code
('Kongens Lyngby', '0173')
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from stafet.reference.geo import DENMARK_BBOX

DATA_DIR = Path(__file__).resolve().parent

REGIONS = frozenset(
    {"Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"}
)


class ReferenceDataError(ValueError):
    """A data file is missing, malformed or holds a bad value; the message names file, row and field."""


def row_error(file: str, number: int, field: str, message: str, value: object) -> ReferenceDataError:
    """An error about one value: ``file, row N (line N+1), field 'x': message (got value)``."""
    return ReferenceDataError(f"{file}, row {number} (line {number + 1}), field '{field}': {message} (got {value!r})")


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ISCO-08 group (DISCO-08 in Denmark): major (1 digit) ... unit group (4 digits)."""

    code: str
    level: int
    parent: str  # the code without its last digit; empty for a major group
    label_en: str
    label_da: str  # DISCO-08 title; empty for the few groups DISCO-08 lacks
    row: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Industry:
    """A NACE rev. 2 / DB07 section, A-U."""

    code: str
    label_en: str
    label_da: str
    row: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Municipality:
    """One of the 98 municipalities, with its representative point for distances (``town``)."""

    code: str
    name: str
    region: str
    town: str
    lat: float
    lng: float
    row: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Postcode:
    """A postcode, placed in its (main) municipality and at that municipality's point."""

    code: str
    name: str
    municipality_code: str
    lat: float
    lng: float
    row: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Language:
    """A language by ISO 639 code (639-1 where it has one, else 639-3)."""

    code: str
    name_en: str
    name_da: str  # lower case, as Danish writes language names; empty for a few rare ones
    row: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Country:
    """A country by ISO 3166-1 alpha-2 code."""

    code: str
    name_en: str
    name_da: str
    row: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Region:
    """The UN M49 region a country lies in (the intermediate region where M49 has one, e.g. Eastern Africa, else
    the sub-region, e.g. Western Asia): what the reports break the country of origin down by."""

    country: str
    code: str  # the M49 code of the region; empty for Antarctica, which M49 gives none
    name_en: str
    name_da: str
    row: int = field(default=0, compare=False, repr=False)


@dataclass
class _Row:
    file: str
    number: int  # 1-based data row; the file line is number + 1 (the header is line 1)
    values: dict[str, str]

    def fail(self, field: str, message: str) -> ReferenceDataError:
        return row_error(self.file, self.number, field, message, self.values.get(field, ""))

    def text(self, field: str, *, required: bool = True) -> str:
        value = (self.values.get(field) or "").strip()
        if required and not value:
            raise self.fail(field, "must not be empty")
        return value

    def match(self, field: str, pattern: str, description: str) -> str:
        value = self.text(field)
        if not re.fullmatch(pattern, value):
            raise self.fail(field, f"must be {description}")
        return value

    def coordinate(self, field: str) -> float:
        try:
            return float(self.text(field))
        except ValueError:
            raise self.fail(field, "must be a decimal number") from None

    def point(self) -> tuple[float, float]:
        lat, lng = self.coordinate("lat"), self.coordinate("lng")
        if not DENMARK_BBOX.min_lat <= lat <= DENMARK_BBOX.max_lat:
            raise self.fail("lat", f"must lie in Denmark ({DENMARK_BBOX.min_lat}–{DENMARK_BBOX.max_lat})")
        if not DENMARK_BBOX.min_lng <= lng <= DENMARK_BBOX.max_lng:
            raise self.fail("lng", f"must lie in Denmark ({DENMARK_BBOX.min_lng}–{DENMARK_BBOX.max_lng})")
        return lat, lng


def _read(data_dir: Path, name: str, header: list[str]) -> list[_Row]:
    path = data_dir / name
    if not path.is_file():
        raise ReferenceDataError(f"{name}: file not found in {data_dir}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [h for h in header if h not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{name}, header (line 1): missing column(s) {', '.join(missing)}")
        rows = []
        for number, values in enumerate(reader, start=1):
            if None in values:
                raise ReferenceDataError(f"{name}, row {number} (line {number + 1}): more fields than the header")
            rows.append(_Row(name, number, values))
    if not rows:
        raise ReferenceDataError(f"{name}: no rows")
    return rows


def _unique(rows: list[_Row], field: str, value: Callable[[_Row], str]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        key = value(row)
        if key in seen:
            raise row.fail(field, f"duplicates row {seen[key]}")
        seen[key] = row.number


def read_occupations(data_dir: Path = DATA_DIR) -> list[Occupation]:
    """``occupations.csv``: the ISCO-08 tree, each group's parent in the file."""
    rows = _read(data_dir, "occupations.csv", ["isco08_code", "level", "parent", "label_en", "label_da"])
    _unique(rows, "isco08_code", lambda r: r.values["isco08_code"].strip())
    codes = {r.values["isco08_code"].strip() for r in rows}
    out = []
    for row in rows:
        code = row.match("isco08_code", r"\d{1,4}", "1 to 4 digits")
        level = int(row.match("level", r"[1-4]", "a level from 1 to 4"))
        if level != len(code):
            raise row.fail("level", f"must equal the number of digits of the code ({len(code)})")
        parent = row.text("parent", required=level > 1)
        if level == 1 and parent:
            raise row.fail("parent", "must be empty for a major group")
        if level > 1:
            if parent != code[:-1]:
                raise row.fail("parent", f"must be {code[:-1]!r}, the code without its last digit")
            if parent not in codes:
                raise row.fail("parent", "is not a code in this file")
        out.append(
            Occupation(code, level, parent, row.text("label_en"), row.text("label_da", required=False), row.number)
        )
    return out


def read_industries(data_dir: Path = DATA_DIR) -> list[Industry]:
    """``industries.csv``: the 21 NACE sections."""
    rows = _read(data_dir, "industries.csv", ["code", "label_en", "label_da"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    return [
        Industry(
            row.match("code", r"[A-U]", "a NACE section letter A–U"),
            row.text("label_en"),
            row.text("label_da", required=False),
            row.number,
        )
        for row in rows
    ]


def read_municipalities(data_dir: Path = DATA_DIR) -> list[Municipality]:
    """``municipalities.csv``: the 98 municipalities and the point each is placed at."""
    rows = _read(data_dir, "municipalities.csv", ["code", "name", "region", "town", "lat", "lng"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    _unique(rows, "name", lambda r: r.values["name"].strip())
    out = []
    for row in rows:
        code = row.match("code", r"\d{4}", "4 digits (with leading zero)")
        region = row.text("region")
        if region not in REGIONS:
            raise row.fail("region", f"must be one of {', '.join(sorted(REGIONS))}")
        lat, lng = row.point()
        out.append(Municipality(code, row.text("name"), region, row.text("town"), lat, lng, row.number))
    return out


def read_postcodes(data_dir: Path = DATA_DIR, municipality_codes: set[str] | None = None) -> list[Postcode]:
    """``postcodes.csv``; each must name a municipality of ``municipalities.csv`` (read from the same folder unless
    ``municipality_codes`` are given)."""
    if municipality_codes is None:
        municipality_codes = {m.code for m in read_municipalities(data_dir)}
    rows = _read(data_dir, "postcodes.csv", ["code", "name", "municipality_code", "lat", "lng"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    out = []
    for row in rows:
        code = row.match("code", r"\d{4}", "4 digits")
        home = row.match("municipality_code", r"\d{4}", "4 digits")
        if home not in municipality_codes:
            raise row.fail("municipality_code", "is not a code in municipalities.csv")
        lat, lng = row.point()
        out.append(Postcode(code, row.text("name"), home, lat, lng, row.number))
    return out


def read_languages(data_dir: Path = DATA_DIR) -> list[Language]:
    """``languages.csv``: ISO 639 codes with English and Danish names."""
    rows = _read(data_dir, "languages.csv", ["code", "name_en", "name_da"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    return [
        Language(
            row.match("code", r"[a-z]{2,3}", "an ISO 639-1 or 639-3 code (2–3 lower-case letters)"),
            row.text("name_en"),
            row.text("name_da", required=False),
            row.number,
        )
        for row in rows
    ]


def read_countries(data_dir: Path = DATA_DIR) -> list[Country]:
    """``countries.csv``: ISO 3166-1 alpha-2 codes with English and Danish names."""
    rows = _read(data_dir, "countries.csv", ["code", "name_en", "name_da"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    return [
        Country(
            row.match("code", r"[A-Z]{2}", "an ISO 3166-1 alpha-2 code (2 upper-case letters)"),
            row.text("name_en"),
            row.text("name_da", required=False),
            row.number,
        )
        for row in rows
    ]


def read_regions(data_dir: Path = DATA_DIR, country_codes: set[str] | None = None) -> list[Region]:
    """``regions.csv``: each country's UN M49 region; with ``country_codes``, every one of them must have a row."""
    rows = _read(data_dir, "regions.csv", ["country", "region_code", "region_en", "region_da"])
    _unique(rows, "country", lambda r: r.values["country"].strip())
    out = []
    names: dict[str, str] = {}
    for row in rows:
        country = row.match("country", r"[A-Z]{2}", "an ISO 3166-1 alpha-2 code (2 upper-case letters)")
        if country_codes is not None and country not in country_codes:
            raise row.fail("country", "must be a country in countries.csv")
        code = row.text("region_code", required=False)
        if code and not re.fullmatch(r"\d{3}", code):
            raise row.fail("region_code", "must be a 3-digit UN M49 code")
        name = row.text("region_en")
        if names.setdefault(code, name) != name:
            raise row.fail("region_en", f"must be the one name of region {code!r} ({names[code]!r})")
        out.append(Region(country, code, name, row.text("region_da"), row.number))
    if country_codes is not None and (missing := country_codes - {r.country for r in out}):
        raise ReferenceDataError(f"regions.csv: no region for {', '.join(sorted(missing))}")
    return out


# -- the shipped files, read once per process ---------------------------------------------------------------------


def _by_code[T: (Occupation, Industry, Municipality, Postcode, Language, Country)](
    records: list[T],
) -> Mapping[str, T]:
    return MappingProxyType({r.code: r for r in records})


@functools.cache
def occupations() -> Mapping[str, Occupation]:
    """ISCO-08 code -> group, from the shipped ``occupations.csv``."""
    return _by_code(read_occupations())


@functools.cache
def industries() -> Mapping[str, Industry]:
    """NACE section letter -> section, from the shipped ``industries.csv``."""
    return _by_code(read_industries())


@functools.cache
def municipalities() -> Mapping[str, Municipality]:
    """Municipality code (4 digits) -> municipality, from the shipped ``municipalities.csv``."""
    return _by_code(read_municipalities())


@functools.cache
def postcodes() -> Mapping[str, Postcode]:
    """Postcode -> place, from the shipped ``postcodes.csv``."""
    return _by_code(read_postcodes(DATA_DIR, set(municipalities())))


@functools.cache
def languages() -> Mapping[str, Language]:
    """ISO 639 code -> language, from the shipped ``languages.csv``."""
    return _by_code(read_languages())


@functools.cache
def countries() -> Mapping[str, Country]:
    """ISO 3166-1 code -> country, from the shipped ``countries.csv``."""
    return _by_code(read_countries())


@functools.cache
def regions() -> Mapping[str, Region]:
    """ISO 3166-1 code -> the country's UN M49 region, from the shipped ``regions.csv``.

    >>> regions()["SY"].name_en, regions()["ER"].name_da
    ('Western Asia', 'Østafrika')
    """
    return MappingProxyType({r.country: r for r in read_regions(DATA_DIR, set(countries()))})


def municipality(code: str) -> Municipality | None:
    """The municipality with this official code, accepting ``173`` for ``0173`` (as Excel shortens it).

    >>> municipality("0370").town
    'Næstved'
    >>> municipality("0411") is None, municipality("x") is None
    (True, True)
    """
    code = code.strip()
    return municipalities().get(code.zfill(4)) if code.isdigit() and len(code) <= 4 else None


def postcode(code: str) -> Postcode | None:
    """The postcode, accepting ``800`` for ``0800`` (as Excel shortens it).

    >>> postcode("8000").name
    'Aarhus C'
    """
    code = code.strip()
    return postcodes().get(code.zfill(4)) if code.isdigit() and len(code) <= 4 else None
