"""Every page a mentor or participant sees fits a 360 px phone, in Danish and in Arabic (right to left); every staff
page fits 1280 px, in Danish and in English; and no page of any role has a serious or critical accessibility problem
by axe-core.

The pages are not listed by hand: each role's are crawled (``tests.crawl``) from its home page through every link, so
a new page is checked as soon as a link leads to it. Pages that no link reaches are added here: the public mentor
sign-up page, an invitation's link, and the pages with a form's errors on them.

axe-core comes from npm (node_modules/axe-core); the page's Content-Security-Policy refuses injected scripts, so
the checking browser context bypasses it (the pages' own scripts are still only Stafet's). The browser gets the
session of a test client that has logged in (tests.auth), so staff need not type their second factor here."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import test_browser
from tests.auth import log_in
from tests.crawl import crawl, url_name

pytestmark = test_browser.pytestmark
demo = test_browser.demo
browser = test_browser.browser

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""
# Not pages: files to download, and a notification's link, which only marks it read and moves on.
NOT_PAGES = (
    "privacy:export_json",
    "privacy:export_html",
    "privacy:export_pdf",
    "privacy:mentor_export_json",
    "privacy:mentor_export_html",
    "privacy:mentor_export_pdf",
    "people:participant_cv",
    "notifications:feed",
)
STAFF = ("koordinator", "koordinator.pluss", "sagsbehandler", "virksomhed", "admin", "dpo")


def user(username: str):
    from stafet.organisations.models import Role, User

    if username == "dpo":  # the demo has no data-protection officer; the test gives the municipality one
        municipality = User.objects.get(username="sagsbehandler").organisation
        return User.objects.get_or_create(
            username="dpo", defaults={"role": Role.DATA_PROTECTION_OFFICER, "organisation": municipality}
        )[0]
    return User.objects.get(username=username)


def pages_of(client: Client) -> list[str]:
    """One address per page (URL pattern) the client's user reaches by links, redirects followed (``/people/me/``
    leads to the user's own profile)."""
    found: dict[str, str] = {}
    starts = ["/"]
    while starts:
        for page in crawl(client, start=starts.pop(), per_pattern=1):
            name = url_name(page.url)
            if page.status in (301, 302):
                target = client.get(page.url).headers.get("Location", "")
                if url_name(target) and url_name(target) not in found and target.startswith("/"):
                    starts.append(target)
            elif page.status == 200 and page.html and name not in NOT_PAGES:
                found.setdefault(name, page.url)
    return list(found.values())


def check(page, url: str, width: int, axe: bool = True) -> list[str]:
    """What is wrong with one page: wider than the window, or axe-core's serious and critical violations."""
    if url:
        page.goto(url)
    problems = []
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        problems.append(f"{page.url}: {scroll} px wide")
    # A wide table in a scrolling box (.stafet-wide) leaves the page's width alone but scrolls all the same.
    for inner, box in page.locator(".stafet-wide").evaluate_all("els => els.map(e => [e.scrollWidth, e.clientWidth])"):
        if inner > box:
            problems.append(f"{page.url}: a table {inner} px wide in {box} px")
    if axe:
        page.add_script_tag(path=str(AXE))
        problems += [f"{page.url}: {violation}" for violation in page.evaluate(SERIOUS)]
    return problems


def new_page(browser, live_server, client: Client | None, language: str, viewport: dict):
    """A page in a browser context of its own, with ``client``'s session (none: a visitor) and ``language``."""
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    context.set_default_timeout(30_000)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if client is not None:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language in settings.LANGUAGES_BIDI else "ltr")
    return page


def refused(page, form: str) -> None:
    """Send ``form`` empty, past the browser's own checks and htmx, so the page comes back with the form's errors."""
    with page.expect_navigation():
        page.evaluate(
            """form => { const f = document.querySelector(form); f.noValidate = true;
        f.querySelectorAll("input[type=text], input[type=number], input[type=date], textarea, select")
         .forEach(i => { if (i.type !== "hidden") i.value = ""; });
        HTMLFormElement.prototype.submit.call(f); }""",
            form,
        )

    assert page.locator("[data-testid=error-summary], .form-error").count(), form


