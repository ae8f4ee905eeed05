"""The public entry points: ``match`` (one round), ``match_dual`` (two rounds) and ``rank_candidates``."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Iterable, Sequence
from types import MappingProxyType

import numpy as np

from stafet.matching.assign import Assignment, _components, assign, greedy
from stafet.matching.candidates import Candidates, Index, top_k
from stafet.matching.diagnose import diagnose, excluded_keys, limits, trained_ok
from stafet.matching.explain import Rendered, explain_reason, few_collections, noun_key, pair_facts, render_facts
from stafet.matching.model import (
    PARTS,
    Config,
    MatchResult,
    Pair,
    Participant,
    PinError,
    Provider,
    Ranked,
    Reason,
    Stats,
)
from stafet.matching.scoring import Scorer


def _sorted_unique[T: (Participant, Provider)](items: Iterable[T], side: str) -> list[T]:
    out = sorted(items, key=lambda x: x.id)
    for a, b in zip(out, out[1:], strict=False):
        if a.id == b.id:
            raise ValueError(f"{side}: id {a.id!r} appears more than once")
    return out


class _Problem:
    """Both sides sorted by id, indexed, scored and bucketed; shared by ``match`` and its reports."""

    def __init__(self, participants: Iterable[Participant], providers: Iterable[Provider], config: Config):
        self.config = config
        self.participants = _sorted_unique(participants, "participants")
        self.providers = _sorted_unique(providers, "providers")
        self.p_index = {p.id: i for i, p in enumerate(self.participants)}
        self.m_index = {q.id: j for j, q in enumerate(self.providers)}
        self.scorer = Scorer(self.participants, self.providers, config)
        kinds = sorted({q.kind for q in self.providers}) or ["mentor"]
        self.noun = noun_key(kinds[0], config)

    def pair_ids(self, pairs: Iterable[tuple[str, str]], what: str) -> list[tuple[int, int]]:
        out = []
        for pair in pairs:
            try:
                pid, mid = pair
            except (TypeError, ValueError):
                raise ValueError(f"{what}: {pair!r} is not a (participant id, provider id) pair") from None
            if pid not in self.p_index:
                raise ValueError(f"{what}: unknown participant id {pid!r}")
            if mid not in self.m_index:
                raise ValueError(f"{what}: unknown provider id {mid!r}")
            out.append((self.p_index[pid], self.m_index[mid]))
        return out

    @functools.cached_property
    def trained(self) -> np.ndarray:
        return trained_ok(self.providers, self.config)

    def why_not(self, i: int, j: int) -> str | None:
        """The hard constraint a single pair breaks, or None (the limits the unmatched reasons are told by)."""
        p, q = self.participants[i], self.providers[j]
        if not p.eligible:
            return f"participant {p.id} is not eligible"
        if q.capacity <= 0:
            return f"{q.id} has no capacity"
        a, b = np.array([i], dtype=np.int64), np.array([j], dtype=np.int64)
        broken = limits(self.scorer, a, b, excluded_keys((), 1), self.trained)
        if broken.untrained[0]:
            return f"mentor {q.id} is not trained"
        if broken.no_language[0]:
            return f"no shared language at {self.config.min_language_level} or better"
        if broken.too_far[0]:
            return f"{broken.km[0]:.0f} km apart, more than {self.config.max_distance_km:g} km"
        return None


def match(
    participants: Iterable[Participant],
    providers: Iterable[Provider],
    config: Config | None = None,
    pins: Iterable[tuple[str, str]] = (),
    exclusions: Iterable[tuple[str, str]] = (),
) -> MatchResult:
    """Propose an exact plan: most participants matched, then the highest total score.

    Every hard constraint holds in the plan: eligibility, trained mentors, a shared language at the minimum
    level, the distance limit, provider capacity, the coordinator's pins (kept) and exclusions (never made).
    The result does not depend on the order of the input rows.

    Parameters
    ----------
    participants, providers
        The two sides. For the talent programme the providers are job openings with ``capacity`` = positions.
    config
        Weights and hard limits (``Config()`` by default).
    pins
        ``(participant id, provider id)`` pairs the coordinator fixed; they must satisfy the hard constraints.
    exclusions
        Pairs never to make.

    Returns
    -------
    MatchResult

    Examples
    --------
    >>> from stafet.matching import Participant, Provider, match
    >>> people = [Participant("p1", 55.68, 12.57, {"en": "C1"}, industry="J"),
    ...           Participant("p2", 55.68, 12.57, {"en": "B2"}, industry="J")]
    >>> mentors = [Provider("m1", 55.77, 12.50, {"en": "C2"}, industry="J", capacity=2)]
    >>> result = match(people, mentors)
    >>> [(pair.participant_id, pair.provider_id) for pair in result.pairs], result.stats.optimal
    ([('p1', 'm1'), ('p2', 'm1')], True)
    """
    return _run(participants, providers, config, pins, exclusions)[0]


#: Large runs first solve over each participant's best few candidates and add more only where the LP's dual
#: prices say a left-out pair could improve the plan (column generation). Runs with at most ``SMALL_RUN``
#: candidate pairs in all are solved over every candidate at once.
FIRST_K = 12
SMALL_RUN = 20_000


def _run(participants, providers, config, pins, exclusions, *, all_pairs: bool = False):
    """``match`` with its working parts, for the command line (``all_pairs``: every candidate pair, too)."""
    started = time.perf_counter()
    config = config or Config()
    prob = _Problem(participants, providers, config)
    s = prob.scorer
    n, m = len(prob.participants), len(prob.providers)
    pin_idx = prob.pair_ids(pins, "pins")
    excluded = set(prob.pair_ids(exclusions, "exclusions"))
    capacity = s.capacity.copy()
    pinned_rows = _check_pins(prob, pin_idx, excluded, capacity)
    free_rows = np.ones(n, dtype=bool)
    free_rows[list(pinned_rows)] = False
    index = Index(s, capacity > 0, excluded)
    cand, plan, optimal = _solve(index, free_rows, capacity, config.candidate_cap)

    pin_i = np.array(sorted(pinned_rows), dtype=np.int64)
    pin_j = np.array([pinned_rows[i] for i in pin_i.tolist()], dtype=np.int64)
    pin_scores = s.scores(pin_i, pin_j) if len(pin_i) else np.zeros(0, dtype=np.int64)
    g_matched, g_score = greedy(cand.rows, cand.cols, cand.scores, capacity, n)

    rows = np.r_[pin_i, np.flatnonzero(plan.match >= 0)]
    cols = np.r_[pin_j, plan.match[plan.match >= 0]]
    order = np.argsort(rows, kind="stable")
    rows, cols = rows[order], cols[order]
    with few_collections():
        pairs = _pairs(prob, cand, rows, cols, set(pinned_rows))
        reasons = _unmatched(prob, cand, rows, cols, pinned_rows, excluded)
        # The texts are rendered when read (a page shows a few; a file writes them all).
        unmatched = {pid: Rendered(explain_reason, reason) for pid, reason in reasons.items()}
    total = int(plan.score + pin_scores.sum())
    stats = Stats(
        participants=n,
        providers=m,
        matched=len(pairs),
        objective=total,
        greedy_matched=g_matched + len(pin_i),
        greedy_objective=int(g_score + pin_scores.sum()),
        candidate_pairs=len(cand.rows),
        components=plan.components,
        optimal_over_candidates=plan.proven,
        optimal=bool(optimal),
        seconds=round(time.perf_counter() - started, 3),
    )
    result = MatchResult(tuple(pairs), MappingProxyType(unmatched), stats, MappingProxyType(reasons))
    if all_pairs and config.candidate_cap is not None:
        cand = index.best(free_rows, config.candidate_cap)
    return result, prob, cand, pinned_rows


def _solve(index: Index, free_rows: np.ndarray, capacity: np.ndarray, cap: int | None):
    """The exact plan over each participant's best ``cap`` candidates, and whether it is optimal over all pairs.

    Returns the candidate pairs solved over (a subset of the best ``cap`` of each participant, sorted like
    :class:`Candidates`), the plan, and whether no qualifying pair at all could improve it.

    Column generation: every participant starts with its best ``FIRST_K`` candidates. After each solve, a
    participant is settled when no pair it left out has a positive reduced cost: at once when its price ``u``
    covers ``bonus`` + the bound on its left-out pairs (provider prices are never negative), else when
    :meth:`Index.violated` finds none, ruling out whole groups of providers by their best score less their least
    price. A participant that is not settled gets its best ``GROWTH`` times as many candidates, up to ``cap``
    (then it is *complete*: it has all its best ``cap``). Nothing is ever listed beyond a participant's best
    ``cap``, so memory is O(participants x ``cap``) whatever the number of qualifying pairs. Each round grows
    some participant's candidates or ends, so this ends; the final prices certify the plan over every
    candidate, and the same check over the complete participants tells whether it is optimal over all pairs.
    """
    n = len(free_rows)
    if cap is None:
        rows = index._rows(free_rows)
        pi, pj, sc = index.at_least(rows, np.zeros(len(rows), dtype=np.int64))
        cand = Candidates(pi, pj, sc, np.full(n, -1, dtype=np.int64))
        plan = assign(pi, pj, sc, capacity, n)
        return cand, plan, plan.proven
    first = cap if cap <= FIRST_K or int(free_rows.sum()) * cap <= SMALL_RUN else FIRST_K
    cand = index.best(free_rows, first)
    rows, cols, scores = cand.rows.astype(np.int64), cand.cols.astype(np.int64), cand.scores.astype(np.int64)
    bound = cand.threshold.copy()  # every qualifying pair left out scores at most this (-1: none left out)
    fetched = np.full(n, first, dtype=np.int64)
    # Complete: the participant has all its best ``cap`` candidates; ``bound`` then covers the pairs beyond.
    complete = (bound < 0) | (first >= cap)
    warm: tuple[Assignment, np.ndarray] | None = None
    while True:
        # Each round starts from the last plan and its prices and searches again only for the participants whose
        # candidates grew (and those it left unmatched): the rest of the plan stays optimal (assign proves it).
        plan = assign(rows, cols, scores, capacity, n, warm, components=False)
        need = _unsettled(index, plan, np.flatnonzero(~complete & free_rows), bound)
        if len(need) == 0:
            break
        warm = (plan, need)
        grow = np.minimum(fetched[need] * GROWTH, cap)
        # The last step takes the rest at once; so does a participant left unmatched (its price is 0, so only its
        # providers' prices keep its pairs out, and its edges are read once per solve, when it starts a search).
        grow[(grow * 2 > cap) | (plan.match[need] < 0)] = cap
        stays = ~np.isin(rows, need)
        more_r, more_c, more_s = [rows[stays]], [cols[stays]], [scores[stays]]
        for k in np.unique(grow).tolist():
            these = need[grow == k]
            mask = np.zeros(n, dtype=bool)
            mask[these] = True
            # A participant's best k include its best k' < k: its old candidates are replaced, never lost.
            got = index.best(mask, k)
            more_r.append(got.rows.astype(np.int64))
            more_c.append(got.cols.astype(np.int64))
            more_s.append(got.scores.astype(np.int64))
            bound[these] = got.threshold[these]
            fetched[these] = k
            complete[these] = (got.threshold[these] < 0) | (k >= cap)
        rows, cols, scores = np.concatenate(more_r), np.concatenate(more_c), np.concatenate(more_s)
        order = top_k(rows, cols, scores, None)
        rows, cols, scores = rows[order], cols[order], scores[order]
    cand = Candidates(rows, cols, scores.astype(np.int32), bound)
    plan = dataclasses.replace(plan, components=_components(rows, cols, capacity, n) if len(rows) else 0)
    beyond = _unsettled(index, plan, np.flatnonzero(complete & free_rows), bound)
    return cand, plan, plan.proven and len(beyond) == 0


#: A participant that needs more candidates gets this many times as many as it had.
GROWTH = 4


def _unsettled(index: Index, plan: Assignment, rows: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Those of ``rows`` with a qualifying pair outside their candidates that has a positive reduced cost.

    Pairs in the candidates have none (the prices are feasible there). A row whose price covers ``bonus`` + the
    bound on its left-out pairs has none either (provider prices are never negative); the others are searched
    with the providers' prices (:meth:`Index.violated`).
    """
    rows = rows[(bound[rows] >= 0) & (plan.row_price[rows] < plan.bonus + bound[rows])]
    if len(rows) == 0:
        return rows
    return rows[index.violated(rows, plan.row_price[rows] - plan.bonus, plan.col_price)]


