"""Exact assignment: the most participants matched, then the highest total score, within provider capacities.

The lexicographic objective is one weight per pair, ``bonus + score``, with ``bonus`` larger than any total
score: one more match is worth more than every score together. The plan comes from a compiled primal-dual
solver (successive shortest augmenting paths, :func:`stafet.matching.solver.solve`) on the capacitated graph
itself, without expanding capacities into slots. The optimum is then *proven* independently of the solver: LP
dual prices are computed from the plan (longest paths over the alternating graph) and checked for feasibility
and a zero duality gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from stafet.matching import solver


@dataclass(frozen=True)
class Assignment:
    """A plan over candidate edges, with the LP dual prices that prove it optimal.

    ``match[r]`` is the provider of row ``r`` or -1. ``row_price``/``col_price`` are dual prices for the
    weights ``bonus + score``: every edge has ``row_price + col_price >= bonus + score``, and their weighted sum
    equals the plan's total weight when ``proven``.
    """

    match: np.ndarray
    edge: np.ndarray
    matched: int
    score: int
    bonus: int
    row_price: np.ndarray
    col_price: np.ndarray
    proven: bool
    components: int


def assign(
    rows: np.ndarray,
    cols: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    n_rows: int,
    warm: tuple[Assignment, np.ndarray] | None = None,
    *,
    components: bool = True,
) -> Assignment:
    """Lexicographic maximum b-matching: most rows matched, then highest total score.

    Parameters
    ----------
    rows, cols, scores
        Candidate edges (participant index, provider index, non-negative integer score); at most one edge per
        pair.
    capacity
        Capacity of each provider (length = number of providers); 0 means unavailable.
    n_rows
        Number of participants.
    warm
        A proven plan over fewer edges and the rows whose edges changed since (column generation): the solve
        starts from that plan and its prices and searches only for those rows (and the ones it left unmatched).
        The result is proven like any other; should a warm start ever fail the proof, the plan is solved again
        from scratch.
    components
        Count the independent parts of the graph (``Assignment.components``; 0 when false).

    Returns
    -------
    Assignment
        The plan and its optimality certificate.

    Examples
    --------
    >>> import numpy as np
    >>> a = assign(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([900, 100, 800]), np.array([1, 1]), 2)
    >>> a.match.tolist(), a.matched, a.score, a.proven
    ([1, 0], 2, 900, True)
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.int64)
    capacity = np.asarray(capacity, dtype=np.int64)
    n_cols = len(capacity)
    if len(rows) and (scores.min() < 0 or capacity.min() < 0):
        raise ValueError("scores and capacities must be zero or more")
    top = int(scores.max()) if len(scores) else 0
    bonus = top * max(n_rows, 1) + 1
    chosen_edge = np.full(n_rows, -1, dtype=np.int64)
    n_comp = 0
    phi = None
    if len(rows):
        by_row = None if (rows[1:] >= rows[:-1]).all() else np.argsort(rows, kind="stable")
        r, c, s = (rows, cols, scores) if by_row is None else (rows[by_row], cols[by_row], scores[by_row])
        indptr = np.r_[0, np.cumsum(np.bincount(r, minlength=n_rows))].astype(np.int64)
        empty = np.zeros(0, dtype=np.int64)
        if warm is not None and warm[0].proven and warm[0].bonus == bonus and len(warm[0].col_price) == n_cols:
            start = warm[0].match.copy()
            start[warm[1]] = -1
            picked, _, phi = solver.solve(indptr, c, s + bonus, capacity, start, warm[0].col_price)
            chosen_edge = picked if by_row is None else np.where(picked >= 0, by_row[np.maximum(picked, 0)], -1)
            plan = _plan(rows, cols, scores, capacity, n_rows, chosen_edge, bonus, phi)
            if plan[-1]:
                return Assignment(*plan, _components(r, c, capacity, n_rows) if components else 0)
        picked, _, phi = solver.solve(indptr, c, s + bonus, capacity, empty, empty)
        chosen_edge = picked if by_row is None else np.where(picked >= 0, by_row[np.maximum(picked, 0)], -1)
        n_comp = _components(r, c, capacity, n_rows) if components else 0
    return Assignment(*_plan(rows, cols, scores, capacity, n_rows, chosen_edge, bonus, phi), n_comp)


def _plan(rows, cols, scores, capacity, n_rows, chosen_edge, bonus, phi=None):
    """The plan's fields of :class:`Assignment` (all but ``components``), with its proof."""
    match = np.full(n_rows, -1, dtype=np.int64)
    has = chosen_edge >= 0
    match[has] = cols[chosen_edge[has]]
    matched = int(has.sum())
    score = int(scores[chosen_edge[has]].sum())
    row_price, col_price, proven = _prices(rows, cols, scores, capacity, n_rows, chosen_edge, bonus, phi)
    return match, chosen_edge, matched, score, bonus, row_price, col_price, proven


def _components(r: np.ndarray, c: np.ndarray, capacity: np.ndarray, n_rows: int) -> int:
    """The number of independent parts of the graph (rows and providers linked by usable edges)."""
    usable = capacity[c] > 0
    nodes = n_rows + len(capacity)
    graph = sp.csr_matrix(
        (np.ones(int(usable.sum()), dtype=np.int8), (r[usable], n_rows + c[usable])), shape=(nodes, nodes)
    )
    _, label = connected_components(graph, directed=False)
    return len(np.unique(label[r[usable]]))


