"""Why each unmatched participant was left unmatched, computed from the engine's own hard limits.

For every unmatched participant the providers are considered one by one: every provider with room (capacity
above zero) within the distance limit, the nearest ones beyond it, and every provider without room within it.
Each pair is checked against the very limits the engine matches by (:func:`limits`: the same distance in
kilometres and the same language strength the candidates are chosen by, with no tolerance of its own), and the
plan says where the places of a provider that fits went. The reason's code follows from those checks alone:

- ``taken``: some providers with room fit, and every one of them is full in the plan (the plan matches as many
  people as possible, then the highest total score, so the places are needed for the participants named);
- ``full``: no provider with room fits, but one without room (capacity 0: full or closed) would;
- ``no_fit``: no provider fits at all; each one's ``Obstacle`` says why (too far, no shared language at the level,
  excluded by the coordinator, not trained);
- ``not_considered``: a provider with room fits but ``candidate_cap`` left the pair out (then the plan is not
  proven optimal either);
- ``ineligible`` and ``no_language_level`` concern the participant alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
from scipy.spatial import cKDTree

from stafet.matching.model import (
    CEFR_LEVELS,
    OBSTACLES,
    Config,
    Obstacle,
    Participant,
    Provider,
    Reason,
    cefr_rank,
)
from stafet.matching.scoring import Scorer, chord_for_km

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: The nearest providers with room (and as many without) considered one by one per participant: in a cohort of up
#: to this many providers, every provider.
EXAMINED = 50
#: Providers named per obstacle in a structured reason (the counts cover them all).
NAMED = 10
#: In a run of more than ``LARGE_RUN`` providers (a region, the whole country), fewer are considered one by one
#: and named, so that the reasons of tens of thousands of unmatched participants take a second, not a minute.
LARGE_RUN = 1000
EXAMINED_LARGE, NAMED_LARGE = 10, 3
#: Participants named per provider whose places went to others.
NAMED_OCCUPANTS = 5

_CODE = {code: k for k, code in enumerate(OBSTACLES)}
_CHECKS = OBSTACLES[:4]  # the hard limits, in the order a pair is checked against them


@dataclass(frozen=True)
class Limits:
    """The hard limits each pair ``(pi[k], pj[k])`` breaks, as boolean arrays, and the pairs' distances."""

    km: NDArray[np.float64]
    untrained: NDArray[np.bool_]
    too_far: NDArray[np.bool_]
    no_language: NDArray[np.bool_]
    excluded: NDArray[np.bool_]

    @property
    def fits(self) -> NDArray[np.bool_]:
        """Every limit but capacity holds (and the participant is eligible: checked by the caller)."""
        return ~(self.untrained | self.too_far | self.no_language | self.excluded)


def trained_ok(providers: Iterable[Provider], config: Config) -> NDArray[np.bool_]:
    """Which providers may take a participant as far as training goes (openings and volunteers need none)."""
    return np.array([q.trained or q.kind == "opening" or not config.require_trained for q in providers], dtype=bool)


def limits(
    s: Scorer,
    pi: NDArray[np.int64],
    pj: NDArray[np.int64],
    excluded_keys: NDArray[np.int64],
    trained: NDArray[np.bool_],
) -> Limits:
    """The engine's hard limits for the pairs, one array per limit: the same distance and language strength, with
    the same comparisons, as :meth:`Scorer.qualifies`, which chooses the candidates. ``excluded_keys`` are
    ``participant * len(providers) + provider`` of the excluded pairs, sorted."""
    km = s.distance_km(pi, pj)
    keys = pi * len(s.providers) + pj
    return Limits(
        km=km,
        untrained=~trained[pj],
        too_far=km > s.config.max_distance_km,
        no_language=s.language_strength(pi, pj) < s.min_level,
        excluded=np.isin(keys, excluded_keys),
    )


def excluded_keys(excluded: Iterable[tuple[int, int]], m: int) -> NDArray[np.int64]:
    return np.array(sorted(i * m + j for i, j in excluded), dtype=np.int64)


