"""Crafted input never gives a server error: odd values in every query parameter, form field and id in a URL,
for every persona, answer 400, 404 or a page that says what is wrong, never 500.

Nothing is hand-listed. The pages and forms are found by crawling the site as each persona (``tests.crawl``); the
query parameters a view reads without a form are found in its module's source (``request.GET.get("sort")``), and
a test checks that the crawl reached every URL pattern of the URL configuration.
"""

import datetime
import inspect
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from stafet.mentorships.models import PlannedMeeting
from stafet.people.models import ParticipantLanguage
from stafet.placements.models import OpeningRule
from stafet.reference.models import Language, Postcode
from tests.auth import log_in
from tests.crawl import crawl, forms_of, page_key, parse, url_name, url_patterns
from tests.factories import (
    CohortFactory,
    JobOpeningFactory,
    MentorEnrolmentFactory,
    MentorFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    ReferralFactory,
    SiteFactory,
)

PERSONAS = ["admin", "coordinator_a", "caseworker_x", "contact_c", "mentor_user", "participant_user", "outsider"]
# Superscript digits ("²".isdigit() is true, int("²") fails), a number no database id can be, NUL (which
# PostgreSQL refuses in text), nothing, and a repeated parameter.
ODD = ["²", "99999999999999999999999", "\x00", "", ["1", "²"]]
HUGE = "99999999999999999999999"
SMALL_FORM = 8
READS = re.compile(r"""(GET|POST|params|data)\.(?:get|getlist)\(\s*f?["']([a-z_]+)["']""")
# Patterns no persona reaches by following links, and why.
NOT_LINKED = {
    "logout": "a POST form on every page; submitting it would end the crawl's session",
    "two_factor": "the step after the password, which the crawl's users have passed; odd codes: the login test below",
    "password_reset": "for visitors who are not logged in: the login test below",
    "password_reset_done": "a page of text after the reset form",
    "password_reset_confirm": "reached from the emailed link only (tests/test_login.py)",
    "password_reset_complete": "a page of text after a new password is set",
    "password_change_done": "a page of text after the password is changed",
    "notifications:feed": "a secret address shown as text to copy into a calendar (tests/test_calendar_feed.py)",
    "accept_invitation": "reached from the emailed link only (tests/test_invitations.py)",
    "people:participant_cv": "a download linked once a CV is uploaded (tests/test_profiles.py)",
}


@pytest.fixture
def every_form(full_world):
    """The full world with what makes the remaining forms appear: a candidate near the opening to rank, a mentor
    still to train with a cohort to enrol in, a cohort ready to close and a participant who could leave."""
    w = full_world
    near = ParticipantFactory(first_name="Tariq", home_postcode=Postcode.objects.get(pk="8000"))
    ParticipantLanguage.objects.create(participant=near, language_id="da", level="B2")
    ReferralFactory(participant=near, programme=w.programme_p, municipality=w.mun_x)
    untrained = MentorFactory(first_name="Ulla", organisation=w.company_c, training_completed_on=None)
    untrained.programmes.add(w.programme_p)
    cohort_l = CohortFactory(programme=w.programme_p, name="Cohort L")
    # A mentor enrolled without an email address: the Logins page's form that adds one and invites them.
    no_email = MentorFactory(first_name="Vilma", organisation=w.company_c)
    no_email.programmes.add(w.programme_p)
    MentorEnrolmentFactory(cohort=cohort_l, mentor=no_email)
    CohortFactory(programme=w.programme_p, name="Cohort M", status="running")
    ParticipantEnrolmentFactory(cohort=w.cohort_k, participant=w.p4)
    # The talent programme's assignment plan: a pinned pair (the rule's remove form) and one to pin or exclude.
    lyngby = SiteFactory(organisation=w.company_c, postcode=Postcode.objects.get(pk="2800"))
    english = Language.objects.get(pk="en")
    near_talent = JobOpeningFactory(company=w.company_c, programme=w.talent, title="Talent Lyngby", positions=1,
                                    site=lyngby, language=english, min_language_level="B1")  # fmt: skip
    JobOpeningFactory(company=w.company_c, programme=w.talent, title="Talent Aarhus", positions=1,
                      language=Language.objects.get(pk="da"), min_language_level="A2")  # fmt: skip
    ReferralFactory(participant=near, programme=w.talent, municipality=w.mun_x)
    OpeningRule.objects.create(opening=near_talent, participant=w.p4, kind="pin")
    # A planned meeting whose time has come shows the form that logs it as held.
    PlannedMeeting.objects.create(
        mentorship=w.mentorship, starts_at=timezone.now() - datetime.timedelta(days=1), hours=2, venue="company_site"
    )
    return w


def names_read_by(url: str) -> tuple[set[str], set[str]]:
    """The query parameters and form fields the view's module reads directly (not through a form)."""
    source = inspect.getsource(inspect.getmodule(resolve(urlsplit(url).path).func))
    get = {name for where, name in READS.findall(source) if where in ("GET", "params")}
    post = {name for where, name in READS.findall(source) if where in ("POST", "data")}
    return get, post


def with_odd_ids(url: str) -> str:
    """``url`` with every number in its path replaced by one too large for any id."""
    parts = urlsplit(url)
    return parts._replace(path=re.sub(r"/\d+/", f"/{HUGE}/", parts.path)).geturl()


def crawled(client, user) -> list:
    log_in(client, user)
    # A server error is collected as a 500 answer rather than raised, so one run lists them all.
    client.raise_request_exception = False
    return crawl(client)


