"""Arabic dates written one way everywhere, day first as in Denmark: 4 ديسمبر 2026 (and 4 ديسمبر 2026، 14:30), in
tables too, with a 24-hour clock and weeks from Monday. Digits are the Western ones (0–9), as on the rest of the
page: the reader meets the same digits in Danish letters, forms and phone numbers (docs/translations.md).
Django's own "ar" would write 04‏/12‏/2026 in tables and a 12-hour clock. Input accepts 4/12/2026 and 04.12.2026."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
