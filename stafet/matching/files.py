"""Reading participants, providers, pins and programmes from CSV or JSON files; writing results.

CSV files may come from Danish Excel: Windows-1252 (or UTF-8 with a byte-order mark, or UTF-16 "Unicode text")
with ``;`` separators and decimal commas are read as well as plain UTF-8 with commas. Every problem is reported
as an :class:`InputError` naming the file, the row (as Excel numbers it: the header is row 1; in a JSON list,
the item from 1) and the field, before anything is matched.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stafet.matching.model import PARTS, Config, MatchResult, Occupation, Participant, Provider, Ranked
from stafet.matching.reference import municipality, postcode
from stafet.sheets import safe_record

PARTICIPANT_FIELDS = {
    "required": ["id", "languages"],
    "optional": [
        "postcode",
        "municipality",
        "lat",
        "lng",
        "place",
        "occupations",
        "industry",
        "education_level",
        "education_field",
        "competences",
        "goal",
        "eligible",
    ],
}
PROVIDER_FIELDS = {
    "required": ["id", "languages"],
    "optional": [
        "postcode",
        "municipality",
        "lat",
        "lng",
        "site",
        "organisation",
        "occupation",
        "industry",
        "education_level",
        "education_field",
        "competences",
        "capacity",
        "positions",
        "trained",
        "goal",
        "type",
        "years_experience",
        "leadership",
    ],
}
_TRUE = {"1", "true", "yes", "ja", "y", "j", "x", "sand"}
_FALSE = {"0", "false", "no", "nej", "n", "", "falsk"}
_LIST_SPLIT = re.compile(r"[|,;\s]+")
# A decimal comma in a list of ``code:years`` ("2512:6,5|2511:2"): a comma between digits that is not followed
# by the next item's ``code:`` ("2512:6,2511:2" is two items).
_YEARS_COMMA = re.compile(r"(:\s*\d+),(\d+)(?!\d*\s*:)")
#: The longest value a field may hold, in characters (a whole CV of competences fits many times over).
MAX_FIELD_CHARS = 100_000
CONFIG_KEYS: tuple[str, ...] = ("weights", "max_distance_km", "min_language_level", "require_trained", "candidate_cap")
CONFIG_KEYS += ("close_call_margin", "text_similarity")


class InputError(Exception):
    """A problem in an input file, located by file, row and field."""

    def __init__(self, file: str | Path, row: int | None, field: str | None, message: str, label: str = "row"):
        self.file, self.row, self.field, self.message = str(file), row, field, message
        where = str(file)
        if row is not None:
            where += f", {label} {row}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark (Excel's
    "Unicode text"), else Windows-1252 as Danish Excel writes.

    >>> decode("Århus;Køge".encode("cp1252"))
    'Århus;Køge'
    >>> decode("Århus".encode("utf-16"))
    'Århus'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_number(text: str) -> float:
    """A number as people type it: ``55.68``, ``55,68`` (Danish decimal comma), ``1.234,5`` or ``1,234.5``.

    >>> parse_number("55,68"), parse_number("1.234,5"), parse_number("1,234.5"), parse_number("-3")
    (55.68, 1234.5, 1234.5, -3.0)
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        # Whichever mark comes last is the decimal mark; the other groups thousands.
        thousands = "." if text.rindex(",") > text.rindex(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


@dataclass(frozen=True)
class Table:
    """The rows of an input file as ``(row number, {column: value})``; ``columns`` is None for JSON."""

    path: Path
    rows: list[tuple[int, dict[str, Any]]]
    columns: list[str] | None

    @property
    def label(self) -> str:
        """What a row is called in messages: a spreadsheet's row, a JSON list's item."""
        return "row" if self.columns is not None else "item"


def read_rows(path: str | Path) -> Table:
    """Rows of a CSV or JSON file. CSV rows are numbered as a spreadsheet numbers them (the header is row 1),
    JSON items from 1."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(path, None, None, f"cannot read the file ({e.strerror})") from None
    text = decode(data)
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        return _json_rows(path, text)
    lines = text.splitlines()
    first = 0
    delimiter = None
    # Excel reads (and some exports write) a first line "sep=;" naming the separator.
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter, first = lines[0].strip()[4], 1
    if len(lines) <= first or not lines[first].strip():
        raise InputError(path, first + 1, None, "the file is empty (a header row is needed)")
    delimiter = delimiter or _delimiter(lines[first])
    # strict: an unclosed quote is an error, not a field that silently swallows the rows after it.
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=delimiter, strict=True)
    # The csv module's own limit on a field's size would stop the reading without naming the field: lift it,
    # and check each value's length below, where its field is known.
    with _field_size_limit(len(text) + 1):
        records = list(_records(path, reader, first))
    header = [h.strip().lower() for h in records[0]]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise InputError(path, first + 1, name, f"column {name!r} appears twice in the header")
        seen.add(name)
    _check_values(path, first + 1, dict(zip(header, header, strict=True)), "row")
    rows = []
    for number, values in enumerate(records[1:], start=first + 2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            raise InputError(path, number, None, f"{len(values)} values but the header has {len(header)} columns")
        row = {h: v.strip() for h, v in zip(header, values, strict=False) if h}
        _check_values(path, number, row, "row")
        rows.append((number, row))
    return Table(path, rows, [h for h in header if h])


@contextlib.contextmanager
def _field_size_limit(size: int) -> Iterator[None]:
    old = csv.field_size_limit(max(size, csv.field_size_limit()))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _check_values(path: Path, number: int, values: dict[str, Any], label: str) -> None:
    """No value holds a NUL character (a sign of a binary file or a spreadsheet saved as something else) or more
    than ``MAX_FIELD_CHARS`` characters; nested JSON values are checked too, under their field's name."""
    for name, value in values.items():
        for text in _texts(value):
            if "\x00" in text:
                message = "contains a NUL character (byte 0): save the file as CSV (UTF-8) or JSON text"
                raise InputError(path, number, name or None, message, label)
            if len(text) > MAX_FIELD_CHARS:
                message = f"holds {len(text):,} characters; at most {MAX_FIELD_CHARS:,} are allowed"
                raise InputError(path, number, name or None, message, label)


def _texts(value: Any) -> Iterator[str]:
    """Every text in a value, keys of JSON objects included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _records(path: Path, reader: Iterator[list[str]], first: int) -> Iterator[list[str]]:
    """The reader's records; a broken one is reported at the row where it starts (a record is a spreadsheet row,
    even when a quoted value spans lines)."""
    number = first
    while True:
        number += 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            message = "a quoted value starts here and is never closed" if "end of data" in str(e) else str(e)
            raise InputError(path, number, None, f"not valid CSV: {message}") from None


def _json_rows(path: Path, text: str) -> Table:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(path, None, None, f"not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}") from None
    if isinstance(items, dict):
        items = next((v for v in items.values() if isinstance(v, list)), None)
    if not isinstance(items, list):
        raise InputError(path, None, None, "JSON must be a list of objects (one per person or opening)")
    rows = []
    for k, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(path, k, None, f"{_shown(item)} is not an object", "item")
        row = {str(a).strip().lower(): b for a, b in item.items()}
        _check_values(path, k, row, "item")
        rows.append((k, row))
    return Table(path, rows, None)


def _shown(value: Any) -> str:
    """A value in a message: short, whatever its size."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_JSON_TYPES = {dict: "an object", list: "a list", bool: "true or false"}


