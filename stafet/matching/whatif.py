"""What-if: try a change to a cohort without saving it, and find the single change that would match each
unmatched participant.

Built only on the engine's public entry point :func:`stafet.matching.match`: a what-if applies the changes to
copies of the inputs and solves again, so its figures are by construction those of a real re-run after the
change. The engine solves a cohort in a fraction of a second, so this is interactive.

The changes a coordinator can try:

- :class:`AddProvider`: another mentor (e.g. one of the programme's trained mentors not in this cohort);
- :class:`SetCapacity`: a mentor's free places;
- :class:`SetDistance`: the distance limit;
- :class:`SetLanguage`: the language level a pair must share;
- :class:`MoveProviders`: a company site moved, with every mentor placed there.

:func:`where_it_helps` finds, for each unmatched participant, the single changes that match them: the smallest
step of each kind found by solving again. The steps tried come from the engine's own diagnostics (the
structured reasons of the unmatched): the mentors that fit but whose places went to others or who are full
(capacity + 1, + 2, ...), the distances of the pairs only the distance limit rules out (each rounded up to a
whole km, tried in increasing order, so the first that matches the participant is the smallest of them), and the
language levels below the programme's. A suggestion is only ever made from a plan in which the participant is
matched, so applying it really matches them.

>>> from stafet.matching import Participant, Provider, match
>>> people = [Participant("p1", 55.68, 12.57, {"da": "B1"}), Participant("p2", 55.68, 12.57, {"da": "B1"})]
>>> mentors = [Provider("m1", 55.70, 12.55, {"da": "native"})]
>>> now = Situation.of(people, mentors)
>>> outcome = what_if(now, [SetCapacity("m1", 2)])
>>> outcome.base_matched, outcome.matched, outcome.newly_matched
(1, 2, ('p2',))
>>> [(s.change, s.before) for s in where_it_helps(now).suggestions["p2"]]
[(SetCapacity(provider_id='m1', capacity=2), 1)]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from stafet.matching import CEFR_LEVELS, Config, MatchResult, Participant, Provider, match

# -- the changes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddProvider:
    """Add a mentor (or opening) to the cohort."""

    provider: Provider


@dataclass(frozen=True)
class SetCapacity:
    """Give a provider ``capacity`` free places."""

    provider_id: str
    capacity: int


@dataclass(frozen=True)
class SetDistance:
    """Set the distance limit to ``km``."""

    km: float


@dataclass(frozen=True)
class SetLanguage:
    """Set the CEFR level a pair must share to ``level``."""

    level: str


@dataclass(frozen=True)
class MoveProviders:
    """Move the providers (the mentors of one company site) to another place."""

    provider_ids: tuple[str, ...]
    lat: float
    lng: float
    site: str = ""


Change = AddProvider | SetCapacity | SetDistance | SetLanguage | MoveProviders
#: The kinds of change, the least sweeping first: the order in which :func:`where_it_helps` offers them (one
#: mentor's capacity, one mentor more, then the programme's limits, which change every pair).
KINDS: tuple[type, ...] = (SetCapacity, AddProvider, SetDistance, SetLanguage, MoveProviders)


@dataclass(frozen=True)
class Situation:
    """Everything a plan is made from: both sides, the configuration and the coordinator's pins and exclusions."""

    participants: tuple[Participant, ...]
    providers: tuple[Provider, ...]
    config: Config = field(default_factory=Config)
    pins: tuple[tuple[str, str], ...] = ()
    exclusions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls,
        participants: Iterable[Participant],
        providers: Iterable[Provider],
        config: Config | None = None,
        pins: Iterable[tuple[str, str]] = (),
        exclusions: Iterable[tuple[str, str]] = (),
    ) -> Situation:
        return cls(tuple(participants), tuple(providers), config or Config(), tuple(pins), tuple(exclusions))

    def solve(self) -> MatchResult:
        """The engine's plan for this situation."""
        return match(self.participants, self.providers, self.config, self.pins, self.exclusions)


def _check_ids(ids: Iterable[str], known: Mapping[str, Provider], what: str) -> None:
    for pid in ids:
        if pid not in known:
            raise ValueError(f"{what}: unknown provider id {pid!r}")


