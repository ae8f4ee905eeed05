"""Every URL that names an object by id, for every persona outside that object's world: a 404, for a GET and
for a POST, and nothing changes. The URLs are read from the URL configuration itself, so a new view with an id
cannot be added without an entry here (the first test fails until it has one)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stafet.audit.models import AuditEvent
from tests.auth import log_in

# Personas of world B, or of no world, who may see nothing of world A (NGO A's programme P, cohort K...).
STRANGERS = ["coordinator_b", "coordinator_idle", "caseworker_y", "contact_d", "outsider"]
SKIPPED_NAMESPACES = {"admin"}
# A password-reset link names a user and a one-time token, not an object in anyone's scope (tests/test_login.py).
NOT_OBJECTS = {"password_reset_confirm"}
# A calendar feed and an invitation are reached by the secret in their address, whoever asks
# (tests/test_calendar_feed.py, tests/test_invitations.py); opening a
# notification marks it read and goes to its page (a redirect).
BY_SECRET = {"notifications:feed", "accept_invitation"}
# A recruiting programme's sign-up page is public (tests/test_mentor_signup.py).
PUBLIC = {"programmes:signup"}
# A mentor's own profile, a participant's (edited by them or their caseworker) and a CV's file: the coordinator
# reads these people but does not edit them, and the world has no uploaded CV (tests/test_profiles.py).
NOT_THE_COORDINATORS = {"people:mentor_edit", "people:participant_edit", "people:participant_cv"}
REDIRECTS = {"notifications:open"}
# The data-protection pages are for administrators and data-protection officers, not coordinators
# (tests/test_privacy_access.py opens them as every persona).
DATA_PROTECTION = {"privacy:participant", "privacy:mentor"}


def id_urls() -> set[str]:
    """Names of every URL pattern with a path parameter ("namespace:name")."""
    found = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace not in SKIPPED_NAMESPACES:
                    walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.pattern.converters and p.name not in NOT_OBJECTS:
                found.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return found


@pytest.fixture
def a(full_world):
    return full_world


def kwargs_for(w) -> dict[str, dict]:
    return {
        "programmes:detail": {"pk": w.programme_p.pk},
        "programmes:cohort_open": {"pk": w.programme_p.pk},
        "programmes:cohort": {"pk": w.cohort_k.pk},
        "programmes:cohort_close": {"pk": w.cohort_k.pk},
        "programmes:withdraw": {"pk": w.cohort_k.pk, "participant_pk": w.p1.pk},
        "programmes:referral_accept": {"pk": w.referral.pk},
        "programmes:referral_decline": {"pk": w.referral.pk},
        "programmes:mentors": {"pk": w.programme_p.pk},
        "programmes:mentor_training": {"pk": w.programme_p.pk, "mentor_pk": w.m1.pk},
        "programmes:mentor_enrol": {"pk": w.programme_p.pk, "mentor_pk": w.m1.pk},
        "people:participant": {"pk": w.p1.pk},
        "people:mentor": {"pk": w.m1.pk},
        "placements:opening": {"pk": w.opening_c.pk},
        "placements:add_candidate": {"pk": w.opening_c.pk},
        "placements:move": {"pk": w.placement.pk},
        "placements:talent_report": {"pk": w.talent.pk},
        "placements:selection": {"pk": w.talent.pk},
        "placements:screening": {"pk": w.talent_referral.pk},
        "placements:assignment": {"pk": w.talent.pk},
        "placements:assignment_rule": {"pk": w.talent.pk},
        "placements:assignment_rule_remove": {"pk": w.talent.pk},
        "placements:assignment_take": {"pk": w.talent.pk},
        "mentorships:detail": {"pk": w.mentorship.pk},
        "mentorships:log_meeting": {"pk": w.mentorship.pk},
        "mentorships:status": {"pk": w.mentorship.pk},
        "mentorships:close": {"pk": w.mentorship.pk},
        "mentorships:raise_escalation": {"pk": w.mentorship.pk},
        "ask_for_help": {"pk": w.mentorship.pk},
        "mentorships:record_call": {"pk": w.call.pk},
        "mentorships:take_escalation": {"pk": w.escalation.pk},
        "mentorships:resolve_escalation": {"pk": w.escalation.pk},
        "mentorships:cohort_health": {"cohort_id": w.cohort_k.pk},
        "matches:cohort": {"cohort_id": w.cohort_k.pk},
        "matches:run": {"cohort_id": w.cohort_k.pk},
        "matches:add_rule": {"cohort_id": w.cohort_k.pk},
        "matches:what_if": {"cohort_id": w.cohort_k.pk},
        "matches:where_it_helps": {"cohort_id": w.cohort_k.pk},
        "matches:remove_rule": {"rule_id": w.rule.pk},
        "matches:approve": {"proposal_id": w.proposal.pk},
        "matches:approve_all": {"run_id": w.run.pk},
        "matches:publish": {"run_id": w.run.pk},
        "matches:discard": {"run_id": w.run.pk},
        "outcomes:programme_report": {"pk": w.programme_p.pk},
        "outcomes:cohort_report": {"pk": w.cohort_k.pk},
        "outcomes:municipality_report": {"pk": w.programme_p.pk},
        "outcomes:company_report": {"pk": w.programme_p.pk},
        "outcomes:cohort": {"pk": w.cohort_k.pk},
        "outcomes:register": {"pk": w.cohort_k.pk, "participant": w.p1.pk},
        "events:detail": {"pk": w.event.pk},
        "events:change": {"pk": w.event.pk},
        "events:cancel": {"pk": w.event.pk},
        "events:invite": {"pk": w.event.pk},
        "events:attendance": {"pk": w.event.pk},
        "events:answer": {"pk": w.invitation.pk},
        "mentorships:plan_meeting": {"pk": w.mentorship.pk},
        "mentorships:change_planned": {"pk": w.planned.pk},
        "mentorships:cancel_planned": {"pk": w.planned.pk},
        "mentorships:planned_held": {"pk": w.planned.pk},
        "notifications:open": {"pk": w.notification.pk},
        "notifications:feed": {"token": w.secret},
        "privacy:participant": {"pk": w.p1.pk},
        "privacy:mentor": {"pk": w.m1.pk},
        "privacy:export_json": {"pk": w.p1.pk},
        "privacy:export_html": {"pk": w.p1.pk},
        "privacy:export_pdf": {"pk": w.p1.pk},
        "privacy:erase": {"pk": w.p1.pk},
        "privacy:mentor_export_json": {"pk": w.m1.pk},
        "privacy:mentor_export_html": {"pk": w.m1.pk},
        "privacy:mentor_export_pdf": {"pk": w.m1.pk},
        "privacy:mentor_erase": {"pk": w.m1.pk},
        "programmes:consent_withdraw": {"pk": w.referral.pk},
        "privacy:withdraw_consent": {"pk": w.referral.pk},
        "accept_invitation": {"token": w.invitation_token},
        "people:login_resend": {"pk": w.invited.pk},
        "people:login_deactivate": {"pk": w.invited.pk},
        "programmes:signup": {"pk": w.programme_p.pk},
        "people:mentor_edit": {"pk": w.m1.pk},
        "people:mentor_change": {"pk": w.m1.pk},
        "people:login_invite_mentor": {"pk": w.m1.pk},
        "people:login_invite_participant": {"pk": w.p1.pk},
        "people:participant_edit": {"pk": w.p1.pk},
        "people:participant_cv": {"pk": w.p1.pk},
        "programmes:mentor_decide": {"pk": w.programme_p.pk, "application_pk": w.application.pk},
        "programmes:settings": {"pk": w.programme_p.pk},
        "programmes:mentor_bulk_enrol": {"pk": w.programme_p.pk},
        "placements:opening_edit": {"pk": w.opening_c.pk},
        "companies:detail": {"pk": w.company_c.pk},
        "companies:site_add": {"pk": w.company_c.pk},
        "companies:site_change": {"pk": w.company_c.pk, "site_pk": w.opening_c.site_id},
    }


# What a POST to each URL would change if it were let through: realistic form data, so a leak shows.
POSTS = {
    "programmes:mentor_decide": {"decision": "approve"},
    "programmes:cohort_open": {"cohort-name": "Leak", "cohort-start_date": "2030-01-01", "cohort-capacity": "5"},
    "programmes:mentor_training": {"completed_on": "2026-01-01"},
    "mentorships:log_meeting": {"date": "2026-04-01", "hours": "2", "venue": "company_site", "topics": "cv"},
    "mentorships:status": {"status": "paused"},
    "mentorships:close": {"reason": "completed", "ended_on": "2026-08-31"},
    "mentorships:raise_escalation": {"topic": "housing", "urgency": "high", "text": "Leak"},
    "ask_for_help": {"text": "Leak"},
    "mentorships:record_call": {"result": "going_well"},
    "mentorships:resolve_escalation": {"resolution_note": "Leak"},
    "matches:add_rule": {"participant": "0", "mentor": "0", "kind": "pin"},
    "placements:move": {"stage": "interview"},
    "placements:screening": {"screened_on": "2026-11-02", "motivation": "5", "assessment": "5"},
    "outcomes:register": {"measured": "end", "type": "job_matching", "date": "2026-09-01"},
    "events:invite": {"group": "untrained"},
    "events:answer": {"rsvp": "no"},
    "privacy:erase": {"reason": "request", "confirm": "on"},
    "privacy:mentor_erase": {"reason": "request", "confirm": "on"},
    "programmes:consent_withdraw": {"scope": "programme_companies"},
    "privacy:withdraw_consent": {"confirm": "on"},
    "programmes:settings": {"plan-duration_months": "9"},
    "programmes:mentor_bulk_enrol": {"bulk-capacity": "1"},
    "placements:opening_edit": {"title": "Leak"},
    "people:mentor_change": {"mentor-first_name": "Leak", "mentor-capacity": "3"},
    "people:login_invite_mentor": {"email": "leak@example.org"},
    "people:login_invite_participant": {"email": "leak@example.org"},
    "companies:detail": {"name": "Leak", "cvr": "", "email": "", "phone": ""},
    "companies:site_add": {"new_site-name": "Leak", "new_site-address": "Hovedgaden 1, 8000 Aarhus C"},
    "mentorships:plan_meeting": {
        "plan-date": "2030-01-07",
        "plan-time": "15:00",
        "plan-hours": "2",
        "plan-venue": "company_site",
    },
}


def test_every_url_with_an_id_is_in_the_table(a):
    assert id_urls() == set(kwargs_for(a)), "add the new URL to kwargs_for() (and POSTS if it changes state)"


@pytest.mark.parametrize("persona", STRANGERS)
def test_a_stranger_gets_a_404_on_every_url_with_an_id(a, client, persona):
    log_in(client, a.users[persona])
    events = AuditEvent.objects.count()
    for name, kwargs in sorted(kwargs_for(a).items()):
        if name in BY_SECRET | PUBLIC:
            continue
        url = reverse(name, kwargs=kwargs)
        get, post = client.get(url), client.post(url, POSTS.get(name, {}))
        assert get.status_code in (404, 405), f"{persona} GET {name}: {get.status_code}"  # 405: POST-only view
        assert post.status_code == 404, f"{persona} POST {name}: {post.status_code}"
    assert AuditEvent.objects.count() == events  # nothing was changed


def test_an_id_that_does_not_exist_is_the_same_404(a, client):
    log_in(client, a.users["coordinator_a"])
    for name, kwargs in sorted(kwargs_for(a).items()):
        url = reverse(name, kwargs={key: 999999 for key in kwargs})
        assert client.post(url, POSTS.get(name, {})).status_code == 404, name


def test_the_owner_reaches_every_url(a, client):
    """The same table works for world A's coordinator (so the 404s above are about who asks, not broken ids)."""
    log_in(client, a.users["coordinator_a"])
    for name, kwargs in sorted(kwargs_for(a).items()):
        if name in DATA_PROTECTION or name in NOT_THE_COORDINATORS:
            continue
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in ((302,) if name in REDIRECTS else (200, 405)), f"{name}: {response.status_code}"
