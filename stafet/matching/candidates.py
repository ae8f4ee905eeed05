"""Candidate pairs: every pair that passes the hard constraints, scored, keeping the best k per participant.

Participants are handled by grid cell, so one neighbourhood query serves many. Where few providers are within
reach every qualifying pair is scored; at national density pairs are bounded before they are scored
(:class:`GroupBounds`), so the pairs that cannot reach a participant's ``k``-th best score are never even
enumerated. Only the best ``k`` per participant (ties broken by provider id) are kept, so all qualifying
pairs are never held at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from stafet.matching.scoring import Scorer, chord_for_km, km_from_chord


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
    bounds: GroupBounds | None = None


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

    def pairs(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All (participant, provider) pairs within the distance limit sharing a language at the minimum level."""
        s = self.scorer
        out_i: list[np.ndarray] = []
        out_j: list[np.ndarray] = []
        for lang, tree in self.trees.items():
            speaks = ((s.p_lang[rows] == lang) & (s.p_level[rows] >= s.min_level)).any(axis=1)
            who = rows[speaks]
            if len(who) == 0:
                continue
            found = tree.query_ball_point(s.p_xyz[who], self.radius, workers=-1)
            lengths = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
            if lengths.sum() == 0:
                continue
            out_i.append(np.repeat(who, lengths))
            out_j.append(self.members[lang][np.concatenate([np.asarray(f, dtype=np.int64) for f in found])])
        if not out_i:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        key = np.concatenate(out_i) * len(s.providers) + np.concatenate(out_j)
        if len(out_i) > 1:
            # Sort-based de-duplication: NumPy's hash-based unique is several times slower on large arrays.
            key.sort()
            key = key[np.r_[True, key[1:] != key[:-1]]]
        return key // len(s.providers), key % len(s.providers)


def top_k(rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, k: int | None) -> np.ndarray:
    """Indices of the pairs sorted by (row, -score, col) keeping the first ``k`` of each row."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if len(rows) and rows.max() < 1 << 22 and cols.max() < 1 << 26 and scores.min() >= 0 and scores.max() < 1 << 14:
        # One packed int64 key sorts much faster than a three-key lexsort.
        base = rows.min()
        packed = ((rows - base) << 40) | ((((1 << 14) - 1) - scores.astype(np.int64)) << 26) | cols
        order = np.argsort(packed, kind="stable")
    else:
        order = np.lexsort((cols, -scores, rows))
    if k is None or len(order) == 0:
        return order
    r = rows[order]
    starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
    rank = np.arange(len(r)) - np.repeat(starts, np.diff(np.r_[starts, len(r)]))
    return order[rank < k]


def _spatial_chunks(xyz: np.ndarray, rows: np.ndarray, cell: float, size: int | None) -> list[np.ndarray]:
    """Split ``rows`` into groups of at most ``size`` (``None``: any) that lie in the same grid cell of the unit cube.

    Nearby participants share most of their reachable providers, so one neighbourhood query serves a group.
    """
    if len(rows) == 0:
        return []
    cells = np.floor(xyz[rows] / cell).astype(np.int64)
    cells -= cells.min(axis=0)
    span = cells.max(axis=0) + 1
    key = (cells[:, 0] * span[1] + cells[:, 1]) * span[2] + cells[:, 2]
    order = np.lexsort((rows, key))
    rows, key = rows[order], key[order]
    bounds = np.flatnonzero(np.r_[True, key[1:] != key[:-1], True])
    out = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        step = b - a if size is None else size
        out.extend(rows[s : min(s + step, b)] for s in range(a, b, step))
    return out


def _keep_top(r: np.ndarray, s: np.ndarray, n_rows: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs sorted by (row, provider) -> which to keep (best ``k`` per row, ties by provider), the k-th score
    per row (``-1`` where the row has at most ``k`` pairs), and the number of pairs per row.

    Scores are small whole numbers, so a histogram per row finds the k-th best score in linear time: no sort
    of all qualifying pairs.
    """
    count = np.bincount(r, minlength=n_rows)
    top = int(s.max()) + 1 if len(s) else 1
    hist = np.bincount(r * top + s, minlength=n_rows * top).reshape(n_rows, top)
    at_least = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]  # at_least[row, v]: pairs scoring v or more
    full = count > k
    kth = np.where(full, top - 1 - np.argmax((at_least >= k)[:, ::-1], axis=1), -1)
    above = np.where(
        full,
        np.take_along_axis(
            np.c_[at_least, np.zeros(n_rows, dtype=at_least.dtype)], np.maximum(kth, 0)[:, None] + 1, axis=1
        )[:, 0],
        0,
    )
    t = kth[r]
    keep = s > t
    tie = np.flatnonzero(s == t)
    if len(tie):
        # Ties at the k-th score: the lowest provider indices first (pairs are in provider order within a row).
        tr = r[tie]
        start = np.flatnonzero(np.r_[True, tr[1:] != tr[:-1]])
        rank = np.arange(len(tie)) - np.repeat(start, np.diff(np.r_[start, len(tie)]))
        keep[tie[rank < k - above[tr]]] = True
    return keep, kth, count


