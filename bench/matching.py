"""Benchmark of Stafet's matching engine against OR-Tools (reference) and a greedy baseline.

Usage: .venv/bin/python bench/matching.py [--sizes 25 1000 10000 100000] [--k 200] [--km 60] [--seed 1]
       [--populations bench cap1 zealand seed] [--threads 2 1] [--memory-gb 8]

Populations (``POPULATIONS``): ``bench`` (about two places per participant), ``cap1`` (every capacity 1),
``zealand`` (85 % of both sides around Copenhagen, fewer places than people), ``seed`` (300 candidates for 50
positions). Each run's address space is capped (``--memory-gb``); ``--threads`` gives a row per thread count of
Stafet's kernels (OR-Tools uses one). Wall and CPU seconds are both reported, with the load average at the
start: on a shared machine the CPU seconds compare more fairly.

Each size runs in its own subprocess (so peak memory is that size's own). In the subprocess: a realistic
instance is generated with a fixed seed; Stafet's whole pipeline runs (``match``: candidates, scoring, solve,
dual-price proof, greedy baseline, explanations, unmatched reasons) with at most ``k`` candidates per
participant; then the reference's edge set is built, every participant's best ``k`` qualifying pairs, and
OR-Tools ``SimpleMinCostFlow.solve_max_flow_with_min_cost()`` solves it (source -> participant (1) -> provider
(1, cost -score) -> sink (capacity)); only its solve is timed. Greedy runs on the same edge set. Exits non-zero
if Stafet's (matched, score) differs from the reference's.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numba
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stafet.matching import GOALS, Config, Occupation, Participant, Provider  # noqa: E402
from stafet.matching.engine import _run  # noqa: E402
from stafet.reference import data as reference_data  # noqa: E402

WORDS = [
    "python",
    "java",
    "sql",
    "excel",
    "accounting",
    "audit",
    "welding",
    "steel",
    "cooking",
    "catering",
    "baking",
    "care",
    "nursing",
    "teaching",
    "sales",
    "logistics",
    "driving",
    "warehouse",
    "cleaning",
    "construction",
    "carpentry",
    "electrician",
    "plumbing",
    "design",
    "marketing",
    "law",
    "finance",
    "budgeting",
    "translation",
    "arabic",
    "customer",
    "service",
    "management",
    "projects",
    "data",
    "analysis",
    "research",
    "lab",
]
OCCUPATIONS = ["2512", "2511", "2421", "2411", "2142", "2144", "2221", "2611", "3322", "5120", "7212", "7512",
               "8322", "9112", "5322", "4110", "2310", "7411", "7115", "9333"]  # fmt: skip
INDUSTRIES = list("ACFGHIJKMNOPQRS")
# Weight towards the cities (inhabitants, rounded, in thousands) for the largest municipalities; others 40.
CITY_WEIGHT = {"0101": 650, "0751": 360, "0461": 205, "0851": 220, "0147": 105, "0561": 120, "0630": 115,
               "0157": 75, "0169": 55, "0265": 90, "0173": 56, "0621": 60, "0791": 100, "0607": 52,
               "0615": 95}  # fmt: skip


def municipalities() -> list[dict[str, str]]:
    return [
        {"code": m.code, "town": m.town, "lat": str(m.lat), "lng": str(m.lng)}
        for m in reference_data.municipalities().values()
    ]


#: The populations: (providers per participant, capacities, share of both sides placed around Copenhagen).
#: ``bench``: about two places per participant, almost everyone matched in the first round (the easy case).
#: ``cap1``: the same people, every capacity 1. ``zealand``: 85 % of people and sites within 60 km of
#: Copenhagen (16,000-31,000 qualifying pairs per participant at 100,000), a third as many providers as
#: participants, capacities 1-3 (about 0.7 places per participant). ``seed``: like the seed programmes, 300
#: candidates for 50 positions: a sixth as many providers, every capacity 1.
POPULATIONS = {
    "bench": (1.0, (1, 3), 0.0),
    "cap1": (1.0, (1, 1), 0.0),
    "zealand": (1 / 3, (1, 3), 0.85),
    "seed": (1 / 6, (1, 1), 0.0),
    "ties": (1 / 2, (1, 1), 0.0),
    "limit": (1 / 3, (1, 3), 0.0),
}
#: The adversarial populations. ``ties``: half as many providers as participants, every capacity 1, and a score
#: of two coarse parts only (industry and language, 500 points each), so that a score takes one of about ten
#: values and most pairs tie with many others. ``limit``: a third as many providers, capacities 1-3, and half
#: the participants placed exactly at the distance limit from a provider's site (in a random direction).
WEIGHTS = {"ties": {"industry": 500, "language": 500}}
AT_LIMIT = {"limit": 0.5}
COPENHAGEN = (55.676, 12.568)


def _km_from_copenhagen(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lng)
    la0, lo0 = np.radians(COPENHAGEN[0]), np.radians(COPENHAGEN[1])
    h = np.sin((la - la0) / 2) ** 2 + np.cos(la) * np.cos(la0) * np.sin((lo - lo0) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(h))


def population(n: int, kind: str, seed: int, km: float = 60.0) -> tuple[list[Participant], list[Provider]]:
    per, (low, high), dense = POPULATIONS[kind]
    participants, providers = instance(n, max(1, round(n * per)), seed, capacity=(low, high), dense=dense)
    share = AT_LIMIT.get(kind, 0.0)
    if share:
        rng = np.random.default_rng(seed + 1)
        at = np.flatnonzero(rng.random(n) < share)
        site = rng.integers(0, len(providers), len(at))
        bearing = rng.random(len(at)) * 2 * np.pi
        for i, j, theta in zip(at.tolist(), site.tolist(), bearing.tolist(), strict=True):
            lat, lng = at_distance(providers[j].lat, providers[j].lng, km, theta)
            participants[i] = dataclasses.replace(participants[i], lat=lat, lng=lng)
    return participants, providers


def at_distance(lat: float, lng: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` along the great circle from (``lat``, ``lng``) in direction ``bearing`` (radians)."""
    d = km / 6371.0088
    la, lo = np.radians(lat), np.radians(lng)
    la2 = np.arcsin(np.sin(la) * np.cos(d) + np.cos(la) * np.sin(d) * np.cos(bearing))
    lo2 = lo + np.arctan2(np.sin(bearing) * np.sin(d) * np.cos(la), np.cos(d) - np.sin(la) * np.sin(la2))
    return float(np.degrees(la2)), float(np.degrees(lo2))


