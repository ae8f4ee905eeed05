"""The talent programme's pipeline: candidates ranked per opening by the engine, taken into the pipeline, moved
through the stages by the coordinators and (once presented) by the company, which sees presented candidates only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.placements import actions
from stafet.placements.models import JobOpening, Placement
from stafet.placements.ranking import rank_opening
from stafet.programmes.models import Referral
from stafet.reference.models import Language, Postcode
from tests.factories import JobOpeningFactory, ParticipantFactory, ReferralFactory, SiteFactory


@pytest.fixture
def t(world):
    """Opening C at the company's Lyngby site, in English, where the world's participants live (2800)."""
    w = world
    w.opening = JobOpeningFactory(
        company=w.company_c,
        programme=w.programme_p,
        title="Backend developer",
        site=SiteFactory(organisation=w.company_c, postcode=Postcode.objects.get(pk="2800")),
        language=Language.objects.get(pk="en"),
        min_language_level="B1",
        positions=1,
    )
    w.far = ParticipantFactory(first_name="Faraway", home_postcode=Postcode.objects.get(pk="8000"))
    ReferralFactory(participant=w.far, programme=w.programme_p, municipality=w.mun_x)
    w.coordinator = w.users["coordinator_a"]
    # Presenting a candidate to a company needs their consent to share with companies (on the referral).
    Referral.objects.filter(programme=w.programme_p).update(consent_scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES)
    return w


def test_the_ranking_holds_the_programmes_referred_candidates_within_the_limits(t):
    ranked = rank_opening(t.opening)
    people = [c.participant for c in ranked]
    assert set(people) == {t.p1, t.p3, t.p4}  # referred to P; p2 is Q's, Faraway lives 150 km away
    assert all(c.score > 0 and c.parts and "km" in c.explanation for c in ranked)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_a_hired_candidate_leaves_the_pool(t):
    opening = JobOpeningFactory(company=t.company_c, programme=t.programme_p)
    Placement.objects.create(opening=opening, participant=t.p1, status=Placement.Stage.HIRED)
    assert t.p1 not in {c.participant for c in rank_opening(t.opening)}


def test_the_coordinator_sees_the_ranking_and_takes_a_candidate_in(t, login):
    client = login(t.coordinator)
    page = client.get(reverse("placements:opening", args=[t.opening.pk]))
    assert [c.participant for c in page.context["ranked"]][:1] and "Take into the pipeline" in page.content.decode()
    response = client.post(reverse("placements:add_candidate", args=[t.opening.pk]), {"participant": t.p1.pk})
    assert response.status_code == 302
    placement = t.opening.placements.get(participant=t.p1)
    assert placement.status == Placement.Stage.SCREENED
    assert AuditEvent.objects.filter(action="placement.added", target_id=str(placement.pk)).exists()


def test_a_candidate_outside_the_pool_cannot_be_taken_in(t, login):
    response = login(t.coordinator).post(
        reverse("placements:add_candidate", args=[t.opening.pk]), {"participant": t.p2.pk}
    )
    assert response.status_code == 404 and not t.opening.placements.exists()


def test_the_pipeline_moves_stage_by_stage_and_fills_the_opening(t, login):
    placement = actions.add_candidate(opening=t.opening, participant=t.p1, by=t.coordinator)
    client = login(t.coordinator)
    for stage in ("shortlisted", "interview", "offered", "hired"):
        client.post(reverse("placements:move", args=[placement.pk]), {"stage": stage})
        placement.refresh_from_db()
        assert placement.status == stage
    t.opening.refresh_from_db()
    assert t.opening.status == JobOpening.Status.FILLED
    assert AuditEvent.objects.filter(action="placement.stage", target_id=str(placement.pk)).count() == 4


def test_a_stage_cannot_be_skipped(t, login):
    placement = actions.add_candidate(opening=t.opening, participant=t.p1, by=t.coordinator)
    login(t.coordinator).post(reverse("placements:move", args=[placement.pk]), {"stage": "hired"})
    placement.refresh_from_db()
    assert placement.status == Placement.Stage.SCREENED


def test_no_more_hires_than_positions(t):
    first = Placement.objects.create(opening=t.opening, participant=t.p1, status=Placement.Stage.HIRED)
    second = Placement.objects.create(opening=t.opening, participant=t.p3, status=Placement.Stage.OFFERED)
    with pytest.raises(ValidationError, match="All 1 positions"):
        actions.move_placement(placement=second, stage="hired", by=t.coordinator)
    assert first.opening.placements.filter(status="hired").count() == 1


def test_the_company_sees_presented_candidates_only_and_records_the_interview(t, login):
    presented = actions.add_candidate(opening=t.opening, participant=t.p1, by=t.coordinator)
    actions.move_placement(placement=presented, stage="shortlisted", by=t.coordinator)
    screened = actions.add_candidate(opening=t.opening, participant=t.p4, by=t.coordinator)
    client = login(t.users["contact_c"])
    page = client.get(reverse("placements:opening", args=[t.opening.pk]))
    assert [p.participant for p in page.context["placements"]] == [t.p1]
    assert page.context["ranked"] is None and "Take into the pipeline" not in page.content.decode()
    assert client.post(reverse("placements:move", args=[screened.pk]), {"stage": "shortlisted"}).status_code == 404
    client.post(reverse("placements:move", args=[presented.pk]), {"stage": "interview"})
    presented.refresh_from_db()
    assert presented.status == Placement.Stage.INTERVIEW


def test_a_candidate_without_consent_to_share_with_companies_is_not_presented(t):
    Referral.objects.filter(participant=t.p3).update(consent_scope=Referral.ConsentScope.PROGRAMME)
    placement = actions.add_candidate(opening=t.opening, participant=t.p3, by=t.coordinator)
    with pytest.raises(ValidationError, match="has not consented to share their profile with companies"):
        actions.move_placement(placement=placement, stage="shortlisted", by=t.coordinator)
    placement.refresh_from_db()
    assert placement.status == Placement.Stage.SCREENED


def test_the_company_cannot_present_or_withdraw_candidates_itself(t, login):
    placement = actions.add_candidate(opening=t.opening, participant=t.p1, by=t.coordinator)
    actions.move_placement(placement=placement, stage="shortlisted", by=t.coordinator)
    login(t.users["contact_c"]).post(reverse("placements:move", args=[placement.pk]), {"stage": "withdrawn"})
    placement.refresh_from_db()
    assert placement.status == Placement.Stage.SHORTLISTED


@pytest.mark.parametrize("persona", ["coordinator_b", "caseworker_x", "contact_d", "mentor_user", "outsider"])
def test_others_cannot_run_the_pipeline(t, login, persona):
    placement = actions.add_candidate(opening=t.opening, participant=t.p3, by=t.coordinator)
    client = login(t.users[persona])
    assert client.post(reverse("placements:move", args=[placement.pk]), {"stage": "shortlisted"}).status_code == 404
    assert (
        client.post(reverse("placements:add_candidate", args=[t.opening.pk]), {"participant": t.p1.pk}).status_code
        == 404
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Stage.SCREENED


def test_the_openings_list_counts_the_pipeline_and_filters_by_status(t, login):
    placement = actions.add_candidate(opening=t.opening, participant=t.p1, by=t.coordinator)
    actions.move_placement(placement=placement, stage="shortlisted", by=t.coordinator)
    client = login(t.coordinator)
    openings = {o.title: o for o in client.get(reverse("placements:openings")).context["openings"]}
    assert (openings["Backend developer"].in_pipeline, openings["Backend developer"].presented) == (1, 1)
    JobOpening.objects.filter(pk=t.opening.pk).update(status="filled")
    assert "Backend developer" not in client.get(reverse("placements:openings")).content.decode()
    assert "Backend developer" in client.get(reverse("placements:openings") + "?status=filled").content.decode()


def test_a_coordinator_who_sees_a_partner_companys_opening_does_not_run_its_pipeline(t, login):
    """NGO B also works with company C, so its coordinator sees C's openings, but programme P's pipeline is A's."""
    from tests.factories import ProgrammeFactory

    ProgrammeFactory(name="Q2", operator=t.ngo_b).partner_companies.add(t.company_c)
    page = login(t.users["coordinator_b"]).get(reverse("placements:opening", args=[t.opening.pk]))
    assert page.status_code == 200
    assert not page.context["can_manage"] and page.context["ranked"] is None
    assert page.context["placements"] == []  # the candidates are NGO A's people
