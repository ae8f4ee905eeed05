"""Ids and text from URLs, query strings and forms, read so that crafted input is "not found" or "not valid",
never a server error.

``"²".isdigit()`` is true but ``int("²")`` fails; ``99999999999999999999999`` is digits but no database holds such
an id; PostgreSQL refuses a NUL character in any text it is given. Views and access helpers read ids with
:func:`parse_id` and free text with :func:`clean_text` rather than ``int()`` or ``request.GET.get`` alone.
"""

from collections.abc import Iterable

#: The largest id a BigAutoField holds (a signed 64-bit integer, on SQLite and PostgreSQL alike).
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """``value`` as a database id (1 to :data:`MAX_ID`, written in ASCII digits), else ``None``.

    >>> parse_id("12"), parse_id(12), parse_id("²"), parse_id("99999999999999999999999"), parse_id(" 1")
    (12, 12, None, None, None)
    >>> parse_id("0"), parse_id("-3"), parse_id(""), parse_id(None), parse_id(True), parse_id(["1"])
    (None, None, None, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The valid ids among ``values`` (a form's repeated field), in order, each once.

    >>> parse_ids(["3", "²", "3", "7"])
    [3, 7]
    """
    ids = (parse_id(value) for value in values)
    return list(dict.fromkeys(number for number in ids if number is not None))


def clean_text(value: object) -> str:
    """Free text from a query string (a search box), without NUL and other control characters, trimmed.

    >>> clean_text(" Amal\\x00 "), clean_text(None)
    ('Amal', '')
    """
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n").strip()
