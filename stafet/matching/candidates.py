"""Candidate pairs: the best ``k`` qualifying providers of each participant, found without scoring every pair.

Providers are grouped by (industry, occupation, goal, languages at the minimum level), and groups of one
(industry, occupation) form a super-group. For a participant, every part of the score but distance and
competences is the same or bounded by a table look-up for a whole group; distance is bounded per grid cell of
participants; competences by its weight. A participant visits super-groups and groups in order of their bound
and stops where no bound can reach its ``k``-th best score so far, so the pairs it never scores provably score
less than the ones it keeps (:mod:`stafet.matching.kernels` holds the compiled loops).

At national density (100,000 providers, a third of them within reach of Copenhagen) a participant scores a
few hundred pairs of the ~16,000 that qualify.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numba
import numpy as np
from scipy.spatial import cKDTree

from stafet.matching import kernels
from stafet.matching.scoring import Scorer, chord_for_km, km_from_chord

# Numba's fallback threading layer ("workqueue", where neither OpenMP nor TBB is installed) must not run two
# parallel kernels at once; a web server's threads or a task worker might.
_PARALLEL = threading.Lock()
#: Below this many participants (times candidates) a kernel runs on one thread: starting and waiting for the
#: others cost more than they save (a cohort of 1,000 took three times the CPU seconds on two threads).
PARALLEL_WORK = 500_000


@contextlib.contextmanager
def _parallel(work: int) -> Iterator[None]:
    """Hold the lock of the parallel kernels, on one thread when the ``work`` is small."""
    with _PARALLEL:
        before = numba.get_num_threads()
        if work < PARALLEL_WORK:
            numba.set_num_threads(1)
        try:
            yield
        finally:
            numba.set_num_threads(before)


@dataclass(frozen=True)
class Candidates:
    """Scored candidate pairs sorted by participant, then score (descending), then provider.

    ``threshold[i]`` bounds the score of any qualifying pair of participant ``i`` that was *not* kept
    (``-1`` when every qualifying pair was kept).
    """

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    threshold: np.ndarray


class LanguageTrees:
    """k-d trees of available providers, one per language spoken at the minimum level or better."""

    def __init__(self, scorer: Scorer, provider_mask: np.ndarray):
        self.scorer = scorer
        self.members: dict[int, np.ndarray] = {}
        self.trees: dict[int, cKDTree] = {}
        ok = scorer.m_level >= scorer.min_level
        for lang in np.unique(scorer.m_lang[ok & provider_mask[:, None]]):
            members = np.flatnonzero(((scorer.m_lang == lang) & ok).any(axis=1) & provider_mask)
            self.members[int(lang)] = members
            self.trees[int(lang)] = cKDTree(scorer.m_xyz[members])
        self.radius = chord_for_km(scorer.config.max_distance_km) * (1 + 1e-9) + 1e-12

    def participant_languages(self, i: int) -> list[int]:
        s = self.scorer
        return [int(lang) for lang, lvl in zip(s.p_lang[i], s.p_level[i], strict=True) if lvl >= s.min_level]


def top_k(rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, k: int | None) -> np.ndarray:
    """Indices of the pairs sorted by (row, -score, col) keeping the first ``k`` of each row."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if len(rows) and rows.min() >= 0 and cols.min() >= 0 and scores.min() >= 0 and scores.max() < 1 << 14:
        base = rows.min()
        if rows.max() - base < 1 << 22 and cols.max() < 1 << 26:
            # One packed int64 key sorts much faster than a three-key lexsort.
            packed = ((rows - base) << 40) | ((((1 << 14) - 1) - scores.astype(np.int64)) << 26) | cols
            order = np.argsort(packed, kind="stable")
        else:
            order = np.lexsort((cols, -scores, rows))
    else:
        order = np.lexsort((cols, -scores, rows))
    if k is None or len(order) == 0:
        return order
    r = rows[order]
    starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
    rank = np.arange(len(r)) - np.repeat(starts, np.diff(np.r_[starts, len(r)]))
    return order[rank < k]


