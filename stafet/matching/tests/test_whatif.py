"""What-if: each kind of change gives the plan of a real re-run on inputs changed by hand, and every suggestion of
``where_it_helps``, applied, really matches its participant (with the smallest step where the step is checkable)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stafet.matching import CEFR_LEVELS, Config, Participant, Provider, match
from stafet.matching.tests.factories import instance
from stafet.matching.whatif import (
    AddProvider,
    MoveProviders,
    SetCapacity,
    SetDistance,
    SetLanguage,
    Situation,
    apply,
    what_if,
    where_it_helps,
)

# Copenhagen; a degree of latitude is about 111 km, so 0.01 is about 1.1 km.
LAT, LNG = 55.68, 12.57


def person(pid: str, north_km: float = 0.0, languages: dict | None = None, **kw) -> Participant:
    return Participant(pid, LAT + north_km / 111.2, LNG, languages or {"da": "B2"}, **kw)


def mentor(mid: str, north_km: float = 0.0, capacity: int = 1, languages: dict | None = None, **kw) -> Provider:
    return Provider(mid, LAT + north_km / 111.2, LNG, languages or {"da": "native"}, capacity=capacity, **kw)


def plan(result):
    return sorted((p.participant_id, p.provider_id) for p in result.pairs)


@pytest.fixture
def cohort():
    """Five waiting: two compete for Henrik (one place), one 44.3 km from Nord (the only mentor up there), one speaking
    Danish at A2 only (near Lotte, far from everyone else), one with nobody at all (200 km north, Danish A1 only)."""
    people = [
        person("p1", industry="J"),
        person("p2"),
        person("p3", north_km=44.3),
        person("p4", north_km=-170, languages={"da": "A2"}),
        person("p5", north_km=200, languages={"da": "A1"}),
    ]
    mentors = [
        mentor("henrik", capacity=1, industry="J"),
        mentor("south", north_km=-85, capacity=2),
        mentor("nord", north_km=88.6),
        mentor("lotte", north_km=-172),
    ]
    return Situation.of(people, mentors, Config(max_distance_km=40))


def test_raising_a_capacity_is_a_real_rerun_with_the_capacity_raised(cohort):
    outcome = what_if(cohort, [SetCapacity("henrik", 2)])
    raised = [mentor("henrik", capacity=2, industry="J"), *cohort.providers[1:]]
    by_hand = match(cohort.participants, raised, Config(max_distance_km=40))
    assert (outcome.matched, outcome.objective) == (by_hand.stats.matched, by_hand.stats.objective)
    assert outcome.base_matched == 1 and outcome.gained == 1 and outcome.newly_matched == ("p2",)
    assert plan(outcome.result) == plan(by_hand)


def test_widening_the_distance_is_a_real_rerun_with_the_wider_limit(cohort):
    outcome = what_if(cohort, [SetDistance(45)])
    by_hand = match(cohort.participants, cohort.providers, Config(max_distance_km=45))
    assert (outcome.matched, outcome.objective) == (by_hand.stats.matched, by_hand.stats.objective)
    assert "p3" in outcome.newly_matched


def test_lowering_the_language_level_is_a_real_rerun_at_that_level(cohort):
    outcome = what_if(cohort, [SetLanguage("A2")])
    by_hand = match(cohort.participants, cohort.providers, Config(max_distance_km=40, min_language_level="A2"))
    assert (outcome.matched, outcome.objective) == (by_hand.stats.matched, by_hand.stats.objective)
    assert plan(outcome.result) == plan(by_hand)


def test_adding_a_mentor_and_moving_a_site_are_real_reruns(cohort):
    extra = mentor("ny", north_km=1, capacity=2)
    added = what_if(cohort, [AddProvider(extra)])
    by_hand = match(cohort.participants, [*cohort.providers, extra], Config(max_distance_km=40))
    assert (added.matched, added.objective) == (by_hand.stats.matched, by_hand.stats.objective)
    assert added.newly_matched == ("p2",)  # p4 speaks Danish at A2 only: no new mentor helps at B1
    moved = what_if(cohort, [MoveProviders(("south",), LAT + 40 / 111.2, LNG, "Køge")])
    moved_by_hand = [cohort.providers[0], mentor("south", north_km=40, capacity=2, site="Køge"), *cohort.providers[2:]]
    by_hand = match(cohort.participants, moved_by_hand, Config(max_distance_km=40))
    assert (moved.matched, moved.objective) == (by_hand.stats.matched, by_hand.stats.objective)
    assert "p3" in moved.newly_matched


def test_a_what_if_changes_nothing_it_was_given(cohort):
    before = (cohort.providers, cohort.config)
    what_if(cohort, [SetCapacity("henrik", 3), SetDistance(90), SetLanguage("A1")])
    assert (cohort.providers, cohort.config) == before and cohort.providers[0].capacity == 1


def test_a_change_the_engine_refuses_says_what(cohort):
    with pytest.raises(ValueError, match="unknown provider id 'nobody'"):
        what_if(cohort, [SetCapacity("nobody", 2)])
    with pytest.raises(ValueError, match="capacity"):
        what_if(cohort, [SetCapacity("henrik", -1)])
    with pytest.raises(ValueError, match="max_distance_km"):
        what_if(cohort, [SetDistance(0)])
    with pytest.raises(ValueError, match="already in the cohort"):
        what_if(cohort, [AddProvider(mentor("henrik"))])


def test_where_it_helps_gives_each_unmatched_participant_the_smallest_step(cohort):
    helps = where_it_helps(cohort, extra_providers=[mentor("ny", north_km=1)])
    first = {pid: s[0] if s else None for pid, s in helps.suggestions.items()}
    assert set(first) == {"p2", "p3", "p4", "p5"} and helps.complete
    assert first["p2"].change == SetCapacity("henrik", 2) and first["p2"].before == 1
    # 44.3 km away: 45 km is the smallest whole-km limit that allows the pair, and 44 does not match p3.
    assert first["p3"].change == SetDistance(45.0) and first["p3"].before == 40
    assert "p3" not in {p.participant_id for p in match(cohort.participants, cohort.providers,
                                                          Config(max_distance_km=44)).pairs}  # fmt: skip
    assert SetLanguage("A2") in {s.change for s in helps.suggestions["p4"]}
    assert first["p5"] is None  # no single change reaches 200 km north with Danish at A1


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 14), m=st.integers(1, 6), kind=st.sampled_from("CDLAM"))
def test_each_kind_of_what_if_equals_a_rerun_after_the_change_on_random_cohorts(seed, n, m, kind):
    people, mentors = instance(seed, n, m)
    config = Config(max_distance_km=[10, 20, 35][seed % 3])
    now = Situation.of(people, mentors, config)
    q = mentors[seed % m]
    if kind == "C":
        change, changed, conf = (
            SetCapacity(q.id, q.capacity + 1),
            [replace(x, capacity=x.capacity + 1) if x.id == q.id else x for x in mentors],
            config,
        )  # noqa: E501
    elif kind == "D":
        change, changed, conf = (
            SetDistance(config.max_distance_km + 7),
            mentors,
            Config(max_distance_km=config.max_distance_km + 7),
        )  # noqa: E501
    elif kind == "L":
        level = CEFR_LEVELS[seed % 3]
        change, changed, conf = (
            SetLanguage(level),
            mentors,
            Config(max_distance_km=config.max_distance_km, min_language_level=level),
        )  # noqa: E501
    elif kind == "A":
        extra = Provider(
            "new", q.lat, q.lng, dict(q.languages), occupation=q.occupation, industry=q.industry, capacity=2
        )  # noqa: E501
        change, changed, conf = AddProvider(extra), [*mentors, extra], config
    else:
        change, changed, conf = (
            MoveProviders((q.id,), 55.70, 12.40, "moved"),
            [
                Provider(**{**q.__dict__, "lat": 55.70, "lng": 12.40, "site": "moved"}) if x.id == q.id else x
                for x in mentors
            ],
            config,
        )  # noqa: E501
    outcome = what_if(now, [change])
    rerun = match(people, changed, conf)
    assert (outcome.matched, outcome.objective) == (rerun.stats.matched, rerun.stats.objective)
    assert plan(outcome.result) == plan(rerun)
    assert outcome.base_matched == match(people, mentors, config).stats.matched


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 14), m=st.integers(1, 5))
def test_every_suggestion_applied_really_matches_its_participant(seed, n, m):
    people, mentors = instance(seed, n, m, max_capacity=2)
    now = Situation.of(people, mentors, Config(max_distance_km=[10, 20][seed % 2]))
    base = now.solve()
    helps = where_it_helps(now, base)
    assert set(helps.suggestions) == {pid for pid, r in base.reasons.items() if r.code != "ineligible"}
    for pid, suggestions in helps.suggestions.items():
        for s in suggestions:
            after = apply(now, [s.change]).solve()
            assert pid in {p.participant_id for p in after.pairs}, (pid, s)
            assert (after.stats.matched, after.stats.objective) == (s.matched, s.objective)
            if isinstance(s.change, SetCapacity) and s.change.capacity > s.before + 1:
                smaller = apply(now, [SetCapacity(s.change.provider_id, s.change.capacity - 1)]).solve()
                assert pid not in {p.participant_id for p in smaller.pairs}
            if isinstance(s.change, SetDistance):
                assert s.change.km == math.ceil(s.change.km) > now.config.max_distance_km
