"""Load the reference data files into the database.

The files are read and every row checked by :mod:`stafet.reference.data` (the one reader, shared with the
matching engine); here the records are checked against the tables' column lengths and written in one
transaction with ``bulk_create(update_conflicts=True)``, so loading is all-or-nothing and idempotent (running it
again changes nothing). Rows that are in the database but no longer in the files are left alone (other tables may
point at them); ``load_reference`` reports them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from . import data
from .data import DATA_DIR, ReferenceDataError, row_error
from .models import Country, Industry, Language, Municipality, Occupation, Postcode

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["DATA_DIR", "ReferenceDataError", "load_reference"]


def _fits(file: str, records: list[Any], model: type[models.Model], fields: list[str]) -> None:
    """Every text fits its column (the files are checked before anything is written)."""
    for field in fields:
        column = model._meta.get_field(field)
        limit = column.max_length if isinstance(column, models.Field) else None
        for record in records:
            value = getattr(record, field)
            if limit is not None and len(value) > limit:
                raise row_error(file, record.row, field, f"longer than {limit} characters", value)


def _upsert(model: type[models.Model], objects: list[Any], fields: list[str]) -> None:
    model._default_manager.bulk_create(objects, update_conflicts=True, unique_fields=["code"], update_fields=fields)


def load_reference(stdout: SupportsWrite[str] | None = None, data_dir: Path | str | None = None) -> dict[str, int]:
    """Check all reference files, then load them in one transaction; return rows loaded per file.

    Raises ``ReferenceDataError`` (naming file, row and field) before writing anything if any row is bad.
    """
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    occupations = data.read_occupations(folder)
    industries = data.read_industries(folder)
    municipalities = data.read_municipalities(folder)
    postcodes = data.read_postcodes(folder, {m.code for m in municipalities})
    languages = data.read_languages(folder)
    countries = data.read_countries(folder)
    _fits("occupations.csv", occupations, Occupation, ["label_en", "label_da"])
    _fits("industries.csv", industries, Industry, ["label_en", "label_da"])
    _fits("municipalities.csv", municipalities, Municipality, ["name", "town"])
    _fits("postcodes.csv", postcodes, Postcode, ["name"])
    _fits("languages.csv", languages, Language, ["name_en", "name_da"])
    _fits("countries.csv", countries, Country, ["name_en", "name_da"])

    with transaction.atomic():
        _upsert(
            Municipality,
            [Municipality(code=m.code, name=m.name, region=m.region, town=m.town, lat=m.lat, lng=m.lng)
             for m in municipalities],
            ["name", "region", "town", "lat", "lng"],
        )  # fmt: skip
        _upsert(
            Postcode,
            [Postcode(code=p.code, name=p.name, municipality_id=p.municipality_code, lat=p.lat, lng=p.lng)
             for p in postcodes],
            ["name", "municipality", "lat", "lng"],
        )  # fmt: skip
        for level in (1, 2, 3, 4):  # parents before children
            batch = [
                Occupation(code=o.code, level=o.level, parent_id=o.parent or None, label_en=o.label_en,
                           label_da=o.label_da)
                for o in occupations
                if o.level == level
            ]  # fmt: skip
            _upsert(Occupation, batch, ["level", "parent", "label_en", "label_da"])
        _upsert(
            Industry, [Industry(code=i.code, label_en=i.label_en, label_da=i.label_da) for i in industries],
            ["label_en", "label_da"],
        )  # fmt: skip
        _upsert(
            Language, [Language(code=x.code, name_en=x.name_en, name_da=x.name_da) for x in languages],
            ["name_en", "name_da"],
        )  # fmt: skip
        _upsert(
            Country, [Country(code=c.code, name_en=c.name_en, name_da=c.name_da) for c in countries],
            ["name_en", "name_da"],
        )  # fmt: skip

    loaded: dict[str, tuple[type[models.Model], list[Any]]] = {
        "occupations": (Occupation, occupations),
        "industries": (Industry, industries),
        "municipalities": (Municipality, municipalities),
        "postcodes": (Postcode, postcodes),
        "languages": (Language, languages),
        "countries": (Country, countries),
    }
    counts = {name: len(records) for name, (_, records) in loaded.items()}
    if stdout is not None:
        for name, (model, records) in loaded.items():
            extra = model._default_manager.exclude(code__in=[r.code for r in records]).count()
            note = f" ({extra} in the database but not in the file, kept)" if extra else ""
            stdout.write(f"{name}: {counts[name]}{note}\n")
    return counts
