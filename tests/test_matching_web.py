"""Cohort matching: the adapter, the actions (run, pin, exclude, re-weight, publish) and the screen."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from stafet.audit.models import AuditEvent
from stafet.matches import actions, adapter
from stafet.matches.models import MatchRun, PairRule, Proposal
from stafet.matching import PARTS
from stafet.mentorships.actions import start_mentorship
from stafet.mentorships.models import Mentorship
from stafet.notifications.delivery import deliver_due
from stafet.people.models import Mentor
from stafet.programmes.models import Cohort, MentorEnrolment
from stafet.reference.models import Postcode
from tests.factories import (
    CohortFactory,
    MentorEnrolmentFactory,
    MentorFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ReferralFactory,
    SiteFactory,
)


@pytest.fixture
def m(world):
    """Cohort K made ready to match: two waiting participants, two free trained mentors, and three who
    cannot be proposed (m1 is full, one untrained, one short of the programme's five years)."""
    w = world
    w.programme_p.mentor_rules = [{"field": "years_experience", "op": ">=", "value": 5}]
    w.programme_p.save()
    w.a = ParticipantFactory(first_name="Amal", email="amal@example.org")
    w.b = ParticipantFactory(first_name="Bashir")
    for person in (w.a, w.b):
        ParticipantEnrolmentFactory(cohort=w.cohort_k, participant=person)
    w.m3 = MentorFactory(first_name="Mette", organisation=w.company_c, email="mette@example.org")
    w.m4 = MentorFactory(first_name="Morten", organisation=w.company_c)
    w.untrained = MentorFactory(first_name="Ulla", organisation=w.company_c, training_completed_on=None)
    w.junior = MentorFactory(first_name="Jonas", organisation=w.company_c, years_experience=2)
    for mentor in (w.m3, w.m4, w.untrained, w.junior):
        MentorEnrolmentFactory(cohort=w.cohort_k, mentor=mentor, capacity=1)
    w.coordinator = w.users["coordinator_a"]
    return w


def pairs(run):
    return {(p.participant_id, p.mentor_id) for p in run.proposals.all()}


def test_adapter_leaves_out_ineligible_mentors_and_passes_untrained_and_full_ones_as_unavailable(m):
    data = adapter.build_input(m.cohort_k, "professional")
    providers = {q.id: q for q in data.providers}
    assert adapter.mentor_key(m.junior.pk) not in providers
    assert providers[adapter.mentor_key(m.untrained.pk)].trained is False
    assert providers[adapter.mentor_key(m.m1.pk)].capacity == 0
    assert {x.mentor for x in data.left_out} == {m.junior, m.untrained, m.m1}


def test_adapter_offers_only_enrolled_participants_without_an_open_mentorship(m):
    data = adapter.build_input(m.cohort_k, "professional")
    assert set(data.people) == {adapter.participant_key(m.a.pk), adapter.participant_key(m.b.pk)}


def test_a_run_proposes_only_free_trained_eligible_mentors(m):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    assert {mentor for _, mentor in pairs(run)} == {m.m3.pk, m.m4.pk}
    assert run.stats["matched"] == 2 and run.stats["greedy_matched"] == 2


def test_a_proposal_explains_itself_with_the_distance(m):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    proposal = run.proposals.first()
    assert "km" in proposal.explanation_en and "km" in proposal.explanation_da
    assert proposal.parts["distance"] > 0 and proposal.score == sum(proposal.parts.values())


def test_an_ineligible_participant_is_unmatched_with_the_rule_that_failed(m):
    m.programme_p.participant_rules = [{"field": "education_level", "op": ">=", "value": "master"}]
    m.programme_p.save()
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    unmatched = {u.participant_id: u for u in run.unmatched.all()}
    assert unmatched[m.a.pk].reason_en.endswith(
        ": education is bachelor or professional bachelor; the programme asks at least master"
    )
    assert unmatched[m.a.pk].reason_da.endswith(": uddannelse er bachelor eller professionsbachelor; programmet kræver "
                                                "mindst kandidat (master)")  # fmt: skip


def test_a_participant_accepted_despite_the_rules_is_matched(m):
    """The coordinator's "accept despite" in screening stands when the cohort is matched."""
    from stafet.programmes.actions import accept_screened_referral

    m.programme_p.participant_rules = [{"field": "education_level", "op": ">=", "value": "master"}]
    m.programme_p.save()
    person = ParticipantFactory(first_name="Dalia")
    referral = ReferralFactory(participant=person, programme=m.programme_p, municipality=m.mun_x)
    accept_screened_referral(referral=referral, cohort=m.cohort_k, by=m.coordinator, accept_despite=True)
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    assert person.pk in {p for p, _ in pairs(run)}
    assert {u.participant_id for u in run.unmatched.all()} >= {m.a.pk, m.b.pk} - {p for p, _ in pairs(run)}
    assert m.a.pk in {u.participant_id for u in run.unmatched.all()}  # enrolled without screening: still refused


def test_the_danish_explanation_names_the_occupation_in_danish(m):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    proposal = run.proposals.first()
    assert "Software developers (ISCO 2512)" in proposal.explanation_en
    assert "samme fag: softwareudvikling (DISCO 2512)" in proposal.explanation_da
    assert "Software developers" not in proposal.explanation_da


def test_a_pinned_pair_is_kept(m):
    first = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    other = next(mentor for p, mentor in pairs(first) if p == m.a.pk)
    wanted = m.m4 if other == m.m3.pk else m.m3
    actions.pin_pair(cohort=m.cohort_k, participant=m.a, mentor=wanted, by=m.coordinator)
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    assert (m.a.pk, wanted.pk) in pairs(run)
    assert run.proposals.get(participant=m.a).pinned


def test_an_excluded_pair_is_never_proposed(m):
    actions.exclude_pair(cohort=m.cohort_k, participant=m.a, mentor=m.m3, by=m.coordinator)
    actions.exclude_pair(cohort=m.cohort_k, participant=m.b, mentor=m.m4, by=m.coordinator)
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    assert pairs(run) == {(m.a.pk, m.m4.pk), (m.b.pk, m.m3.pk)}


def test_a_pin_that_breaks_a_hard_limit_is_refused_with_the_engines_reason(m):
    far = MentorFactory(
        first_name="Frida",
        organisation=m.company_c,
        site=SiteFactory(organisation=m.company_c, postcode=Postcode.objects.get(pk="8000")),
    )
    MentorEnrolmentFactory(cohort=m.cohort_k, mentor=far)
    with pytest.raises(ValidationError, match=r"pinned: no trained mentor within 40 km \(the nearest, .* km away\)"):
        actions.pin_pair(cohort=m.cohort_k, participant=m.a, mentor=far, by=m.coordinator)
    danish = "ingen mentor med gennemført mentorkursus inden for 40 km"
    with translation.override("da"), pytest.raises(ValidationError, match=danish):
        actions.pin_pair(cohort=m.cohort_k, participant=m.a, mentor=far, by=m.coordinator)
    assert not PairRule.objects.exists()


@pytest.mark.parametrize("language", ["en", "da"])
def test_a_pin_on_an_untrained_mentor_is_refused_in_the_pages_language(m, language):
    expected = {
        "en": "cannot be pinned: has not completed the mentor training.",
        "da": "kan ikke fastlåses: har ikke gennemført mentorkurset.",
    }[language]
    with translation.override(language), pytest.raises(ValidationError) as refused:
        actions.pin_pair(cohort=m.cohort_k, participant=m.a, mentor=m.untrained, by=m.coordinator)
    assert refused.value.messages == [f"{m.untrained} {expected}"]
    assert not PairRule.objects.exists()


def test_a_weight_change_applies_to_the_run_only(m):
    before = dict(m.programme_p.weights)
    weights = dict.fromkeys(PARTS, 0) | {"distance": 10}
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator, weights=weights)
    m.programme_p.refresh_from_db()
    assert run.weights == weights and run.stats["points"]["distance"] == 1000
    assert m.programme_p.weights == before