def apply(situation: Situation, changes: Iterable[Change]) -> Situation:
    """The situation after ``changes``, applied in order (the inputs are not changed).

    Raises ``ValueError`` with the engine's own message for a change it refuses (an unknown provider id, a negative
    capacity, a distance of 0, an unknown language level).

    >>> s = apply(Situation.of([], [Provider("m1", 55.7, 12.5, {"da": "C1"})]), [SetDistance(60), SetCapacity("m1", 3)])
    >>> s.config.max_distance_km, s.providers[0].capacity
    (60, 3)
    """
    providers = {q.id: q for q in situation.providers}
    config = situation.config
    for change in changes:
        if isinstance(change, AddProvider):
            if change.provider.id in providers:
                raise ValueError(f"add: provider id {change.provider.id!r} is already in the cohort")
            providers[change.provider.id] = change.provider
        elif isinstance(change, SetCapacity):
            _check_ids([change.provider_id], providers, "capacity")
            providers[change.provider_id] = replace(providers[change.provider_id], capacity=change.capacity)
        elif isinstance(change, SetDistance):
            config = replace(config, max_distance_km=change.km)
        elif isinstance(change, SetLanguage):
            config = replace(config, min_language_level=change.level)
        elif isinstance(change, MoveProviders):
            _check_ids(change.provider_ids, providers, "move")
            for pid in change.provider_ids:
                old = providers[pid]
                providers[pid] = replace(old, lat=change.lat, lng=change.lng, site=change.site or old.site)
        else:
            raise ValueError(f"unknown change {change!r}")
    return replace(situation, providers=tuple(providers.values()), config=config)


# -- one what-if ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A what-if against the current plan: how many are matched and the total score (0-1000 a pair), before and
    after, and who is matched only after the change or no longer after it."""

    matched: int
    objective: int
    base_matched: int
    base_objective: int
    newly_matched: tuple[str, ...]
    no_longer_matched: tuple[str, ...]
    result: MatchResult

    @property
    def gained(self) -> int:
        return self.matched - self.base_matched

    @property
    def score_change(self) -> int:
        return self.objective - self.base_objective


def _matched_ids(result: MatchResult) -> set[str]:
    return {pair.participant_id for pair in result.pairs}


def compare(base: MatchResult, result: MatchResult) -> Outcome:
    """The outcome of ``result`` against ``base``."""
    before, after = _matched_ids(base), _matched_ids(result)
    return Outcome(
        matched=result.stats.matched,
        objective=result.stats.objective,
        base_matched=base.stats.matched,
        base_objective=base.stats.objective,
        newly_matched=tuple(sorted(after - before)),
        no_longer_matched=tuple(sorted(before - after)),
        result=result,
    )


def what_if(situation: Situation, changes: Sequence[Change], base: MatchResult | None = None) -> Outcome:
    """Solve ``situation`` after ``changes`` and compare with ``base`` (the plan without them; solved here when not
    given). Nothing outside is changed."""
    changed = apply(situation, changes)
    base = base if base is not None else situation.solve()
    return compare(base, changed.solve())


# -- where it helps most ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A single change that matches ``participant_id``: ``before`` is the value it changes (the provider's capacity,
    the distance limit, the language level; ``None`` for an added provider); ``matched`` and ``objective`` are the
    plan's after the change."""

    participant_id: str
    change: Change
    before: int | float | str | None
    matched: int
    objective: int


@dataclass(frozen=True)
class Helps:
    """For each unmatched participant (eligible), the single changes that match them, best first (the kinds in
    :data:`KINDS` order, then most participants matched, then the highest total score); an empty
    tuple when none of the changes tried does. ``solves`` is the number of plans solved; ``complete`` is false when
    ``max_solves`` stopped the search before every candidate change was tried."""

    suggestions: Mapping[str, tuple[Suggestion, ...]]
    solves: int
    complete: bool


def _sort_key(s: Suggestion) -> tuple[int, int, int]:
    return (KINDS.index(type(s.change)), -s.matched, -s.objective)