def _json_type(value: Any) -> str | None:
    """What a JSON value that is not a text or a number is, in words; None for a text, a number or null."""
    return next((name for kind, name in _JSON_TYPES.items() if isinstance(value, kind)), None)


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _check_columns(table: Table, fields: dict[str, list[str]], warn: Callable[[str], None] | None) -> None:
    """Required columns are there (CSV: in the header; JSON: in every item); unknown ones are reported."""
    where = [(1, set(table.columns))] if table.columns is not None else [(n, set(r)) for n, r in table.rows]
    what = "column" if table.columns is not None else "key"
    for row, columns in where:
        for name in fields["required"]:
            if name not in columns:
                raise InputError(table.path, row, name, f"missing {what} {name!r}", table.label)
        if not (columns & {"postcode", "municipality"} or {"lat", "lng"} <= columns):
            message = f"missing {what} 'postcode' or 'municipality' (or both 'lat' and 'lng')"
            raise InputError(table.path, row, "municipality", message, table.label)
    if warn is not None:
        known = set(fields["required"]) | set(fields["optional"])
        unknown = sorted(set().union(*(c for _, c in where)) - known) if where else []
        if unknown:
            warn(f"{table.path}: column(s) not used: {', '.join(unknown)} (see docs/matching.md for the columns)")


