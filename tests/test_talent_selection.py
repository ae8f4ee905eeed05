"""Selecting the talents: a ranked list of the referred with why each ranks where they do (best opening, score
parts, screening), the top N selected into the cohort, the others routed back with a coded reason and their
caseworkers told; the screening interview's motivation and assessment are score parts the programme weighs."""

import datetime

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.notifications import render
from stafet.notifications.models import Kind, Notification
from stafet.outcomes.models import Outcome
from stafet.placements import actions
from stafet.placements.models import Placement, Screening
from stafet.placements.ranking import rank_for_selection, rank_opening
from stafet.programmes.models import Programme, Referral
from stafet.reference.models import Language, Postcode
from tests.factories import JobOpeningFactory, ParticipantFactory, ReferralFactory, SiteFactory

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def t(world):
    """Programme P as a talent programme, with four candidates awaiting a decision: Rana, Samir (in opening C's
    pipeline) and two more; Pia is already in cohort K. Opening C is in Aarhus, far from them (Lyngby); a
    backend developer opening in Lyngby fits them."""
    w = world
    Programme.objects.filter(pk=w.programme_p.pk).update(kind=Programme.Kind.TALENT)
    w.programme_p.refresh_from_db()
    w.caseworker = w.users["caseworker_x"]
    w.extra = [ParticipantFactory(first_name=name) for name in ("Tariq", "Umar")]
    for person in w.extra:
        ReferralFactory(participant=person, programme=w.programme_p, municipality=w.mun_x)
    Referral.objects.filter(programme=w.programme_p).update(
        consent_scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES, caseworker=w.caseworker
    )
    w.coordinator = w.users["coordinator_a"]
    w.opening = JobOpeningFactory(
        company=w.company_c,
        programme=w.programme_p,
        title="Backend developer",
        site=SiteFactory(organisation=w.company_c, postcode=Postcode.objects.get(pk="2800")),
        language=Language.objects.get(pk="en"),
        min_language_level="B1",
    )
    w.cohort_k.capacity = 3  # Pia has one place: two are free
    w.cohort_k.save()
    return w


def referral_of(t, person) -> Referral:
    return Referral.objects.get(participant=person, programme=t.programme_p)


def test_the_ranking_says_why_each_candidate_ranks_where_they_do(t):
    talents = rank_for_selection(t.programme_p, Referral.objects.all())
    assert {x.participant for x in talents} == {t.p3, t.p4, *t.extra}  # Pia is decided already
    assert [x.score for x in talents] == sorted((x.score for x in talents), reverse=True)
    best = talents[0]
    assert best.best.opening == t.opening and best.best.parts and "km" in best.best.explanation


def test_motivation_is_a_score_part_the_programme_weighs(t):
    original = {c.participant: c.score for c in rank_opening(t.opening)}
    Programme.objects.filter(pk=t.programme_p.pk).update(weights=t.programme_p.weights | {"motivation": 50})
    t.programme_p.refresh_from_db()
    before = {c.participant: c.score for c in rank_opening(t.opening)}
    actions.record_screening(referral=referral_of(t, t.extra[1]), by=t.coordinator, motivation=5, assessment=3,
                             screened_on=TODAY, motivation_note="Wants to work in IT")  # fmt: skip
    after = rank_opening(t.opening)
    umar = next(c for c in after if c.participant == t.extra[1])
    assert ("motivation", 0) not in umar.parts and any(str(label) == "motivation" for label, _v in umar.parts)
    assert umar.score > before[t.extra[1]]
    assert after[0].participant == t.extra[1]  # motivated: now first among equals
    # Without a weight for motivation the screening changes nothing.
    Programme.objects.filter(pk=t.programme_p.pk).update(weights={k: v for k, v in t.programme_p.weights.items()
                                                                  if k != "motivation"})  # fmt: skip
    t.opening.programme.refresh_from_db()
    assert {c.participant: c.score for c in rank_opening(t.opening)} == original


def test_the_coordinator_records_a_screening_interview(t, login):
    client = login(t.coordinator)
    url = reverse("placements:screening", args=[referral_of(t, t.p4).pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"screened_on": "2026-11-20", "motivation": "4", "assessment": "2",
                                 "motivation_note": "Keen", "note": ""})  # fmt: skip
    assert response.status_code == 302
    screening = Screening.objects.get(referral__participant=t.p4)
    assert (screening.motivation, screening.assessment, screening.motivation_note) == (4, 2, "Keen")
    assert AuditEvent.objects.filter(action="screening.recorded").exists()
    bad = client.post(url, {"screened_on": "2026-11-20", "motivation": "9", "assessment": "2"})
    assert bad.status_code == 400
    assert Screening.objects.get(referral__participant=t.p4).motivation == 4


