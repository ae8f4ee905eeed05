"""CPR-like numbers (the Danish personal identity number, DDMMYY-XXXX).

Stafet identifies people without a CPR number and never stores one on purpose (Databeskyttelsesloven § 11), but
one can still be typed into free text or a search box. This module is the one definition of what looks like a CPR
number: six digits that form a date (day 01-31, month 01-12), then four digits, with or without a hyphen, and no
digit right before or after. The log filter below masks them in every log line. No Django import, so that any part
of Stafet (the engine's command line too) can use it.
"""

import logging
import re

CPR_PATTERN = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{4}(?!\d)")
MASK = "******-****"


def find_cpr(text: str) -> list[str]:
    """The CPR-like numbers in ``text``.

    >>> find_cpr("Ring 12345678, cpr 010190-1234 eller 3112851234; ikke 321301-1234")
    ['010190-1234', '3112851234']
    """
    return CPR_PATTERN.findall(text)


def mask_cpr(text: str) -> str:
    """``text`` with every CPR-like number replaced by a mask.

    >>> mask_cpr("GET /people/?q=0101901234 and 010190-1234")
    'GET /people/?q=******-**** and ******-****'
    """
    return CPR_PATTERN.sub(MASK, text)


class MaskCPRFilter(logging.Filter):
    """Masks CPR-like numbers in a log record: its message with the arguments filled in, its exception text and
    its stack. Installed on every handler in the settings, so no log line leaves the process with one."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_cpr(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_cpr(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_cpr(record.stack_info)
        return True
