"""Pages in a real browser: headless Chromium (Debian's) driven by Playwright, against a live server."""

import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connections

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("STAFET_REQUIRE_BROWSER"),
        reason="Chromium is not installed (apt-get install chromium); CI installs it and requires this test",
    ),
]


@pytest.fixture
def demo(transactional_db):
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread, which makes Django refuse ORM calls from the test itself.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()
        # While Playwright's event loop runs, asgiref keys Django's connections by context rather than by
        # thread, so ORM calls in the test body opened a connection of their own. Close it here, inside that
        # context: left open, it keeps PostgreSQL from dropping the test database at the end of the run.
        connections.close_all()


def log_in(page, live_server, username: str) -> None:
    """Password, then (for staff) the code of the demo's authenticator, as README's demo section tells."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from stafet.accounts.twofactor import current_code

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "stafet-demo")
    with page.expect_navigation(timeout=60_000):  # a busy machine checks passwords slowly
        page.click("#login-submit")
    if page.locator("[data-testid=two-factor]").count():
        page.fill("#id_code", current_code(TOTPDevice.objects.get(user__username=username)))
        with page.expect_navigation():
            page.click("#code-submit")


def test_the_demo_coordinator_logs_in_and_sees_the_programmes(demo, live_server, browser):
    page = browser.new_page()
    refused = []  # what the Content-Security-Policy blocked (an inline style or script would show here)
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    log_in(page, live_server, "koordinator")
    page.wait_for_selector("[data-testid=programmes]")
    programmes = page.inner_text("[data-testid=programmes]")
    assert "Erhvervsmentorkorps" in programmes
    assert "Hjælp en flygtning NU" in programmes
    # The styles of the design system are served and applied.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").lower().find("ibm plex") >= 0
    page.click("text=Erhvervsmentorkorps")
    page.wait_for_selector("[data-testid=cohorts]")
    assert "Hold 2016" in page.inner_text("[data-testid=cohorts]")
    assert refused == []


def test_the_language_switch_turns_the_page_english(demo, live_server, browser):
    page = browser.new_page()
    log_in(page, live_server, "koordinator")
    page.click("[data-testid=language-menu] .select-language-button")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert "Programmes" in page.inner_text("nav")
