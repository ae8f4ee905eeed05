"""Reading participants, providers and programmes from CSV or JSON files; writing results.

CSV files may come from Danish Excel: cp1252 with ``;`` separators and decimal commas are read correctly.
Every problem is reported as an :class:`InputError` naming the file, the row (as Excel numbers it: the header
is row 1) and the field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from stafet.matching.model import PARTS, Config, MatchResult, Occupation, Participant, Provider, Ranked
from stafet.matching.reference import municipality

PARTICIPANT_FIELDS = {
    "required": ["id", "languages"],
    "optional": [
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


class InputError(Exception):
    """A problem in an input file, located by file, row and field."""

    def __init__(self, file: str | Path, row: int | None, field: str | None, message: str):
        self.file, self.row, self.field, self.message = str(file), row, field, message
        where = str(file)
        if row is not None:
            where += f", row {row}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (with or without a byte-order mark), else Windows-1252 as Danish Excel writes.

    >>> decode("Århus;Køge".encode("cp1252"))
    'Århus;Køge'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def read_rows(path: str | Path) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Rows of a CSV or JSON file as ``(row number, {column: value})``, and the CSV delimiter ('' for JSON)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(path, None, None, f"cannot read the file ({e.strerror})") from None
    text = decode(data)
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(path, e.lineno, None, f"not valid JSON: {e.msg}") from None
        if isinstance(items, dict):
            items = next((v for v in items.values() if isinstance(v, list)), None)
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise InputError(path, None, None, "JSON must be a list of objects")
        return [(k + 1, {str(a).strip().lower(): b for a, b in x.items()}) for k, x in enumerate(items)], ""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError(path, 1, None, "the file is empty (a header row is needed)")
    delimiter = _delimiter(lines[0])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise InputError(path, number, None, f"{len(values)} values but the header has {len(header)} columns")
        rows.append((number, {h: v.strip() for h, v in zip(header, values, strict=False)}))
    return rows, delimiter


def _check_columns(path, rows, fields, header: Iterable[str] | None = None) -> None:
    columns = set(header) if header is not None else set().union(*(r.keys() for _, r in rows)) if rows else set()
    for name in fields["required"]:
        if name not in columns:
            raise InputError(path, 1, name, f"missing column {name!r}")
    if not ({"municipality"} <= columns or {"lat", "lng"} <= columns):
        raise InputError(path, 1, "municipality", "missing column 'municipality' (or both 'lat' and 'lng')")


class _Row:
    """Typed access to one row's fields with errors that name file, row and field."""

    def __init__(self, path: Path, number: int, values: dict[str, Any], decimal_comma: bool):
        self.path, self.row_number, self.values, self.decimal_comma = path, number, values, decimal_comma

    def error(self, field: str, message: str) -> InputError:
        return InputError(self.path, self.row_number, field, message)

    def text(self, field: str, default: str = "") -> str:
        value = self.values.get(field)
        return default if value is None else str(value).strip()

    def optional(self, field: str) -> str | None:
        return self.text(field) or None

    def number(self, field: str, default: float | None = None) -> float:
        value = self.values.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if default is None:
                raise self.error(field, "a number is required")
            return default
        if isinstance(value, bool):
            raise self.error(field, f"{value!r} is not a number")
        if isinstance(value, int | float):
            return float(value)
        text = str(value).strip()
        if self.decimal_comma:
            text = text.replace(".", "").replace(",", ".") if "," in text else text
        try:
            return float(text)
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
        raise self.error(field, f"{value!r} is not yes/no (use yes, no, true, false, 1 or 0)")

    def languages(self) -> dict[str, str]:
        value = self.values.get("languages")
        if isinstance(value, dict):
            items = [(str(k), str(v)) for k, v in value.items()]
        else:
            items = []
            for part in _LIST_SPLIT.split(str(value or "").strip()):
                if not part:
                    continue
                if ":" not in part:
                    raise self.error("languages", f"{part!r} should be language:level, for example da:B1")
                code, level = part.split(":", 1)
                items.append((code, level))
        out = {}
        for code, level in items:
            code = code.strip().lower()
            level = level.strip()
            level = "native" if level.lower() in {"native", "modersmål", "mother tongue"} else level.upper()
            out[code] = level
        return out

    def location(self) -> tuple[float, float, str]:
        code = self.text("municipality")
        if code and not (self.text("lat") and self.text("lng")):
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
                items.append((str(x.get("code", "")), x.get("years", 0)))
            else:
                items.append((str(x), 0))
    else:
        for part in _LIST_SPLIT.split(str(value or "").strip()):
            if part:
                code, _, years = part.partition(":")
                items.append((code, years or 0))
    out = []
    for code, years in items:
        try:
            y = float(str(years).replace(",", "."))
        except ValueError:
            raise row.error("occupations", f"years {years!r} for {code!r} is not a number") from None
        out.append(row.build(Occupation, code=code.strip(), years=y))
    return tuple(out)