def _prices(rows, cols, scores, capacity, n_rows, chosen_edge, bonus, phi=None):
    """Dual prices of the plan, and whether they prove it optimal (feasible duals, zero duality gap).

    Provider prices are the least that satisfy every edge: longest paths in the alternating graph, where a
    participant matched to ``m`` who could have had ``j`` gives an arc ``m -> j`` of length
    ``score(i, j) - score(i, m)``, and an unmatched participant puts a floor ``bonus + score(i, j)`` on ``j``.
    """
    n_cols = len(capacity)
    col_price = np.zeros(n_cols, dtype=np.int64)
    row_price = np.zeros(n_rows, dtype=np.int64)
    usable = capacity[cols] > 0 if len(rows) else np.zeros(0, dtype=bool)
    r, c, s = rows[usable], cols[usable], scores[usable]
    if len(r) == 0:
        return row_price, col_price, True
    match = np.full(n_rows, -1, dtype=np.int64)
    has = chosen_edge >= 0
    match[has] = cols[chosen_edge[has]]
    own_score = np.zeros(n_rows, dtype=np.int64)
    own_score[has] = scores[chosen_edge[has]]
    m_of = match[r]
    free_row = m_of < 0
    arc = (m_of >= 0) & (m_of != c)
    tail, head, length = m_of[arc], c[arc], s[arc] - own_score[r[arc]]
    done = False
    if phi is not None:
        floor_col = c[free_row]
        col_price, done = solver.least_prices(n_cols, floor_col, bonus + s[free_row], tail, head, length, phi)
    changed = np.zeros(n_cols, dtype=bool) if done else np.ones(n_cols, dtype=bool)
    if not done:
        col_price = np.zeros(n_cols, dtype=np.int64)
        np.maximum.at(col_price, c[free_row], bonus + s[free_row])
    for _ in range(n_cols + 1):
        active = changed[tail]
        if not active.any():
            break
        before = col_price.copy()
        np.maximum.at(col_price, head[active], col_price[tail[active]] + length[active])
        changed = col_price != before
    else:
        return row_price, col_price, False
    row_price[has] = bonus + own_score[has] - col_price[match[has]]
    load = np.bincount(match[has], minlength=n_cols)
    feasible = (
        (row_price >= 0).all()
        and (row_price[r] + col_price[c] >= bonus + s).all()
        and (col_price[load < capacity] == 0).all()
    )
    dual = int(row_price.sum()) + int((col_price * capacity).sum())
    primal = int(has.sum()) * bonus + int(own_score.sum())
    return row_price, col_price, bool(feasible and dual == primal)


def greedy(rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, capacity: np.ndarray, n_rows: int):
    """The baseline a coordinator would do by hand: best-scoring pair first (ties by participant, provider).

    Here greedy gives participant 0 its favourite and leaves participant 1 without a provider; the exact plan
    matches both.

    Returns ``(matched, total_score)``.

    >>> import numpy as np
    >>> greedy(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([900, 100, 800]), np.array([1, 1]), 2)
    (1, 900)
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.int64)
    left = np.array(capacity, dtype=np.int64)
    # Rounds instead of one pair at a time: a pair that is its participant's best remaining pair and among the
    # first ``left`` remaining pairs of its provider (in the greedy order) is taken by the one-at-a-time greedy
    # whatever happens to the pairs before it, so all such pairs are taken at once. Each round takes at least
    # the best remaining pair, so the result is exactly the one-at-a-time greedy's.
    r, c, s = rows, cols, scores
    in_order = len(r) < 2 or bool(
        np.all((r[1:] > r[:-1]) | ((r[1:] == r[:-1]) & ((s[1:] < s[:-1]) | ((s[1:] == s[:-1]) & (c[1:] > c[:-1])))))
    )
    if not in_order:  # candidates come in this order already
        by_row = np.lexsort((cols, -scores, rows))  # each participant's pairs in greedy order
        r, c, s = rows[by_row], cols[by_row], scores[by_row]
    by_col = _order_by(c, s, r)  # each provider's pairs in greedy order (indices into r, c, s)
    matched = total = 0
    free = np.ones(n_rows, dtype=bool)
    while True:
        alive = free[r] & (left[c] > 0)
        if not alive.all():
            # Drop the dead pairs from both orders (filtering keeps each order).
            new_index = np.cumsum(alive) - 1
            by_col = new_index[by_col[alive[by_col]]]
            r, c, s = r[alive], c[alive], s[alive]
        if len(r) == 0:
            break
        first = np.r_[True, r[1:] != r[:-1]]  # each remaining participant's best pair
        cs = c[by_col]
        start = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]])
        rank = np.empty(len(r), dtype=np.int64)
        rank[by_col] = np.arange(len(r)) - np.repeat(start, np.diff(np.r_[start, len(r)]))
        take = np.flatnonzero(first & (rank < left[c]))
        free[r[take]] = False
        left -= np.bincount(c[take], minlength=len(left))
        matched += len(take)
        total += int(s[take].sum())
    return matched, total


def _order_by(major: np.ndarray, score: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """Indices sorting by (major, -score, minor): one packed int64 key when it fits (much faster than lexsort)."""
    if len(major) == 0:
        return np.zeros(0, dtype=np.int64)
    fits = min(major.min(), minor.min(), score.min()) >= 0 and score.max() < 1 << 14
    if fits and major.max() < 1 << 22 and minor.max() < 1 << 26:
        packed = (major << 40) | (((1 << 14) - 1 - score) << 26) | minor
        return np.argsort(packed, kind="stable")
    return np.lexsort((minor, -score, major))
