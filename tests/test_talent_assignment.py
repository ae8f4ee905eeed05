"""The talent programme's assignment plan in the web app: the engine assigns the candidates to the open openings'
free positions with the score parts; the coordinator pins and excludes pairs and takes the plan into the
pipelines."""

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.placements.assignment import plan_assignment
from stafet.placements.models import JobOpening, OpeningRule, Placement
from stafet.programmes.models import Programme, Referral
from stafet.reference.models import Language, Postcode
from tests.factories import JobOpeningFactory, ParticipantFactory, ReferralFactory, SiteFactory


@pytest.fixture
def t(world):
    """Programme P as a talent programme with two Lyngby openings of one position each; candidates Pia (in cohort
    K), Tariq and Umar (referred); Rana and Samir are in opening C's pipeline already, so not in the plan."""
    w = world
    Programme.objects.filter(pk=w.programme_p.pk).update(kind=Programme.Kind.TALENT)
    w.programme_p.refresh_from_db()
    w.extra = [ParticipantFactory(first_name=name) for name in ("Tariq", "Umar")]
    for person in w.extra:
        ReferralFactory(participant=person, programme=w.programme_p, municipality=w.mun_x)
    Referral.objects.filter(programme=w.programme_p).update(consent_scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES)
    JobOpening.objects.filter(pk=w.opening_c.pk).update(status=JobOpening.Status.CLOSED)

    def opening(title):
        return JobOpeningFactory(company=w.company_c, programme=w.programme_p, title=title, positions=1,
                                 site=SiteFactory(organisation=w.company_c, postcode=Postcode.objects.get(pk="2800")),
                                 language=Language.objects.get(pk="en"), min_language_level="B1")  # fmt: skip

    w.backend, w.frontend = opening("Backend developer"), opening("Frontend developer")
    w.coordinator = w.users["coordinator_a"]
    return w


def test_the_plan_fills_the_free_positions_with_score_parts(t):
    plan = plan_assignment(t.programme_p)
    assert {p.opening for p in plan.pairs} == {t.backend, t.frontend}
    assert {p.participant for p in plan.pairs} <= {t.p1, *t.extra}
    assert all(p.score > 0 and p.parts and "km" in p.explanation for p in plan.pairs)
    assert len(plan.unmatched) == 1 and plan.objective == sum(p.score for p in plan.pairs)


def test_a_pin_and_an_exclusion_change_the_plan(t, login):
    client = login(t.coordinator)
    url = reverse("placements:assignment_rule", args=[t.programme_p.pk])
    umar, tariq = t.extra[1], t.extra[0]
    client.post(url, {"opening": t.backend.pk, "participant": umar.pk, "kind": "pin"})
    client.post(url, {"opening": t.frontend.pk, "participant": tariq.pk, "kind": "exclude"})
    plan = plan_assignment(t.programme_p)
    pairs = {p.opening: p for p in plan.pairs}
    assert pairs[t.backend].participant == umar and pairs[t.backend].pinned
    assert pairs[t.frontend].participant != tariq
    assert OpeningRule.objects.count() == 2


def test_the_coordinator_takes_the_plan_into_the_pipelines(t, login):
    client = login(t.coordinator)
    page = client.get(reverse("placements:assignment", args=[t.programme_p.pk]))
    assert len(page.context["plan"].pairs) == 2 and "Take the plan into the pipelines" in page.content.decode()
    assert client.post(reverse("placements:assignment_take", args=[t.programme_p.pk])).status_code == 302
    taken = Placement.objects.filter(opening__in=[t.backend, t.frontend])
    assert taken.count() == 2 and all(p.status == "screened" and p.score for p in taken)
    assert AuditEvent.objects.filter(action="assignment.taken").exists()
    assert plan_assignment(t.programme_p).pairs == []  # those taken are in play now


def test_a_rule_for_someone_outside_the_pool_is_a_404(t, login):
    client = login(t.coordinator)
    url = reverse("placements:assignment_rule", args=[t.programme_p.pk])
    response = client.post(url, {"opening": t.backend.pk, "participant": t.p2.pk, "kind": "pin"})
    assert response.status_code == 404 and not OpeningRule.objects.exists()


@pytest.mark.parametrize(
    "persona", ["coordinator_b", "caseworker_x", "caseworker_y", "contact_c", "contact_d", "mentor_user", "outsider"]
)
def test_only_the_programmes_coordinators_plan(t, login, persona):
    client = login(t.users[persona])
    assert client.get(reverse("placements:assignment", args=[t.programme_p.pk])).status_code == 404
    assert client.post(reverse("placements:assignment_take", args=[t.programme_p.pk])).status_code == 404
    assert not Placement.objects.filter(opening__in=[t.backend, t.frontend]).exists()
