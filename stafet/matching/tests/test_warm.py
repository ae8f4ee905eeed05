"""Column generation's warm start: a solve that starts from the last round's plan and prices gives the very
optimum a solve from scratch gives, and proves it without falling back to a cold solve."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stafet.matching.assign import assign
from stafet.matching.candidates import top_k
from stafet.matching.tests.test_engine import b_matching_optimum


def graph(seed: int, n: int, m: int, density: float, max_capacity: int, ties: bool):
    rng = np.random.default_rng(seed)
    keep = rng.random((n, m)) < density
    rows, cols = np.nonzero(keep)
    scores = rng.integers(0, 4, len(rows)) * 250 if ties else rng.integers(0, 1001, len(rows))
    capacity = rng.integers(0, max_capacity + 1, m)
    order = top_k(rows, cols, scores, None)
    return rows[order], cols[order], scores[order], capacity


def first(rows: np.ndarray, k: int) -> np.ndarray:
    """Each row's first ``k`` edges (edges come sorted by row, then best first)."""
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    return rank < k


@settings(max_examples=120, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(1, 40),
    share=st.sampled_from([0.1, 0.3, 0.6, 1.0, 1.5]),
    density=st.sampled_from([0.1, 0.3, 0.7]),
    max_capacity=st.sampled_from([1, 1, 2, 3]),
    ties=st.booleans(),
    k=st.integers(1, 4),
    grow=st.sampled_from([0.2, 0.5, 1.0]),
)
def test_a_warm_start_gives_the_cold_optimum_and_proves_it(seed, n, share, density, max_capacity, ties, k, grow):
    solver = sys.modules["stafet.matching.solver"]

    m = max(1, round(n * share))
    rows, cols, scores, capacity = graph(seed, n, m, density, max_capacity, ties)
    rng = np.random.default_rng(seed + 1)
    small = first(rows, k)
    before = assign(rows[small], cols[small], scores[small], capacity, n)
    assert before.proven
    # Some rows get all their edges (column generation's next round); the others keep theirs.
    grown = np.flatnonzero(rng.random(n) < grow)
    now = small | np.isin(rows, grown)
    calls = []
    real = solver.solve

    def counted(*args):
        calls.append(len(args[-1]) > 0)
        return real(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(solver, "solve", counted)
        warm = assign(rows[now], cols[now], scores[now], capacity, n, (before, grown))
    cold = assign(rows[now], cols[now], scores[now], capacity, n)
    assert (warm.matched, warm.score) == (cold.matched, cold.score)
    assert warm.proven
    if len(rows[now]):
        assert calls == [True], "the warm start is proven on its own, without a cold solve"
        expected = b_matching_optimum(rows[now], cols[now], scores[now], capacity, n)
        assert (warm.matched, warm.score) == expected
    # The plan keeps every capacity and gives each row at most one provider.
    taken = warm.match[warm.match >= 0]
    assert (np.bincount(taken, minlength=m) <= capacity).all()


def test_texts_are_rendered_once_when_first_read_and_read_as_a_mapping():
    from stafet.matching import Participant, Provider, match
    from stafet.matching import explain as explain_module
    from stafet.matching.explain import Rendered, render_facts

    people = [Participant(f"p{i}", 55.68, 12.57, {"en": "C1"}, industry="J") for i in range(3)]
    mentors = [Provider("m1", 55.70, 12.55, {"en": "C2"}, industry="J", capacity=2)]
    calls = []

    def counted(facts):
        calls.append(1)
        return render_facts(facts)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(explain_module, "render_facts", counted)
        patch.setattr(sys.modules["stafet.matching.engine"], "render_facts", counted)
        result = match(people, mentors)
        assert calls == [], "nothing is rendered before it is read"
        first = result.pairs[0].explanation
        assert isinstance(first, Rendered)
        assert first["en"].startswith("same industry")
        assert dict(first) == render_facts(result.pairs[0].facts)  # a plain dict of the same texts
        assert first == render_facts(result.pairs[0].facts)
        assert len(calls) == 1, "rendered once, then kept"
    ((pid, reason),) = result.unmatched.items()
    assert set(reason) == {"da", "en"} and "needed for another participant" in reason["en"]
    assert reason == explain_module.explain_reason(result.reasons[pid])