def test_the_crawl_reaches_every_url_pattern(every_form, client):
    """Otherwise the tests below would skip a view without anyone noticing."""
    reached = set()
    for persona in PERSONAS:
        pages = crawled(client, every_form.users[persona])
        reached |= {url_name(page.url) for page in pages}
        reached |= {url_name(form.action) for form in forms_of(pages)}
    missing = url_patterns() - reached - set(NOT_LINKED) - {"set_language", "login"}
    assert not missing, f"no persona reaches {sorted(missing)}: link it, give the world what it needs, or explain"


@pytest.mark.parametrize("persona", PERSONAS)
def test_odd_values_in_every_query_parameter_and_form_field(every_form, client, persona):
    pages = crawled(client, every_form.users[persona])
    failures = []

    def check(method: str, url: str, data: dict | None = None) -> None:
        response = getattr(client, method)(url, data or {})
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url} {data or ''}: {response.status_code}")

    # A page reads each query parameter on its own, so one request per odd value sets them all at once.
    tried = set()
    for page in pages:
        if page.status != 200 or page_key(page.url) in tried:
            continue
        tried.add(page_key(page.url))
        path = urlsplit(page.url).path
        params = {name for name, _ in parse_qsl(urlsplit(page.url).query, keep_blank_values=True)}
        params |= names_read_by(page.url)[0]
        params |= {
            name for f in page.forms if f.method == "get" and urlsplit(f.action).path == path for name, _ in f.fields
        }
        for value in ODD:
            check("get", path, dict.fromkeys(params, value))
        if re.search(r"/\d+/", path):
            check("get", with_odd_ids(page.url))

    # Every field gets every odd value at once; then, because a view may read a field only once the others are
    # valid, one odd field at a time with the others as the page filled them in: every odd value for the fields
    # the view reads itself and for every field of a small form, one value in turn for each field of a long one
    # (the referral form's forty fields would otherwise cost a minute).
    for form in forms_of(pages):
        if form.method != "post":
            continue
        data = form.data()
        raw = names_read_by(form.action)[1]
        fields = sorted((set(data) | raw) - {"csrfmiddlewaretoken"})
        for value in ODD:
            check("post", form.action, data | dict.fromkeys(fields, value))
        for i, name in enumerate(fields):
            for value in ODD if name in raw or len(fields) <= SMALL_FORM else [ODD[i % len(ODD)]]:
                check("post", form.action, data | {name: value})
        if re.search(r"/\d+/", urlsplit(form.action).path):
            check("post", with_odd_ids(form.action), data)
    assert not failures, "\n".join(failures)


def test_odd_values_in_the_admin(every_form, client):
    """Every list of the admin (search, sorting, filters, date drill-down, pages) and an object page of each, as
    the administrator: the lists are found from the admin's index, their parameters from the lists' own links."""
    log_in(client, every_form.users["admin"])
    client.raise_request_exception = False
    index = parse("/admin/", client.get("/admin/").content.decode())
    lists = sorted({urlsplit(link).path for link in index.links if (url_name(link) or "").endswith("_changelist")})
    failures = []

    def check(url: str, params: dict) -> None:
        response = client.get(url, params)
        if response.status_code >= 500:
            failures.append(f"GET {url} {params}: {response.status_code}")

    for path in lists:
        page = parse(path, client.get(path).content.decode())
        params = {"q", "o", "p", "e"}
        params |= {
            name for link in page.links if urlsplit(link).path == path for name, _ in parse_qsl(urlsplit(link).query)
        }
        for value in ODD:
            check(path, dict.fromkeys(params, value))
        change = next((link for link in page.links if (url_name(link) or "").endswith("_change")), None)
        if change:
            check(with_odd_ids(change), {})
            check(re.sub(r"/\d+/", "/²/", urlsplit(change).path), {})
    assert len(lists) > 20 and not failures, "\n".join(failures)


def test_odd_values_on_the_login_page(db, client):
    for value in ODD:
        assert client.get("/accounts/login/", {"next": value}).status_code in (200, 400)  # 400: NUL in the address
        response = client.post("/accounts/login/", {"username": value, "password": value, "next": value})
        assert response.status_code == 200
        assert client.post(reverse("password_reset"), {"email": value}).status_code in (200, 302)


def test_odd_values_at_the_two_factor_steps(world, client):
    log_in(client, world.users["coordinator_b"], verified=False)  # no authenticator yet: setting one up
    for value in ODD:
        assert client.post(reverse("two_factor_setup"), {"code": value, "next": value}).status_code < 500
    log_in(client, world.users["coordinator_a"])  # gives them an authenticator
    client.logout()
    log_in(client, world.users["coordinator_a"], verified=False)
    for value in ODD:
        assert client.post(reverse("two_factor"), {"code": value, "next": value}).status_code < 500


def test_the_crafted_requests_found_when_the_first_wave_was_tried(every_form, client):
    w = every_form
    log_in(client, w.users["coordinator_a"])
    assert client.get("/openings/", {"programme": "²"}).status_code == 200
    assert client.get("/openings/", {"programme": HUGE}).status_code == 200
    assert client.get(f"/programmes/{w.programme_p.pk}/mentors/", {"cohort": "²"}).status_code == 200
    assert client.get("/people/participants/", {"q": "\x00"}).status_code == 400  # on PostgreSQL too
    response = client.post(f"/matching/runs/{w.run.pk}/publish/", {"approvals": "1", "approved": ["²", HUGE]})
    assert response.status_code == 302  # back to the matching page, with what was (not) published said there


def test_an_odd_query_string_is_read_as_the_browser_sent_it(full_world, client):
    """The repeated value and the path id are really sent (so the test above tests what it says)."""
    log_in(client, full_world.users["coordinator_a"])
    assert client.get("/openings/?" + urlencode({"programme": ["1", "²"]}, doseq=True)).status_code == 200
    assert client.get(f"/programmes/{HUGE}/").status_code == 404
