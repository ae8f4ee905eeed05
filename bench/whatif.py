"""Benchmark of the coordinator's what-if (``stafet.matching.whatif``) against a plain match in the same run.

Usage: .venv/bin/python bench/whatif.py [--sizes 100 1000 10000] [--population bench] [--km 40] [--seed 1]
       [--helps-up-to 1000] [--max-solves 200] [--repeat 3]

For each size, a cohort of ``n`` participants and its providers is generated as in ``bench/matching.py`` (the same
populations, fixed seed), with the programme's default limits (40 km, B1) unless told otherwise. Timed, each the
median of ``--repeat`` runs (one at 10,000):

- the plain match (``match``: the whole pipeline with explanations and reasons);
- each kind of what-if, as the page runs it: the plan now and the plan after the change, both solved
  (``what_if`` without a base), and the change alone (``what_if`` given the plan now):
  a mentor's capacity + 1 (the full mentor most unmatched participants fit), a mentor added (a copy of that one),
  the distance limit + 5 km, the language level one step lower, a site moved (every provider of the first site
  label to the second's place);
- "where it helps most" (``where_it_helps``), with the number of plans it solved and whether it tried every
  candidate change within ``--max-solves``; only for sizes up to ``--helps-up-to``.

Every ratio is to the plain match of the same size in the same run. Wall-clock seconds; the machine's load average
at the start is printed (on a shared machine the figures move with it).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stafet.matching import CEFR_LEVELS, Config, match  # noqa: E402
from stafet.matching.engine import warm_up  # noqa: E402
from stafet.matching.whatif import (  # noqa: E402
    AddProvider,
    MoveProviders,
    SetCapacity,
    SetDistance,
    SetLanguage,
    Situation,
    what_if,
    where_it_helps,
)

_spec = importlib.util.spec_from_file_location("bench_matching", ROOT / "bench" / "matching.py")
assert _spec and _spec.loader
bench_matching = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_matching)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def changes(situation: Situation, base) -> dict[str, object]:
    """One change of each kind, chosen where it matters in this cohort."""
    named: dict[str, int] = {}
    for reason in base.reasons.values():
        for o in reason.obstacles:
            if o.code == "taken":
                named[o.provider_id] = named.get(o.provider_id, 0) + 1
    providers = {q.id: q for q in situation.providers}
    busiest = max(named, key=lambda q: (named[q], q)) if named else situation.providers[0].id
    q = providers[busiest]
    config = situation.config
    sites = sorted({p.site for p in situation.providers})
    first = tuple(p.id for p in situation.providers if p.site == sites[0])
    target = next(p for p in situation.providers if p.site == sites[min(1, len(sites) - 1)])
    level = CEFR_LEVELS[max(CEFR_LEVELS.index(config.min_language_level) - 1, 0)]
    return {
        "capacity + 1": SetCapacity(q.id, q.capacity + 1),
        "add a mentor": AddProvider(type(q)(**{**q.__dict__, "id": "added", "capacity": 1})),
        "distance + 5 km": SetDistance(config.max_distance_km + 5),
        f"language {config.min_language_level} -> {level}": SetLanguage(level),
        "move a site": MoveProviders(first, target.lat, target.lng, target.site),
    }


def run(n: int, args: argparse.Namespace) -> None:
    people, providers = bench_matching.population(n, args.population, args.seed)
    config = Config(max_distance_km=args.km)
    situation = Situation.of(people, providers, config)
    repeat = 1 if n >= 10_000 else args.repeat
    plain, base = timed(lambda: match(people, providers, config), repeat)
    waiting = sum(1 for r in base.reasons.values() if r.code != "ineligible")
    print(f"\n{n:,} participants, {len(providers):,} providers ({args.population}), {args.km:g} km, B1: "
          f"{base.stats.matched:,} matched, {waiting:,} eligible and unmatched")  # fmt: skip
    print(f"{'what':<34} {'seconds':>9} {'x plain':>8}  answer")
    print(
        f"{'plain match':<34} {plain:>9.3f} {1.0:>8.2f}  {base.stats.matched:,} matched, score {base.stats.objective:,}"
    )
    for label, change in changes(situation, base).items():
        page, outcome = timed(lambda c=change: what_if(situation, [c]), repeat)
        alone, _ = timed(lambda c=change: what_if(situation, [c], base), repeat)
        answer = f"{outcome.matched:,} matched ({outcome.gained:+d}), score {outcome.score_change:+,}"
        print(f"{'what-if ' + label:<34} {page:>9.3f} {page / plain:>8.2f}  {answer}")
        print(f"{'  the change alone (plan now given)':<34} {alone:>9.3f} {alone / plain:>8.2f}")
    if n <= args.helps_up_to:
        started = time.perf_counter()
        helps = where_it_helps(situation, base, max_solves=args.max_solves)
        took = time.perf_counter() - started
        found = sum(1 for s in helps.suggestions.values() if s)
        print(f"{'where it helps most':<34} {took:>9.3f} {took / plain:>8.2f}  {helps.solves} plans solved, "
              f"{'every candidate change tried' if helps.complete else 'stopped at --max-solves'}; a change found "
              f"for {found:,} of {len(helps.suggestions):,} waiting")  # fmt: skip
    else:
        print(f"{'where it helps most':<34} {'-':>9} {'-':>8}  not run above --helps-up-to {args.helps_up_to:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--population", default="bench", choices=sorted(bench_matching.POPULATIONS))
    parser.add_argument("--km", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--helps-up-to", type=int, default=1000)
    parser.add_argument("--max-solves", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warm_up()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    for n in args.sizes:
        run(n, args)


if __name__ == "__main__":
    main()
