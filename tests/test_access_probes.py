"""Probes beyond the access matrix: the other side's objects through every URL of the app, GET and POST, list
pages with query parameters and as htmx partials, CSV exports, and requests that mix an object the user may
see with one they may not. Everything a user may not see answers 404 and a refused POST writes nothing.

Side B of the world (NGO B's Programme Q, cohort Q, København's citizen Qasim, company D's mentor Nina and
opening D) is given a mentorship, a follow-up call, an escalation, a match run with a proposal and a pair rule,
a placement and an outcome here. No persona of side A, nor the NGO without programmes, nor the outsider may
reach any of it.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from stafet.accounts.actions import create_invited_user
from stafet.audit.models import AuditEvent
from stafet.events.actions import invite_to_event, schedule_event
from stafet.events.models import Event, Invitation
from stafet.matches.models import MatchRun, PairRule, Proposal
from stafet.mentorships.actions import plan_meeting, start_mentorship
from stafet.mentorships.models import Escalation
from stafet.outcomes.models import Outcome
from stafet.people.models import Participant
from stafet.placements.models import OpeningRule
from stafet.programmes.models import MentorApplication, Referral
from tests.factories import (
    CohortFactory,
    JobOpeningFactory,
    MentorEnrolmentFactory,
    MentorFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    PlacementFactory,
    ProgrammeFactory,
    ReferralFactory,
)

OUTSIDE_B = ["coordinator_a", "coordinator_idle", "caseworker_x", "contact_c", "mentor_user", "participant_user",
             "outsider"]  # fmt: skip
# Names that appear nowhere but on side B, so a page that shows them to side A leaks.
B_NAMES = ("Zzqasim", "Zznina", "Opening D", "Programme Q", "Cohort Q", "Company D")


@pytest.fixture
def side_b(world):
    b = world
    b.p2.last_name = "Zzqasim"
    b.p2.save()
    b.m2.last_name = "Zznina"
    b.m2.save()
    coordinator = b.users["coordinator_b"]
    ParticipantEnrolmentFactory(cohort=b.cohort_q, participant=b.p2)
    MentorEnrolmentFactory(cohort=b.cohort_q, mentor=b.m2, capacity=2)
    b.mentorship_q = start_mentorship(cohort=b.cohort_q, mentor=b.m2, participant=b.p2, role="professional",
                                      by=coordinator, started_on=datetime.date(2026, 3, 1))  # fmt: skip
    b.call_q = b.mentorship_q.follow_up_calls.first()
    b.escalation_q = Escalation.objects.create(mentorship=b.mentorship_q, topic="housing", text="Lost the flat")
    b.referral_q = Referral.objects.get(participant=b.p2)
    b.run_q = MatchRun.objects.create(cohort=b.cohort_q, created_by=coordinator)
    b.proposal_q = Proposal.objects.create(run=b.run_q, participant=b.p2, mentor=b.m2, score=700)
    b.rule_q = PairRule.objects.create(cohort=b.cohort_q, participant=b.p2, mentor=b.m2, kind="exclude")
    b.placement_q = PlacementFactory(opening=b.opening_d, participant=b.p2, status="shortlisted")
    Outcome.objects.create(participant=b.p2, cohort=b.cohort_q, type="job_matching", date=datetime.date(2026, 9, 1),
                           employer="Zzemployer")  # fmt: skip
    soon = timezone.now() + datetime.timedelta(days=7)
    b.event_q = schedule_event(programme=b.programme_q, cohort=b.cohort_q, kind="welcome", starts_at=soon,
                               ends_at=soon + datetime.timedelta(hours=2), place="NGO B", by=coordinator)  # fmt: skip
    (b.invitation_q,) = invite_to_event(event=b.event_q, by=coordinator, participants=[b.p2])
    b.site_d = b.opening_d.site
    b.planned_q = plan_meeting(mentorship=b.mentorship_q, starts_at=soon, hours=2, venue="company_site",
                               by=coordinator)  # fmt: skip
    # NGO B's talent programme, Qasim referred to it: its selection, screening, assignment and report.
    b.talent_q = ProgrammeFactory(name="Programme Q talent", operator=b.ngo_b, kind="talent")
    b.talent_q.partner_municipalities.add(b.mun_y)
    b.talent_referral_q = ReferralFactory(participant=b.p2, programme=b.talent_q, municipality=b.mun_y)
    CohortFactory(programme=b.talent_q, name="Cohort Q talent")
    b.talent_opening_q = JobOpeningFactory(company=b.company_d, programme=b.talent_q, title="Opening D talent")
    b.opening_rule_q = OpeningRule.objects.create(opening=b.talent_opening_q, participant=b.p2, kind="exclude")
    b.programme_q.recruits_mentors = True
    b.programme_q.save(update_fields=["recruits_mentors"])
    b.application_q = MentorApplication.objects.create(mentor=b.m2, programme=b.programme_q,
                                                       consent_given_at=timezone.now())  # fmt: skip
    b.invited_q = create_invited_user(role="caseworker", email="zz@example.org", first_name="Zzinvited",
                                      last_name="Y", organisation=b.mun_y, by=coordinator)  # fmt: skip
    return b


# url name → the world's objects it takes (by attribute), and for a POST the form data.
GETS = {
    "people:mentor_edit": ["m2"],
    "people:mentor_change": ["m2"],
    "people:participant_edit": ["p2"],
    "programmes:detail": ["programme_q"],
    "programmes:cohort": ["cohort_q"],
    "programmes:mentors": ["programme_q"],
    "people:participant": ["p2"],
    "people:mentor": ["m2"],
    "placements:opening": ["opening_d"],
    "mentorships:detail": ["mentorship_q"],
    "mentorships:cohort_health": ["cohort_q"],
    "matches:cohort": ["cohort_q"],
    "matches:what_if": ["cohort_q"],
    "matches:where_it_helps": ["cohort_q"],
    "outcomes:programme_report": ["programme_q"],
    "outcomes:cohort_report": ["cohort_q"],
    "outcomes:municipality_report": ["programme_q"],
    "outcomes:company_report": ["programme_q"],
    "outcomes:cohort": ["cohort_q"],
    "outcomes:register": ["cohort_q", "p2"],
    "events:detail": ["event_q"],
    "placements:talent_report": ["talent_q"],
    "placements:selection": ["talent_q"],
    "placements:screening": ["talent_referral_q"],
    "placements:assignment": ["talent_q"],
    "programmes:settings": ["programme_q"],
    "placements:opening_edit": ["opening_d"],
    "companies:detail": ["company_d"],
    "privacy:participant": ["p2"],
    "privacy:mentor": ["m2"],
    "privacy:export_json": ["p2"],
    "privacy:export_html": ["p2"],
    "privacy:export_pdf": ["p2"],
    "privacy:mentor_export_json": ["m2"],
    "privacy:mentor_export_html": ["m2"],
    "privacy:mentor_export_pdf": ["m2"],
}
POSTS = {
    "programmes:referral_accept": (["referral_q"], lambda b: {f"r{b.referral_q.pk}-cohort": b.cohort_q.pk}),
    "programmes:referral_decline": (["referral_q"], lambda b: {f"r{b.referral_q.pk}-reason": "other"}),
    "programmes:mentor_training": (["programme_q", "m2"], lambda b: {f"m{b.m2.pk}-completed_on": "2026-03-02"}),
    "programmes:mentor_enrol": (
        ["programme_q", "m2"],
        lambda b: {f"m{b.m2.pk}-cohort": b.cohort_q.pk, f"m{b.m2.pk}-capacity": 1},
    ),  # fmt: skip
    "mentorships:log_meeting": (
        ["mentorship_q"],
        lambda b: {"date": "2026-03-10", "hours": "2", "venue": "company_site", "topics": ["cv"]},
    ),  # fmt: skip
    "mentorships:status": (["mentorship_q"], lambda b: {"status": "paused"}),
    "mentorships:close": (["mentorship_q"], lambda b: {"reason": "completed", "ended_on": "2026-09-01"}),
    "mentorships:raise_escalation": (
        ["mentorship_q"],
        lambda b: {"topic": "housing", "urgency": "high", "text": "He has to move out."},
    ),  # fmt: skip
    "ask_for_help": (["mentorship_q"], lambda b: {"text": "I need help with housing."}),
    "mentorships:record_call": (["call_q"], lambda b: {"result": "going_well"}),
    "mentorships:take_escalation": (["escalation_q"], lambda b: {}),
    "mentorships:resolve_escalation": (["escalation_q"], lambda b: {"resolution_note": "Called them."}),
    "matches:run": (["cohort_q"], lambda b: {"industry": 3, "occupation": 3}),
    "matches:add_rule": (["cohort_q"], lambda b: {"participant": b.p2.pk, "mentor": b.m2.pk, "kind": "pin"}),
    "matches:remove_rule": (["rule_q"], lambda b: {}),
    "matches:approve": (["proposal_q"], lambda b: {}),
    "matches:approve_all": (["run_q"], lambda b: {}),
    "matches:publish": (["run_q"], lambda b: {}),
    "matches:discard": (["run_q"], lambda b: {}),
    "outcomes:register": (
        ["cohort_q", "p2"],
        lambda b: {"measured": "plus_3", "type": "education", "date": "2026-12-01"},
    ),  # fmt: skip
    "programmes:cohort_open": (
        ["programme_q"],
        lambda b: {"cohort-name": "Hold Z", "cohort-start_date": "2027-01-04", "cohort-capacity": 10},
    ),  # fmt: skip
    "programmes:cohort_close": (["cohort_q"], lambda b: {}),
    "programmes:withdraw": (["cohort_q", "p2"], lambda b: {}),
    "placements:add_candidate": (["opening_d"], lambda b: {"participant": b.p2.pk}),
    "placements:move": (["placement_q"], lambda b: {"stage": "interview"}),
    "placements:assignment_rule": (
        ["talent_q"],
        lambda b: {"opening": b.talent_opening_q.pk, "participant": b.p2.pk, "kind": "pin"},
    ),  # fmt: skip
    "placements:assignment_rule_remove": (["talent_q"], lambda b: {"rule": b.opening_rule_q.pk}),
    "placements:assignment_take": (["talent_q"], lambda b: {}),
    "privacy:erase": (["p2"], lambda b: {"reason": "request"}),
    "privacy:mentor_erase": (["m2"], lambda b: {"reason": "request", "confirm": "on"}),
    "events:change": (
        ["event_q"],
        lambda b: {
            "change-kind": "closing",
            "change-date": "2030-01-07",
            "change-start": "10:00",
            "change-end": "12:00",
            "change-place": "Leak",
        },
    ),
    "events:cancel": (["event_q"], lambda b: {}),
    "events:invite": (["event_q"], lambda b: {"group": "cohort"}),
    "events:attendance": (["event_q"], lambda b: {"shown": [b.invitation_q.pk], "came": [b.invitation_q.pk]}),
    "events:answer": (["invitation_q"], lambda b: {"rsvp": "no"}),
    "mentorships:plan_meeting": (
        ["mentorship_q"],
        lambda b: {"plan-date": "2030-01-07", "plan-time": "15:00", "plan-hours": "2", "plan-venue": "company_site"},
    ),
    "mentorships:change_planned": (
        ["planned_q"],
        lambda b: {
            f"p{b.planned_q.pk}-date": "2030-01-08",
            f"p{b.planned_q.pk}-time": "15:00",
            f"p{b.planned_q.pk}-hours": "2",
            f"p{b.planned_q.pk}-venue": "company_site",
        },
    ),
    "mentorships:cancel_planned": (["planned_q"], lambda b: {}),
    "mentorships:planned_held": (["planned_q"], lambda b: {}),
    "people:mentor_change": (["m2"], lambda b: {"mentor-first_name": "Leak", "mentor-capacity": 3}),
    "people:login_invite_mentor": (["m2"], lambda b: {f"mentor{b.m2.pk}-email": "leak@example.org"}),
    "people:login_invite_participant": (["p2"], lambda b: {f"participant{b.p2.pk}-email": "leak@example.org"}),
    "people:login_resend": (["invited_q"], lambda b: {}),
    "people:login_deactivate": (["invited_q"], lambda b: {}),
    "programmes:mentor_decide": (["programme_q", "application_q"], lambda b: {"decision": "approve"}),
    "programmes:consent_withdraw": (["referral_q"], lambda b: {"scope": "programme_companies"}),
    "privacy:withdraw_consent": (["referral_q"], lambda b: {"confirm": "on"}),
    "programmes:settings": (["programme_q"], lambda b: {"plan-duration_months": 9, "weights-industry": 5}),
    "programmes:mentor_bulk_enrol": (["programme_q"], lambda b: {"mentors": [b.m2.pk], "bulk-cohort": b.cohort_q.pk}),
    "placements:opening_edit": (["opening_d"], lambda b: {"title": "Leak", "status": "closed"}),
    "companies:detail": (["company_d"], lambda b: {"name": "Leak", "cvr": "", "email": "", "phone": ""}),
    "companies:site_add": (
        ["company_d"],
        lambda b: {"new_site-name": "Leak", "new_site-address": "Hovedgaden 1, 8000 Aarhus C"},
    ),
    "companies:site_change": (
        ["company_d", "site_d"],
        lambda b: {f"site{b.site_d.pk}-name": "Leak", f"site{b.site_d.pk}-address": "Hovedgaden 1, 8000 Aarhus C"},
    ),
}
# Pages that are not about one object: lists, queues and forms; probed with their query parameters below.
LISTS = ["home", "programmes:list", "programmes:referrals", "programmes:refer", "people:participants",
         "people:mentors", "placements:openings", "placements:company_report",
         "mentorships:follow_ups", "mentorships:escalations",
         "outcomes:reports", "outcomes:due", "events:list", "notifications:list", "notifications:settings",
         "people:logins", "placements:opening_new", "companies:list", "companies:new",
         "companies:site_place", "privacy:index", "privacy:mentors", "privacy:retention",
         "people:mentor_new"]  # fmt: skip
# The user's own login and account (tests/test_login.py), and the language switch.
NOT_OURS = {"login", "logout", "set_language", "two_factor", "two_factor_setup", "recovery_codes", "account",
            "password_change", "password_change_done", "password_reset", "password_reset_done",
            "password_reset_confirm", "password_reset_complete", "accept_invitation"}  # fmt: skip
# URLs that act only on the user's own things (their notifications, their calendar address) or take a programme
# from a form's choices: probed in tests/test_notifications.py, tests/test_calendar_feed.py and below.
OWN_ONLY = {
    "privacy:me",
    "notifications:open",
    "notifications:read_all",
    "notifications:feed",
    "notifications:feed_new",
    "notifications:feed_revoke",
    "events:schedule",
    "people:login_new",  # the organisation from the form's choices (tests/test_invitations.py)
    "programmes:signup",  # public for a recruiting programme, a 404 for any other (tests/test_mentor_signup.py)
    "people:participant_cv",  # a file uploaded on the participant's page (tests/test_profiles.py)
    "people:me",  # a redirect to the user's own profile (tests/test_profiles.py)
}


def url_of(b, name: str, objects: list[str]) -> str:
    return reverse(name, args=[getattr(b, attr).pk for attr in objects])


def state() -> tuple:
    """What a refused POST must leave as it was."""
    from stafet.mentorships.models import FollowUpCall, Meeting, Mentorship, PlannedMeeting
    from stafet.placements.models import Placement
    from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment

    return (
        sorted(Cohort.objects.values_list("pk", "status")), sorted(Placement.objects.values_list("pk", "status")),
        sorted(ParticipantEnrolment.objects.values_list("pk", "status")),
        AuditEvent.objects.count(), Meeting.objects.count(), Escalation.objects.count(), Outcome.objects.count(),
        MatchRun.objects.count(), PairRule.objects.count(), MentorEnrolment.objects.count(),
        sorted(Mentorship.objects.values_list("pk", "status")), sorted(Referral.objects.values_list("pk", "status")),
        sorted(Escalation.objects.values_list("pk", "status")), sorted(Proposal.objects.values_list("pk", "approved")),
        FollowUpCall.objects.filter(done_on__isnull=False).count(),
        sorted(Event.objects.values_list("pk", "status", "starts_at", "place")),
        sorted(Invitation.objects.values_list("pk", "rsvp", "attended")),
        sorted(PlannedMeeting.objects.values_list("pk", "status", "starts_at")),
    )  # fmt: skip


def test_every_url_of_the_app_is_probed():
    def names(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    yield from names(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                yield namespace + p.name

    unprobed = set(names(get_resolver().url_patterns)) - set(GETS) - set(POSTS) - set(LISTS) - NOT_OURS - OWN_ONLY
    assert unprobed == set()


@pytest.mark.parametrize("name", sorted(GETS))
def test_no_page_of_side_b_opens_for_anyone_else(side_b, login, name):
    url = url_of(side_b, name, GETS[name])
    for persona in OUTSIDE_B:
        assert login(side_b.users[persona]).get(url).status_code == 404, (persona, url)
        assert login(side_b.users[persona]).get(url, headers={"hx-request": "true"}).status_code == 404, persona
    assert login(side_b.users["admin"]).get(url).status_code == 200, url


def test_no_download_of_side_bs_municipality_or_company_report_for_anyone_else(side_b, login):
    """Company D's mentor Nina mentors Qasim in cohort Q: only NGO B's side reads the figures, in any format."""
    for name in ("outcomes:municipality_report", "outcomes:company_report"):
        url = url_of(side_b, name, ["programme_q"])
        for fmt, table in (("csv", "outcomes"), ("csv", "subgroups"), ("xlsx", ""), ("pdf", "")):
            for persona in OUTSIDE_B:
                response = login(side_b.users[persona]).get(url, {"format": fmt, "table": table})
                assert response.status_code == 404, (persona, name, fmt)
    assert (
        login(side_b.users["contact_d"]).get(url_of(side_b, "outcomes:company_report", ["programme_q"])).status_code
        == 200
    )


def test_no_csv_of_side_b_downloads_for_anyone_else(side_b, login):
    for table in ("funnel", "outcomes", "meetings"):
        for name in ("outcomes:cohort_report", "outcomes:programme_report"):
            url = url_of(side_b, name, ["cohort_q" if "cohort" in name else "programme_q"])
            for persona in OUTSIDE_B:
                response = login(side_b.users[persona]).get(url, {"format": "csv", "table": table})
                assert response.status_code == 404, (persona, url, table)


@pytest.mark.parametrize("name", sorted(POSTS))
def test_no_change_to_side_b_is_accepted_from_anyone_else(side_b, login, name):
    objects, data = POSTS[name]
    url = url_of(side_b, name, objects)
    before = state()
    for persona in OUTSIDE_B:
        for headers in ({}, {"hx-request": "true"}):
            response = login(side_b.users[persona]).post(url, data(side_b), headers=headers)
            assert response.status_code == 404, (persona, url, headers)
    assert state() == before
    # Only the pair's own mentor raises an escalation (Nina has no login), only the pair's participant asks for
    # help, only an administrator erases.
    if name not in ("mentorships:raise_escalation", "ask_for_help", "privacy:erase", "privacy:mentor_erase"):
        # The probe reaches a real view: side B's own coordinator is not refused.
        assert login(side_b.users["coordinator_b"]).post(url, data(side_b)).status_code != 404


@pytest.mark.parametrize("persona", OUTSIDE_B)
def test_no_list_shows_side_b_whatever_the_query(side_b, login, persona):
    b = side_b
    client = login(b.users[persona])
    probes = {
        "q": "zqasi", "programme": b.programme_q.pk, "municipality": b.mun_y.pk, "status": "pending",
        "cohort": b.cohort_q.pk, "page": 2, "sort": "newest",
    }  # fmt: skip
    for name in LISTS:
        # A search matches part of a name (the page echoes what was typed, never the whole name).
        for query in ({}, probes, {"status": "resolved"}, {"q": "znin"}):
            for headers in ({}, {"hx-request": "true"}):
                response = client.get(reverse(name), query, headers=headers)
                assert response.status_code in (200, 404), (persona, name, query)
                page = response.content.decode()
                leaked = [text for text in B_NAMES if text in page]
                assert leaked == [], (persona, name, query, headers, leaked)
    # The probe can see a leak: the administrator's search finds side B's citizen.
    assert "Zzqasim" in login(b.users["admin"]).get(reverse("people:participants"), {"q": "zqasi"}).content.decode()


def test_an_object_of_side_a_cannot_be_combined_with_people_of_side_b(side_b, login):
    """The coordinator of A posts A's own URLs with B's people in the form: the people are a 404 too."""
    b = side_b
    client = login(b.users["coordinator_a"])
    before = state()
    rule = reverse("matches:add_rule", args=[b.cohort_k.pk])
    assert client.post(rule, {"participant": b.p2.pk, "mentor": b.m1.pk, "kind": "pin"}).status_code == 404
    assert client.post(rule, {"participant": b.p1.pk, "mentor": b.m2.pk, "kind": "exclude"}).status_code == 404
    enrol = reverse("programmes:mentor_enrol", args=[b.programme_p.pk, b.m2.pk])
    assert client.post(enrol, {f"m{b.m2.pk}-cohort": b.cohort_k.pk, f"m{b.m2.pk}-capacity": 1}).status_code == 404
    register = reverse("outcomes:register", args=[b.cohort_k.pk, b.p2.pk])
    assert client.post(register, {"measured": "end", "type": "none", "date": "2026-09-01"}).status_code == 404
    assert (
        client.get(reverse("programmes:mentors", args=[b.programme_p.pk]), {"cohort": b.cohort_q.pk}).status_code == 200
    )
    assert state() == before


def test_a_referral_cannot_be_accepted_into_another_programmes_cohort(side_b, login):
    b = side_b
    referral = Referral.objects.get(participant=b.p3)
    response = login(b.users["coordinator_a"]).post(
        reverse("programmes:referral_accept", args=[referral.pk]), {f"r{referral.pk}-cohort": b.cohort_q.pk}
    )
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert not b.cohort_q.participant_enrolments.filter(participant=b.p3).exists()


def test_a_caseworker_cannot_refer_to_a_programme_their_municipality_is_no_partner_of(side_b, login):
    from tests.test_referrals import referral_data

    response = login(side_b.users["caseworker_x"]).post(reverse("programmes:refer"), referral_data(side_b.programme_q))
    assert response.status_code == 400
    assert not Participant.objects.filter(first_name="Yusuf").exists()


def test_a_caseworkers_report_names_and_counts_only_their_own_citizens(side_b, login):
    """København's citizen in Aarhus's partner cohort K: Aarhus's caseworker reads the cohort's report, tables
    and CSVs without him, and København's caseworker reads them without Aarhus's citizens."""
    b = side_b
    guest = ParticipantFactory(first_name="Zzguest")
    ReferralFactory(participant=guest, programme=b.programme_p, municipality=b.mun_y)
    ParticipantEnrolmentFactory(cohort=b.cohort_k, participant=guest)
    extra = MentorFactory(first_name="Zzmentor", organisation=b.company_c)
    MentorEnrolmentFactory(cohort=b.cohort_k, mentor=extra)
    start_mentorship(cohort=b.cohort_k, mentor=extra, participant=guest, role="professional",
                     by=b.users["coordinator_a"], started_on=datetime.date(2026, 3, 1))  # fmt: skip
    pages = [reverse("outcomes:cohort_report", args=[b.cohort_k.pk]), reverse("outcomes:cohort", args=[b.cohort_k.pk])]
    csvs = [(pages[0], {"format": "csv", "table": t}) for t in ("funnel", "outcomes", "meetings")]
    for persona, hidden in (("caseworker_x", ("Zzguest", "Zzmentor")), ("caseworker_y", ("Pia", "Mads"))):
        client = login(b.users[persona])
        for url, query in [(page, {}) for page in pages] + csvs:
            response = client.get(url, query)
            assert response.status_code == 200, (persona, url, query)
            text = response.content.decode("utf-8-sig")
            assert not [name for name in hidden if name in text], (persona, url, query)
    assert login(b.users["caseworker_y"]).get(reverse("people:participant", args=[b.p1.pk])).status_code == 404


def test_a_company_sees_a_presented_candidate_only_with_consent_to_share_with_companies(world, login):
    """Rana (p3) is shortlisted for company C's opening; her consent covers the programme and follow-up only
    until she consents to companies seeing her profile."""
    client = login(world.users["contact_c"])
    referral = Referral.objects.get(participant=world.p3)
    referral.consent_scope = Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP
    referral.save()
    assert client.get(reverse("people:participant", args=[world.p3.pk])).status_code == 404
    assert "Rana" not in client.get(reverse("placements:opening", args=[world.opening_c.pk])).content.decode()
    referral.consent_scope = Referral.ConsentScope.PROGRAMME_AND_COMPANIES
    referral.save()
    assert client.get(reverse("people:participant", args=[world.p3.pk])).status_code == 200
    assert "Rana" in client.get(reverse("placements:opening", args=[world.opening_c.pk])).content.decode()


def test_an_event_cannot_be_scheduled_in_another_ngos_programme_or_cohort(side_b, login):
    b = side_b
    data = {"event-programme": b.programme_q.pk, "event-kind": "training", "event-date": "2030-01-07",
            "event-start": "09:00", "event-end": "16:00", "event-place": "Leak"}  # fmt: skip
    before = state()
    for persona in OUTSIDE_B:
        assert login(b.users[persona]).post(reverse("events:schedule"), data).status_code in (400, 404), persona
    data |= {"event-programme": b.programme_p.pk, "event-cohort": b.cohort_q.pk}
    assert login(b.users["coordinator_a"]).post(reverse("events:schedule"), data).status_code == 400
    assert state() == before
