"""The talent assignment plan optimises on the whole score: the engine's parts and the criteria judged in
screening, as the programme weighs them (one set of weights, ``programmes.weights``)."""

import datetime
from itertools import permutations

import pytest

from stafet.people.models import ParticipantOccupation
from stafet.placements.actions import record_screening
from stafet.placements.assignment import plan_assignment
from stafet.placements.models import JobOpening
from stafet.placements.ranking import rank_opening
from stafet.programmes.models import Programme, Referral
from stafet.programmes.weights import default_weights
from stafet.reference.models import Language, Postcode
from tests.factories import JobOpeningFactory, ParticipantFactory, ReferralFactory, SiteFactory


@pytest.fixture
def t(world):
    """Programme P as a talent programme with one Lyngby developer position. Pia and Tariq are developers (as the
    opening asks) but showed little motivation at their interviews; Umar is a welder who showed the most."""
    w = world
    Programme.objects.filter(pk=w.programme_p.pk).update(kind=Programme.Kind.TALENT)
    w.programme_p.refresh_from_db()
    JobOpening.objects.filter(pk=w.opening_c.pk).update(status=JobOpening.Status.CLOSED)
    w.tariq, w.umar = ParticipantFactory(first_name="Tariq"), ParticipantFactory(first_name="Umar")
    ParticipantOccupation.objects.filter(participant=w.umar).update(occupation_id="7212")
    for person in (w.tariq, w.umar):
        ReferralFactory(participant=person, programme=w.programme_p, municipality=w.mun_x)
    Referral.objects.filter(programme=w.programme_p).update(consent_scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES)
    w.opening = JobOpeningFactory(company=w.company_c, programme=w.programme_p, title="Developer", positions=1,
                                  site=SiteFactory(organisation=w.company_c, postcode=Postcode.objects.get(pk="2800")),
                                  language=Language.objects.get(pk="en"), min_language_level="B1")  # fmt: skip
    coordinator = w.users["coordinator_a"]
    for person, motivation in ((w.p1, 1), (w.tariq, 1), (w.umar, 5)):
        referral = Referral.objects.get(participant=person, programme=w.programme_p)
        record_screening(referral=referral, by=coordinator, motivation=motivation, assessment=3,
                         screened_on=datetime.date(2026, 11, 2))  # fmt: skip
    return w


def _weigh(t, motivation: int) -> None:
    t.programme_p.weights = {**default_weights(), "motivation": motivation}
    t.programme_p.save()


def test_without_a_motivation_weight_the_developers_get_the_position(t):
    _weigh(t, 0)
    (pair,) = plan_assignment(t.programme_p).pairs
    assert pair.participant in (t.p1, t.tariq)


def test_a_higher_motivation_weight_changes_the_plan(t):
    _weigh(t, 100)
    plan = plan_assignment(t.programme_p)
    (pair,) = plan.pairs
    assert pair.participant == t.umar and pair.opening == t.opening
    assert any(label == "motivation" and points > 0 for label, points in pair.parts)
    assert len(plan.unmatched) == 2 and all("pinned" not in why for _person, why in plan.unmatched)


def test_the_plan_is_the_best_on_the_whole_score(t):
    """With two positions and three candidates, the plan's total (engine parts plus judged points, as shown) is at
    least that of every other way to fill the positions."""
    _weigh(t, 60)
    JobOpening.objects.filter(pk=t.opening.pk).update(positions=2)
    plan = plan_assignment(t.programme_p)
    assert len(plan.pairs) == 2
    shown = {p.participant: p.score for p in plan.pairs}
    assert t.umar in shown
    # Each candidate's whole score for this one opening, as the ranking on the opening's page gives it.
    whole = {c.participant: c.score for c in rank_opening(t.opening)}
    best = max(sum(whole[p] for p in two) for two in permutations(whole, 2))
    assert plan.objective == sum(shown.values()) == best