def instance(
    n: int, m: int, seed: int, capacity: tuple[int, int] = (1, 3), dense: float = 0.0
) -> tuple[list[Participant], list[Provider]]:
    rng = np.random.default_rng(seed)
    towns = municipalities()
    lat = np.array([float(t["lat"]) for t in towns])
    lng = np.array([float(t["lng"]) for t in towns])
    weight = np.array([CITY_WEIGHT.get(t["code"], 40) for t in towns], dtype=float)
    home = rng.choice(len(towns), size=n, p=weight / weight.sum())
    # Company sites in a few dozen towns, the larger ones more likely.
    sites = rng.choice(len(towns), size=36, replace=False, p=weight / weight.sum())
    site_of = rng.choice(sites, size=m, p=weight[sites] / weight[sites].sum())
    if dense:
        # A share of both sides in the towns within 50 km of Copenhagen (the 60 km circle with the jitter).
        near = np.flatnonzero(_km_from_copenhagen(lat, lng) < 50)
        p_near = weight[near] / weight[near].sum()
        home = np.where(rng.random(n) < dense, rng.choice(near, size=n, p=p_near), home)
        near_sites = rng.choice(near, size=min(24, len(near)), replace=False, p=p_near)
        site_near = rng.choice(near_sites, size=m, p=weight[near_sites] / weight[near_sites].sum())
        site_of = np.where(rng.random(m) < dense, site_near, site_of)
    jitter = 0.05  # degrees, a few km
    participants = []
    for i in range(n):
        t = home[i]
        langs = {"da": str(rng.choice(["A1", "A2", "B1", "B2"], p=[0.2, 0.3, 0.3, 0.2]))}
        if rng.random() < 0.6:
            langs["en"] = str(rng.choice(["A2", "B1", "B2", "C1"]))
        langs[str(rng.choice(["ar", "fa", "ti", "uk", "so", "ps"]))] = "native"
        participants.append(
            Participant(
                f"p{i:06d}",
                float(lat[t] + rng.normal(0, jitter)),
                float(lng[t] + rng.normal(0, jitter)),
                langs,
                occupations=(Occupation(str(rng.choice(OCCUPATIONS)), float(rng.integers(0, 15))),),
                industry=str(rng.choice(INDUSTRIES)),
                education_level=str(rng.choice(["primary", "upper_secondary", "vocational", "bachelor", "master"])),
                competences=" ".join(rng.choice(WORDS, size=3, replace=False)),
                goal=str(rng.choice(GOALS, p=[0.7, 0.2, 0.1])),
                eligible=bool(rng.random() < 0.95),
            )
        )
    providers = []
    for j in range(m):
        t = site_of[j]
        langs = {"da": "native"}
        if rng.random() < 0.9:
            langs["en"] = str(rng.choice(["B2", "C1", "C2"]))
        if rng.random() < 0.05:
            langs["ar"] = "C1"
        providers.append(
            Provider(
                f"m{j:06d}",
                float(lat[t] + rng.normal(0, 0.01)),
                float(lng[t] + rng.normal(0, 0.01)),
                langs,
                occupation=str(rng.choice(OCCUPATIONS)),
                industry=str(rng.choice(INDUSTRIES)),
                education_level=str(rng.choice(["vocational", "short_cycle", "bachelor", "master"])),
                competences=" ".join(rng.choice(WORDS, size=3, replace=False)),
                capacity=int(rng.integers(capacity[0], capacity[1] + 1)),
                trained=True,
                goal=str(rng.choice(GOALS)),
                years_experience=float(rng.integers(5, 30)),
                leadership=bool(rng.random() < 0.4),
                site=f"{towns[t]['town']} site",
            )
        )
    return participants, providers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(n: int, k: int, km: float, seed: int, kind: str = "bench") -> dict:
    from ortools.graph.python import min_cost_flow

    from stafet.matching import match
    from stafet.matching.assign import greedy
    from stafet.matching.candidates import Index
    from stafet.matching.engine import warm_up

    participants, providers = population(n, kind, seed, km)
    weights = WEIGHTS.get(kind)
    config = Config(max_distance_km=km, min_language_level="B1", candidate_cap=k)
    if weights:
        config = dataclasses.replace(config, weights={part: weights.get(part, 0) for part in config.weights})
    # The compiled kernels are loaded from their on-disk cache (compiled on the very first run of a checkout);
    # that one-off cost is reported apart, not in the pipeline's time.
    t = time.perf_counter()
    warm_up()
    match(participants[:20], providers[:20], config)
    warm_s = time.perf_counter() - t
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    result, prob, cand, _ = _run(participants, providers, config, (), ())
    stafet_s, stafet_cpu = time.perf_counter() - t0, time.process_time() - c0
    stafet_mb = peak_mb()

    # The reference's edge set: every participant's best k qualifying pairs (Stafet solved over a subset of
    # them and proved, with dual prices, that the rest cannot improve its plan).
    t1 = time.perf_counter()
    s = prob.scorer
    edges = Index(s, s.available).best(np.ones(len(prob.participants), dtype=bool), k)
    edges_s = time.perf_counter() - t1
    nn, mm = len(prob.participants), len(prob.providers)
    capacity = np.array([q.capacity for q in prob.providers], dtype=np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = nn + mm, nn + mm + 1
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(nn, source), np.arange(nn), np.ones(nn, dtype=np.int64), np.zeros(nn, dtype=np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        edges.rows, nn + edges.cols, np.ones(len(edges.rows), dtype=np.int64), -edges.scores.astype(np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(nn + np.arange(mm), np.full(mm, sink), capacity, np.zeros(mm, np.int64))
    flow.set_node_supply(source, nn)
    flow.set_node_supply(sink, -nn)
    t2, c2 = time.perf_counter(), time.process_time()
    status = flow.solve_max_flow_with_min_cost()
    ref_s, ref_cpu = time.perf_counter() - t2, time.process_time() - c2
    assert status == flow.OPTIMAL, status
    t3 = time.perf_counter()
    g_matched, g_score = greedy(edges.rows, edges.cols, edges.scores, capacity, nn)
    greedy_s = time.perf_counter() - t3
    st = result.stats
    return {
        "population": kind,
        "n": n,
        "m": len(providers),
        "places": int(capacity.sum()),
        "threads": numba.get_num_threads(),
        "k": k,
        "edges": len(edges.rows),
        "stafet_edges": st.candidate_pairs,
        "warm_s": round(warm_s, 3),
        "stafet_s": round(stafet_s, 3),
        "edges_s": round(edges_s, 3),
        "reference_solve_s": round(ref_s, 3),
        "greedy_s": round(greedy_s, 3),
        "ratio": round(stafet_s / ref_s, 2) if ref_s > 0 else None,
        "stafet_cpu_s": round(stafet_cpu, 3),
        "reference_cpu_s": round(ref_cpu, 3),
        "cpu_ratio": round(stafet_cpu / ref_cpu, 2) if ref_cpu > 0 else None,
        "load": round(load, 1),
        "stafet_matched": st.matched,
        "stafet_objective": st.objective,
        "reference_matched": int(flow.maximum_flow()),
        "reference_objective": int(-flow.optimal_cost()),
        "greedy_matched": g_matched,
        "greedy_objective": g_score,
        "optimal_over_candidates": st.optimal_over_candidates,
        "optimal_all_pairs": st.optimal,
        "stafet_peak_mb": round(stafet_mb),
        "process_peak_mb": round(peak_mb()),
    }


def limit_memory(gb: float) -> None:
    """Cap this process's address space: a run that needs more fails with MemoryError instead of swapping."""
    cap = int(gb * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[25, 1000, 10_000, 100_000])
    ap.add_argument("--populations", nargs="+", default=["bench"], choices=sorted(POPULATIONS))
    ap.add_argument("--threads", type=int, nargs="+", default=[2], help="threads for Stafet's kernels, each a row")
    ap.add_argument("--memory-gb", type=float, default=8.0, help="address-space cap of each run (process)")
    ap.add_argument("--timeout", type=float, default=None, help="seconds before a run is stopped and reported")
    ap.add_argument("--k", type=int, default=200, help="candidates kept per participant")
    ap.add_argument("--km", type=float, default=60.0, help="maximum distance")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--population", default="bench", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        limit_memory(args.memory_gb)
        print(json.dumps(one(args.one, args.k, args.km, args.seed, args.population)))
        return 0
    failed = False
    header = (
        f"{'population':>10} {'n':>7} {'m':>7} {'places':>7} {'thr':>3} {'edges':>10} {'solved':>8} "
        f"{'stafet s':>9} {'ref solve s':>11} {'ratio':>6} {'matched':>7} {'objective':>11} {'ref objective':>13} "
        f"{'greedy obj':>10} {'greedy matched':>14} {'optimal':>8} {'peak MB':>8} {'load s':>7} "
        f"{'cpu s':>8} {'ref cpu s':>9} {'cpu ratio':>9} {'loadavg':>7}"
    )
    print(f"k = {args.k}, {args.km:g} km, seed {args.seed}, each run capped at {args.memory_gb:g} GB")
    print(header)
    for kind in args.populations:
        for n in args.sizes:
            for threads in args.threads:
                failed |= not _row(kind, n, threads, args)
    return 1 if failed else 0


def _row(kind: str, n: int, threads: int, args: argparse.Namespace) -> bool:
    cmd = [sys.executable, __file__, "--one", str(n), "--k", str(args.k), "--km", str(args.km)]
    cmd += ["--seed", str(args.seed), "--population", kind, "--memory-gb", str(args.memory_gb)]
    env = {**os.environ, "NUMBA_NUM_THREADS": str(threads)}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"{kind:>10} {n:>7} {threads:>3} threads: stopped after {args.timeout:g} s (not finished)")
        sys.stdout.flush()
        return False
    if out.returncode != 0:
        tail = "\n".join(out.stderr.strip().splitlines()[-3:])
        print(f"{kind:>10} {n:>7} failed (exit {out.returncode}):\n{tail}")
        sys.stdout.flush()
        return False
    r = json.loads(out.stdout.strip().splitlines()[-1])
    same = (r["stafet_matched"], r["stafet_objective"]) == (r["reference_matched"], r["reference_objective"])
    ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
    print(
        f"{kind:>10} {n:>7} {r['m']:>7} {r['places']:>7} {r['threads']:>3} {r['edges']:>10} {r['stafet_edges']:>8} "
        f"{r['stafet_s']:>9.3f} {r['reference_solve_s']:>11.3f} {ratio:>6} {r['stafet_matched']:>7} "
        f"{r['stafet_objective']:>11} {r['reference_objective']:>13} "
        f"{r['greedy_objective'] / max(r['stafet_objective'], 1):>10.1%} "
        f"{r['greedy_matched'] / max(r['stafet_matched'], 1):>14.1%} "
        f"{'proven' if r['optimal_all_pairs'] else 'cands':>8} {r['stafet_peak_mb']:>8} {r['warm_s']:>7.2f} "
        f"{r['stafet_cpu_s']:>8.2f} {r['reference_cpu_s']:>9.2f} {r['cpu_ratio'] or '-':>9} {r['load']:>7}"
        + ("" if same else "  MISMATCH")
        + ("" if r["ratio"] is None or r["ratio"] <= 1.0 else "  SLOWER than the reference")
    )
    sys.stdout.flush()
    return same


if __name__ == "__main__":
    sys.exit(main())
