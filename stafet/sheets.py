"""Cells that a spreadsheet will not run as formulas (CSV and XLSX injection).

Every CSV or XLSX that Stafet writes, from the web and from the engine's command line, passes its cells through
:func:`safe_cell` (or :func:`safe_row` / :func:`safe_record`). A text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is one Excel, LibreOffice and Google Sheets would evaluate, so it gets a leading
apostrophe, which makes the spreadsheet show it as text (OWASP, "CSV Injection"). Numbers stay numbers: a Python
``int``, ``float``, ``Decimal`` or date is never changed, and neither is a text cell that is nothing but a plain number
(``-3``, ``+4.5``, ``-0,75``), which a spreadsheet reads as that number and does not run.

No Django import: the engine's command line uses this module too.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Kept as they are: a spreadsheet stores these as values, never as formulas.
_VALUES = (int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)
# A signed decimal number, with a point or a Danish decimal comma: harmless, and numeric columns keep it.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe_cell(value: Any) -> Any:
    """The cell as a spreadsheet may safely open it.

    >>> safe_cell('=HYPERLINK("http://evil.example","click")')
    '\\'=HYPERLINK("http://evil.example","click")'
    >>> safe_cell("@SUM(A1:A3)"), safe_cell("\\t=1+1")
    ("'@SUM(A1:A3)", "'\\t=1+1")
    >>> safe_cell(-3), safe_cell("-3"), safe_cell("-0,75"), safe_cell("Amira")
    (-3, '-3', '-0,75', 'Amira')
    >>> safe_cell("-2+3+cmd|' /C calc'!A0")
    "'-2+3+cmd|' /C calc'!A0"
    """
    if value is None or isinstance(value, _VALUES):
        return value
    text = str(value)  # anything else is written as its text (a model, a lazy translation), so check that
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`safe_cell`, for ``csv.writer``."""
    return [safe_cell(v) for v in values]


def safe_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Every value of a row through :func:`safe_cell`, for ``csv.DictWriter`` (the keys are the header's)."""
    return {k: safe_cell(v) for k, v in record.items()}
