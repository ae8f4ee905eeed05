"""Scarce places: more participants than places, every capacity 1, everyone within reach of everyone.

Column generation must then add pairs in batches up to the candidate cap, never every qualifying pair of a
participant; the claim "optimal over all pairs" must still hold against an exact solve over every qualifying
pair, and the pricing search (``Index.violated``) must find exactly the pairs a brute force finds.
"""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stafet.matching import Config, match
from stafet.matching.candidates import Index, top_k
from stafet.matching.tests.factories import instance
from stafet.matching.tests.test_engine import all_scores, assert_hard_constraints, brute_force, ortools_optimum


def scarce(seed: int, n: int, share: float, max_capacity: int):
    """``n`` participants and ``share`` x ``n`` providers of capacity 0..``max_capacity``, all in one 40 km area."""
    return instance(seed, n, max(1, round(n * share)), max_capacity)


def counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Every batch of candidates the engine asks the index for: (participants asked, candidates each)."""
    asked: list[tuple[int, int]] = []
    real_best = Index.best

    def best(self, participant_mask, k):
        asked.append((int(participant_mask.sum()), k))
        return real_best(self, participant_mask, k)

    def at_least(*args):
        raise AssertionError("with a candidate cap the engine never lists every pair above a floor")

    monkeypatch.setattr(Index, "best", best)
    monkeypatch.setattr(Index, "at_least", at_least)
    return asked


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    share=st.sampled_from([0.1, 0.2, 0.35, 0.6]),
    max_capacity=st.sampled_from([1, 1, 2]),
    cap=st.integers(1, 25),
    first=st.integers(1, 4),
)
def test_scarce_places_give_the_exact_optimum_and_an_honest_claim(seed, share, max_capacity, cap, first):
    from stafet.matching import engine

    participants, providers = scarce(seed, 120, share, max_capacity)
    cfg = Config(max_distance_km=40, candidate_cap=cap)
    prob, scores = all_scores(participants, providers, cfg)
    best = top_k(*(np.array(x, dtype=np.int64) for x in zip(*scores.keys(), strict=True)), np.array(
        list(scores.values()), dtype=np.int64), cap) if scores else np.zeros(0, dtype=np.int64)  # fmt: skip
    pairs = list(scores.items())
    over_cap = ortools_optimum(prob, dict(pairs[e] for e in best.tolist()))
    over_all = ortools_optimum(prob, scores)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "FIRST_K", first)
        patch.setattr(engine, "SMALL_RUN", 0)
        result = match(participants, providers, cfg)
    assert (result.stats.matched, result.stats.objective) == over_cap
    assert result.stats.optimal_over_candidates
    if result.stats.optimal:  # "proven optimal over all pairs" is checked against every qualifying pair
        assert (result.stats.matched, result.stats.objective) == over_all
    assert_hard_constraints(result, participants, providers, cfg)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 100_000), cap=st.integers(2, 40))
def test_a_participant_is_never_given_more_than_the_cap(seed, cap):
    from stafet.matching import engine

    participants, providers = scarce(seed, 150, 0.15, 1)
    with pytest.MonkeyPatch.context() as patch:
        counted = counting(patch)
        patch.setattr(engine, "FIRST_K", 2)
        patch.setattr(engine, "SMALL_RUN", 0)
        result = match(participants, providers, Config(max_distance_km=40, candidate_cap=cap))
    assert counted, "the engine asks the index for candidates"
    assert all(k <= cap for _, k in counted)
    # Each participant is asked for at most log(cap) batches, every one of them bounded by the cap.
    assert sum(rows * k for rows, k in counted) <= 150 * cap * 3
    assert result.stats.candidate_pairs <= 150 * cap


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000), price_top=st.sampled_from([0, 300, 1000, 3000]))
def test_the_pricing_search_finds_exactly_the_pairs_a_brute_force_finds(seed, price_top):
    participants, providers = scarce(seed, 40, 0.5, 2)
    cfg = Config(max_distance_km=25)
    prob, scores = all_scores(participants, providers, cfg)
    rng = np.random.default_rng(seed)
    excluded = {pair for pair in scores if rng.random() < 0.1}
    n, m = len(prob.participants), len(prob.providers)
    price = rng.integers(0, price_top + 1, m)
    price[rng.random(m) < 0.3] = 0  # some providers with room
    slack = rng.integers(-50, 900, n)
    index = Index(prob.scorer, prob.scorer.available, excluded)
    rows = np.arange(n)
    found = index.violated(rows, slack, price)
    expected = np.zeros(n, dtype=bool)
    for (i, j), sc in scores.items():
        if (i, j) not in excluded and sc - price[j] > slack[i]:
            expected[i] = True
    assert found.tolist() == expected.tolist()
    assert index.violated(rows[::-2], slack[::-2], price).tolist() == expected[::-2].tolist()


MEMORY_RUN = """
import json, resource, sys
import numpy as np
from stafet.matching import Config, match
from stafet.matching.engine import warm_up
from stafet.matching.tests.factories import instance