class _Row:
    """Typed access to one row's fields with errors that name file, row and field."""

    def __init__(self, table: Table, number: int, values: dict[str, Any]):
        self.path, self.label, self.row_number, self.values = table.path, table.label, number, values

    def error(self, field: str, message: str) -> InputError:
        return InputError(self.path, self.row_number, field, message, self.label)

    def text(self, field: str, default: str = "") -> str:
        value = self.values.get(field)
        if value is None:
            return default
        kind = _json_type(value)
        if kind is not None:
            raise self.error(field, f"a text is expected, not {kind} ({_shown(value)})")
        return str(value).strip()

    def optional(self, field: str) -> str | None:
        return self.text(field) or None

    def number(self, field: str, default: float | None = None) -> float:
        value = self.values.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if default is None:
                raise self.error(field, "a number is required")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.error(field, f"{_shown(value)} is not a number")
        try:
            return parse_number(str(value))
        except ValueError:
            raise self.error(field, f"{value!r} is not a number") from None

    def whole(self, field: str, default: int) -> int:
        value = self.number(field, float(default))
        if value != int(value):
            raise self.error(field, f"{self.values.get(field)!r} is not a whole number")
        return int(value)

    def flag(self, field: str, default: bool) -> bool:
        value = self.values.get(field)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text == "":
            return default
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise self.error(field, f"{_shown(value)} is not yes/no (use yes, no, true, false, 1 or 0)")

    def languages(self) -> dict[str, str]:
        value = self.values.get("languages")
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(v, str):
                    raise self.error("languages", f"the level of {k!r} must be a text such as 'B1', not {_shown(v)}")
            items = [(str(k), str(v)) for k, v in value.items()]
        else:
            if isinstance(value, bool | int | float):
                raise self.error("languages", f"{_shown(value)} is not a list of language:level")
            parts = value if isinstance(value, list) else _LIST_SPLIT.split(str(value or "").strip())
            items = []
            for part in parts:
                if not isinstance(part, str):
                    raise self.error("languages", f"{_shown(part)} should be a text language:level, e.g. 'da:B1'")
                part = part.strip()
                if not part:
                    continue
                if ":" not in part:
                    raise self.error("languages", f"{part!r} should be language:level, for example da:B1")
                code, level = part.split(":", 1)
                items.append((code, level))
        if not items:
            raise self.error("languages", "at least one language is needed, as language:level (for example da:B1)")
        out = {}
        for code, level in items:
            code = code.strip().lower()
            level = level.strip()
            level = "native" if level.lower() in {"native", "modersmål", "mother tongue"} else level.upper()
            if code in out:
                raise self.error("languages", f"{code!r} is listed twice")
            out[code] = level
        return out

    def location(self) -> tuple[float, float, str]:
        """Where the person or site is, and a label for it: the coordinates if both are given, else the
        postcode's or the municipality's point from the reference data (the points the web app uses)."""
        if self.text("lat") and self.text("lng"):
            return self.number("lat"), self.number("lng"), ""
        code = self.text("postcode")
        if code:
            place = postcode(code)
            if place is None:
                raise self.error("postcode", f"{code!r} is not a Danish postcode (e.g. 2800, 8000)")
            return place.lat, place.lng, f"{place.code} {place.name}"
        code = self.text("municipality")
        if code:
            found = municipality(code)
            if found is None:
                raise self.error("municipality", f"{code!r} is not a Danish municipality code (e.g. 0101, 0751)")
            return found.lat, found.lng, found.name
        return self.number("lat"), self.number("lng"), ""

    def build(self, factory: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return factory(**kwargs)
        except ValueError as e:
            field, _, message = str(e).partition(": ")
            field = {"occupation years": "occupations", "opening_type": "type"}.get(field, field)
            if field not in self.values and f"{field}s" in self.values:
                field = f"{field}s"
            if field == "capacity" and "positions" in self.values and "capacity" not in self.values:
                field = "positions"
            raise self.error(field, message or str(e)) from None


def _occupations(row: _Row) -> tuple[Occupation, ...]:
    value = row.values.get("occupations", row.values.get("occupation"))
    items: list[tuple[str, Any]] = []
    if isinstance(value, list):
        for x in value:
            if isinstance(x, dict):
                code = x.get("code", "")
                if _json_type(code) is not None or _json_type(x.get("years")) is not None:
                    raise row.error("occupations", f"{_shown(x)} should be {{'code': '2512', 'years': 6}}")
                items.append((str(code), x.get("years", 0)))
            elif _json_type(x) is not None:
                raise row.error("occupations", f"{_shown(x)} should be a text isco:years, e.g. '2512:6'")
            else:
                code, _, years = str(x).partition(":")
                items.append((code, years))
    elif _json_type(value) is not None:
        raise row.error("occupations", f"a list of occupations is expected, not {_json_type(value)}")
    else:
        text = _YEARS_COMMA.sub(r"\1.\2", str(value or "").strip())
        for part in _LIST_SPLIT.split(text):
            if part:
                code, _, years = part.partition(":")
                items.append((code, years))
    out = []
    for code, years in items:
        try:
            y = 0.0 if years in ("", None) else parse_number(str(years))
        except ValueError:
            raise row.error("occupations", f"years {years!r} for {code!r} is not a number") from None
        out.append(row.build(Occupation, code=code.strip(), years=y))
    return tuple(out)


def read_participants(path: str | Path, warn: Callable[[str], None] | None = None) -> list[Participant]:
    """Participants from a CSV or JSON file (see ``docs/matching.md``); ``warn`` hears of unused columns."""
    table = read_rows(path)
    _check_columns(table, PARTICIPANT_FIELDS, warn)
    out = []
    for number, values in table.rows:
        row = _Row(table, number, values)
        lat, lng, place = row.location()
        out.append(
            row.build(
                Participant,
                id=row.text("id"),
                lat=lat,
                lng=lng,
                languages=row.languages(),
                occupations=_occupations(row),
                industry=(row.optional("industry") or "").upper() or None,
                education_level=row.optional("education_level"),
                education_field=row.text("education_field"),
                competences=row.text("competences"),
                goal=row.optional("goal"),
                eligible=row.flag("eligible", True),
                place=row.text("place") or place,
            )
        )
    _unique(table, out)
    return out


def read_providers(path: str | Path, kind: str, warn: Callable[[str], None] | None = None) -> list[Provider]:
    """Mentors (``kind="mentor"``/``"volunteer"``) or job openings (``kind="opening"``) from CSV or JSON."""
    table = read_rows(path)
    _check_columns(table, PROVIDER_FIELDS, warn)
    out = []
    for number, values in table.rows:
        row = _Row(table, number, values)
        lat, lng, place = row.location()
        capacity_field = "positions" if kind == "opening" and "positions" in values else "capacity"
        out.append(
            row.build(
                Provider,
                id=row.text("id"),
                lat=lat,
                lng=lng,
                languages=row.languages(),
                kind=kind,
                occupation=row.optional("occupation"),
                industry=(row.optional("industry") or "").upper() or None,
                education_level=row.optional("education_level"),
                education_field=row.text("education_field"),
                competences=row.text("competences"),
                capacity=row.whole(capacity_field, 1),
                trained=row.flag("trained", kind != "mentor"),
                goal=row.optional("goal"),
                opening_type=row.optional("type") if kind == "opening" else None,
                years_experience=row.number("years_experience", 0.0),
                leadership=row.flag("leadership", False),
                site=row.text("site") or place,
                organisation=row.text("organisation"),
            )
        )
    _unique(table, out)
    return out


def _unique(table: Table, items: Sequence[Participant | Provider]) -> None:
    seen: dict[str, int] = {}
    for (number, _), item in zip(table.rows, items, strict=True):
        if item.id in seen:
            message = f"{item.id!r} already used in {table.label} {seen[item.id]}"
            raise InputError(table.path, number, "id", message, table.label)
        seen[item.id] = number


@dataclass(frozen=True)
class PairRef:
    """A pin or an exclusion and where it was written, for error messages."""

    participant_id: str
    provider_id: str
    file: str
    row: int | None = None
    label: str = "row"
    field: str | None = None
    item: int | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return self.participant_id, self.provider_id

    def error(self, message: str, column: str | None = None) -> InputError:
        """An error about this pair; ``column`` names the id it is about (in a pins or exclusions file)."""
        if self.item is not None:
            message = f"item {self.item}: {message}"
        return InputError(self.file, self.row, self.field or column, message, self.label)


def read_pairs(path: str | Path) -> list[PairRef]:
    """Pins or exclusions: a file with columns ``participant_id`` and ``provider_id``."""
    table = read_rows(path)
    for name in ("participant_id", "provider_id"):
        if table.columns is not None and name not in table.columns:
            raise InputError(table.path, 1, name, f"missing column {name!r}")
    out = []
    for number, values in table.rows:
        row = _Row(table, number, values)
        ids = []
        for name in ("participant_id", "provider_id"):
            if not row.text(name):
                raise row.error(name, "a value is required")
            ids.append(row.text(name))
        out.append(PairRef(ids[0], ids[1], str(table.path), number, table.label))
    return out


@dataclass(frozen=True)
class Programme:
    """A programme file: the configuration of each round, pins and exclusions."""

    config: Config = field(default_factory=Config)
    volunteer_config: Config | None = None
    pins: tuple[PairRef, ...] = ()
    exclusions: tuple[PairRef, ...] = ()
    name: str = ""


def _config(path: Path, settings: dict[str, Any], prefix: str = "") -> Config:
    try:
        return Config(**settings)
    except ValueError as e:
        field, _, message = str(e).partition(": ")
        raise InputError(path, None, prefix + field, message or str(e)) from None


def read_programme(path: str | Path) -> Programme:
    """A programme file (JSON): weights, limits, optional ``pins``/``exclusions`` and ``volunteer`` settings."""
    path = Path(path)
    try:
        data = json.loads(decode(path.read_bytes()))
    except OSError as e:
        raise InputError(path, None, None, f"cannot read the file ({e.strerror})") from None
    except json.JSONDecodeError as e:
        raise InputError(path, None, None, f"not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}") from None
    if not isinstance(data, dict):
        raise InputError(path, None, None, "the programme must be a JSON object ({...})")
    known = (*CONFIG_KEYS, "name", "pins", "exclusions", "volunteer")
    for key in data:
        if key not in known:
            raise InputError(path, None, key, f"unknown setting; known: {', '.join(sorted(known))}")
    config = _config(path, {k: v for k, v in data.items() if k in CONFIG_KEYS})
    volunteer = data.get("volunteer")
    volunteer_config = None
    if volunteer is not None:
        if not isinstance(volunteer, dict):
            raise InputError(path, None, "volunteer", "must be an object of settings for the second round")
        for key in volunteer:
            if key not in CONFIG_KEYS:
                raise InputError(path, None, f"volunteer.{key}", f"unknown setting; known: {', '.join(CONFIG_KEYS)}")
        base = {k: data[k] for k in CONFIG_KEYS if k in data}
        volunteer_config = _config(path, {**base, **volunteer}, "volunteer.")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise InputError(path, None, "name", f"{name!r} must be a text")
    return Programme(
        config, volunteer_config, _pair_list(path, data, "pins"), _pair_list(path, data, "exclusions"), name
    )


def _pair_list(path: Path, data: dict[str, Any], key: str) -> tuple[PairRef, ...]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise InputError(path, None, key, 'must be a list of [participant id, provider id] pairs, e.g. [["p1", "m1"]]')
    out = []
    for k, item in enumerate(items, start=1):
        if isinstance(item, dict) and set(item) == {"participant_id", "provider_id"}:
            item = [item["participant_id"], item["provider_id"]]
        if not (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(x, str | int) and not isinstance(x, bool) and str(x).strip() for x in item)
        ):
            raise InputError(path, None, key, f"item {k}: {item!r} is not a [participant id, provider id] pair")
        out.append(PairRef(str(item[0]).strip(), str(item[1]).strip(), str(path), field=key, item=k))
    return tuple(out)


