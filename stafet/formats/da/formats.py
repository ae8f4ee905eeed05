"""Danish dates written one way everywhere: 4. december 2026 (and 4. december 2026, 14:30), in tables too, so a
reader never meets "04.12.2026" on one page and "4. december 2026" on the next. Input still accepts 04.12.2026."""

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