class Index:
    """The providers of one run grouped for bounds, to find participants' candidates quickly.

    Parameters
    ----------
    scorer
        Both sides in array form.
    provider_mask
        The providers that take part (unavailable ones are left out in any case).
    excluded
        ``(participant, provider)`` index pairs never to propose.
    """

    #: Grid cells (participants' and providers' regions) are this many times smaller than the distance limit:
    #: smaller cells give tighter distance bounds, larger ones fewer cells to bound.
    CELLS_PER_RADIUS = 4.0
    #: Participants of one cell are handled in units of at most this many (one distance bound each).
    UNIT = 64

    def __init__(self, scorer: Scorer, provider_mask: np.ndarray, excluded: Iterable[tuple[int, int]] = ()):
        self.scorer = s = scorer
        n, m = len(s.participants), len(s.providers)
        self.available = np.ascontiguousarray(provider_mask & s.available)
        self.radius = chord_for_km(s.config.max_distance_km) * (1 + 1e-9) + 1e-12
        providers = np.flatnonzero(self.available)
        region = _cell_keys(s.m_xyz[providers], self.radius / self.CELLS_PER_RADIUS)
        _, region = np.unique(region, return_inverse=True)
        # Group key: industry, occupation | goal, languages spoken at the minimum level | region (segments).
        _, occ_id = np.unique(s.m_occ[providers], axis=0, return_inverse=True)
        speaks = (s._m_lv[providers] >= s.min_level).astype(np.int64)
        keys = [s.m_ind[providers].astype(np.int64), occ_id.ravel(), s.m_goal[providers].astype(np.int64), *speaks.T]
        order = np.lexsort([providers, region, *keys[::-1]])
        members, region = providers[order], region[order]
        key = np.stack([k[order] for k in keys], axis=1)
        changed = np.r_[True, (key[1:] != key[:-1]).any(axis=1)] if len(members) else np.zeros(0, dtype=bool)
        new_super = np.r_[True, (key[1:, :2] != key[:-1, :2]).any(axis=1)] if len(members) else changed
        new_seg = changed | np.r_[True, region[1:] != region[:-1]] if len(members) else changed
        g_start = np.flatnonzero(changed)
        seg_start = np.flatnonzero(new_seg)
        # Super-groups as ranges of groups, groups as ranges of segments, segments as ranges of members.
        super_ptr = np.r_[np.flatnonzero(new_super[g_start]), len(g_start)].astype(np.int64)
        seg_ptr = np.r_[np.searchsorted(seg_start, g_start), len(seg_start)].astype(np.int64)
        s_start = super_ptr[:-1]
        super_of = np.cumsum(new_super) - 1
        sr = np.unique(super_of * (int(region.max()) + 1 if len(region) else 1) + region)
        n_regions = int(region.max()) + 1 if len(region) else 0
        sr_super, sr_region = np.divmod(sr, max(n_regions, 1))
        sr_ptr = np.r_[0, np.cumsum(np.bincount(sr_super, minlength=len(s_start)))].astype(np.int64)
        # Each region's centre and the farthest of its providers from it.
        xyz = s.m_xyz[members]
        sums = np.zeros((n_regions, 3))
        np.add.at(sums, region, xyz)
        centre = sums / np.maximum(np.linalg.norm(sums, axis=1), 1e-300)[:, None]
        reach = np.zeros(n_regions)
        np.maximum.at(reach, region, km_from_chord(np.sqrt(((xyz - centre[region]) ** 2).sum(axis=1))))
        n_goals = s._goal_table.shape[0]
        # Education + goal + experience: the best of the group for each (participant education, goal).
        field = 1 if s._has_fields else 0
        opening = s.m_is_opening[members]
        exp = np.where(opening, int(np.floor(s.weights[6] + 0.5)), s._m_exp[members]).astype(np.int64)
        edu = s._edu_table[:, s.m_edu[members], opening.view(np.int8), field].T  # (members, participant level)
        goal = s._goal_table[:, s.m_goal[members]].T.astype(np.int64)  # (members, participant goal)
        shape = (len(members), edu.shape[1] * goal.shape[1])
        rest = (edu[:, :, None] + goal[:, None, :] + exp[:, None, None]).reshape(shape)
        has_text = s.m_has_text[members]
        if len(members):
            g_rest = np.maximum.reduceat(rest, g_start, axis=0)
            g_lang = np.maximum.reduceat(s._m_lv[members].astype(np.int64), g_start, axis=0)
            g_text = np.logical_or.reduceat(has_text, g_start)
            s_rest = np.maximum.reduceat(g_rest, s_start, axis=0)
            s_lang = np.maximum.reduceat(g_lang, s_start, axis=0)
            s_text = np.logical_or.reduceat(g_text, s_start)
        else:
            g_rest = s_rest = rest
            g_lang = s_lang = s._m_lv[:0].astype(np.int64)
            g_text = s_text = has_text
        self.groups = kernels.Groups(
            ids=members.astype(np.int64),
            seg_ptr=seg_ptr,
            seg_start=np.r_[seg_start, len(members)].astype(np.int64),
            seg_region=region[seg_start].astype(np.int64),
            super_ptr=super_ptr,
            sr_ptr=sr_ptr,
            sr_region=sr_region.astype(np.int64),
            g_rest=np.ascontiguousarray(g_rest, dtype=np.int64),
            g_lang=np.ascontiguousarray(g_lang),
            g_text=g_text,
            s_rep=np.flatnonzero(new_super).astype(np.int64),
            s_rest=np.ascontiguousarray(s_rest, dtype=np.int64),
            s_lang=np.ascontiguousarray(s_lang),
            s_text=s_text,
            region_xyz=np.ascontiguousarray(centre),
            region_km=reach,
            n_goals=int(n_goals),
        )
        self.data = _laid_out(s.data, members)
        pairs = sorted(set(excluded))
        ex_rows = np.array([i for i, _ in pairs], dtype=np.int64)
        self.ex_cols = np.array([j for _, j in pairs], dtype=np.int64)
        self.ex_ptr = np.r_[0, np.cumsum(np.bincount(ex_rows, minlength=n))].astype(np.int64)
        self.m = m

    def _units(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``rows`` sorted by grid cell in units of at most ``UNIT``, and each unit's centre and spread (km)."""
        xyz = self.scorer.p_xyz[rows]
        key = _cell_keys(xyz, self.radius / self.CELLS_PER_RADIUS)
        order = np.lexsort((rows, key))
        rows, key, xyz = rows[order], key[order], xyz[order]
        cell_start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        sizes = np.diff(np.r_[cell_start, len(rows)])
        # Each cell cut into ceil(size / UNIT) units of nearly equal size.
        pieces = -(-sizes // self.UNIT)
        cell = np.repeat(np.arange(len(sizes)), pieces)
        part = np.arange(len(cell)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        starts = cell_start[cell] + (sizes[cell] * part) // pieces[cell]
        unit_ptr = np.r_[starts, len(rows)].astype(np.int64)
        unit_of = np.repeat(np.arange(len(starts)), np.diff(unit_ptr))
        sums = np.add.reduceat(xyz, starts, axis=0)
        centres = sums / np.linalg.norm(sums, axis=1)[:, None]
        chord = np.sqrt(((xyz - centres[unit_of]) ** 2).sum(axis=1))
        spread = km_from_chord(np.maximum.reduceat(chord, starts))
        return rows, unit_ptr, np.ascontiguousarray(centres), spread.astype(np.float64)

    def _rows(self, participant_mask: np.ndarray) -> np.ndarray:
        s = self.scorer
        rows = np.flatnonzero(participant_mask & s.eligible)
        # Nobody speaks a language at the minimum level: no pairs at all.
        return rows[s._p_lv[rows].max(axis=1, initial=0) >= s.min_level]

    def best(self, participant_mask: np.ndarray, k: int) -> Candidates:
        """The best ``k`` qualifying pairs of each participant of the mask (ties by provider index)."""
        n = len(self.scorer.participants)
        threshold = np.full(n, -1, dtype=np.int64)
        rows = self._rows(participant_mask)
        if len(rows) == 0 or len(self.groups.ids) == 0:
            return _empty(threshold)
        rows, unit_ptr, centres, spreads = self._units(rows)
        with _parallel(len(rows) * k):
            count, scores, cols, kth = kernels.best_k(
                self.data, self.groups, rows, unit_ptr, centres, spreads, k, self.ex_ptr, self.ex_cols
            )
        threshold[rows] = kth
        keep = (np.arange(k)[None, :] < count[:, None]).ravel()
        r = np.repeat(rows, k)[keep]
        c, sc = cols[keep], scores[keep]
        order = top_k(r, c, sc, None)
        return Candidates(r[order], c[order], sc[order].astype(np.int32), threshold)

    def violated(self, rows: np.ndarray, slack: np.ndarray, price: np.ndarray) -> np.ndarray:
        """For each of ``rows``: has it a qualifying pair ``(i, j)`` with ``score - price[j] > slack[i]``?

        With ``slack = u - bonus`` (the participant's dual price less the bonus per match) and ``price`` the
        providers' dual prices, that is a pair with a positive reduced cost: one that could improve the plan.
        Whole super-groups, groups and regions are ruled out by their best possible score less their least
        price, and nothing is listed: memory does not grow with the number of qualifying pairs.
        """
        n = len(self.scorer.participants)
        out = np.zeros(n, dtype=bool)
        lowest = np.zeros(n, dtype=np.int64)
        lowest[rows] = slack
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        todo = self._rows(mask)
        g = self.groups
        if len(todo) == 0 or len(g.ids) == 0:
            return out[rows]
        todo, unit_ptr, centres, spreads = self._units(todo)
        v = np.ascontiguousarray(np.asarray(price, dtype=np.int64)[g.ids])
        seg_v = np.minimum.reduceat(v, g.seg_start[:-1])
        grp_v = np.minimum.reduceat(seg_v, g.seg_ptr[:-1])
        sup_v = np.minimum.reduceat(grp_v, g.super_ptr[:-1])
        with _parallel(len(todo) * 50):
            found = kernels.violated(
                self.data, g, todo, unit_ptr, centres, spreads, lowest[todo], v, seg_v, grp_v, sup_v, self.ex_ptr,
                self.ex_cols,
            )  # fmt: skip
        out[todo] = found
        return out[rows]

    def at_least(self, rows: np.ndarray, floor: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every qualifying pair of ``rows`` scoring ``floor`` or more (one floor per row), sorted like candidates."""
        empty = np.zeros(0, dtype=np.int64)
        lowest = np.zeros(len(self.scorer.participants), dtype=np.int64)
        lowest[rows] = floor
        mask = np.zeros(len(self.scorer.participants), dtype=bool)
        mask[rows] = True
        rows = self._rows(mask)
        if len(rows) == 0 or len(self.groups.ids) == 0:
            return empty, empty, empty
        rows, unit_ptr, centres, spreads = self._units(rows)
        room = 4096
        while True:
            complete, r, c, sc = kernels.at_least(
                self.data, self.groups, rows, unit_ptr, centres, spreads, lowest[rows], self.ex_ptr, self.ex_cols,
                room,
            )  # fmt: skip
            if complete:
                break
            room = min(room * 8, self.m)
        pi = rows[r]
        order = top_k(pi, c, sc, None)
        return pi[order], c[order], sc[order]


def _laid_out(d: kernels.Data, order: np.ndarray) -> kernels.Data:
    """The providers' rows (and competences) in the order of ``order``: a segment's providers sit together."""
    start, end = d.mi[order, kernels.M_TXT], d.mi[order, kernels.M_TXT + 1]
    lengths = (end - start).astype(np.int64)
    ptr = np.r_[0, np.cumsum(lengths)]
    at = np.repeat(start.astype(np.int64) - ptr[:-1], lengths) + np.arange(int(ptr[-1]))
    mi = d.mi[order]
    mi[:, kernels.M_TXT], mi[:, kernels.M_TXT + 1] = ptr[:-1], ptr[1:]
    return d._replace(
        mi=np.ascontiguousarray(mi), mf=np.ascontiguousarray(d.mf[order]), m_txt_idx=d.m_txt_idx[at],
        m_txt_val=d.m_txt_val[at], m_emb=np.ascontiguousarray(d.m_emb[order]),
    )  # fmt: skip


def _cell_keys(xyz: np.ndarray, size: float) -> np.ndarray:
    """One integer per cube of side ``size`` of the unit cube's grid (the same grid for both sides)."""
    cells = np.floor(xyz / size).astype(np.int64) + (1 << 20)
    return (cells[:, 0] << 42) | (cells[:, 1] << 21) | cells[:, 2]


def _empty(threshold: np.ndarray) -> Candidates:
    empty = np.zeros(0, dtype=np.int64)
    return Candidates(empty, empty, np.zeros(0, dtype=np.int32), threshold)


def generate(
    scorer: Scorer,
    participant_mask: np.ndarray,
    provider_mask: np.ndarray,
    k: int | None,
    excluded: Iterable[tuple[int, int]] = (),
) -> Candidates:
    """Keep the best ``k`` qualifying pairs per participant (ties by provider; ``None``: every qualifying pair).

    Examples
    --------
    >>> from stafet.matching import Config, Participant, Provider
    >>> from stafet.matching.engine import _Problem
    >>> people = [Participant("p1", 55.68, 12.57, {"da": "B2"}, industry="J")]
    >>> mentors = [Provider(f"m{j}", 55.70, 12.50 + j / 100, {"da": "native"}, industry="J" if j else "C")
    ...            for j in range(3)]
    >>> s = _Problem(people, mentors, Config()).scorer
    >>> cand = generate(s, np.ones(1, bool), np.ones(3, bool), 2)

    The two of the same industry are kept, the nearer first; ``m0`` is left out, and it scores no more than
    the worst one kept:

    >>> [mentors[j].id for j in cand.cols], cand.scores.tolist(), cand.threshold.tolist()
    (['m2', 'm1'], [..., 464], [464])
    """
    index = Index(scorer, provider_mask, excluded)
    if k is None:
        rows = index._rows(participant_mask)
        pi, pj, sc = index.at_least(rows, np.zeros(len(rows), dtype=np.int64))
        return Candidates(pi, pj, sc.astype(np.int32), np.full(len(scorer.participants), -1, dtype=np.int64))
    return index.best(participant_mask, k)
