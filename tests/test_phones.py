"""Every page a mentor or participant sees fits a 360 px phone, in Danish and in Arabic (right to left), and has no
serious or critical accessibility problem by axe-core; staff pages are checked with axe-core in Danish.

axe-core comes from npm (node_modules/axe-core); the page's Content-Security-Policy refuses injected scripts, so
the checking browser context bypasses it (the pages' own scripts are still only Stafet's)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests import test_browser

pytestmark = test_browser.pytestmark
demo = test_browser.demo
browser = test_browser.browser

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def pages_of(username: str) -> list[str]:
    """The pages a mentor or participant of the demo reaches: the menu's, their own profile, their mentorships."""
    from stafet.mentorships.models import Mentorship
    from stafet.organisations.models import User

    user = User.objects.get(username=username)
    pages = [reverse("home"), reverse("notifications:list"), reverse("notifications:settings"), reverse("account")]
    pages.append(reverse("events:list"))
    if user.role == "mentor":
        pages += [reverse("people:mentor", args=[user.mentor.pk]), reverse("mentorships:escalations")]
        mentorships = Mentorship.objects.filter(mentor__user=user)
    else:
        pages.append(reverse("people:participant", args=[user.participant.pk]))
        mentorships = Mentorship.objects.filter(participant__user=user)
    pages += [reverse("mentorships:detail", args=[m.pk]) for m in mentorships[:2]]
    return pages


def check(page, url: str) -> list[str]:
    """What is wrong with one page: wider than the phone, or axe-core's serious and critical violations."""
    page.goto(url)
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{url}: {width} px wide")
    page.add_script_tag(path=str(AXE))
    problems += [f"{url}: {violation}" for violation in page.evaluate(SERIOUS)]
    return problems


def new_page(browser, live_server, username: str | None, language: str, viewport: dict):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    context.set_default_timeout(30_000)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page = context.new_page()
    if username:
        test_browser.log_in(page, live_server, username)
        page.wait_for_selector("[data-testid=current-user]", timeout=60_000)
    else:
        page.goto(live_server.url + reverse("login"))
    assert page.evaluate("document.documentElement.lang") == language
    return page


@pytest.mark.parametrize("language", ["da", "ar"])
def test_mentor_and_participant_pages_fit_a_phone_and_pass_axe(demo, live_server, browser, language):
    problems = []
    for username in ("deltager", "mentor"):
        page = new_page(browser, live_server, username, language, PHONE)
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
        for path in pages_of(username):
            problems += check(page, live_server.url + path)
        page.context.close()
    visitor = new_page(browser, live_server, None, language, PHONE)
    problems += check(visitor, live_server.url + reverse("login"))
    problems += check(visitor, live_server.url + reverse("password_reset"))
    assert problems == []


def test_staff_pages_pass_axe(demo, live_server, browser):
    problems = []
    for username in ("koordinator", "sagsbehandler", "virksomhed", "admin"):
        page = new_page(browser, live_server, username, "da", {"width": 1280, "height": 900})
        for link in page.locator("nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            page.goto(live_server.url + link)
            page.add_script_tag(path=str(AXE))
            problems += [f"{username} {link}: {v}" for v in page.evaluate(SERIOUS)]
        page.context.close()
    assert problems == []