def test_a_newer_run_discards_the_older_draft(m):
    old = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    old.refresh_from_db()
    assert old.status == MatchRun.Status.DISCARDED


def test_publishing_creates_mentorships_emails_and_audits(m):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    actions.approve_all_proposals(run=run, by=m.coordinator)
    created = actions.publish_match_run(run=run, by=m.coordinator)
    deliver_due()  # what the task worker does once the publish has committed
    assert {(x.participant_id, x.mentor_id) for x in created} == pairs(run)
    assert all(x.status == Mentorship.Status.ACTIVE for x in created)  # cohort K started 2026-03-01
    recipients = {to for message in mail.outbox for to in message.to}
    assert recipients == {"amal@example.org"} | (
        {"mette@example.org"} if m.m3 in [x.mentor for x in created] else set()
    )
    assert AuditEvent.objects.filter(action="match_run.published", target_id=str(run.pk)).exists()
    m.cohort_k.refresh_from_db()
    assert m.cohort_k.status == Cohort.Status.RUNNING


def test_unapproved_pairs_are_not_published(m):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    keep = run.proposals.get(participant=m.a)
    created = actions.publish_match_run(run=run, by=m.coordinator, approved=[keep.pk])
    assert [(x.participant_id, x.mentor_id) for x in created] == [(keep.participant_id, keep.mentor_id)]