class GroupBounds:
    """Upper bounds on whole groups of providers, so that hopeless pairs are never enumerated.

    Providers are grouped by (industry, occupation, goal, languages at the minimum level). For a participant
    and a group, every part of the score except distance and competences is bounded by table look-ups:
    industry, occupation and goal are exact for the group, education + experience is the group's best for the
    participant's education level, and language is the weaker side's best level in any one language. Distance
    is bounded per provider for a whole cell of participants (the provider's distance to the cell's centre
    minus the cell's spread). Competences score only when the two share a word, so it is bounded by its weight
    only on a second grouping of the same providers by (word, group), looked up by the participant's words.
    Within a cell each group's providers are sorted by distance bound, so the providers of a group that can
    reach a given score are a prefix: enumerating the pairs whose bound reaches a floor costs time in
    proportion to those pairs, not to all qualifying pairs.

    Parameters
    ----------
    scorer
        Both sides in array form; needs the integer tables (``scorer._occ_table``) and language bit masks.
    providers
        Indices of the providers that take part.
    """

    def __init__(self, scorer: Scorer, providers: np.ndarray):
        s = self.scorer = scorer
        w = scorer.weights.astype(np.int64)  # integer weights: a part scores at most its weight
        self.w_distance = int(w[3])
        self.w_industry = int(w[0])
        self.providers = providers
        key = np.stack(
            [
                s.m_ind[providers].astype(np.int64),
                s._m_occ_id[providers].astype(np.int64),
                s.m_mask[providers].view(np.int64),
                s.m_goal[providers].astype(np.int64),
            ],
            axis=1,
        )
        _, inverse = np.unique(key, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        n_groups = int(inverse.max()) + 1 if len(inverse) else 0
        self.group = np.full(len(s.providers), -1, dtype=np.int64)
        self.group[providers] = inverse
        first = np.zeros(n_groups, dtype=np.int64)
        first[inverse[::-1]] = providers[::-1]  # any member: the key's columns are the same for all of them
        self.g_ind = s.m_ind[first]
        self.g_occ = s._m_occ_id[first]
        self.g_mask = s.m_mask[first]
        # Education + goal + experience: the group's best for each (participant education level, goal); the
        # goal is part of the group's key, so only education and experience vary within a group.
        field = 1 if s._has_fields else 0
        exp = np.where(s.m_is_opening[providers], w[6], s._m_exp[providers]).astype(np.int64)
        edu = s._edu_table[:, s.m_edu[providers], s.m_is_opening[providers].view(np.int8), field].T.astype(np.int64)
        goal = s._goal_table[:, s.m_goal[providers]].T.astype(np.int64)
        rest = (edu[:, :, None] + goal[:, None, :] + exp[:, None, None]).reshape(len(providers), -1)
        order = np.argsort(inverse, kind="stable")
        starts = np.flatnonzero(np.r_[True, inverse[order][1:] != inverse[order][:-1]])
        self.n_goals = s._goal_table.shape[0]
        self.g_rest = np.maximum.reduceat(rest[order], starts, axis=0) if n_groups else rest[:0]
        # Language: the group's best level in each language (few languages) or in any.
        m_lv = s._m_lv[providers] if s._m_lv.shape[1] <= 16 else s._m_lv.max(axis=1, initial=0)[providers, None]
        self.g_lang = np.maximum.reduceat(m_lv[order], starts, axis=0) if n_groups else m_lv[:0]
        m_text = s.m_has_text[providers]
        self.g_text = np.logical_or.reduceat(m_text[order], starts) if n_groups else m_text[:0]
        self.p_lang = s._p_lv if s._m_lv.shape[1] <= 16 else s._p_lv.max(axis=1, initial=0)[:, None]
        self.p_rest = s.p_edu.astype(np.int64) * self.n_goals + s.p_goal
        self.w_text = int(w[7])
        # Competences are bounded by shared words when texts are short (the scorer keeps them padded).
        self.m_terms = s._m_terms[0] if s._p_terms is not None and s._m_terms is not None else None
        self.tree = cKDTree(s.m_xyz[providers])

    def geometry(self, rows: np.ndarray, radius: float) -> _Geometry | None:
        """The providers within reach of a cell of nearby participants, grouped, with distance bounds valid for
        every participant of the cell (None: no provider within reach)."""
        s = self.scorer
        xyz = s.p_xyz[rows]
        centre = xyz.mean(axis=0)
        centre /= np.linalg.norm(centre)
        spread = float(np.sqrt(((xyz - centre) ** 2).sum(axis=1).max()))
        found = self.tree.query_ball_point(centre, radius + spread + 1e-12)
        if len(found) == 0:
            return None
        reach = self.providers[np.asarray(found, dtype=np.int64)]
        # Distance bound per provider, valid for every participant of the block (triangle inequality on the
        # sphere; the slack covers rounding): the points of a distance no longer than the true one.
        d = s.m_xyz[reach] - centre
        near = km_from_chord(np.sqrt((d * d).sum(axis=1))) - float(km_from_chord(np.array([spread]))[0]) - 1e-6
        limit = s.config.max_distance_km
        dub = np.floor(np.clip(1.0 - np.maximum(near, 0.0) / limit, 0.0, 1.0) * s.weights[3] + 0.5).astype(np.int64)
        g = self.group[reach]
        by_group = self._segments(g, reach, dub)
        by_term = None
        if self.m_terms is not None:
            # The same providers once per competence word, grouped by (word, group): only a provider sharing
            # a word with the participant can score competences points.
            terms = self.m_terms[reach]
            a, slot = np.nonzero(terms >= 0)
            by_term = self._segments(terms[a, slot].astype(np.int64) * len(self.g_ind) + g[a], reach[a], dub[a])
        return _Geometry(by_group, by_term)

    def block(self, rows: np.ndarray, geometry: _Geometry) -> _Block:
        """Participants of a cell with the static bound of each (participant, provider group) pair."""
        s = self.scorer
        by_group = geometry.by_group
        groups = by_group.keys
        # The static bound of every (participant, group) pair without competences; -1: no shared language.
        r = rows[:, None]
        bound = np.where(s.p_ind[r] == self.g_ind[groups], self.w_industry, 0).astype(np.int64)
        bound += s._occ_table[s._p_occ_id[r], self.g_occ[groups]]
        bound += self.g_rest[groups[None, :], self.p_rest[r]]
        # The strength of the best shared language is at most the weaker side's best level in one language.
        level = np.zeros(bound.shape, dtype=np.int8)
        for lang in range(self.p_lang.shape[1]):
            np.maximum(level, np.minimum(self.p_lang[r, lang], self.g_lang[groups, lang]), out=level)
        bound += s._lang_table[level]
        if self.m_terms is None:
            bound += np.where(s.p_has_text[r] & self.g_text[groups], self.w_text, 0)
        bound[(s.p_mask[r] & self.g_mask[groups]) == 0] = -1
        return _Block(rows, bound, by_group, geometry.by_term)

    def _segments(self, key: np.ndarray, members: np.ndarray, dub: np.ndarray) -> _Segments:
        """Members sorted by key, then by distance bound (descending)."""
        top = self.w_distance + 1
        if len(key) == 0:
            return _Segments(key, key, key, members)
        rank = key * (top + 1) + (top - dub)
        order = np.argsort(rank, kind="stable")
        key, members, rank = key[order], members[order], rank[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        # Segment h's members with distance bound v or more end where ``h * (top + 1) + top - v`` would go.
        local = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(key)]))
        return _Segments(key[starts], starts, local * (top + 1) + rank % (top + 1), members)

    def pairs(
        self, block: _Block, lo: np.ndarray, hi: np.ndarray | None = None, *, words: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of the block whose upper bound is at least ``lo`` (and below ``hi``), per row of the block.

        Every pair whose score reaches ``lo`` (and whose bound is below ``hi``) is returned, possibly with a
        few more; local row indices and provider indices, sorted by (row, provider), without repeats. Distance
        and exclusions are not yet checked. ``words=False`` leaves out the pairs found through a shared
        competence word (their bound without competences is then not a bound).
        """
        words = words and block.by_term is not None
        nearest = block.by_group.best_distance(self.w_distance + 1)
        # Only (participant, group) pairs whose best member can reach the floor are looked at further.
        reach = nearest + (self.w_text if words else 0)
        li, h = np.nonzero((block.bound >= 0) & (block.bound + reach[None, :] >= lo[:, None]))
        b = block.bound[li, h]
        out_i, out_j = self._prefix(block.by_group, li, h, b, lo, hi)
        if words:
            # Pairs that share a competence word: bound + the competences weight, per word of the participant.
            s = self.scorer
            pt = s._p_terms[0][block.rows]
            hope = np.flatnonzero(b + self.w_text + nearest[h] >= lo[li])
            li, h, b = li[hope], h[hope], b[hope] + self.w_text
            keys = block.by_term.keys
            for slot in range(pt.shape[1] if len(keys) else 0):
                t = pt[li, slot].astype(np.int64)
                key = t * len(self.g_ind) + block.by_group.keys[h]
                at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
                hit = np.flatnonzero((t >= 0) & (keys[at] == key))
                ti, tj = self._prefix(block.by_term, li[hit], at[hit], b[hit], lo, hi)
                out_i, out_j = np.r_[out_i, ti], np.r_[out_j, tj]
        key = _sorted_unique(out_i * len(self.scorer.providers) + out_j)
        return key // len(self.scorer.providers), key % len(self.scorer.providers)

    def _prefix(self, seg: _Segments, li, h, b, lo, hi):
        """The members of segment ``h`` whose distance bound plus ``b`` reaches ``lo[li]`` (but not ``hi[li]``)."""
        top = self.w_distance + 1

        def reaching(v):  # members of segment h with distance bound >= v: a prefix, they are sorted best first
            return np.searchsorted(seg.rank, h * (top + 1) + top - np.clip(v, 0, top), side="right") - seg.starts[h]

        upto = reaching(lo[li] - b)
        since = np.zeros_like(upto) if hi is None else np.minimum(reaching(hi[li] - b), upto)
        count = upto - since
        sel = np.flatnonzero(count > 0)
        li, h, since, count = li[sel], h[sel], since[sel], count[sel]
        pos = np.repeat(seg.starts[h] + since - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
        return np.repeat(li, count), seg.members[pos]


@dataclass(frozen=True)
class _Segments:
    """Members grouped by key (``keys[h]`` from ``starts[h]``), each segment sorted by distance bound."""

    keys: np.ndarray
    starts: np.ndarray
    rank: np.ndarray  # segment * (top + 1) + (top - distance bound), ascending
    members: np.ndarray

    def best_distance(self, top: int) -> np.ndarray:
        """The best distance bound of each segment (its first member's)."""
        return top - self.rank[self.starts] % (top + 1)


@dataclass(frozen=True)
class _Geometry:
    """The providers within reach of one cell, by group and by (word, group)."""

    by_group: _Segments
    by_term: _Segments | None


@dataclass(frozen=True)
class _Block:
    """Up to ``group_size`` participants of a cell, with their static bound per (participant, group)."""

    rows: np.ndarray
    bound: np.ndarray
    by_group: _Segments
    by_term: _Segments | None


def _sorted_unique(key: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting: NumPy's hash-based unique is several times slower on large integer arrays."""
    key = np.sort(key)
    return key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which ``keys`` are in ``sorted_keys`` (a binary search each: no hashing of the large side)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def _kth_best(r: np.ndarray, s: np.ndarray, n_rows: int, k: int) -> np.ndarray:
    """The ``k``-th best score per row (``-1`` where the row has fewer than ``k`` pairs)."""
    if len(r) == 0:
        return np.full(n_rows, -1, dtype=np.int64)
    top = int(s.max()) + 1
    hist = np.bincount(r * top + s, minlength=n_rows * top).reshape(n_rows, top)
    at_least = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]
    reached = at_least >= k
    return np.where(reached[:, 0], top - 1 - np.argmax(reached[:, ::-1], axis=1), -1)


def generate(
    scorer: Scorer,
    participant_mask: np.ndarray,
    provider_mask: np.ndarray,
    k: int | None,
    excluded: set[tuple[int, int]],
    trees: LanguageTrees,
    group_size: int = 256,
) -> Candidates:
    """Keep the best ``k`` qualifying pairs per participant (ties by provider), scoring as few pairs as possible.

    Participants are handled by grid cell. Where few providers are within reach of a cell (at most
    ``DENSE_REACH * k``) or without a cap, every qualifying pair is scored. Elsewhere pairs are bounded before
    they are scored (see :class:`GroupBounds`): first the pairs with the best bounds (about ``FIRST_PASS * k``
    per participant, deeper where fewer than ``k`` qualify) are scored, which gives a floor (their ``k``-th
    best score); then only the pairs whose bound reaches that floor are enumerated, and the competences part
    (the expensive one) is computed only where the other parts plus its weight reach the floor. Every pair
    never scored scores below the floor, so the kept pairs are exactly the best ``k``.

    Parameters
    ----------
    scorer
        Both sides in array form.
    participant_mask, provider_mask
        Which participants and providers take part (ineligible participants and unavailable providers are
        left out in any case).
    k
        Candidates kept per participant (``None``: all qualifying pairs).
    excluded
        ``(participant, provider)`` index pairs never to propose.
    trees
        The providers' language trees (for the distance limit as a chord).
    group_size
        Participants handled together (one spatial block).

    Returns
    -------
    Candidates
        The kept pairs sorted by participant, score (descending) and provider, with each participant's bound
        on the pairs left out.
    """
    n, m = len(scorer.participants), len(scorer.providers)
    threshold = np.full(n, -1, dtype=np.int64)
    rows_all = np.flatnonzero(participant_mask & scorer.eligible)
    if scorer._masks:
        rows_all = rows_all[scorer.p_mask[rows_all] != 0]  # no language at the minimum level: no pairs at all
    providers = np.flatnonzero(provider_mask & scorer.available)
    empty = np.zeros(0, dtype=np.int64)
    if len(rows_all) == 0 or len(providers) == 0:
        return Candidates(empty, empty, np.zeros(0, dtype=np.int32), threshold)
    excluded_keys = np.array(sorted(i * m + j for i, j in excluded), dtype=np.int64)
    bounded = k is not None and scorer._masks and scorer._occ_table is not None
    bounds = GroupBounds(scorer, providers) if bounded else None
    tree = bounds.tree if bounds is not None else cKDTree(scorer.m_xyz[providers])
    radius = trees.radius
    out_r, out_c, out_s = [], [], []
    for cell in _spatial_chunks(scorer.p_xyz, rows_all, radius / CELLS_PER_RADIUS, None):
        geometry = None
        if bounds is not None:
            around = tree.query_ball_point(scorer.p_xyz[cell].mean(axis=0), radius, return_length=True)
            # Few providers around: bounding would cost more than it saves (most pairs are kept anyway).
            if around > DENSE_REACH * k:
                geometry = bounds.geometry(cell, radius)  # once per cell, shared by its blocks
                if geometry is None:
                    continue
        for rows in (cell[a : a + group_size] for a in range(0, len(cell), group_size)):
            if geometry is not None:
                got = _bounded_block(scorer, bounds, bounds.block(rows, geometry), k, excluded_keys)
            else:
                got = _dense_block(scorer, providers, tree, rows, k, radius, excluded_keys)
            if got is None:
                continue
            pi, pj, scores, kth = got
            threshold[rows] = kth
            out_r.append(pi)
            out_c.append(pj)
            out_s.append(scores.astype(np.int32))
    if not out_r:
        return Candidates(empty, empty, np.zeros(0, dtype=np.int32), threshold)
    rows, cols, scores = np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_s)
    order = top_k(rows, cols, scores, None)
    return Candidates(rows[order], cols[order], scores[order], threshold, bounds)


def beyond(
    scorer: Scorer,
    bounds: GroupBounds,
    rows: np.ndarray,
    floor: np.ndarray,
    radius: float,
    excluded: set[tuple[int, int]],
    group_size: int = 256,
) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Every qualifying pair of ``rows`` that can score ``floor[i]`` or more, in blocks, with bounds.

    Yields ``(participants, providers, cheap, words)`` per block: the score without competences, and the most
    competences can add (0 when the two share no word). The exact score is ``cheap + scorer.text_points``.
    """
    m = len(scorer.providers)
    excluded_keys = np.array(sorted(i * m + j for i, j in excluded), dtype=np.int64)
    lowest = np.full(len(scorer.participants), 0, dtype=np.int64)
    lowest[rows] = floor
    for cell in _spatial_chunks(scorer.p_xyz, rows, radius / CELLS_PER_RADIUS, None):
        geometry = bounds.geometry(cell, radius)
        if geometry is None:
            continue
        for chunk in (cell[a : a + group_size] for a in range(0, len(cell), group_size)):
            yield from _beyond_block(scorer, bounds, bounds.block(chunk, geometry), lowest[chunk], excluded_keys)


def _beyond_block(scorer, bounds, block, lo, excluded_keys):
    """One block of :func:`beyond`."""
    li, pj = bounds.pairs(block, lo)
    li, pi, pj, km = _qualifying(scorer, li, block.rows[li], pj, excluded_keys)
    cheap = scorer.scores(pi, pj, km, text=False).astype(np.int64)
    words = np.where(scorer.p_has_text[pi] & scorer.m_has_text[pj], bounds.w_text, 0)
    hope = cheap + words >= lo[li]
    yield pi[hope], pj[hope], cheap[hope], words[hope]


def _qualifying(scorer: Scorer, li, pi, pj, excluded_keys):
    """Drop the pairs beyond the distance limit or excluded; returns them with their distances."""
    km = scorer.distance_km(pi, pj)
    q = km <= scorer.config.max_distance_km
    if len(excluded_keys):
        q &= ~_contains(excluded_keys, pi * len(scorer.providers) + pj)
    return li[q], pi[q], pj[q], km[q]


#: Participants are grouped in grid cells this many times smaller than the distance limit: smaller cells give
#: tighter distance bounds, larger ones fewer neighbourhood queries.
CELLS_PER_RADIUS = 4.0
#: The first pass scores the pairs with the best bounds, about this many times ``k`` per participant.
FIRST_PASS = 2.0
#: A block whose centre reaches at most this many times ``k`` providers is scored densely, without bounds.
DENSE_REACH = 16


def _bounded_block(scorer: Scorer, bounds: GroupBounds, block: _Block, k: int, excluded_keys):
    """The best ``k`` pairs of each participant of one spatial block, with bounds (see :func:`generate`)."""
    rows = block.rows
    n_rows = len(rows)
    # First pass: per participant, the groups with the best bounds holding a few k providers in all. A provider
    # is counted with its group's best distance bound, so the estimate is on the generous side.
    usable = block.bound >= 0
    li, h = np.nonzero(usable)
    seg = block.by_group
    best = block.bound[li, h] + seg.best_distance(bounds.w_distance + 1)[h]
    size = np.diff(np.r_[seg.starts, len(seg.members)])[h]
    width = int(best.max()) + 1 if len(best) else 1
    hist = np.bincount(li * width + best, weights=size, minlength=n_rows * width).reshape(n_rows, width)
    at_least = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]
    enough = at_least >= FIRST_PASS * k
    start = np.where(enough[:, 0], width - 1 - np.argmax(enough[:, ::-1], axis=1), 0).astype(np.int64)
    # Without the pairs found by a shared word: this pass only sets a floor (the k-th best score). Rows whose
    # estimate was too generous (fewer than k pairs qualify) go deeper, a band of bounds at a time.
    hi = None
    found: list[tuple[np.ndarray, ...]] = []
    while True:
        li_, pj_ = bounds.pairs(block, start, hi, words=False)
        found.append((li_, pj_, *_qualifying(scorer, li_, rows[li_], pj_, excluded_keys)))
        li1 = np.concatenate([f[2] for f in found])
        more = (np.bincount(li1, minlength=n_rows) < k) & (start > 0)
        if not more.any():
            break
        hi = start
        start = np.where(more, np.maximum(start - 64, 0), start)
    li1_all = np.concatenate([f[0] for f in found])
    pj1_all = np.concatenate([f[1] for f in found])
    li1, pi1, pj1, km1 = (np.concatenate([f[i] for f in found]) for i in range(2, 6))
    cheap1 = scorer.scores(pi1, pj1, km1, text=False).astype(np.int64)
    # Cheap parts: their k-th best is a floor; competences only where cheap + its weight reaches that floor.
    text_ub1 = np.where(scorer.p_has_text[pi1] & scorer.m_has_text[pj1], bounds.w_text, 0)
    floor = _kth_best(li1, cheap1, n_rows, k)
    keep1 = cheap1 + text_ub1 >= floor[li1]
    li1, pi1, pj1, s1 = li1[keep1], pi1[keep1], pj1[keep1], cheap1[keep1]
    s1 += scorer.text_points(pi1, pj1)
    floor = _kth_best(li1, s1, n_rows, k)
    # Second pass: the pairs not seen yet whose upper bound reaches the floor (all of them where no floor).
    li2, pj2 = bounds.pairs(block, floor, start, words=False)
    if bounds.m_terms is not None:
        # Pairs sharing a word are bounded with competences: all of them that reach the floor, less the first
        # pass's.
        wi, wj = bounds.pairs(block, floor, words=True)
        seen = np.sort(np.r_[li2, li1_all] * len(scorer.providers) + np.r_[pj2, pj1_all])
        new = ~_contains(seen, wi * len(scorer.providers) + wj)
        li2, pj2 = np.r_[li2, wi[new]], np.r_[pj2, wj[new]]
    li2, pi2, pj2, km2 = _qualifying(scorer, li2, rows[li2], pj2, excluded_keys)
    s2 = scorer.scores(pi2, pj2, km2, text=False).astype(np.int64)
    text_ub2 = np.where(scorer.p_has_text[pi2] & scorer.m_has_text[pj2], bounds.w_text, 0)
    keep2 = s2 + text_ub2 >= floor[li2]
    li2, pi2, pj2, s2 = li2[keep2], pi2[keep2], pj2[keep2], s2[keep2]
    s2 += scorer.text_points(pi2, pj2)
    li, pi, pj, sc = np.r_[li1, li2], np.r_[pi1, pi2], np.r_[pj1, pj2], np.r_[s1, s2]
    if len(li) == 0:
        return None
    # By row, then provider (for ties); a pair may come from both passes (once by its group, once by a word).
    key = li * len(scorer.providers) + pj
    order = np.argsort(key, kind="stable")
    first = order[np.r_[True, key[order][1:] != key[order][:-1]]] if len(order) else order
    li, pi, pj, sc = li[first], pi[first], pj[first], sc[first]
    keep, kth, count = _keep_top(li, sc, n_rows, k)
    # Left-out pairs score at most the k-th best kept; pairs never scored score below the floor.
    kth = np.where(kth >= 0, kth, np.where(floor >= 0, floor - 1, -1))
    return pi[keep], pj[keep], sc[keep], kth


def _dense_block(scorer: Scorer, providers, tree, rows, k, radius, excluded_keys):
    """Every qualifying pair of one spatial block, scored; the best ``k`` per participant kept."""
    p_xyz, m_xyz = scorer.p_xyz, scorer.m_xyz
    centre = p_xyz[rows].mean(axis=0)
    spread = float(np.sqrt(((p_xyz[rows] - centre) ** 2).sum(axis=1).max()))
    found = tree.query_ball_point(centre, radius + spread + 1e-12)
    reach = providers[np.sort(np.asarray(found, dtype=np.int64))]
    if len(reach) == 0:
        return None
    # Chord test on the dot product (one matrix product per group); a generous superset of the exact
    # great-circle test below.
    min_dot = 1.0 - radius * radius / 2.0 - 1e-12
    ok = p_xyz[rows] @ m_xyz[reach].T >= min_dot
    if scorer._masks:
        ok &= (scorer.p_mask[rows][:, None] & scorer.m_mask[reach][None, :]) != 0
    li, lj = np.nonzero(ok)
    li, pi, pj, km = _qualifying(scorer, li, rows[li], reach[lj], excluded_keys)
    if not scorer._masks:
        q = scorer.language_strength(pi, pj) >= scorer.min_level
        li, pi, pj, km = li[q], pi[q], pj[q], km[q]
    if len(pi) == 0:
        return None
    scores = scorer.scores(pi, pj, km)
    kth = np.full(len(rows), -1, dtype=np.int64)
    if k is not None:
        keep, kth, _ = _keep_top(li, scores, len(rows), k)
        pi, pj, scores = pi[keep], pj[keep], scores[keep]
    return pi, pj, scores, kth