def test_the_top_n_are_ticked_and_selection_routes_the_others_back_with_a_reason(t, login):
    client = login(t.coordinator)
    url = reverse("placements:selection", args=[t.programme_p.pk])
    page = client.get(url, {"cohort": t.cohort_k.pk})
    talents = page.context["talents"]
    assert page.context["free"] == 2 and [x.ticked for x in talents] == [True, True, False, False]
    chosen, others = talents[:2], talents[2:]
    data = {"cohort": t.cohort_k.pk, "shown": [x.referral.pk for x in talents],
            "selected": [x.referral.pk for x in chosen], f"reason-{others[0].referral.pk}": "not_selected",
            f"reason-{others[1].referral.pk}": "language"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    for x in chosen:
        assert t.cohort_k.participant_enrolments.filter(participant=x.participant).exists()
    back = {x.participant: Referral.objects.get(pk=x.referral.pk) for x in others}
    assert [(r.status, r.decline_reason) for r in back.values()] == [("declined", "not_selected"),
                                                                     ("declined", "language")]  # fmt: skip
    notes = Notification.objects.filter(kind=Kind.ROUTED_BACK)
    assert notes.count() == 2 and {n.recipient for n in notes} == {t.caseworker}
    # In the caseworker's language (Danish): the seed's "fortsætter i kommunens ordinære integrationsprogram".
    assert "fortsætter i kommunens ordinære integrationsprogram" in render.email_parts(notes[0])[1]


def test_a_selection_beyond_the_free_places_changes_nothing(t, login):
    client = login(t.coordinator)
    url = reverse("placements:selection", args=[t.programme_p.pk])
    talents = client.get(url, {"cohort": t.cohort_k.pk}).context["talents"]
    data = {"cohort": t.cohort_k.pk, "shown": [x.referral.pk for x in talents],
            "selected": [x.referral.pk for x in talents[:3]], f"reason-{talents[3].referral.pk}": "other"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400 and "The cohort is full" in response.content.decode()
    assert (
        Referral.objects.filter(programme=t.programme_p, status="pending").count() == 5
    )  # Pia too (enrolled by the world)
    assert not Notification.objects.filter(kind=Kind.ROUTED_BACK).exists()


def test_a_routed_back_candidate_needs_a_coded_reason(t, login):
    client = login(t.coordinator)
    url = reverse("placements:selection", args=[t.programme_p.pk])
    talents = client.get(url, {"cohort": t.cohort_k.pk}).context["talents"]
    data = {"cohort": t.cohort_k.pk, "shown": [x.referral.pk for x in talents],
            "selected": [talents[0].referral.pk], f"reason-{talents[1].referral.pk}": "because"}  # fmt: skip
    assert client.post(url, data).status_code == 400
    assert (
        Referral.objects.filter(programme=t.programme_p, status="pending").count() == 5
    )  # Pia too (enrolled by the world)


def test_selecting_a_hired_candidate_records_the_hire_as_their_outcome(t):
    rana = Placement.objects.get(participant=t.p3)
    for stage in ("interview", "offered", "hired"):
        actions.move_placement(placement=rana, stage=stage, by=t.coordinator, on=TODAY)
    assert not Outcome.objects.filter(participant=t.p3).exists()  # not in a cohort yet
    actions.select_talents(cohort=t.cohort_k, selected=[referral_of(t, t.p3)], routed_back=[], by=t.coordinator)
    assert Outcome.objects.get(participant=t.p3, cohort=t.cohort_k).date == TODAY


@pytest.mark.parametrize(
    "persona", ["coordinator_b", "caseworker_x", "caseworker_y", "contact_c", "contact_d", "mentor_user", "outsider"]
)
def test_only_the_programmes_coordinators_select_and_screen(t, login, persona):
    client = login(t.users[persona])
    assert client.get(reverse("placements:selection", args=[t.programme_p.pk])).status_code == 404
    assert client.get(reverse("placements:screening", args=[referral_of(t, t.p4).pk])).status_code == 404
    response = client.post(reverse("placements:selection", args=[t.programme_p.pk]),
                           {"cohort": t.cohort_k.pk, "shown": [], "selected": []})  # fmt: skip
    assert response.status_code == 404