# -- writing ------------------------------------------------------------------------------------------------------

RESULT_COLUMNS = [
    "round",
    "participant_id",
    "provider_id",
    "status",
    "score",
    *[f"part_{p}" for p in PARTS],
    "pinned",
    "close_call",
    "next_best",
    "next_best_score",
    "explanation_en",
    "explanation_da",
    "reason",
    "details",
]


def result_rows(result: MatchResult, round_name: str = "") -> list[dict[str, Any]]:
    """One row per matched pair, then one per unmatched participant (status ``unmatched``, reason).

    ``details`` holds the explanation's facts (a list) or the unmatched reason (an object) in structured form;
    :func:`csv_cells` writes it as JSON text for a CSV file.
    """
    rows: list[dict[str, Any]] = []
    for pair in result.pairs:
        rows.append(
            {
                "round": round_name,
                "participant_id": pair.participant_id,
                "provider_id": pair.provider_id,
                "status": "matched",
                "score": pair.score,
                **{f"part_{p}": pair.parts[p] for p in PARTS},
                "pinned": pair.pinned,
                "close_call": pair.close_call,
                "next_best": pair.next_best or "",
                "next_best_score": "" if pair.next_best_score is None else pair.next_best_score,
                "explanation_en": pair.explanation["en"],
                "explanation_da": pair.explanation["da"],
                "reason": "",
                "details": [f.to_dict() for f in pair.facts],
            }
        )
    for pid in sorted(result.unmatched):
        text = result.unmatched[pid]
        reason = result.reasons.get(pid)
        rows.append(
            {
                **dict.fromkeys(RESULT_COLUMNS, ""),
                "round": round_name,
                "participant_id": pid,
                "status": "unmatched",
                "explanation_en": text["en"],
                "explanation_da": text["da"],
                "reason": reason.code if reason else "",
                "details": reason.to_dict() if reason else {},
            }
        )
    return rows


def ranking_rows(opening_id: str, ranking: list[Ranked]) -> list[dict[str, Any]]:
    return [
        {
            "opening_id": opening_id,
            "rank": k + 1,
            "participant_id": r.participant_id,
            "score": r.score,
            **{f"part_{p}": r.parts[p] for p in PARTS},
            "explanation_en": r.explanation["en"],
            "explanation_da": r.explanation["da"],
            "details": [f.to_dict() for f in r.facts],
        }
        for k, r in enumerate(ranking)
    ]


def csv_cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their structured ``details`` as JSON text, one cell each."""
    return [
        {**row, "details": json.dumps(row["details"], ensure_ascii=False)} if "details" in row else row for row in rows
    ]


def write_table(rows: list[dict[str, Any]], columns: list[str], out: io.TextIOBase | Any, fmt: str) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(safe_record({k: ("yes" if v is True else "no" if v is False else v) for k, v in row.items()}))
