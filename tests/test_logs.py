"""No CPR numbers or names in logs: a filter on every handler masks CPR-like numbers, and no log call in Stafet's
code formats a person's name or contact details."""

import ast
import io
import logging
from pathlib import Path

import pytest

from stafet.cpr import MASK, MaskCPRFilter, find_cpr, mask_cpr

ROOT = Path(__file__).resolve().parent.parent
# Attributes that hold a person's name, contact details or identity.
PERSONAL = {"first_name", "last_name", "get_full_name", "get_short_name", "full_name", "name", "username",
            "get_username", "email", "phone", "birth_date", "birth_year", "cpr", "address"}  # fmt: skip
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}


def handlers_of_the_settings() -> list[logging.Handler]:
    """The handlers Django installed from settings.LOGGING (pytest adds capturing handlers of its own)."""
    loggers = [logging.getLogger(), logging.getLogger("django.server")]
    return [h for logger in loggers for h in logger.handlers if type(h) is logging.StreamHandler]


def test_every_handler_from_the_settings_masks_cpr_numbers():
    handlers = handlers_of_the_settings()
    assert len(handlers) == 2
    assert all(any(isinstance(f, MaskCPRFilter) for f in h.filters) for h in handlers)
    assert logging.getLogger("django").handlers == [] and logging.getLogger("django").propagate


@pytest.mark.parametrize("logger_name", ["stafet.people", "django.request", "axes.handlers.database"])
def test_a_cpr_number_in_a_message_its_arguments_or_an_exception_is_masked(logger_name):
    stream = io.StringIO()
    handler = next(h for h in handlers_of_the_settings() if h in logging.getLogger().handlers)
    old = handler.setStream(stream)
    try:
        logger = logging.getLogger(logger_name)
        logger.warning("Search for 010190-1234 by account #%s", 7)
        logger.warning("GET /people/?q=%s", "3112851234")
        try:
            raise ValueError("cpr 2802921234 in a field")
        except ValueError:
            logger.exception("Import failed")
    finally:
        handler.setStream(old)
    text = stream.getvalue()
    assert "Search for ******-**** by account #7" in text and "q=******-****" in text
    assert "ValueError: cpr ******-**** in a field" in text
    assert find_cpr(text) == []


def test_the_request_log_masks_cpr_numbers_in_paths():
    stream = io.StringIO()
    (handler,) = [h for h in logging.getLogger("django.server").handlers if type(h) is logging.StreamHandler]
    old = handler.setStream(stream)
    try:
        logging.getLogger("django.server").info('"%s" %s %s', "GET /people/participants/?q=0101901234 HTTP/1.1", 200, 5)
    finally:
        handler.setStream(old)
    assert "q=******-****" in stream.getvalue() and "0101901234" not in stream.getvalue()


def test_what_looks_like_a_cpr_number():
    assert find_cpr("010190-1234 0101901234 311299-0000") == ["010190-1234", "0101901234", "311299-0000"]
    # Not a date, too many digits, or a phone number: left alone.
    assert find_cpr("320190-1234 011390-1234 01019012345 +45 12345678 2026-01-15") == []
    assert mask_cpr("id 17, cpr:010190-1234.") == f"id 17, cpr:{MASK}."


def log_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOG_METHODS:
            receiver = node.func.value
            name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
            if "log" in name.lower():
                yield node


def personal_attributes(call: ast.Call) -> set[str]:
    found = set()
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        for node in ast.walk(arg):
            if isinstance(node, ast.Attribute) and node.attr in PERSONAL:
                found.add(node.attr)
            if isinstance(node, ast.Name) and node.id in PERSONAL:
                found.add(node.id)
    return found


def test_no_log_call_in_stafet_formats_a_name_or_contact_details():
    calls = 0
    offenders = []
    for path in (ROOT / "stafet").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for call in log_calls(ast.parse(path.read_text(), str(path))):
            calls += 1
            if personal := personal_attributes(call):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno} {sorted(personal)}")
    assert calls >= 1  # the scan finds log calls (two-factor refusals are logged by account id)
    assert offenders == []


def test_the_review_would_catch_a_name_in_a_log_call():
    tree = ast.parse('logger.info("Referred %s", participant.get_full_name())\nlog.warning(f"{user.email}")')
    assert [personal_attributes(call) for call in log_calls(tree)] == [{"get_full_name"}, {"email"}]