def test_a_future_cohort_gets_planned_mentorships(m):
    m.cohort_k.start_date = datetime.date.today() + datetime.timedelta(days=30)
    m.cohort_k.save()
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    actions.approve_all_proposals(run=run, by=m.coordinator)
    created = actions.publish_match_run(run=run, by=m.coordinator)
    assert {x.status for x in created} == {Mentorship.Status.PLANNED}


def test_the_same_run_is_published_once(m):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    actions.approve_all_proposals(run=run, by=m.coordinator)
    actions.publish_match_run(run=run, by=m.coordinator)
    with pytest.raises(ValidationError, match="already published"):
        actions.publish_match_run(run=run, by=m.coordinator)
    assert Mentorship.objects.filter(cohort=m.cohort_k).count() == 3


def test_a_publish_that_would_overfill_a_mentor_creates_nothing(m):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    actions.approve_all_proposals(run=run, by=m.coordinator)
    # Meanwhile someone else gives m3 to a newcomer: m3's only place is taken.
    newcomer = ParticipantFactory(first_name="Nour")
    ParticipantEnrolmentFactory(cohort=m.cohort_k, participant=newcomer)
    start_mentorship(cohort=m.cohort_k, mentor=m.m3, participant=newcomer, role="professional", by=m.coordinator)
    before = Mentorship.objects.count()
    with pytest.raises(ValidationError, match="Nothing was published"):
        actions.publish_match_run(run=run, by=m.coordinator)
    run.refresh_from_db()
    assert Mentorship.objects.count() == before and run.status == MatchRun.Status.DRAFT
    assert MentorEnrolment.objects.get(cohort=m.cohort_k, mentor=m.m3).open_mentorships == 1


def test_the_database_refuses_a_mentor_over_capacity_even_without_the_lock(m):
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorEnrolment.objects.filter(cohort=m.cohort_k, mentor=m.m1).update(open_mentorships=2)


@pytest.fixture
def dual(world):
    programme = ProgrammeFactory(name="Dual", kind="dual", mentors_per_participant=2, operator=world.ngo_a)
    cohort = CohortFactory(programme=programme, name="Dual cohort")
    people = [ParticipantFactory(first_name=f"Dina{i}") for i in range(2)]
    for person in people:
        ParticipantEnrolmentFactory(cohort=cohort, participant=person)
    for i in range(2):
        MentorEnrolmentFactory(cohort=cohort, mentor=MentorFactory(first_name=f"Biz{i}", organisation=world.company_c))
        volunteer = MentorFactory(
            first_name=f"Vol{i}", kind=Mentor.Kind.COMMUNITY, organisation=world.ngo_a, site=None,
            home_postcode=Postcode.objects.get(pk="2800"),
        )  # fmt: skip
        MentorEnrolmentFactory(cohort=cohort, mentor=volunteer)
    return cohort, people


def test_a_dual_programme_publishes_a_mentor_of_each_kind_per_participant(dual, world):
    cohort, people = dual
    by = world.users["coordinator_a"]
    for role in ("professional", "community"):
        run = actions.run_matching(cohort=cohort, role=role, by=by)
        actions.approve_all_proposals(run=run, by=by)
        actions.publish_match_run(run=run, by=by)
    for person in people:
        got = Mentorship.objects.filter(cohort=cohort, participant=person)
        assert sorted((x.role, x.mentor.kind) for x in got) == [
            ("community", "community"),
            ("professional", "business"),
        ]


def test_the_community_round_offers_only_volunteers(dual):
    cohort, _ = dual
    data = adapter.build_input(cohort, "community")
    assert {q.kind for q in data.providers} == {"volunteer"} and len(data.providers) == 2


# ---------------------------------------------------------------- the screen