warm_up()
participants, providers = instance(7, 3000, 300, 1)  # 3,000 people, at most 300 places, one 40 km area
with open("/proc/self/status") as f:
    vm = next(int(line.split()[1]) for line in f if line.startswith("VmSize:")) * 1024
cap = vm + (400 << 20)
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
result = match(participants, providers, Config(max_distance_km=60, candidate_cap=50))
print(json.dumps({"matched": result.stats.matched, "pairs": result.stats.candidate_pairs}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and caps the address space")
def test_a_scarce_dense_cohort_of_thousands_runs_under_a_memory_cap():
    # Everyone is within reach of nearly everyone: about 300 x 3,000 qualifying pairs, every participant but a
    # tenth left unmatched. The run gets 400 MB more address space than it has after loading the engine.
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(MEMORY_RUN)], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert 0 < got["matched"] <= 300
    assert got["pairs"] <= 3000 * 50


#: Scores of two coarse parts only: a pair scores one of about ten values, so most pairs tie with many others.
TIES = {"industry": 500, "language": 500}


def at_the_limit(participants, providers, km: float, share: float, seed: int):
    """``participants`` with a ``share`` of them moved exactly ``km`` from a provider (in a random direction)."""
    rng = np.random.default_rng(seed)
    out = list(participants)
    for i in np.flatnonzero(rng.random(len(out)) < share).tolist():
        q = providers[int(rng.integers(0, len(providers)))]
        d, bearing = km / 6371.0088, float(rng.random()) * 2 * math.pi
        la, lo = math.radians(q.lat), math.radians(q.lng)
        la2 = math.asin(math.sin(la) * math.cos(d) + math.cos(la) * math.sin(d) * math.cos(bearing))
        lo2 = lo + math.atan2(
            math.sin(bearing) * math.sin(d) * math.cos(la), math.cos(d) - math.sin(la) * math.sin(la2)
        )
        out[i] = dataclasses.replace(out[i], lat=math.degrees(la2), lng=math.degrees(lo2))
    return out


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    share=st.sampled_from([0.1, 0.25, 0.5]),
    max_capacity=st.sampled_from([1, 2]),
    cap=st.integers(1, 20),
    ties=st.booleans(),
    limit_share=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_ties_and_points_at_the_limit_give_the_exact_optimum_over_every_qualifying_pair(
    seed, share, max_capacity, cap, ties, limit_share
):
    """Scarce places, many equal scores, participants exactly at the distance limit: the plan is the optimum over
    the best ``cap`` of each participant, and "optimal" holds against an exact solve over every qualifying pair."""
    from stafet.matching import engine

    participants, providers = scarce(seed, 90, share, max_capacity)
    participants = at_the_limit(participants, providers, 20.0, limit_share, seed)
    cfg = Config(max_distance_km=20, candidate_cap=cap)
    if ties:
        cfg = dataclasses.replace(cfg, weights={part: TIES.get(part, 0) for part in cfg.weights})
    prob, scores = all_scores(participants, providers, cfg)
    best = top_k(*(np.array(x, dtype=np.int64) for x in zip(*scores.keys(), strict=True)), np.array(
        list(scores.values()), dtype=np.int64), cap) if scores else np.zeros(0, dtype=np.int64)  # fmt: skip
    pairs = list(scores.items())
    over_cap = ortools_optimum(prob, dict(pairs[e] for e in best.tolist()))
    over_all = ortools_optimum(prob, scores)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "FIRST_K", 2)
        patch.setattr(engine, "SMALL_RUN", 0)
        result = match(participants, providers, cfg)
    assert (result.stats.matched, result.stats.objective) == over_cap
    assert result.stats.optimal_over_candidates
    if result.stats.optimal:
        assert (result.stats.matched, result.stats.objective) == over_all
    assert_hard_constraints(result, participants, providers, cfg)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), ties=st.booleans(), limit_share=st.sampled_from([0.0, 0.6]))
def test_tiny_scarce_cohorts_with_ties_equal_a_brute_force_over_every_plan(seed, ties, limit_share):
    from stafet.matching import engine

    participants, providers = scarce(seed, 7, 0.5, 1)
    participants = at_the_limit(participants, providers, 20.0, limit_share, seed)
    cfg = Config(max_distance_km=20, candidate_cap=None)
    if ties:
        cfg = dataclasses.replace(cfg, weights={part: TIES.get(part, 0) for part in cfg.weights})
    prob, scores = all_scores(participants, providers, cfg)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "SMALL_RUN", 0)
        result = match(participants, providers, dataclasses.replace(cfg, candidate_cap=3))
    assert result.stats.optimal_over_candidates
    if result.stats.optimal:
        assert (result.stats.matched, result.stats.objective) == brute_force(prob, scores)
    every = match(participants, providers, cfg).stats  # no cap: the optimum over every plan there is
    assert every.optimal
    assert (every.matched, every.objective) == brute_force(prob, scores)
