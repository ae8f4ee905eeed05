"""Load the reference data files in ``stafet/reference/data`` into the database.

All six files are read and every row is validated before anything is written; then everything is written in
one transaction with ``bulk_create(update_conflicts=True)``, so loading is all-or-nothing and idempotent
(running it again changes nothing). Rows that are in the database but no longer in the files are left alone
(other tables may point at them); ``load_reference`` reports them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from .geo import DENMARK_BBOX
from .models import Country, Industry, Language, Municipality, Occupation, Postcode

DATA_DIR = Path(__file__).resolve().parent / "data"

REGIONS = frozenset(
    {"Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"}
)


class ReferenceDataError(ValueError):
    """A data file is missing, malformed or holds a bad value; the message names file, row and field."""


@dataclass
class _Row:
    file: str
    number: int  # 1-based data row; the file line is number + 1 (the header is line 1)
    values: dict[str, str]

    def fail(self, field: str, message: str) -> ReferenceDataError:
        value = self.values.get(field, "")
        return ReferenceDataError(
            f"{self.file}, row {self.number} (line {self.number + 1}), field '{field}': {message} (got {value!r})"
        )

    def text(self, field: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = (self.values.get(field) or "").strip()
        if required and not value:
            raise self.fail(field, "must not be empty")
        if max_length is not None and len(value) > max_length:
            raise self.fail(field, f"longer than {max_length} characters")
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


def _max(model: type, field: str) -> int:
    return model._meta.get_field(field).max_length


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


def _occupations(data_dir: Path) -> list[Occupation]:
    rows = _read(data_dir, "occupations.csv", ["isco08_code", "level", "parent", "label_en", "label_da"])
    _unique(rows, "isco08_code", lambda r: r.values["isco08_code"].strip())
    codes = {r.values["isco08_code"].strip() for r in rows}
    objects = []
    for row in rows:
        code = row.match("isco08_code", r"\d{1,4}", "1 to 4 digits")
        level_text = row.match("level", r"[1-4]", "a level from 1 to 4")
        level = int(level_text)
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
        objects.append(
            Occupation(
                code=code,
                level=level,
                parent_id=parent or None,
                label_en=row.text("label_en", max_length=_max(Occupation, "label_en")),
                label_da=row.text("label_da", required=False, max_length=_max(Occupation, "label_da")),
            )
        )
    return objects


def _industries(data_dir: Path) -> list[Industry]:
    rows = _read(data_dir, "industries.csv", ["code", "label_en", "label_da"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    return [
        Industry(
            code=row.match("code", r"[A-U]", "a NACE section letter A–U"),
            label_en=row.text("label_en", max_length=_max(Industry, "label_en")),
            label_da=row.text("label_da", required=False, max_length=_max(Industry, "label_da")),
        )
        for row in rows
    ]


def _municipalities(data_dir: Path) -> list[Municipality]:
    rows = _read(data_dir, "municipalities.csv", ["code", "name", "region", "town", "lat", "lng"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    _unique(rows, "name", lambda r: r.values["name"].strip())
    objects = []
    for row in rows:
        code = row.match("code", r"\d{4}", "4 digits (with leading zero)")
        region = row.text("region")
        if region not in REGIONS:
            raise row.fail("region", f"must be one of {', '.join(sorted(REGIONS))}")
        lat, lng = row.point()
        objects.append(
            Municipality(
                code=code,
                name=row.text("name", max_length=_max(Municipality, "name")),
                region=region,
                town=row.text("town", max_length=_max(Municipality, "town")),
                lat=lat,
                lng=lng,
            )
        )
    return objects


def _postcodes(data_dir: Path, municipality_codes: set[str]) -> list[Postcode]:
    rows = _read(data_dir, "postcodes.csv", ["code", "name", "municipality_code", "lat", "lng"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    objects = []
    for row in rows:
        code = row.match("code", r"\d{4}", "4 digits")
        municipality = row.match("municipality_code", r"\d{4}", "4 digits")
        if municipality not in municipality_codes:
            raise row.fail("municipality_code", "is not a code in municipalities.csv")
        lat, lng = row.point()
        objects.append(
            Postcode(
                code=code,
                name=row.text("name", max_length=_max(Postcode, "name")),
                municipality_id=municipality,
                lat=lat,
                lng=lng,
            )
        )
    return objects


def _languages(data_dir: Path) -> list[Language]:
    rows = _read(data_dir, "languages.csv", ["code", "name_en", "name_da"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    return [
        Language(
            code=row.match("code", r"[a-z]{2,3}", "an ISO 639-1 or 639-3 code (2–3 lower-case letters)"),
            name_en=row.text("name_en", max_length=_max(Language, "name_en")),
            name_da=row.text("name_da", required=False, max_length=_max(Language, "name_da")),
        )
        for row in rows
    ]


def _countries(data_dir: Path) -> list[Country]:
    rows = _read(data_dir, "countries.csv", ["code", "name_en", "name_da"])
    _unique(rows, "code", lambda r: r.values["code"].strip())
    return [
        Country(
            code=row.match("code", r"[A-Z]{2}", "an ISO 3166-1 alpha-2 code (2 upper-case letters)"),
            name_en=row.text("name_en", max_length=_max(Country, "name_en")),
            name_da=row.text("name_da", required=False, max_length=_max(Country, "name_da")),
        )
        for row in rows
    ]


def _upsert(model: type, objects: list[Any], fields: list[str]) -> None:
    model.objects.bulk_create(objects, update_conflicts=True, unique_fields=["code"], update_fields=fields)


def load_reference(stdout: TextIO | None = None, data_dir: Path | str | None = None) -> dict[str, int]:
    """Validate all reference files, then load them in one transaction; return rows loaded per file.

    Raises ``ReferenceDataError`` (naming file, row and field) before writing anything if any row is bad.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    occupations = _occupations(data_dir)
    industries = _industries(data_dir)
    municipalities = _municipalities(data_dir)
    postcodes = _postcodes(data_dir, {m.code for m in municipalities})
    languages = _languages(data_dir)
    countries = _countries(data_dir)

    with transaction.atomic():
        _upsert(Municipality, municipalities, ["name", "region", "town", "lat", "lng"])
        _upsert(Postcode, postcodes, ["name", "municipality", "lat", "lng"])
        for level in (1, 2, 3, 4):  # parents before children
            batch = [o for o in occupations if o.level == level]
            _upsert(Occupation, batch, ["level", "parent", "label_en", "label_da"])
        _upsert(Industry, industries, ["label_en", "label_da"])
        _upsert(Language, languages, ["name_en", "name_da"])
        _upsert(Country, countries, ["name_en", "name_da"])

    counts = {
        "occupations": len(occupations),
        "industries": len(industries),
        "municipalities": len(municipalities),
        "postcodes": len(postcodes),
        "languages": len(languages),
        "countries": len(countries),
    }
    if stdout is not None:
        loaded = {
            "occupations": (Occupation, occupations),
            "industries": (Industry, industries),
            "municipalities": (Municipality, municipalities),
            "postcodes": (Postcode, postcodes),
            "languages": (Language, languages),
            "countries": (Country, countries),
        }
        for name, (model, objects) in loaded.items():
            extra = model.objects.exclude(code__in=[o.code for o in objects]).count()
            note = f" ({extra} in the database but not in the file, kept)" if extra else ""
            stdout.write(f"{name}: {counts[name]}{note}\n")
    return counts