def test_the_page_shows_proposals_with_the_greedy_comparison(m, login):
    client = login(m.coordinator)
    response = client.post(reverse("matches:run", args=[m.cohort_k.pk]), dict(m.programme_p.weights))
    assert response.status_code == 302
    page = client.get(reverse("matches:cohort", args=[m.cohort_k.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert str(m.a) in html and "km" in html
    assert page.context["run"].stats["greedy_matched"] == 2
    assert len(page.context["proposals"]) == 2


def test_a_participant_whose_best_mentor_went_to_someone_else_is_told_so(m, login):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    mine, other = run.proposals.order_by("pk")[:2]
    # As the plan does when two want the same mentor: one gets a lower-scoring one so that both are matched.
    mine.next_best, mine.next_best_score = other.mentor, mine.score + 40
    mine.save()
    page = login(m.coordinator).get(reverse("matches:cohort", args=[m.cohort_k.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert html.count('data-testid="gave-way"') == 1
    assert "the plan needs that mentor for someone else" in html


def test_a_bad_weight_is_a_form_error_and_no_run(m, login):
    weights = dict(m.programme_p.weights) | {"distance": -3}
    response = login(m.coordinator).post(reverse("matches:run", args=[m.cohort_k.pk]), weights)
    assert response.status_code == 400 and not MatchRun.objects.exists()


def test_pinning_from_a_row_with_htmx_returns_the_updated_list(m, login):
    response = login(m.coordinator).post(
        reverse("matches:add_rule", args=[m.cohort_k.pk]),
        {"participant": m.a.pk, "mentor": m.m3.pk, "kind": "pin"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'id="pair-rules"' in response.content.decode()
    assert PairRule.objects.get().kind == PairRule.Kind.PIN


def test_a_refused_pin_shows_the_reason(m, login):
    response = login(m.coordinator).post(
        reverse("matches:add_rule", args=[m.cohort_k.pk]),
        {"participant": m.a.pk, "mentor": m.untrained.pk, "kind": "pin"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert "Ulla Jensen cannot be pinned: has not completed the mentor training." in content
    assert not PairRule.objects.exists()


def test_publishing_from_the_page_uses_the_checkboxes(m, login):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    keep = run.proposals.get(participant=m.b)
    response = login(m.coordinator).post(
        reverse("matches:publish", args=[run.pk]), {"approvals": "1", "approved": [keep.pk]}
    )
    assert response.status_code == 302
    assert list(Mentorship.objects.filter(cohort=m.cohort_k, participant__in=[m.a, m.b]).values_list(
        "participant_id", flat=True)) == [m.b.pk]  # fmt: skip


# ---------------------------------------------------------------- access

ALLOWED = {"admin", "coordinator_a"}


def _state():
    return (
        MatchRun.objects.filter(status="draft").count(),
        MatchRun.objects.filter(status="published").count(),
        PairRule.objects.count(),
        Mentorship.objects.count(),
        list(Proposal.objects.values_list("approved", flat=True)),
    )


def _requests(m, run, proposal, rule):
    weights = dict(m.programme_p.weights)
    return [
        ("get", reverse("matches:cohort", args=[m.cohort_k.pk]), {}),
        ("post", reverse("matches:run", args=[m.cohort_k.pk]), weights),
        ("post", reverse("matches:add_rule", args=[m.cohort_k.pk]), {"participant": m.b.pk, "mentor": m.m4.pk,
                                                                  "kind": "exclude"}),
        ("post", reverse("matches:remove_rule", args=[rule.pk]), {}),
        ("post", reverse("matches:approve", args=[proposal.pk]), {}),
        ("post", reverse("matches:approve_all", args=[run.pk]), {}),
        ("post", reverse("matches:discard", args=[run.pk]), {}),
        ("post", reverse("matches:publish", args=[run.pk]), {}),
    ]  # fmt: skip


@pytest.mark.parametrize("persona", sorted({
    "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
    "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
}))  # fmt: skip
def test_only_the_operating_coordinators_and_admins_reach_matching(m, login, persona):
    run = actions.run_matching(cohort=m.cohort_k, by=m.coordinator)
    proposal = run.proposals.first()
    rule = actions.exclude_pair(cohort=m.cohort_k, participant=m.a, mentor=m.junior, by=m.coordinator)
    client = login(m.users[persona])
    for number, (method, url, data) in enumerate(_requests(m, run, proposal, rule)):
        expected = (200 if method == "get" else 302) if persona in ALLOWED else 404
        before = _state()
        response = getattr(client, method)(url, data)
        assert response.status_code == expected, f"{persona} {url}"
        if persona not in ALLOWED:
            assert _state() == before, f"{persona} changed something with {url}"
        if persona in ALLOWED and number == 1:
            run = MatchRun.objects.get(status="draft")  # the re-run replaced the draft
            proposal = run.proposals.first()
