"""Every URL of the app, for every persona: the security headers, no inline script or style for the
Content-Security-Policy to refuse, and staff held at the two-factor step until they pass it.

The URLs are read from the URL configuration; the ones with an id take world A's objects from
tests/test_url_access.py's table, which fails when a new URL is missing from it."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.audit.models import AuditEvent
from stafet.organisations.models import Role
from tests import test_url_access
from tests.auth import log_in
from tests.factories import UserFactory
from tests.test_url_access import POSTS, kwargs_for

a = test_url_access.a  # the fixture: world A with one of everything a URL can name

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = ["anonymous", "admin", "coordinator_a", "coordinator_b", "caseworker_x", "contact_c", "mentor_user",
            "participant_user", "outsider", "dpo"]  # fmt: skip
# Open to a user who has the password but not yet the second factor.
OPEN_BEFORE_SECOND_FACTOR = {"two_factor", "two_factor_setup", "logout", "set_language"}
ADMIN_URLS = ["/admin/", "/admin/organisations/user/", "/admin/audit/auditevent/", "/admin/axes/accessattempt/"]


def every_url(w) -> dict[str, str]:
    """URL name → address, for every named URL of the app, plus a few of the admin's."""
    kwargs = kwargs_for(w)
    found = {}

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                if name == "password_reset_confirm":
                    found[name] = reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
                else:
                    found[name] = reverse(name, kwargs=kwargs.get(name, {}))

    walk(get_resolver().url_patterns, None)
    return found | {url: url for url in ADMIN_URLS}


def persona(w, name: str):
    if name == "dpo":
        return UserFactory(username="dpo", role=Role.DATA_PROTECTION_OFFICER, organisation=w.ngo_a)
    return w.users[name]


def inline_code(html: str) -> list[str]:
    """What the Content-Security-Policy would refuse in a page: inline scripts, style attributes and elements,
    event-handler attributes and htmx's hx-on (evaluated code)."""
    found = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    found += re.findall(r"<style\b", html)
    found += re.findall(r"<[^>]+\s(?:style|on[a-z]+|hx-on[:\w-]*)\s*=", html)
    return found


@pytest.mark.parametrize("who", PERSONAS)
def test_every_page_has_the_security_headers_and_no_inline_code(a, client, who):
    if who != "anonymous":
        log_in(client, persona(a, who))
    for name, url in every_url(a).items():
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp, name
        assert "unsafe" not in csp, name
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), name
        assert "no-store" in response.headers.get("Cache-Control", ""), (who, name, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            assert inline_code(response.content.decode()) == [], (who, name)


def test_exports_are_not_stored(a, client):
    log_in(client, a.users["coordinator_a"])
    for name in ("outcomes:cohort_report", "outcomes:programme_report"):
        pk = a.cohort_k.pk if "cohort" in name else a.programme_p.pk
        response = client.get(reverse(name, args=[pk]), {"format": "csv", "table": "funnel"})
        assert response["Content-Type"].startswith("text/csv")
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_static_files_stay_cacheable(client):
    response = client.get("/static/stafet/stafet.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_no_template_has_inline_code():
    """Templates the GETs above do not reach (error fragments, emails) are checked as files."""
    templates = [p for p in (ROOT / "stafet").rglob("templates/**/*.html")]
    assert len(templates) > 30
    offenders = {str(p.relative_to(ROOT)): inline_code(p.read_text()) for p in templates}
    assert {path: found for path, found in offenders.items() if found} == {}


def test_inline_code_is_found():
    """The check above can fail."""
    assert len(inline_code('<script>x()</script><p style="x"><a onclick="y"><b hx-on::click="z"><style>')) == 5
    assert inline_code('<script src="/static/a.js" defer></script><p class="style">') == []


@pytest.mark.parametrize("who", ["admin", "coordinator_a", "caseworker_x", "dpo"])
def test_staff_are_held_at_the_two_factor_step_on_every_url(a, client, who):
    """After the password alone, every URL but the two-factor step itself (and logging out, and the language)
    sends staff to that step, for a GET and for a POST, and nothing changes."""
    user = persona(a, who)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    log_in(client, user, verified=False)
    events = AuditEvent.objects.count()
    for name, url in every_url(a).items():
        if name in OPEN_BEFORE_SECOND_FACTOR:
            continue
        get, post = client.get(url), client.post(url, POSTS.get(name, {}))
        assert get.status_code == 302 and get.url == f"/accounts/two-factor/?next={url.replace('/', '%2F')}", name
        assert post.status_code == 302 and post.url == "/accounts/two-factor/", name
        hx = client.post(url, POSTS.get(name, {}), headers={"hx-request": "true"})
        assert hx["HX-Redirect"] == "/accounts/two-factor/", name  # htmx loads the step as a whole page
    assert AuditEvent.objects.count() == events


def test_the_two_factor_step_shows_no_menu(a, client):
    TOTPDevice.objects.create(user=a.users["coordinator_a"], name="phone", confirmed=True)
    page = log_in(client, a.users["coordinator_a"], verified=False).get(reverse("two_factor")).content.decode()
    assert 'data-testid="two-factor"' in page and "stafet-menu" not in page and 'data-testid="account-link"' not in page


def test_staff_without_an_authenticator_are_sent_to_set_one_up(a, client):
    log_in(client, a.users["caseworker_x"], verified=False)
    for url in ("/", reverse("people:participants"), reverse("account"), "/admin/"):
        assert client.get(url).url.startswith("/accounts/two-factor/setup/?next="), url