def _pairs(prob: _Problem, cand: Candidates, rows: np.ndarray, cols: np.ndarray, pinned: set[int]) -> list[Pair]:
    s, config = prob.scorer, prob.config
    if len(rows) == 0:
        return []
    parts = s.parts(rows, cols)
    distances = s.distance_km(rows, cols)
    # The next best provider of each matched participant among its candidates.
    # Candidates are sorted by participant, then score: the best one that is not the match, in one step.
    # With every participant pinned there are no candidates at all, hence no next best either.
    if len(cand.cols):
        starts = np.searchsorted(cand.rows, rows)
        ends = np.searchsorted(cand.rows, rows, side="right")
        last = len(cand.cols) - 1
        nb = starts + ((starts < ends) & (cand.cols[np.minimum(starts, last)] == cols))
        has_next = (nb < ends).tolist()
        nb = np.minimum(nb, last)
        next_col, next_scores = cand.cols[nb].tolist(), cand.scores[nb].tolist()
    else:
        has_next, next_col, next_scores = [False] * len(rows), [0] * len(rows), [0] * len(rows)
    part_rows = parts.tolist()
    terms = s.shared_terms(rows, cols)
    out = []
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        p, q = prob.participants[i], prob.providers[j]
        score = sum(part_rows[k])
        part_map = MappingProxyType(dict(zip(PARTS, part_rows[k], strict=True)))
        next_best = next_score = None
        if has_next[k]:
            next_best, next_score = prob.providers[next_col[k]].id, next_scores[k]
        close = next_score is not None and next_score >= score - config.close_call_margin
        facts = pair_facts(p, q, part_map, float(distances[k]), terms[k], config)
        explanation = Rendered(render_facts, facts)
        out.append(Pair(p.id, q.id, score, part_map, explanation, i in pinned, close, next_best, next_score, facts))
    return out


