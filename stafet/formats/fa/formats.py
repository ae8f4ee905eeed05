"""Persian dates written one way everywhere, day first: 4 دسامبر 2026 (and 4 دسامبر 2026، 14:30), in tables too,
with the Gregorian calendar of the programme's letters, a 24-hour clock and weeks from Monday. Digits are the
Western ones (0–9), as on the rest of the page (docs/translations.md). Django's own "fa" would write 2026/12/4 in
tables. Input accepts 4/12/2026 and 04.12.2026."""

# The day-first European formats of English as written in Denmark; only what differs is set here.
from stafet.formats.en.formats import *  # noqa: F403

DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
