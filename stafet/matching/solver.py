"""The exact solver, compiled with Numba: maximum-weight b-matching by successive shortest augmenting paths.

Plain arrays in and out (no Numba types of the engine); cached on disk beside this file like the kernels.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _heap_push(keys: np.ndarray, vals: np.ndarray, size: int, key: int, val: int) -> int:
    pos = size
    keys[pos] = key
    vals[pos] = val
    while pos > 0:
        parent = (pos - 1) // 2
        if keys[parent] > keys[pos] or (keys[parent] == keys[pos] and vals[parent] > vals[pos]):
            keys[parent], keys[pos] = keys[pos], keys[parent]
            vals[parent], vals[pos] = vals[pos], vals[parent]
            pos = parent
        else:
            break
    return size + 1


@njit(cache=True)
def _heap_pop(keys: np.ndarray, vals: np.ndarray, size: int) -> int:
    size -= 1
    keys[0] = keys[size]
    vals[0] = vals[size]
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= size:
            break
        if child + 1 < size and (
            keys[child + 1] < keys[child] or (keys[child + 1] == keys[child] and vals[child + 1] < vals[child])
        ):
            child += 1
        if keys[child] < keys[pos] or (keys[child] == keys[pos] and vals[child] < vals[pos]):
            keys[child], keys[pos] = keys[pos], keys[child]
            vals[child], vals[pos] = vals[pos], vals[child]
            pos = child
        else:
            break
    return size


@njit(cache=True)
def _scan(i, di, indptr, cols, weight, u, v, chosen, room, done, dist, via, touched, n_touched, keys, vals, heap):
    """Relax the edges of row ``i`` (reached at cost ``di``); returns the heap size and touched count."""
    for e in range(indptr[i], indptr[i + 1]):
        if e == chosen[i]:
            continue
        j = cols[e]
        if done[j] or room[j] == 0:
            continue
        nd = di + u[i] + v[j] - weight[e]
        if nd < dist[j]:
            if via[j] < 0:
                touched[n_touched] = j
                n_touched += 1
            dist[j] = nd
            via[j] = e
            heap = _heap_push(keys, vals, heap, nd, j)
    return heap, n_touched


@njit(cache=True)
def _unplace(r, chosen, slot_of, owner, load, slot_start, cols):
    """Take row ``r`` out of its provider's slots, keeping the provider's slots packed from its first."""
    j = cols[chosen[r]]
    last = slot_start[j] + load[j] - 1
    slot = slot_of[r]
    moved = owner[last]
    owner[slot] = moved
    slot_of[moved] = slot
    owner[last] = -1
    slot_of[r] = -1
    chosen[r] = -1
    load[j] -= 1


@njit(cache=True)
def _place(r, e, chosen, slot_of, owner, load, slot_start, cols):
    j = cols[e]
    slot = slot_start[j] + load[j]
    owner[slot] = r
    slot_of[r] = slot
    chosen[r] = e
    load[j] += 1


@njit(cache=True)
def _refill(j0, indptr, cols, weight, row_of, col_ptr, col_edges, u, v, chosen, slot_of, owner, load, slot_start,
            pdist, rdist, via_r, via_e, done, finished, ptouched, rtouched, keys, vals, chain_r, chain_e):  # fmt: skip
    """Repair provider ``j0``: it has room but a positive price (a warm start took a row from it).

    A backward Dijkstra on reduced costs from ``j0`` (a row reached through an edge it does not use leads on to
    its own provider at no cost) finds the cheapest way to bring a row to it: an unmatched
    row joins, or a row moves over from another provider, which then gives up one (a chain of moves); if even the
    cheapest costs more than ``v[j0]``, the price of ``j0`` falls to 0 instead. Prices are updated as in any
    shortest-path step (rows rise, providers fall by how much closer than the end they were), so every edge keeps
    a non-negative reduced cost and every matched edge stays tight.
    """
    big = np.int64(1) << 62
    budget = v[j0]
    best_t, t_kind, t_node = big, 0, -1
    heap = _heap_push(keys, vals, 0, 0, j0)
    pdist[j0] = 0
    ptouched[0] = j0
    n_pt, n_rt, n_fin = 1, 0, 0
    while heap > 0:
        dj, j = keys[0], vals[0]
        heap = _heap_pop(keys, vals, heap)
        if done[j] or dj > pdist[j]:
            continue
        if dj >= budget or dj >= best_t:
            break
        done[j] = True
        finished[n_fin] = j
        n_fin += 1
        if j != j0 and load[j] > 0 and dj + v[j] < best_t:
            best_t, t_kind, t_node = dj + v[j], 1, j  # ``j`` gives up a row (it then has room at price 0)
        for x in range(col_ptr[j], col_ptr[j + 1]):
            e = col_edges[x]
            r = row_of[e]
            if chosen[r] == e:
                continue
            nd = dj + u[r] + v[j] - weight[e]
            if nd < rdist[r]:
                if rdist[r] == big:
                    rtouched[n_rt] = r
                    n_rt += 1
                rdist[r] = nd
                via_e[r] = e
                if chosen[r] >= 0:
                    j1 = cols[chosen[r]]
                    if not done[j1] and nd < pdist[j1]:
                        if pdist[j1] == big:
                            ptouched[n_pt] = j1
                            n_pt += 1
                        pdist[j1] = nd
                        via_r[j1] = r
                        heap = _heap_push(keys, vals, heap, nd, j1)
                elif nd < best_t:
                    best_t, t_kind, t_node = nd, 2, r  # an unmatched row (price 0) joins
    # Providers closer than the end fall by how much closer they were, and their rows rise by as much (a matched
    # edge stays tight); rows reached through a provider that was not finished keep their price.
    step = min(budget, best_t)
    for x in range(n_fin):
        j = finished[x]
        v[j] -= step - pdist[j]
        for y in range(slot_start[j], slot_start[j] + load[j]):
            u[owner[y]] += step - pdist[j]
    if best_t < budget:
        r = via_r[t_node] if t_kind == 1 else t_node
        n_chain = 0
        while True:
            e = via_e[r]
            chain_r[n_chain] = r
            chain_e[n_chain] = e
            n_chain += 1
            j = cols[e]
            if j == j0:
                break
            r = via_r[j]
        for x in range(n_chain):
            if chosen[chain_r[x]] >= 0:
                _unplace(chain_r[x], chosen, slot_of, owner, load, slot_start, cols)
        for x in range(n_chain):
            _place(chain_r[x], chain_e[x], chosen, slot_of, owner, load, slot_start, cols)
    for x in range(n_pt):
        j = ptouched[x]
        pdist[j] = big
        done[j] = False
    for x in range(n_rt):
        rdist[rtouched[x]] = big


@njit(cache=True)
def solve(
    indptr: np.ndarray,
    cols: np.ndarray,
    weight: np.ndarray,
    capacity: np.ndarray,
    warm_col: np.ndarray,
    warm_v: np.ndarray,
):
    """Maximum-weight b-matching by successive shortest augmenting paths (primal-dual, Dijkstra on reduced costs).

    Rows are participants with edges ``indptr[i] .. indptr[i + 1]`` to providers ``cols`` of positive integer
    ``weight``; provider ``j`` takes at most ``capacity[j]`` rows; a row may stay unmatched (weight 0). Dual
    prices are kept feasible (``u[i] + v[j] >= weight`` on every edge, ``u, v >= 0``) and complementary
    throughout; each row in turn is matched along a cheapest alternating path, so the plan is optimal.

    A warm start (``warm_v`` of length ``m``; empty arrays for a cold one) takes the plan and provider prices of
    an optimal solve over fewer edges: ``warm_col[i]`` is row ``i``'s provider, or -1 for a row to solve again
    (one whose edges changed, or that was unmatched). The prices must be feasible on the kept rows' edges and
    complementary (a provider with a positive price full). Only the rows without a provider are searched for;
    a provider that lost a row but kept a positive price is then refilled or its price lowered
    (:func:`_refill`), so the result is optimal exactly as a cold solve's. (The caller proves it anyway.)

    Returns the chosen edge of each row (-1: unmatched) and the prices ``u``, ``v``.
    """
    n = len(indptr) - 1
    m = len(capacity)
    big = np.int64(1) << 62
    u = np.zeros(n, dtype=np.int64)
    v = np.zeros(m, dtype=np.int64)
    chosen = np.full(n, -1, dtype=np.int64)
    slot_of = np.full(n, -1, dtype=np.int64)
    degree = np.zeros(m, dtype=np.int64)
    for e in range(len(cols)):
        degree[cols[e]] += 1
    slot_start = np.zeros(m + 1, dtype=np.int64)
    for j in range(m):
        slot_start[j + 1] = slot_start[j] + min(capacity[j], degree[j])
    owner = np.full(slot_start[m], -1, dtype=np.int64)
    load = np.zeros(m, dtype=np.int64)
    room = np.zeros(m, dtype=np.int64)
    for j in range(m):
        room[j] = slot_start[j + 1] - slot_start[j]
    row_of = np.empty(len(cols), dtype=np.int64)
    for i in range(n):
        best = 0
        for e in range(indptr[i], indptr[i + 1]):
            row_of[e] = i
            best = max(best, weight[e])
        u[i] = best
    # Rows in order of their best weight (the strongest first), then index: where places are scarce the weaker
    # rows then come to providers whose prices already tell them that they cannot gain.
    by_weight = np.argsort(-u, kind="mergesort")
    warm = len(warm_v) == m and m > 0
    if warm:
        for j in range(m):
            v[j] = warm_v[j]
        for i in range(n):
            u[i] = 0
            j = warm_col[i]
            if j < 0:
                continue
            for e in range(indptr[i], indptr[i + 1]):
                if cols[e] == j and load[j] < room[j]:
                    _place(i, e, chosen, slot_of, owner, load, slot_start, cols)
                    u[i] = weight[e] - v[j]
                    break
    else:
        # Start: every row takes its best edge where the provider has room (tight edges, prices stay feasible).
        for i in by_weight:
            for e in range(indptr[i], indptr[i + 1]):
                j = cols[e]
                if weight[e] == u[i] and load[j] < room[j]:
                    _place(i, e, chosen, slot_of, owner, load, slot_start, cols)
                    break
    dist = np.full(m, big, dtype=np.int64)
    via = np.full(m, -1, dtype=np.int64)
    done = np.zeros(m, dtype=np.bool_)
    row_dist = np.zeros(n, dtype=np.int64)
    touched = np.empty(m, dtype=np.int64)
    finished = np.empty(m, dtype=np.int64)
    scanned = np.empty(n, dtype=np.int64)
    heap_keys = np.empty(len(cols) + 1, dtype=np.int64)
    heap_vals = np.empty(len(cols) + 1, dtype=np.int64)
    for start in by_weight:
        if chosen[start] >= 0:
            continue
        # The least price that covers the row's edges at the providers' prices now: the providers' prices have
        # risen since the start where places are scarce, and a row that nothing can gain stays out at once
        # (price 0) instead of searching a whole region for the cheapest exchange.
        least = 0
        for e in range(indptr[start], indptr[start + 1]):
            if room[cols[e]] > 0:
                least = max(least, weight[e] - v[cols[e]])
        u[start] = least
        if least == 0:
            continue
        # The cheapest way out so far: the start row stays unmatched, at the cost of its whole price.
        best, best_mentor, best_row = u[start], -1, start
        row_dist[start] = 0
        scanned[0] = start
        n_scanned, n_finished = 1, 0
        heap, n_touched = _scan(start, 0, indptr, cols, weight, u, v, chosen, room, done, dist, via, touched,
                                0, heap_keys, heap_vals, 0)  # fmt: skip
        while heap > 0:
            dj, j = heap_keys[0], heap_vals[0]
            heap = _heap_pop(heap_keys, heap_vals, heap)
            if done[j] or dj > dist[j]:
                continue  # a stale entry
            if dj >= best:
                break
            if load[j] < room[j]:
                best, best_mentor, best_row = dj, j, -1
                break
            done[j] = True
            finished[n_finished] = j
            n_finished += 1
            # The provider's rows are reached at the same cost: their edges to it are tight.
            for x in range(slot_start[j], slot_start[j + 1]):
                r = owner[x]
                row_dist[r] = dj
                scanned[n_scanned] = r
                n_scanned += 1
                if dj + u[r] < best:
                    # A row on the path may give up its provider and stay unmatched.
                    best, best_mentor, best_row = dj + u[r], -1, r
                heap, n_touched = _scan(r, dj, indptr, cols, weight, u, v, chosen, room, done, dist, via,
                                        touched, n_touched, heap_keys, heap_vals, heap)  # fmt: skip
        # Prices: providers finished before the way out rise, rows on the tree fall, by how much closer they were.
        for x in range(n_finished):
            j = finished[x]
            v[j] += best - dist[j]
        for x in range(n_scanned):
            r = scanned[x]
            u[r] -= best - row_dist[r]
        # Augment along the path back to the start row.
        if best_mentor >= 0:
            j = best_mentor
            slot = slot_start[j] + load[j]
            load[j] += 1
        elif best_row != start:
            old = chosen[best_row]
            j = cols[old]
            slot = slot_of[best_row]
            chosen[best_row] = -1
            slot_of[best_row] = -1
        else:
            j = -1
            slot = -1
        while j >= 0:
            e = via[j]
            r = row_of[e]
            old, old_slot = chosen[r], slot_of[r]
            chosen[r] = e
            slot_of[r] = slot
            owner[slot] = r
            if old < 0:
                break
            j = cols[old]
            slot = old_slot
        for x in range(n_touched):
            j = touched[x]
            dist[j] = big
            via[j] = -1
            done[j] = False
    # A warm start can leave a provider that lost a row with room and a positive price: refill it or lower it.
    short = 0
    for j in range(m):
        if v[j] > 0 and load[j] < room[j]:
            short += 1
    if short:
        col_ptr = np.zeros(m + 1, dtype=np.int64)
        for e in range(len(cols)):
            col_ptr[cols[e] + 1] += 1
        for j in range(m):
            col_ptr[j + 1] += col_ptr[j]
        fill = col_ptr[:-1].copy()
        col_edges = np.empty(len(cols), dtype=np.int64)
        for e in range(len(cols)):
            col_edges[fill[cols[e]]] = e
            fill[cols[e]] += 1
        rdist = np.full(n, big, dtype=np.int64)
        via_r = np.full(m, -1, dtype=np.int64)
        via_e = np.full(n, -1, dtype=np.int64)
        rtouched = np.empty(n, dtype=np.int64)
        chain_r = np.empty(n, dtype=np.int64)
        chain_e = np.empty(n, dtype=np.int64)
        for j in range(m):
            while v[j] > 0 and load[j] < room[j]:
                _refill(j, indptr, cols, weight, row_of, col_ptr, col_edges, u, v, chosen, slot_of, owner, load,
                        slot_start, dist, rdist, via_r, via_e, done, finished, touched, rtouched, heap_keys,
                        heap_vals, chain_r, chain_e)  # fmt: skip
    return chosen, u, v


@njit(cache=True)
def least_prices(n_cols, floor_col, floor, tail, head, length, phi):
    """The least provider prices: longest paths over the arcs ``tail -> head`` of ``length`` from the floors.

    ``phi`` are prices under which every arc's reduced length ``length + phi[tail] - phi[head]`` is at most 0
    (the solver's own, feasible and tight on the plan), so the longest paths come out of one Dijkstra (largest
    label less ``phi`` first) instead of rounds of Bellman-Ford. Returns the prices and whether ``phi`` held;
    when it did not, the caller computes them the slow way.
    """
    price = np.zeros(n_cols, dtype=np.int64)
    for x in range(len(floor_col)):
        price[floor_col[x]] = max(price[floor_col[x]], floor[x])
    ptr = np.zeros(n_cols + 1, dtype=np.int64)
    for x in range(len(tail)):
        ptr[tail[x] + 1] += 1
    for j in range(n_cols):
        ptr[j + 1] += ptr[j]
    fill = ptr[:-1].copy()
    arc = np.empty(len(tail), dtype=np.int64)
    for x in range(len(tail)):
        arc[fill[tail[x]]] = x
        fill[tail[x]] += 1
    keys = np.empty(n_cols + len(tail) + 1, dtype=np.int64)
    vals = np.empty(n_cols + len(tail) + 1, dtype=np.int64)
    done = np.zeros(n_cols, dtype=np.bool_)
    heap = 0
    for j in range(n_cols):
        heap = _heap_push(keys, vals, heap, phi[j] - price[j], j)  # a min-heap: the largest label first
    while heap > 0:
        key, j = keys[0], vals[0]
        heap = _heap_pop(keys, vals, heap)
        if done[j] or key != phi[j] - price[j]:
            continue
        done[j] = True
        for y in range(ptr[j], ptr[j + 1]):
            x = arc[y]
            c = head[x]
            better = price[j] + length[x]
            if better > price[c]:
                if done[c]:
                    return price, False
                price[c] = better
                heap = _heap_push(keys, vals, heap, phi[c] - better, c)
    return price, True