def _check_pins(
    prob: _Problem, pin_idx: list[tuple[int, int]], excluded: set[tuple[int, int]], capacity: np.ndarray
) -> dict[int, int]:
    """The pins as {row: column}, checked in the order given, so that the pin which breaks a rule (the second pin
    of a participant, the pin beyond a provider's capacity) is the one blamed; ``capacity`` is reduced by them."""
    pinned_rows: dict[int, int] = {}
    for i, j in dict.fromkeys(pin_idx):
        pid, mid = prob.participants[i].id, prob.providers[j].id
        if (i, j) in excluded:
            raise PinError((pid, mid), f"pins: ({pid}, {mid}) is also excluded")
        if i in pinned_rows:
            other = prob.providers[pinned_rows[i]].id
            raise PinError((pid, mid), f"pins: ({pid}, {mid}): participant {pid!r} is already pinned to {other!r}")
        problem = prob.why_not(i, j)
        if problem:
            raise PinError((pid, mid), f"pins: ({pid}, {mid}) breaks a hard limit: {problem}")
        capacity[j] -= 1
        if capacity[j] < 0:
            places = prob.providers[j].capacity
            raise PinError((pid, mid), f"pins: ({pid}, {mid}) is one pin more than {mid!r} has places ({places})")
        pinned_rows[i] = j
    return pinned_rows


