"""An independent check of a plan written by ``stafet match``: the hard limits recomputed from the input files'
own numbers (haversine distance, CEFR levels), and the optimum re-solved from ``--all-pairs`` with OR-Tools
and, on tiny cohorts, by brute force. Nothing here uses the engine's code."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


@dataclass
class Person:
    """One row of a test cohort, as written to a file: a participant or a provider."""

    id: str
    lat: float
    lng: float
    languages: dict[str, str]
    eligible: bool = True
    capacity: int = 1
    trained: bool = True
    occupation: str = ""
    industry: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def haversine_km(a: Person, b: Person) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lng, b.lat, b.lng))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def shared_level(a: Person, b: Person) -> int:
    """Strength (1-7) of the best language both speak, by the weaker of the two levels; 0 if none."""
    return max(
        [min(CEFR.index(a.languages[c]), CEFR.index(b.languages[c])) + 1 for c in a.languages if c in b.languages]
        or [0]
    )


def qualifying(
    people: Sequence[Person],
    providers: Sequence[Person],
    *,
    max_km: float = 40.0,
    min_level: str = "B1",
    require_trained: bool = True,
    openings: bool = False,
) -> set[tuple[str, str]]:
    """Every pair that passes the documented hard limits (capacity above zero; not yet pins or exclusions)."""
    need = CEFR.index(min_level) + 1
    return {
        (p.id, q.id)
        for p in people
        for q in providers
        if p.eligible
        and q.capacity > 0
        and (q.trained or openings or not require_trained)
        and shared_level(p, q) >= need
        and haversine_km(p, q) <= max_km
    }


def _after_pins(scores, capacity, pins) -> tuple[list[tuple[str, str, int]], dict[str, int], tuple[int, int]]:
    """The pairs still open once the pins are made, the capacity left, and what the pins give."""
    pins = list(pins)
    left = dict(capacity)
    for _, q in pins:
        left[q] -= 1
    pinned = {p for p, _ in pins}
    edges = [(p, q, s) for (p, q), s in sorted(scores.items()) if p not in pinned and left[q] > 0]
    return edges, left, (len(pins), sum(scores[x] for x in pins))


def optimum(
    scores: Mapping[tuple[str, str], int], capacity: Mapping[str, int], pins: Iterable[tuple[str, str]] = ()
) -> tuple[int, int]:
    """(matched, total score), most matched first, over the scored pairs; pins forced. OR-Tools min-cost flow."""
    edges, left, base = _after_pins(scores, capacity, pins)
    people = sorted({p for p, _, _ in edges})
    others = sorted({q for _, q, _ in edges})
    if not edges:
        return base
    n = len(people)
    at = {p: i for i, p in enumerate(people)} | {q: n + j for j, q in enumerate(others)}
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + len(others), n + len(others) + 1
    for p in people:
        flow.add_arc_with_capacity_and_unit_cost(source, at[p], 1, 0)
    for p, q, s in edges:
        flow.add_arc_with_capacity_and_unit_cost(at[p], at[q], 1, -s)
    for q in others:
        flow.add_arc_with_capacity_and_unit_cost(at[q], sink, left[q], 0)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    assert flow.solve_max_flow_with_min_cost() == flow.OPTIMAL
    return base[0] + flow.maximum_flow(), base[1] - flow.optimal_cost()


def brute_force(
    scores: Mapping[tuple[str, str], int], capacity: Mapping[str, int], pins: Iterable[tuple[str, str]] = ()
) -> tuple[int, int]:
    """The same optimum by trying every assignment (tiny cohorts only)."""
    edges, left, base = _after_pins(scores, capacity, pins)
    options: dict[str, list[tuple[str, int]]] = {}
    for p, q, s in edges:
        options.setdefault(p, []).append((q, s))
    people = sorted(options)

    def best(k: int) -> tuple[int, int]:
        if k == len(people):
            return 0, 0
        result = best(k + 1)
        for q, s in options[people[k]]:
            if left[q] > 0:
                left[q] -= 1
                matched, total = best(k + 1)
                left[q] += 1
                result = max(result, (matched + 1, total + s))
        return result

    matched, total = best(0)
    return base[0] + matched, base[1] + total
