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

from stafet.matching.model import OBSTACLES, Config, Obstacle, Participant, Provider, Reason, cefr_rank
from stafet.matching.scoring import Scorer, chord_for_km

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Providers with room beyond the distance limit considered per participant (the nearest); every one within the
#: limit is considered. With a cohort of up to this many providers, every provider is named.
EXAMINED = 50
#: Providers named per obstacle in a structured reason (the counts cover them all).
NAMED = 10
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


def _nearby(
    s: Scorer, rows: NDArray[np.int64], members: NDArray[np.int64], radius: float, k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Pairs of each participant in ``rows`` with the ``members`` (providers) within ``radius`` (a chord) and
    with its ``k`` nearest members, without duplicates."""
    if len(rows) == 0 or len(members) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    tree = cKDTree(s.m_xyz[members])
    xyz = s.p_xyz[rows]
    pi_parts, pj_parts = [], []
    ball_rows = np.arange(len(rows))
    if k > 0:
        k = min(k, len(members))
        dist, idx = tree.query(xyz, k=k, workers=-1)
        dist, idx = dist.reshape(len(rows), k), idx.reshape(len(rows), k)
        pi_parts.append(np.repeat(rows, k))
        pj_parts.append(members[idx.ravel()])
        # Only where the k-th nearest lies within the limit can a member within it be missing.
        ball_rows = np.flatnonzero(dist[:, -1] <= radius) if k < len(members) else ball_rows[:0]
    if len(ball_rows):
        found = tree.query_ball_point(xyz[ball_rows], radius, workers=-1)
        lengths = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
        pi_parts.append(np.repeat(rows[ball_rows], lengths))
        pj_parts.append(members[np.fromiter((j for f in found for j in f), dtype=np.int64, count=int(lengths.sum()))])
    m = len(s.providers)
    keys = np.unique(np.concatenate(pi_parts) * m + np.concatenate(pj_parts))
    return keys // m, keys % m


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
    noun: str,
) -> dict[str, Reason]:
    """The reason of every participant the plan (``rows[k]`` matched to ``cols[k]``, pins included) leaves out.

    ``participants`` and ``providers`` are the scorer's sides (sorted by id), ``pinned`` the rows pinned by the
    coordinator and ``excluded`` the excluded ``(row, column)`` pairs.
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
    ri, rj = _nearby(s, considered, with_room, radius, EXAMINED)
    ci, cj = _nearby(s, considered, without, radius, 0)
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
    also = np.r_[broken, np.stack([getattr(closed, c)[keep] for c in _CHECKS], axis=1)]

    # Providers with room that were not considered lie beyond the distance limit: too far, counted.
    unseen = len(with_room) - np.bincount(ri, minlength=n)
    counts = np.zeros((n, len(OBSTACLES)), dtype=np.int64)
    np.add.at(counts, (pi, code), 1)
    counts[:, _CODE["too_far"]] += np.maximum(unseen, 0) * np.isin(np.arange(n), considered)

    # Name the nearest few of each obstacle (ties by provider id).
    order = np.lexsort((pj, km, code, pi))
    pi, pj, km, code, also = pi[order], pj[order], km[order], code[order], also[order]
    group = pi * len(OBSTACLES) + code
    start = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(group)) - np.repeat(start, np.diff(np.r_[start, len(group)]))
    named = np.flatnonzero(rank < NAMED)

    occupants = _occupants(rows, cols, m)
    pinned_rows = set(pinned)
    obstacles: dict[int, list[Obstacle]] = {int(i): [] for i in considered.tolist()}
    for e in named.tolist():
        i, j, c = int(pi[e]), int(pj[e]), OBSTACLES[int(code[e])]
        q = providers[j]
        others = tuple(_CHECKS[x] for x in np.flatnonzero(also[e]).tolist() if _CHECKS[x] != c)
        taken_by: tuple[str, ...] = ()
        pins: tuple[str, ...] = ()
        places = 0
        if c == "taken":
            taken_by = tuple(participants[x].id for x in occupants[j][:NAMED_OCCUPANTS])
            pins = tuple(participants[x].id for x in occupants[j][:NAMED_OCCUPANTS] if x in pinned_rows)
            places = len(occupants[j])
        obstacles[i].append(Obstacle(q.id, c, float(km[e]), q.site, others, taken_by, pins, places))

    for i in considered.tolist():
        row = counts[i]
        found = {c: int(row[k]) for k, c in enumerate(OBSTACLES) if row[k]}
        if found.get("not_considered"):
            headline = "not_considered"
        elif found.get("taken"):
            headline = "taken"
        elif found.get("full"):
            headline = "full"
        else:
            headline = "no_fit"
        items = sorted(obstacles[i], key=lambda o: (o.km, o.provider_id))
        out[participants[i].id] = reason(headline, tuple(items), found, spoken[i])
    return out