def _nearest(
    s: Scorer, rows: NDArray[np.int64], members: NDArray[np.int64], k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Pairs of each participant in ``rows`` with its ``k`` nearest ``members`` (providers), and for each row the
    chord to the ``k``-th nearest (infinite when there are at most ``k`` members: every one is in a pair)."""
    k = min(k, len(members))
    if len(rows) == 0 or k == 0:
        return _NO_PAIRS[0], _NO_PAIRS[1], np.full(len(rows), np.inf)
    dist, idx = cKDTree(s.m_xyz[members]).query(s.p_xyz[rows], k=k, workers=-1)
    dist, idx = dist.reshape(len(rows), k), idx.reshape(len(rows), k)
    last = dist[:, -1] if k < len(members) else np.full(len(rows), np.inf)
    return np.repeat(rows, k), members[idx.ravel()], last


def _within(
    s: Scorer, rows: NDArray[np.int64], members: NDArray[np.int64], radius: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Pairs of each participant in ``rows`` with every one of the (few) ``members`` within ``radius``."""
    if len(rows) == 0 or len(members) == 0:
        return _NO_PAIRS
    found = cKDTree(s.m_xyz[members]).query_ball_point(s.p_xyz[rows], radius, workers=-1)
    lengths = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
    flat = np.fromiter((j for f in found for j in f), dtype=np.int64, count=int(lengths.sum()))
    return np.repeat(rows, lengths), members[flat]


def _first_per_row(rows: NDArray[np.int64], k: int) -> NDArray[np.bool_]:
    """Which entries are among the first ``k`` of their run of equal ``rows`` (rows sorted)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    start = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(start, np.diff(np.r_[start, len(rows)]))
    return rank < k


_NO_PAIRS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def _nearest_sharing(
    s: Scorer,
    rows: NDArray[np.int64],
    spoken: Mapping[int, tuple[str, ...]],
    providers: list[Provider],
    members: NDArray[np.int64],
) -> NDArray[np.float64]:
    """For each participant in ``rows``, the chord to the nearest of ``members`` who speaks one of its languages
    (``spoken``) at the minimum level; infinite if none does."""
    enough = set(CEFR_LEVELS[s.min_level - 1 :])
    speakers: dict[str, list[int]] = {}
    for j in members.tolist():
        for code, level in providers[j].languages.items():
            if level in enough:
                speakers.setdefault(code, []).append(j)
    nearest = np.full(len(rows), np.inf)
    for code, js in speakers.items():
        at = np.array([k for k, i in enumerate(rows.tolist()) if code in spoken[i]], dtype=np.int64)
        if len(at):
            chord, _ = cKDTree(s.m_xyz[np.array(js)]).query(s.p_xyz[rows[at]], k=1, workers=-1)
            nearest[at] = np.minimum(nearest[at], chord)
    return nearest


def _occupants(rows: NDArray[np.int64], cols: NDArray[np.int64], m: int) -> list[list[int]]:
    """The plan's participants of each provider, by participant index."""
    out: list[list[int]] = [[] for _ in range(m)]
    for i, j in sorted(zip(rows.tolist(), cols.tolist(), strict=True)):
        out[j].append(i)
    return out


def diagnose(
    s: Scorer,
    participants: list[Participant],
    providers: list[Provider],
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    pinned: Iterable[int],
    excluded: Iterable[tuple[int, int]],
    candidates: tuple[NDArray[np.int64], NDArray[np.int64]],
    noun: str,
) -> dict[str, Reason]:
    """The reason of every participant the plan (``rows[k]`` matched to ``cols[k]``, pins included) leaves out.

    ``participants`` and ``providers`` are the scorer's sides (sorted by id), ``pinned`` the rows pinned by the
    coordinator, ``excluded`` the excluded ``(row, column)`` pairs and ``candidates`` the pairs the plan was
    solved over (rows sorted, each row's best first).

    Each participant's providers are considered one by one: the nearest ``EXAMINED`` with room, its best
    candidates (which fit and had room after the pins, so the plan filled them), the providers the pins filled
    within the limit, and the nearest ``EXAMINED`` without room. If the farthest of the nearest with room lies
    beyond the limit, so do all the others: they are counted as too far; otherwise they are counted as not
    examined one by one (a participant in a city among thousands of providers).
    """
    config = s.config
    n, m = len(participants), len(providers)
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    matched = np.zeros(n, dtype=bool)
    matched[rows] = True

    def reason(
        code: str,
        obstacles: tuple[Obstacle, ...] = (),
        counts: Mapping[str, int] | None = None,
        spoken: tuple[str, ...] = (),
        unexamined: int = 0,
        none_fit: bool = True,
    ) -> Reason:
        return Reason(
            code,
            obstacles,
            MappingProxyType(dict(counts or {})),
            noun=noun,
            max_distance_km=float(config.max_distance_km),
            min_language_level=config.min_language_level,
            languages=spoken,
            candidate_cap=config.candidate_cap,
            unexamined=unexamined,
            unexamined_none_fit=none_fit,
        )

    out: dict[str, Reason] = {}
    spoken: dict[int, tuple[str, ...]] = {}
    for i in np.flatnonzero(~matched).tolist():
        p = participants[i]
        spoken[i] = tuple(sorted(c for c, lv in p.languages.items() if cefr_rank(lv) >= s.min_level))
        if not p.eligible:
            out[p.id] = reason("ineligible", spoken=spoken[i])
        elif not spoken[i]:
            out[p.id] = reason("no_language_level")
    considered = np.array([i for i in spoken if participants[i].id not in out], dtype=np.int64)
    if len(considered) == 0:
        return out

    capacity = np.asarray(s.capacity, dtype=np.int64)
    radius = chord_for_km(config.max_distance_km) * (1 + 1e-9) + 1e-12  # a pre-filter; the limit is checked below
    with_room, without = np.flatnonzero(capacity > 0), np.flatnonzero(capacity <= 0)
    pinned_rows = set(pinned)
    is_pin = np.isin(rows, np.array(sorted(pinned_rows), dtype=np.int64))
    filled_by_pins = np.flatnonzero((capacity > 0) & (np.bincount(cols[is_pin], minlength=m) >= capacity))
    examined, named_per = (EXAMINED, NAMED) if m <= LARGE_RUN else (EXAMINED_LARGE, NAMED_LARGE)
    ni, nj, kth = _nearest(s, considered, with_room, examined)
    cand_i, cand_j = (np.asarray(a, dtype=np.int64) for a in candidates)
    best = np.isin(cand_i, considered) & _first_per_row(cand_i, named_per)
    fi, fj = _within(s, considered, filled_by_pins, radius)
    key = np.sort(np.r_[ni * m + nj, cand_i[best] * m + cand_j[best], fi * m + fj])
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    ri, rj = key // m, key % m
    ci, cj, _ = _nearest(s, considered, without, examined)
    keys = excluded_keys(excluded, m)
    trained = trained_ok(providers, config)
    room, closed = limits(s, ri, rj, keys, trained), limits(s, ci, cj, keys, trained)

    # Each pair's obstacle: the first limit it breaks; if none, where the provider's places went.
    broken = np.stack([getattr(room, c) for c in _CHECKS], axis=1)
    load = np.bincount(cols, minlength=m)
    fits_code = np.where(load[rj] >= capacity[rj], _CODE["taken"], _CODE["not_considered"])
    code = np.where(broken.any(axis=1), np.argmax(broken, axis=1), fits_code)
    keep = closed.fits  # a provider without room is named only if it would fit
    pi = np.r_[ri, ci[keep]]
    pj = np.r_[rj, cj[keep]]
    km = np.r_[room.km, closed.km[keep]]
    code = np.r_[code, np.full(int(keep.sum()), _CODE["full"])]
    # The limits each pair breaks as a bit mask (bit k: _CHECKS[k]).
    bits = 1 << np.arange(len(_CHECKS))
    also = np.r_[broken @ bits, np.stack([getattr(closed, c)[keep] for c in _CHECKS], axis=1) @ bits]

    # Providers with room not considered: beyond the limit (too far) when the farthest considered is.
    unseen = np.zeros(n, dtype=np.int64)
    unseen[considered] = len(with_room) - np.bincount(ri, minlength=n)[considered]
    beyond = np.zeros(n, dtype=bool)
    beyond[considered] = kth > radius
    counts = np.zeros((n, len(OBSTACLES)), dtype=np.int64)
    np.add.at(counts, (pi, code), 1)
    counts[:, _CODE["too_far"]] += np.where(beyond, unseen, 0)
    unexamined = np.where(beyond, 0, unseen)
    # Whether any provider not looked at could fit: only one that is trained and shares a language within the
    # limit could (and then, the participant being unmatched, it is full or excluded).
    dense = considered[~beyond[considered]]
    none_fit = np.ones(n, dtype=bool)
    if len(dense):
        fitting = with_room[trained[with_room]]
        none_fit[dense] = _nearest_sharing(s, dense, spoken, providers, fitting) > radius

    # Name the nearest few of each obstacle (ties by provider id).
    group = pi * len(OBSTACLES) + code
    order = np.lexsort((pj, km, group))
    pi, pj, km, code, also = pi[order], pj[order], km[order], code[order], also[order]
    named = np.flatnonzero(_first_per_row(group[order], named_per))

    # Plain Python from here: one object per provider named.
    occupants = _occupants(rows, cols, m)
    masks: dict[tuple[int, int], tuple[str, ...]] = {}
    taken: dict[int, tuple[tuple[str, ...], tuple[str, ...], int]] = {}
    obstacles: dict[int, list[Obstacle]] = {i: [] for i in considered.tolist()}
    for i, j, k, d, mask in zip(*(a[named].tolist() for a in (pi, pj, code, km, also)), strict=True):
        c, q = OBSTACLES[k], providers[j]
        others = masks.get((k, mask))
        if others is None:
            others = masks[(k, mask)] = tuple(x for b, x in enumerate(_CHECKS) if mask >> b & 1 and x != c)
        by: tuple[tuple[str, ...], tuple[str, ...], int] = ((), (), 0)
        if c == "taken":
            if j not in taken:
                first = occupants[j][:NAMED_OCCUPANTS]
                taken[j] = (
                    tuple(participants[x].id for x in first),
                    tuple(participants[x].id for x in first if x in pinned_rows),
                    len(occupants[j]),
                )
            by = taken[j]
        obstacles[i].append(Obstacle(q.id, c, d, q.site, others, *by))

    found_rows = counts[considered].tolist()
    left = zip(unexamined[considered].tolist(), none_fit[considered].tolist(), strict=True)
    for i, row, (left_out, unfit) in zip(considered.tolist(), found_rows, left, strict=True):
        found = {c: x for c, x in zip(OBSTACLES, row, strict=True) if x}
        if found.get("not_considered"):
            headline = "not_considered"
        elif found.get("taken"):
            headline = "taken"
        elif found.get("full"):
            headline = "full"
        else:
            headline = "no_fit"
        items = sorted(obstacles[i], key=lambda o: (o.km, o.provider_id))
        out[participants[i].id] = reason(headline, tuple(items), found, spoken[i], left_out, unfit)
    return out
