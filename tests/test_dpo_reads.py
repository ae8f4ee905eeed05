"""A data-protection officer sees everything in their organisation's responsibility, audited, and changes
nothing: an NGO's DPO reads its programmes, cohorts, reports, and the people referred to or enrolled in them (as
its coordinators read them); a municipality's DPO the citizens it referred (as its caseworkers do). Every read is
on the read log, every POST is refused, no page shows them a button that changes something, and the pages that
exist to change something answer 404."""

import re

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.organisations.models import Role
from stafet.privacy.models import PersonRead
from tests.auth import log_in
from tests.factories import UserFactory


@pytest.fixture
def dpos(full_world):
    w = full_world
    make = lambda name, org: UserFactory(username=name, role=Role.DATA_PROTECTION_OFFICER, organisation=org)  # noqa: E731
    return {"dpo_a": make("dpo_a", w.ngo_a), "dpo_b": make("dpo_b", w.ngo_b), "dpo_x": make("dpo_x", w.mun_x)}


def pages(w) -> dict[str, str]:
    """Each operational page of side A (NGO A's programme P, its cohort, Pia and her mentor Mads)."""
    return {
        "participant": reverse("people:participant", args=[w.p1.pk]),
        "mentor": reverse("people:mentor", args=[w.m1.pk]),
        "mentorship": reverse("mentorships:detail", args=[w.mentorship.pk]),
        "programme": reverse("programmes:detail", args=[w.programme_p.pk]),
        "cohort": reverse("programmes:cohort", args=[w.cohort_k.pk]),
        "programme_report": reverse("outcomes:programme_report", args=[w.programme_p.pk]),
        "cohort_report": reverse("outcomes:cohort_report", args=[w.cohort_k.pk]),
    }


# What each DPO opens of side A: NGO A's everything; Aarhus's (which referred Pia) its citizen and her
# mentorship, the programme it partners in and its report; NGO B's nothing.
OPENS = {
    "dpo_a": {"participant", "mentor", "mentorship", "programme", "cohort", "programme_report", "cohort_report"},
    "dpo_x": {"participant", "mentorship", "programme", "programme_report", "cohort_report"},
    "dpo_b": set(),
}


@pytest.mark.parametrize("persona", sorted(OPENS))
def test_each_dpo_reads_only_their_organisations_pages(full_world, dpos, client, persona):
    log_in(client, dpos[persona])
    for name, url in pages(full_world).items():
        status = client.get(url).status_code
        assert status == (200 if name in OPENS[persona] else 404), (persona, name, status)


@pytest.mark.parametrize(
    "persona, participants, mentors",
    [("dpo_a", {"Pia", "Rana", "Samir"}, {"Mads", "Vera"}), ("dpo_b", {"Qasim"}, {"Nina"}),
     ("dpo_x", {"Pia", "Rana", "Samir"}, set())],
)  # fmt: skip
def test_each_dpos_people_lists(full_world, dpos, client, persona, participants, mentors):
    log_in(client, dpos[persona])
    everyone = {"Pia", "Qasim", "Rana", "Samir", "Mads", "Nina", "Vera"}
    for url, may in ((reverse("people:participants"), participants), (reverse("people:mentors"), mentors)):
        html = client.get(url).content.decode()
        table = html.split("<main", 1)[-1]
        assert {name for name in everyone if name in table} == may, (persona, url)


def test_every_read_of_a_dpo_is_on_the_read_log(full_world, dpos, client):
    w = full_world
    log_in(client, dpos["dpo_a"])
    client.get(reverse("people:participant", args=[w.p1.pk]))
    client.get(reverse("programmes:cohort", args=[w.cohort_k.pk]))
    found = set(PersonRead.objects.filter(actor=dpos["dpo_a"]).values_list("kind", "person_id", "what"))
    assert ("participant", w.p1.pk, "people:participant") in found
    assert ("participant", w.p1.pk, "programmes:cohort") in found
    assert ("mentor", w.m1.pk, "programmes:cohort") in found


def post_forms(html: str) -> list[str]:
    """The actions of the page's POST forms, but the log-out and the language switch every page has."""
    actions = [tag for tag in re.findall(r"<form\b[^>]*>", html) if 'method="post"' in tag]
    own = (reverse("logout"), reverse("set_language"))
    return [a for a in actions if not any(f'action="{path}"' in a for path in own)]


def test_no_page_shows_a_dpo_a_button_that_changes_something(full_world, dpos, client):
    log_in(client, dpos["dpo_a"])
    urls = [*pages(full_world).values(), reverse("people:participants"), reverse("people:mentors"),
            reverse("programmes:list"), reverse("outcomes:reports"), reverse("home")]  # fmt: skip
    for url in urls:
        html = client.get(url).content.decode()
        assert post_forms(html) == [], url
        for writing in ("matches:cohort", "programmes:settings", "mentorships:cohort_health", "outcomes:cohort"):
            pk = full_world.programme_p.pk if writing == "programmes:settings" else full_world.cohort_k.pk
            assert f'href="{reverse(writing, args=[pk])}"' not in html, (url, writing)
    # The same pages show the coordinator their buttons (so the check above can fail).
    log_in(client, full_world.users["coordinator_a"])
    assert post_forms(client.get(pages(full_world)["participant"]).content.decode())


def test_the_pages_that_change_something_answer_a_dpo_404(full_world, dpos, client):
    w = full_world
    log_in(client, dpos["dpo_a"])
    urls = [
        reverse("matches:cohort", args=[w.cohort_k.pk]),
        reverse("programmes:settings", args=[w.programme_p.pk]),
        reverse("mentorships:follow_ups"),
        reverse("programmes:referrals"),
        reverse("outcomes:cohort", args=[w.cohort_k.pk]),
        reverse("people:participant_edit", args=[w.p1.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", sorted(OPENS))
def test_no_dpo_changes_anything_on_the_pages_they_read(full_world, dpos, client, persona):
    w = full_world
    log_in(client, dpos[persona])
    before = AuditEvent.objects.count()
    posts = {
        reverse("programmes:cohort_close", args=[w.cohort_k.pk]): {},
        reverse("mentorships:close", args=[w.mentorship.pk]): {"reason": "completed", "ended_on": "2026-08-31"},
        reverse("people:participant_edit", args=[w.p1.pk]): {"first_name": "Leak"},
        reverse("programmes:consent_withdraw", args=[w.p1.referrals.get().pk]): {"scope": "programme_follow_up"},
        reverse("privacy:withdraw_consent", args=[w.p1.referrals.get().pk]): {"confirm": "on"},
        reverse("outcomes:register", args=[w.cohort_k.pk, w.p1.pk]): {
            "measured": "end",
            "type": "job_matching",
            "date": "2026-09-01",
        },  # fmt: skip
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code in (403, 404), url
    assert AuditEvent.objects.count() == before
    w.mentorship.refresh_from_db()
    assert w.mentorship.is_open