def read_participants(path: str | Path) -> list[Participant]:
    """Participants from a CSV or JSON file (see ``docs/matching.md``)."""
    path = Path(path)
    rows, delimiter = read_rows(path)
    _check_columns(path, rows, PARTICIPANT_FIELDS, _header(path, rows, delimiter))
    out = []
    for number, values in rows:
        row = _Row(path, number, values, delimiter == ";")
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
    _unique(path, rows, out)
    return out


def read_providers(path: str | Path, kind: str) -> list[Provider]:
    """Mentors (``kind="mentor"``/``"volunteer"``) or job openings (``kind="opening"``) from CSV or JSON."""
    path = Path(path)
    rows, delimiter = read_rows(path)
    _check_columns(path, rows, PROVIDER_FIELDS, _header(path, rows, delimiter))
    out = []
    for number, values in rows:
        row = _Row(path, number, values, delimiter == ";")
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
    _unique(path, rows, out)
    return out


def _header(path: Path, rows, delimiter: str) -> list[str] | None:
    if not delimiter:
        return None
    first = decode(path.read_bytes()).splitlines()[0]
    return [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]


def _unique(path: Path, rows, items) -> None:
    seen: dict[str, int] = {}
    for (number, _), item in zip(rows, items, strict=True):
        if item.id in seen:
            raise InputError(path, number, "id", f"{item.id!r} already used in row {seen[item.id]}")
        seen[item.id] = number


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """Pins or exclusions: a file with columns ``participant_id`` and ``provider_id``."""
    path = Path(path)
    rows, delimiter = read_rows(path)
    header = _header(path, rows, delimiter) or (list(rows[0][1]) if rows else [])
    for name in ("participant_id", "provider_id"):
        if name not in header:
            raise InputError(path, 1, name, f"missing column {name!r}")
    return [(str(v["participant_id"]).strip(), str(v["provider_id"]).strip()) for _, v in rows]


def read_programme(path: str | Path) -> tuple[Config, dict[str, Any]]:
    """A programme file (JSON): weights, limits, optional ``pins``/``exclusions``; returns the Config and extras."""
    path = Path(path)
    try:
        data = json.loads(decode(path.read_bytes()))
    except OSError as e:
        raise InputError(path, None, None, f"cannot read the file ({e.strerror})") from None
    except json.JSONDecodeError as e:
        raise InputError(path, e.lineno, None, f"not valid JSON: {e.msg}") from None
    if not isinstance(data, dict):
        raise InputError(path, None, None, "the programme must be a JSON object")
    known = {"weights", "max_distance_km", "min_language_level", "require_trained", "candidate_cap"}
    known |= {"close_call_margin"}
    extras = {"name", "mode", "pins", "exclusions", "volunteer"}
    for key in data:
        if key not in known | extras:
            raise InputError(path, None, key, f"unknown setting; known: {', '.join(sorted(known | extras))}")
    try:
        config = Config(**{k: v for k, v in data.items() if k in known})
    except (TypeError, ValueError) as e:
        field, _, message = str(e).partition(": ")
        raise InputError(path, None, field, message or str(e)) from None
    return config, {k: v for k, v in data.items() if k in extras}


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
]


def result_rows(result: MatchResult, round_name: str = "") -> list[dict[str, Any]]:
    """One row per matched pair, then one per unmatched participant (status ``unmatched``, reason)."""
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
            }
        )
    for pid in sorted(result.unmatched):
        reason = result.unmatched[pid]
        rows.append(
            {
                **dict.fromkeys(RESULT_COLUMNS, ""),
                "round": round_name,
                "participant_id": pid,
                "status": "unmatched",
                "explanation_en": reason["en"],
                "explanation_da": reason["da"],
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
        }
        for k, r in enumerate(ranking)
    ]


def write_table(rows: list[dict[str, Any]], columns: list[str], out: io.TextIOBase | Any, fmt: str) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("yes" if v is True else "no" if v is False else v) for k, v in row.items()})