@pytest.mark.parametrize("language", ["da", "ar"])
def test_mentor_and_participant_pages_fit_a_phone_and_pass_axe(demo, live_server, browser, language):
    from stafet.accounts.actions import invite
    from stafet.mentorships.models import Mentorship
    from stafet.organisations.models import Role, User
    from stafet.programmes.models import Programme

    problems, checked = [], set()
    for username in ("deltager", "mentor"):
        client = log_in(Client(), user(username))
        pages = pages_of(client)
        checked |= {url_name(url) for url in pages}
        page = new_page(browser, live_server, client, language, PHONE)
        for path in pages:
            problems += check(page, live_server.url + path, PHONE["width"])
        # A form's errors: the error summary links to each field, on a phone too.
        if username == "mentor":
            mentorship = Mentorship.objects.filter(mentor__user__username="mentor").first()
            page.goto(live_server.url + reverse("mentorships:detail", args=[mentorship.pk]))
            refused(page, "[data-testid=meeting-form]")
        else:
            page.goto(live_server.url + reverse("home"))
            refused(page, "[data-testid=help-form]")
        problems += check(page, "", PHONE["width"])
        page.context.close()
    # The pages the issue names are among those crawled, so a lost link fails here rather than going unchecked.
    assert {
        "privacy:me", "people:participant_edit", "people:mentor_edit", "mentorships:detail", "events:detail",
        "notifications:list", "account", "password_change", "people:participant",
    } <= checked  # fmt: skip
    # A visitor: logging in, a forgotten password, the public mentor sign-up page, an invitation's link.
    company = User.objects.get(username="mentor").organisation
    invited = User.objects.create(username="ny.mentor", email="ny@example.org", role=Role.MENTOR, organisation=company)
    _invitation, token = invite(user=invited, by=None)
    recruiting = Programme.objects.filter(recruits_mentors=True).first()
    visitor = new_page(browser, live_server, None, language, PHONE)
    for path in (
        reverse("login"),
        reverse("password_reset"),
        reverse("programmes:signup", args=[recruiting.pk]),
        reverse("accept_invitation", args=[token]),
    ):
        problems += check(visitor, live_server.url + path, PHONE["width"])
    assert problems == [], "\n".join(problems)


def test_staff_pages_fit_1280_px_and_pass_axe(demo, live_server, browser):
    """Each staff role's pages, each page once per role (the second coordinator adds the talent programme's pages, the
    data-protection officer's are made for the test as the demo has none):
    axe-core and the width in Danish, the width again in English (its words are often longer)."""
    from stafet.organisations.models import Role

    problems, seen, names = [], set(), set()
    for username in STAFF:
        staff = user(username)
        client = log_in(Client(), staff)
        # The administrator's pages are the coordinators' with every organisation's rows: only its own are checked.
        paths = [
            path
            for path in pages_of(client)
            if (staff.role, url_name(path)) not in seen
            and (staff.role != Role.ADMINISTRATOR or url_name(path) not in names)
        ]
        seen |= {(staff.role, url_name(path)) for path in paths}
        names |= {url_name(path) for path in paths}
        for language in ("da", "en"):
            page = new_page(browser, live_server, client, language, DESK)
            for path in paths:
                problems += check(page, live_server.url + path, DESK["width"], axe=language == "da")
            page.context.close()
    assert len(seen) > 60  # the crawl went through the staff's pages, not only their home pages
    assert problems == [], "\n".join(problems)


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two CSS colours as the browser gives them ("rgb(69, 69, 69)")."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_phone_menu_opens_and_leads_to_every_menu_page(demo, live_server, browser):
    """On a phone the header's menu is dkfds's drawer, opened by its button (dkfds's script from the static files);
    the focus ring on the header's buttons stands out from the header (WCAG: 3:1; the old dark bar's was 1.8:1)."""
    client = log_in(Client(), user("deltager"))
    page = new_page(browser, live_server, client, "ar", PHONE)
    desktop = page.locator(".navigation-menu .mainmenu > li > a").evaluate_all("links => links.map(a => a.pathname)")
    assert not page.locator(".mobile-drawer").is_visible()
    page.keyboard.press("Tab")  # the skip link, then the header's first control: the language list or the menu
    while not page.evaluate("document.activeElement.matches('[data-testid=menu-open]')"):
        page.keyboard.press("Tab")
    ring, background = page.evaluate(
        """() => [getComputedStyle(document.activeElement).outlineColor,
                  getComputedStyle(document.querySelector('.portal-info')).backgroundColor]"""
    )
    assert contrast(ring, background) >= 3, (ring, background)
    page.click("[data-testid=menu-open]")
    page.wait_for_selector(".mobile-drawer.is-visible")
    drawer = page.locator(".navigation-menu-mobile .nav-link").evaluate_all("links => links.map(a => a.pathname)")
    assert drawer == desktop and reverse("privacy:me") in drawer
    page.click(".mobile-drawer button.stafet-language[value=da]")
    page.wait_for_selector("html[lang=da][dir=ltr]")
    assert urlsplit(page.url).path == "/"
    page.context.close()