class _Search:
    """The search of :func:`where_it_helps`: solves after single changes, within a budget of solves."""

    def __init__(self, situation: Situation, base: MatchResult, waiting: list[str], max_solves: int):
        self.situation, self.base, self.waiting = situation, base, waiting
        self.providers = {q.id: q for q in situation.providers}
        self.found: dict[str, list[Suggestion]] = {pid: [] for pid in waiting}
        self.left, self.solves, self.ran_out = max_solves, 0, False

    def attempt(self, change: Change, before: int | float | str | None, wanted: Iterable[str]) -> set[str]:
        """Solve after ``change`` and record it for every participant of ``wanted`` it matches (those it returns);
        nothing when the budget of solves is spent."""
        if self.left <= 0:
            self.ran_out = True
            return set()
        self.left -= 1
        self.solves += 1
        result = apply(self.situation, [change]).solve()
        got = _matched_ids(result) & set(wanted)
        for pid in got:
            self.found[pid].append(Suggestion(pid, change, before, result.stats.matched, result.stats.objective))
        return got

    def capacities(self, max_step: int) -> None:
        """Raise, one provider at a time, the capacity of each that fits an unmatched participant but whose places
        went to others or who has none: by 1, then by more for those it has not matched yet."""
        wants: dict[str, set[str]] = {}
        for pid in self.waiting:
            for o in self.base.reasons[pid].obstacles:
                if o.code in ("taken", "full") and o.provider_id in self.providers:
                    wants.setdefault(o.provider_id, set()).add(pid)
        # The providers most unmatched participants fit first, so that a small budget goes where it helps most.
        for qid in sorted(wants, key=lambda qid: (-len(wants[qid]), qid)):
            q, still = self.providers[qid], set(wants[qid])
            matched: set[str] = set()
            for step in range(1, max_step + 1):
                if not still or self.left <= 0:
                    self.ran_out = self.ran_out or bool(still)
                    break
                # A participant a smaller step matched is not offered the larger one: it is not their smallest.
                got = self.attempt(SetCapacity(qid, q.capacity + step), q.capacity, set(self.waiting) - matched)
                matched |= got
                still -= got

    def providers_added(self, extra: Sequence[Provider]) -> None:
        for q in extra:
            if q.id not in self.providers:
                self.attempt(AddProvider(q), None, self.waiting)

    def distances(self) -> None:
        """Widen the distance limit to each distance at which a pair now ruled out by distance alone would be
        allowed (whole km, increasing): the first limit that matches a participant is the smallest for them."""
        limit = self.situation.config.max_distance_km
        owners: dict[float, set[str]] = {}
        for pid in self.waiting:
            for o in self.base.reasons[pid].obstacles:
                km = float(math.ceil(o.km))
                if o.code == "too_far" and not o.also and km > limit:
                    owners.setdefault(km, set()).add(pid)
        resolved: set[str] = set()
        for km in sorted(owners):
            if owners[km] - resolved:  # else every participant it would reach is matched at a smaller limit
                resolved |= self.attempt(SetDistance(km), limit, set(self.waiting) - resolved)

    def languages(self) -> None:
        """Lower the language level one step at a time: the first level that matches a participant is the
        smallest step for them."""
        level = self.situation.config.min_language_level
        resolved: set[str] = set()
        for lower in reversed(CEFR_LEVELS[: CEFR_LEVELS.index(level)]):
            if resolved >= set(self.waiting):
                return
            resolved |= self.attempt(SetLanguage(lower), level, set(self.waiting) - resolved)


def where_it_helps(
    situation: Situation,
    base: MatchResult | None = None,
    *,
    extra_providers: Sequence[Provider] = (),
    max_solves: int = 200,
    max_capacity_step: int = 3,
) -> Helps:
    """For each participant ``base`` leaves unmatched, the single changes that would match them (see the module).

    ``extra_providers`` are mentors that could be added (one at a time). At most ``max_solves`` plans are solved;
    a capacity is raised by at most ``max_capacity_step`` places.
    """
    base = base if base is not None else situation.solve()
    waiting = sorted(pid for pid, reason in base.reasons.items() if reason.code != "ineligible")
    search = _Search(situation, base, waiting, max_solves)
    if waiting:
        search.capacities(max_capacity_step)
        search.providers_added(extra_providers)
        search.distances()
        search.languages()
    suggestions = {pid: tuple(sorted(search.found[pid], key=_sort_key)) for pid in waiting}
    return Helps(MappingProxyType(suggestions), search.solves, not search.ran_out)
