"""Arabic dates written one way everywhere, day first as in Denmark: 4 ديسمبر 2026 (and 4 ديسمبر 2026، 14:30), in
tables too, with a 24-hour clock and weeks from Monday. Digits are the Western ones (0–9), as on the rest of the
page: the reader meets the same digits in Danish letters, forms and phone numbers (docs/translations.md).
Django's own "ar" would write 04‏/12‏/2026 in tables and a 12-hour clock. Input accepts 4/12/2026 and 04.12.2026."""

# The day-first European formats of English as written in Denmark; only what differs is set here.
from stafet.formats.en.formats import *  # noqa: F403

DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