def _unmatched(
    prob: _Problem,
    cand: Candidates,
    rows: np.ndarray,
    cols: np.ndarray,
    pinned: dict[int, int],
    excluded: set[tuple[int, int]],
) -> dict[str, Reason]:
    """Why each participant the plan leaves out is unmatched (see :mod:`stafet.matching.diagnose`)."""
    s, people, others = prob.scorer, prob.participants, prob.providers
    return diagnose(s, people, others, rows, cols, pinned, excluded, (cand.rows, cand.cols), prob.noun)


def match_dual(
    participants: Sequence[Participant],
    business_mentors: Iterable[Provider],
    volunteers: Iterable[Provider],
    business_config: Config | None = None,
    volunteer_config: Config | None = None,
    *,
    pins: Iterable[tuple[str, str]] = (),
    exclusions: Iterable[tuple[str, str]] = (),
    volunteers_for_matched_only: bool = False,
) -> tuple[MatchResult, MatchResult]:
    """Dual mentoring: a business mentor in round one, then a volunteer (community) mentor in round two.

    Each participant gets at most one of each. Pins and exclusions may name providers of either round.
    With ``volunteers_for_matched_only`` only participants who got a business mentor enter round two.

    Examples
    --------
    >>> from stafet.matching import Participant, Provider, match_dual
    >>> people = [Participant("p1", 55.73, 12.36, {"da": "B1", "ar": "native"})]
    >>> business = [Provider("kmd1", 55.73, 12.36, {"da": "native"})]
    >>> volunteers = [Provider("rk1", 55.74, 12.37, {"da": "native", "ar": "C1"}, kind="volunteer")]
    >>> first, second = match_dual(people, business, volunteers)
    >>> first.pairs[0].provider_id, second.pairs[0].provider_id
    ('kmd1', 'rk1')
    """
    business_mentors = list(business_mentors)
    volunteers = list(volunteers)
    business_ids = {q.id for q in business_mentors}
    volunteer_ids = {q.id for q in volunteers}
    pins, exclusions = list(pins), list(exclusions)
    for _, mid in [*pins, *exclusions]:
        if mid not in business_ids and mid not in volunteer_ids:
            raise ValueError(f"pins/exclusions: unknown provider id {mid!r}")
    first = match(
        participants,
        business_mentors,
        business_config,
        [x for x in pins if x[1] in business_ids],
        [x for x in exclusions if x[1] in business_ids],
    )
    second_round = list(participants)
    if volunteers_for_matched_only:
        got = {pair.participant_id for pair in first.pairs}
        second_round = [p for p in participants if p.id in got]
    second = match(
        second_round,
        volunteers,
        volunteer_config or business_config,
        [x for x in pins if x[1] in volunteer_ids],
        [x for x in exclusions if x[1] in volunteer_ids],
    )
    return first, second


