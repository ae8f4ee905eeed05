"""The coordinator's what-if on a cohort's matching page: each kind of change is compared with a real re-run after
the change is actually made in the database; "where it helps most" suggestions, made, match their participant;
a what-if writes nothing (runs, proposals, audit trail, settings); only the cohort's coordinators reach it."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from stafet.matches import actions, trial
from stafet.matches.models import MatchRun
from stafet.matching.whatif import SetCapacity, SetDistance, SetLanguage, what_if, where_it_helps
from stafet.organisations.models import Site
from stafet.people.engine import participant_key
from stafet.people.models import ParticipantLanguage
from stafet.programmes.models import MentorEnrolment
from stafet.reference.models import Postcode
from tests.factories import (
    MentorEnrolmentFactory,
    MentorFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    SiteFactory,
)


def _site_at(org, postcode: str, north_km: float = 0.0) -> Site:
    place = Postcode.objects.get(pk=postcode)
    return SiteFactory(organisation=org, postcode=place, lat=place.lat + north_km / 111.2, lng=place.lng)


@pytest.fixture
def w(world):
    """Cohort K: three waiting in Lyngby for two places (Lyngby's Mette, Roskilde's Morten; Mads is full), one in
    Kalundborg 44.3 km from the only mentor up there, one in Aarhus who speaks English at A2 only, next to
    Aarhus's mentor, and Odense's Ole whom nobody reaches. Vera, trained and signed up to the programme, is not
    in the cohort. The first run is made, so the page has a plan."""
    w = world
    c = w.company_c
    w.lyngby = [ParticipantFactory(first_name=name) for name in ("Amal", "Bashir", "Elif")]
    w.kalundborg = ParticipantFactory(first_name="Carim", home_postcode=Postcode.objects.get(pk="4400"))
    w.aarhus = ParticipantFactory(first_name="Dana", home_postcode=Postcode.objects.get(pk="8000"))
    ParticipantLanguage.objects.filter(participant=w.aarhus, language_id="en").update(level="A2")
    for person in (*w.lyngby, w.kalundborg, w.aarhus):
        ParticipantEnrolmentFactory(cohort=w.cohort_k, participant=person)
    w.mette = MentorFactory(first_name="Mette", organisation=c, site=_site_at(c, "2800"))
    w.morten = MentorFactory(first_name="Morten", organisation=c, site=_site_at(c, "4000"))
    kalundborg = Postcode.objects.get(pk="4400")
    w.north = MentorFactory(first_name="Nord", organisation=c, site=_site_at(c, "4400", north_km=44.3))
    assert kalundborg.lat < w.north.site.lat
    w.aarhus_mentor = MentorFactory(first_name="Asger", organisation=c, site=_site_at(c, "8000"))
    w.ole = MentorFactory(first_name="Ole", organisation=c, site=_site_at(c, "5000"))
    for mentor in (w.mette, w.morten, w.north, w.aarhus_mentor, w.ole):
        MentorEnrolmentFactory(cohort=w.cohort_k, mentor=mentor, capacity=1)
    w.vera = MentorFactory(first_name="Vera", organisation=c, site=_site_at(c, "2800"))
    w.vera.programmes.add(w.programme_p)
    w.coordinator = w.users["coordinator_a"]
    w.first = actions.run_matching(cohort=w.cohort_k, by=w.coordinator)
    return w


def _trial(w):
    return trial.prepare(w.cohort_k, "professional", w.coordinator)


def _what_if(w, **query):
    ready = _trial(w)
    change, words = trial.change_from(ready, {k: str(v) for k, v in query.items()})
    return trial.try_change(ready, change, words, None).outcome


def _rerun(w):
    run = actions.run_matching(cohort=w.cohort_k, by=w.coordinator)
    return run.stats["matched"], run.stats["objective"], set(run.proposals.values_list("participant_id", flat=True))


def _check(outcome, rerun):
    matched, objective, people = rerun
    assert (outcome.matched, outcome.objective) == (matched, objective)
    assert {participant_key(pk) for pk in people} == {p.participant_id for p in outcome.result.pairs}


def test_the_cohort_as_built_leaves_three_waiting(w):
    assert w.first.stats["matched"] == 2 and w.first.stats["participants"] == 5


def test_raising_a_capacity_equals_a_rerun_with_the_capacity_raised(w):
    outcome = _what_if(w, kind="capacity", mentor=w.mette.pk, capacity=2)
    assert outcome.gained == 1
    MentorEnrolment.objects.filter(cohort=w.cohort_k, mentor=w.mette).update(capacity=2)
    _check(outcome, _rerun(w))


def test_raising_a_full_mentors_capacity_counts_the_places_taken(w):
    # Mads has one open mentorship and capacity 1: capacity 2 gives him one free place.
    outcome = _what_if(w, kind="capacity", mentor=w.m1.pk, capacity=2)
    assert outcome.gained == 1
    MentorEnrolment.objects.filter(cohort=w.cohort_k, mentor=w.m1).update(capacity=2)
    _check(outcome, _rerun(w))


def test_adding_the_programmes_mentor_equals_a_rerun_with_her_enrolled(w):
    outcome = _what_if(w, kind="add", extra=w.vera.pk, places=2)
    assert outcome.gained == 1  # one more in Lyngby; the others are not within reach of Lyngby
    MentorEnrolmentFactory(cohort=w.cohort_k, mentor=w.vera, capacity=2)
    _check(outcome, _rerun(w))


def test_adding_a_copy_of_a_mentor_equals_a_rerun_with_a_mentor_like_her(w):
    outcome = _what_if(w, kind="copy", mentor=w.mette.pk, places=1)
    twin = MentorFactory(first_name="Mette", organisation=w.company_c, site=w.mette.site)
    MentorEnrolmentFactory(cohort=w.cohort_k, mentor=twin, capacity=1)
    matched, objective, _people = _rerun(w)
    assert (outcome.matched, outcome.objective) == (matched, objective) == (3, objective)


def test_widening_the_distance_equals_a_rerun_with_the_programmes_limit_widened(w):
    outcome = _what_if(w, kind="distance", km=45)
    assert participant_key(w.kalundborg.pk) in outcome.newly_matched
    w.programme_p.max_distance_km = 45
    w.programme_p.save()
    _check(outcome, _rerun(w))


def test_lowering_the_language_level_equals_a_rerun_at_that_level(w):
    outcome = _what_if(w, kind="language", level="A2")
    assert participant_key(w.aarhus.pk) in outcome.newly_matched
    w.programme_p.min_language_level = "A2"
    w.programme_p.save()
    _check(outcome, _rerun(w))


def test_moving_a_site_equals_a_rerun_with_the_site_moved(w):
    site = w.ole.site
    outcome = _what_if(w, kind="site", site=site.pk, postcode="2800")
    assert outcome.gained == 1
    site.postcode, site.lat, site.lng = Postcode.objects.get(pk="2800"), None, None
    site.save()
    _check(outcome, _rerun(w))


def test_a_bad_change_says_what_is_wrong(w):
    ready = _trial(w)
    for query, message in [
        ({"kind": "capacity", "mentor": str(w.mette.pk), "capacity": "x"}, "whole number"),
        ({"kind": "capacity", "mentor": str(w.m2.pk), "capacity": "2"}, "mentors matched in this round"),
        ({"kind": "capacity", "mentor": str(w.m1.pk), "capacity": "0"}, "from 1 to 50"),
        ({"kind": "distance", "km": "0"}, "from 1 to 500"),
        ({"kind": "language", "level": "Z9"}, "language level"),
        ({"kind": "site", "site": str(w.ole.site.pk), "postcode": "0000"}, "postcode"),
        ({"kind": "add", "extra": str(w.m2.pk)}, "trained mentors"),
        ({"kind": "nothing"}, "what to try"),
    ]:
        with pytest.raises(ValidationError, match=message):
            trial.change_from(ready, query)


def test_where_it_helps_gives_each_waiting_participant_a_change_that_really_matches_them(w):
    ready = _trial(w)
    found, complete = trial.helps(ready)
    waiting = {p.participant_id for p in ready.base.pairs} ^ set(ready.data.people)
    assert complete and {participant_key(h.participant.pk) for h in found} == waiting and len(waiting) == 3
    suggestions = where_it_helps(ready.situation, ready.base)
    for pid, changes in suggestions.suggestions.items():
        assert changes, f"{pid} has no suggestion"
        for s in changes:
            assert pid in {p.participant_id for p in what_if(ready.situation, [s.change]).result.pairs}, s
    by_person = {h.participant.pk: h.changes for h in found}
    assert by_person[w.kalundborg.pk][0] == "distance 40 → 45 km"
    assert by_person[w.aarhus.pk][0] == "language level B1 → A2"


@pytest.mark.parametrize("which", ["capacity", "distance", "language"])
def test_a_suggestion_made_in_the_database_matches_its_participant(w, which):
    ready = _trial(w)
    found = where_it_helps(ready.situation, ready.base)
    kinds = {"capacity": SetCapacity, "distance": SetDistance, "language": SetLanguage}
    pid, s = next(
        (pid, s) for pid, ss in sorted(found.suggestions.items()) for s in ss if isinstance(s.change, kinds[which])
    )
    if which == "capacity":
        enrolment = ready.enrolments[s.change.provider_id]
        enrolment.capacity += s.change.capacity - s.before
        enrolment.save()
    elif which == "distance":
        w.programme_p.max_distance_km = int(s.change.km)
        w.programme_p.save()
    else:
        w.programme_p.min_language_level = s.change.level
        w.programme_p.save()
    matched, objective, people = _rerun(w)
    assert pid in {participant_key(pk) for pk in people}
    assert (matched, objective) == (s.matched, s.objective)


def test_adding_the_programmes_mentor_is_among_the_suggestions(w):
    found, _complete = trial.helps(_trial(w))
    elif_row = next(h for h in found if h.participant in w.lyngby)
    assert any(words.startswith("add Vera") for words in elif_row.changes)


# -- nothing is saved ------------------------------------------------------------------------------------------


def _everything():
    """Every row of every model, by model: a what-if must leave all of it as it was."""
    return {model._meta.label: sorted(map(repr, model.objects.values_list())) for model in apps.get_models()}


def test_a_what_if_and_where_it_helps_change_nothing_in_the_database(w, login):
    client = login(w.coordinator)
    before = _everything()
    url = reverse("matches:what_if", args=[w.cohort_k.pk])
    for query in (
        {"kind": "capacity", "mentor": w.mette.pk, "capacity": 3},
        {"kind": "add", "extra": w.vera.pk, "places": 2},
        {"kind": "copy", "mentor": w.mette.pk},
        {"kind": "distance", "km": 90},
        {"kind": "language", "level": "A1"},
        {"kind": "site", "site": w.ole.site.pk, "postcode": "2800"},
    ):
        response = client.get(url, query, headers={"hx-request": "true"})
        assert response.status_code == 200 and b'data-testid="whatif-answer"' in response.content, query
    assert client.get(reverse("matches:where_it_helps", args=[w.cohort_k.pk])).status_code == 200
    after = _everything()
    changed = [label for label in before if before[label] != after[label]]
    # The session and the login's bookkeeping change with any request, and the read log records who saw which
    # people (privacy.reads: every page showing a person does); nothing else may change.
    bookkeeping = {"sessions", "axes", "otp_static", "otp_totp"}
    assert [x for x in changed if x.split(".")[0] not in bookkeeping and x != "privacy.PersonRead"] == []
    assert MatchRun.objects.get().pk == w.first.pk


def test_the_page_shows_the_what_if_and_its_answer(w, login):
    client = login(w.coordinator)
    page = client.get(reverse("matches:cohort", args=[w.cohort_k.pk])).content.decode()
    assert 'data-testid="what-if"' in page and "Vera" in page
    answer = client.get(reverse("matches:what_if", args=[w.cohort_k.pk]), {"kind": "distance", "km": 45},
                        headers={"hx-request": "true"}).content.decode()  # fmt: skip
    assert "If distance 40 → 45 km:" in answer and "3 participants matched (now 2)" in answer
    assert "Carim Haddad" in answer and "Nothing has been saved." in answer
    helps = client.get(reverse("matches:where_it_helps", args=[w.cohort_k.pk]), headers={"hx-request": "true"})
    text = helps.content.decode()
    assert "distance 40 → 45 km" in text and "language level B1 → A2" in text
    refused = client.get(reverse("matches:what_if", args=[w.cohort_k.pk]), {"kind": "distance", "km": "x"})
    assert refused.status_code == 200 and "Distance: give a whole number." in refused.content.decode()


@pytest.mark.parametrize("persona", sorted({
    "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
    "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
}))  # fmt: skip
def test_only_the_cohorts_coordinators_and_admins_try_changes(w, login, persona):
    client = login(w.users[persona])
    for name, query in (("matches:what_if", {"kind": "distance", "km": 45}), ("matches:where_it_helps", {})):
        response = client.get(reverse(name, args=[w.cohort_k.pk]), query, headers={"hx-request": "true"})
        assert response.status_code == (200 if persona in ("admin", "coordinator_a") else 404), (persona, name)
        if response.status_code == 404:
            assert "Carim" not in response.content.decode()


def test_the_what_if_is_offered_before_the_first_run_and_says_when_nobody_waits(world, login):
    client = login(world.users["coordinator_a"])
    page = client.get(reverse("matches:cohort", args=[world.cohort_k.pk])).content.decode()
    assert 'data-testid="what-if"' in page and not MatchRun.objects.exists()
    answer = client.get(reverse("matches:what_if", args=[world.cohort_k.pk]), {"kind": "distance", "km": 60},
                        headers={"hx-request": "true"}).content.decode()  # fmt: skip
    assert "No enrolled participant in this cohort is waiting for a mentor in this round." in answer