def rank_candidates(
    opening: Provider, participants: Iterable[Participant], config: Config | None = None, top: int = 10
) -> list[Ranked]:
    """The best participants for one job opening (talent programme), best first, ties by participant id.

    Only participants who pass every hard constraint for the opening are ranked.

    Examples
    --------
    >>> from stafet.matching import Occupation, Participant, Provider, rank_candidates
    >>> job = Provider("o1", 56.15, 10.20, {"da": "B1"}, kind="opening", occupation="7212", opening_type="job")
    >>> people = [Participant("a", 56.16, 10.21, {"da": "B1"}, occupations=(Occupation("7212", 3),)),
    ...           Participant("b", 56.16, 10.21, {"da": "B2"})]
    >>> [r.participant_id for r in rank_candidates(job, people)]
    ['a', 'b']
    """
    config = config or Config()
    prob = _Problem(participants, [opening], config)
    s = prob.scorer
    n = len(prob.participants)
    pi = np.arange(n, dtype=np.int64)
    pj = np.zeros(n, dtype=np.int64)
    ok = s.qualifies(pi, pj) if n else np.zeros(0, dtype=bool)
    pi, pj = pi[ok], pj[ok]
    if len(pi) == 0:
        return []
    parts = s.parts(pi, pj)
    scores = parts.sum(axis=1)
    order = np.lexsort((pi, -scores))[:top]
    distances = s.distance_km(pi[order], pj[order])
    out = []
    for k, e in enumerate(order.tolist()):
        i = int(pi[e])
        part_map = MappingProxyType({name: int(v) for name, v in zip(PARTS, parts[e].tolist(), strict=True)})
        facts = pair_facts(
            prob.participants[i],
            opening,
            part_map,
            float(distances[k]),
            s.shared_terms(np.array([i]), np.array([0]))[0],
            config,
        )
        out.append(
            Ranked(prob.participants[i].id, int(scores[e]), part_map, MappingProxyType(render_facts(facts)), facts)
        )
    return out


def warm_up() -> float:
    """Run every compiled kernel once on a tiny problem (compiling it, or loading it from the disk cache).

    ``bin/setup`` calls this so that the first real run does not pay for compilation. Returns the seconds taken.
    """
    started = time.perf_counter()
    people = [Participant(f"p{i}", 55.68, 12.57 + i / 100, {"da": "B2"}, competences="python") for i in range(3)]
    mentors = [Provider(f"m{j}", 55.70, 12.55, {"da": "native"}, competences="python sql") for j in range(2)]
    match(people, mentors, Config(candidate_cap=1))  # best k, at least a floor, the solver, scores, words
    match(people, mentors, Config(candidate_cap=None))
    index = Index(_Problem(people, mentors, Config()).scorer, np.ones(len(mentors), dtype=bool))
    index.violated(np.arange(len(people)), np.zeros(len(people), dtype=np.int64), np.zeros(len(mentors), np.int64))
    return time.perf_counter() - started
