"""The engine's inner loops, compiled with Numba: pair scores and best-k candidates under bounds (the solver
is in :mod:`stafet.matching.solver`).

Everything here works on plain arrays. Both sides are packed into one integer and one float matrix each
(:class:`Data`, built by :class:`stafet.matching.scoring.Scorer`), so that a pair's attributes are two rows and
the compiled helpers take a handful of arrays (Numba passes a tuple of many arrays to a function at a real cost,
so no hot helper takes ``Data`` itself). Scores are computed with the very same floating-point expressions as
:meth:`Scorer.parts`, and every distance and text similarity of the engine goes through the functions here, so a
pair's score is the same whichever path computed it.

Compiled code is cached on disk beside this file (``cache=True``): the first run of a fresh checkout compiles
for a few seconds, later processes load it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit, prange

EARTH_RADIUS_KM = 6371.0088

# Columns of the participants' integer matrix: industry, education, goal, competences (CSR start, end), then
# ISCO-08 groups (4 per occupation), language levels and education-field words, at offsets given by ``dims``.
P_IND, P_EDU, P_GOAL, P_TXT, P_OCC = 0, 1, 2, 3, 5
# Providers': industry, education, goal, experience points, opening?, competences (start, end), ISCO-08 groups,
# then language levels and field words.
M_IND, M_EDU, M_GOAL, M_EXP, M_OPEN, M_TXT, M_OCC, M_LV = 0, 1, 2, 3, 4, 5, 7, 11
# Entries of ``dims``: occupations per participant, languages, participant field words, provider field words,
# industry points, whether any fields are known, the minimum language level.
D_OCC, D_LANG, D_PFIELD, D_MFIELD, D_IND, D_FIELDS, D_MIN, D_EMBED = range(8)
# Sentence-embedding cosines of short texts sit in a narrow band (about 0.83 for unrelated texts, 0.90-0.95 for
# the same skill in two languages): this band is spread over the part's 0-1.
EMBED_LOW, EMBED_HIGH = 0.84, 0.94


class Data(NamedTuple):
    """Both sides packed for the compiled scoring (see the column constants above)."""

    pi: np.ndarray  # (n, columns) int64
    mi: np.ndarray  # (m, columns) int64
    pf: np.ndarray  # (n, 3 + occupations): unit vector, years in each occupation
    mf: np.ndarray  # (m, 4): unit vector, years of experience (asked for, for an opening)
    p_txt_idx: np.ndarray  # competences: unit vectors of term frequencies, term ids ascending
    p_txt_val: np.ndarray
    m_txt_idx: np.ndarray
    m_txt_val: np.ndarray
    p_emb: np.ndarray  # (n, dims) unit vectors of the competences, when ``dims[D_EMBED]``; else (n, 0)
    m_emb: np.ndarray
    edu_table: np.ndarray  # [participant level, provider level, opening, shared field word] -> points
    goal_table: np.ndarray
    lang_table: np.ndarray  # strength (0-7) -> points
    weights: np.ndarray  # float64, in the order of PARTS
    dims: np.ndarray
    max_km: float


# -- one pair (helpers take arrays, never Data) ----------------------------------------------------------------


@njit(cache=True, inline="always")
def _chord_km(ax: float, ay: float, az: float, bx: float, by: float, bz: float) -> float:
    d = ax - bx
    chord = d * d
    d = ay - by
    chord += d * d
    d = az - bz
    chord += d * d
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(math.sqrt(chord) / 2.0, 1.0))


@njit(cache=True, inline="always")
def _km(pf: np.ndarray, mf: np.ndarray, i: int, j: int) -> float:
    """Great-circle distance from the chord between the two unit vectors."""
    return _chord_km(pf[i, 0], pf[i, 1], pf[i, 2], mf[j, 0], mf[j, 1], mf[j, 2])


@njit(cache=True, inline="always")
def _distance_points(km: float, weight: float, max_km: float) -> int:
    q = min(max(1.0 - km / max_km, 0.0), 1.0)
    return int(math.floor(q * weight + 0.5))


@njit(cache=True, inline="always")
def _shared_levels(pi: np.ndarray, mi: np.ndarray, o: int, i: int, j: int) -> int:
    """ISCO-08 levels (0-4) the provider's occupation shares with the participant's ``o``-th occupation."""
    level = 0
    for k in range(4):
        code = mi[j, M_OCC + k]
        if code >= 0 and pi[i, P_OCC + 4 * o + k] == code:
            level += 1
    return level


@njit(cache=True, inline="always")
def _occupation_level(pi: np.ndarray, mi: np.ndarray, n_occ: int, i: int, j: int) -> int:
    """ISCO-08 levels (0-4) the provider's occupation shares with the participant's closest occupation."""
    best = 0
    for o in range(n_occ):
        best = max(best, _shared_levels(pi, mi, o, i, j))
    return best


@njit(cache=True, inline="always")
def _language_strength(pi: np.ndarray, mi: np.ndarray, dims: np.ndarray, i: int, j: int) -> int:
    """The lower of the two levels in the best language both speak (0-7)."""
    at = P_OCC + 4 * dims[D_OCC]
    best = 0
    for lang in range(dims[D_LANG]):
        best = max(best, min(pi[i, at + lang], mi[j, M_LV + lang]))
    return best


@njit(cache=True, inline="always")
def _shares_field(pi: np.ndarray, mi: np.ndarray, dims: np.ndarray, i: int, j: int) -> int:
    pa = P_OCC + 4 * dims[D_OCC] + dims[D_LANG]
    ma = M_LV + dims[D_LANG]
    for a in range(dims[D_PFIELD]):
        word = pi[i, pa + a]
        if word < 0:
            continue
        for b in range(dims[D_MFIELD]):
            if word == mi[j, ma + b]:
                return 1
    return 0


@njit(cache=True, inline="always")
def _text(pi, mi, p_idx, p_val, m_idx, m_val, i, j) -> float:
    """Cosine of the two competence vectors, summed over shared terms in increasing term order, clipped to [0, 1]."""
    a, a_end = pi[i, P_TXT], pi[i, P_TXT + 1]
    b, b_end = mi[j, M_TXT], mi[j, M_TXT + 1]
    acc = 0.0
    while a < a_end and b < b_end:
        ta, tb = p_idx[a], m_idx[b]
        if ta == tb:
            acc += p_val[a] * m_val[b]
            a += 1
            b += 1
        elif ta < tb:
            a += 1
        else:
            b += 1
    return min(max(acc, 0.0), 1.0)


@njit(cache=True, inline="always")
def _embedded(p_emb: np.ndarray, m_emb: np.ndarray, i: int, j: int) -> float:
    """The embeddings' cosine, spread from the band [EMBED_LOW, EMBED_HIGH] over [0, 1]."""
    acc = 0.0
    for x in range(p_emb.shape[1]):
        acc += p_emb[i, x] * m_emb[j, x]
    return min(max((acc - EMBED_LOW) / (EMBED_HIGH - EMBED_LOW), 0.0), 1.0)


@njit(cache=True, inline="always")
def _similarity(pi, mi, p_idx, p_val, m_idx, m_val, p_emb, m_emb, dims, i, j) -> float:
    if dims[D_EMBED]:
        return _embedded(p_emb, m_emb, i, j)
    return _text(pi, mi, p_idx, p_val, m_idx, m_val, i, j)


@njit(cache=True, inline="always")
def _opening_experience(pi: np.ndarray, mi: np.ndarray, pf: np.ndarray, mf: np.ndarray, n_occ: int, i, j) -> float:
    """The participant's years in a related occupation (same sub-major group or closer) against the years asked."""
    related = 0.0
    for o in range(n_occ):
        related += pf[i, 3 + o] if _shared_levels(pi, mi, o, i, j) >= 2 else 0.0
    required = mf[j, 3]
    if required > 0:
        return min(1.0, related / max(required, 1e-9))
    return 1.0


@njit(cache=True, inline="always")
def _score(i, j, dp, pi, mi, pf, mf, p_idx, p_val, m_idx, m_val, p_emb, m_emb, edu_table, goal_table, lang_table,
           weights, dims):  # fmt: skip
    """The pair's whole score, given its distance points ``dp``."""
    s = dims[D_IND] if pi[i, P_IND] == mi[j, M_IND] else 0
    s += int(math.floor(_occupation_level(pi, mi, dims[D_OCC], i, j) / 4.0 * weights[1] + 0.5))
    field = _shares_field(pi, mi, dims, i, j) if dims[D_FIELDS] else 0
    s += edu_table[pi[i, P_EDU], mi[j, M_EDU], mi[j, M_OPEN], field]
    s += dp
    s += lang_table[_language_strength(pi, mi, dims, i, j)]
    s += goal_table[pi[i, P_GOAL], mi[j, M_GOAL]]
    if mi[j, M_OPEN]:
        s += int(math.floor(_opening_experience(pi, mi, pf, mf, dims[D_OCC], i, j) * weights[6] + 0.5))
    else:
        s += mi[j, M_EXP]
    if pi[i, P_TXT + 1] > pi[i, P_TXT] and mi[j, M_TXT + 1] > mi[j, M_TXT]:
        sim = _similarity(pi, mi, p_idx, p_val, m_idx, m_val, p_emb, m_emb, dims, i, j)
        s += int(math.floor(sim * weights[7] + 0.5))
    return s


# -- many pairs ----------------------------------------------------------------------------------------------


@njit(cache=True)
def pair_km(d: Data, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
    pf, mf = d.pf, d.mf
    out = np.empty(len(pi), dtype=np.float64)
    for k in range(len(pi)):
        out[k] = _km(pf, mf, pi[k], pj[k])
    return out


@njit(cache=True)
def pair_text(d: Data, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
    p, m, p_idx, p_val, m_idx, m_val = d.pi, d.mi, d.p_txt_idx, d.p_txt_val, d.m_txt_idx, d.m_txt_val
    p_emb, m_emb, dims = d.p_emb, d.m_emb, d.dims
    out = np.zeros(len(pi), dtype=np.float64)
    for k in range(len(pi)):
        out[k] = _similarity(p, m, p_idx, p_val, m_idx, m_val, p_emb, m_emb, dims, pi[k], pj[k])
    return out


@njit(cache=True)
def pair_scores(d: Data, pi: np.ndarray, pj: np.ndarray, km: np.ndarray) -> np.ndarray:
    p, m, pf, mf, w, dims = d.pi, d.mi, d.pf, d.mf, d.weights, d.dims
    p_idx, p_val, m_idx, m_val, p_emb, m_emb = d.p_txt_idx, d.p_txt_val, d.m_txt_idx, d.m_txt_val, d.p_emb, d.m_emb
    edu_table, goal_table, lang_table = d.edu_table, d.goal_table, d.lang_table
    out = np.empty(len(pi), dtype=np.int64)
    for k in range(len(pi)):
        dp = _distance_points(km[k], w[3], d.max_km)
        out[k] = _score(
            pi[k], pj[k], dp, p, m, pf, mf, p_idx, p_val, m_idx, m_val, p_emb, m_emb, edu_table, goal_table,
            lang_table, w, dims,
        )  # fmt: skip
    return out


@njit(cache=True)
def pair_shared_terms(d: Data, pi: np.ndarray, pj: np.ndarray, top: int) -> np.ndarray:
    """Each pair's ``top`` shared competence terms by weight in its similarity (ties by term: terms are numbered
    alphabetically), -1 padded."""
    p, m, p_idx, p_val, m_idx, m_val = d.pi, d.mi, d.p_txt_idx, d.p_txt_val, d.m_txt_idx, d.m_txt_val
    out = np.full((len(pi), top), -1, dtype=np.int64)
    weight = np.zeros(top, dtype=np.float64)
    for k in range(len(pi)):
        i, j = pi[k], pj[k]
        a, a_end = p[i, P_TXT], p[i, P_TXT + 1]
        b, b_end = m[j, M_TXT], m[j, M_TXT + 1]
        held = 0
        while a < a_end and b < b_end:
            ta, tb = p_idx[a], m_idx[b]
            if ta == tb:
                w = p_val[a] * m_val[b]
                # Insert into the few kept so far, best first.
                at = held
                while at > 0 and (weight[at - 1] < w or (weight[at - 1] == w and out[k, at - 1] > ta)):
                    at -= 1
                if at < top:
                    stop = min(held, top - 1)
                    for x in range(stop, at, -1):
                        out[k, x] = out[k, x - 1]
                        weight[x] = weight[x - 1]
                    out[k, at] = ta
                    weight[at] = w
                    held = min(held + 1, top)
                a += 1
                b += 1
            elif ta < tb:
                a += 1
            else:
                b += 1
    return out


# -- candidates ----------------------------------------------------------------------------------------------


class Groups(NamedTuple):
    """Providers grouped for bounds (built by :class:`stafet.matching.candidates.Index`).

    A group holds providers with the same industry, occupation, goal and languages; a super-group the groups of
    one (industry, occupation). Within a group, members are sorted by region (a grid cell), in segments. The
    providers' rows of :class:`Data` are laid out in this same order (positions), so that a participant reads
    a segment's providers from consecutive memory.
    ``*_rest[g, participant education * goals + goal]`` is the best education + goal + experience points of any
    member; ``*_lang[g, language]`` the best level of any member in that language.
    """

    ids: np.ndarray  # provider index of each position (providers are laid out by group, region, index)
    seg_ptr: np.ndarray  # segments of group h: seg_ptr[h] .. seg_ptr[h + 1]
    seg_start: np.ndarray  # positions of segment x: seg_start[x] .. seg_start[x + 1]
    seg_region: np.ndarray
    super_ptr: np.ndarray  # groups of super-group s: super_ptr[s] .. super_ptr[s + 1]
    sr_ptr: np.ndarray  # regions where super-group s has members: sr_region[sr_ptr[s] .. sr_ptr[s + 1]]
    sr_region: np.ndarray
    g_rest: np.ndarray
    g_lang: np.ndarray
    g_text: np.ndarray
    s_rep: np.ndarray  # the position of a member of the super-group (its industry and occupation)
    s_rest: np.ndarray
    s_lang: np.ndarray
    s_text: np.ndarray
    region_xyz: np.ndarray  # centre of each region's providers (unit vector)
    region_km: np.ndarray  # the farthest of its providers from that centre
    n_goals: int


@njit(cache=True)
def _unit_bounds(d: Data, g: Groups, centre: np.ndarray, spread_km: float, r_dist: np.ndarray, s_dist: np.ndarray):
    """Best distance points of each region and super-group for every participant within ``spread_km`` of
    ``centre`` (-1: out of reach). A provider ``x`` km from the centre is at least ``x - spread_km`` km from
    each of them; the slack covers rounding."""
    xyz, reach, w = g.region_xyz, g.region_km, d.weights[3]
    for r in range(len(reach)):
        far = _chord_km(centre[0], centre[1], centre[2], xyz[r, 0], xyz[r, 1], xyz[r, 2])
        near = far - reach[r] - spread_km - 1e-6
        r_dist[r] = _distance_points(max(near, 0.0), w, d.max_km) if near <= d.max_km else -1
    sr_ptr, sr_region = g.sr_ptr, g.sr_region
    for s in range(len(sr_ptr) - 1):
        best = -1
        for x in range(sr_ptr[s], sr_ptr[s + 1]):
            best = max(best, r_dist[sr_region[x]])
        s_dist[s] = best


@njit(cache=True, inline="always")
def _lang_bound(pi: np.ndarray, dims: np.ndarray, i: int, levels: np.ndarray) -> int:
    """The best language strength a participant can have with anyone whose best levels are ``levels``."""
    at = P_OCC + 4 * dims[D_OCC]
    best = 0
    for lang in range(dims[D_LANG]):
        best = max(best, min(pi[i, at + lang], levels[lang]))
    return best


@njit(cache=True, inline="always")
def _excluded(ex_ptr: np.ndarray, ex_cols: np.ndarray, i: int, j: int) -> bool:
    for x in range(ex_ptr[i], ex_ptr[i + 1]):  # noqa: SIM110 (Numba compiles no generator for any())
        if ex_cols[x] == j:
            return True
    return False


@njit(cache=True, inline="always")
def _better(s1: int, j1: int, s2: int, j2: int) -> bool:
    """Candidates rank by score (higher first), then provider index (lower first)."""
    return s1 > s2 or (s1 == s2 and j1 < j2)


@njit(cache=True)
def _sift_down(hs: np.ndarray, hj: np.ndarray, size: int, pos: int) -> None:
    # A heap with the *worst* kept candidate on top.
    while True:
        child = 2 * pos + 1
        if child >= size:
            return
        if child + 1 < size and _better(hs[child], hj[child], hs[child + 1], hj[child + 1]):
            child += 1
        if _better(hs[pos], hj[pos], hs[child], hj[child]):
            hs[pos], hs[child] = hs[child], hs[pos]
            hj[pos], hj[child] = hj[child], hj[pos]
            pos = child
        else:
            return


@njit(cache=True)
def _sift_up(hs: np.ndarray, hj: np.ndarray, pos: int) -> None:
    while pos > 0:
        parent = (pos - 1) // 2
        if _better(hs[parent], hj[parent], hs[pos], hj[pos]):
            hs[parent], hs[pos] = hs[pos], hs[parent]
            hj[parent], hj[pos] = hj[pos], hj[parent]
            pos = parent
        else:
            return


_NO_FLOOR = -(1 << 40)


@njit(cache=True)
def _participant(d, g, i, r_dist, s_dist, k, lo, ex_ptr, ex_cols, hs, hj, sb, order, out_s, out_j):
    """One participant's candidates: the best ``k`` (``k > 0``) or every pair scoring ``lo`` or more (``k == 0``).

    Super-groups are visited in order of their bound, and within them groups and regions, skipping whatever
    cannot reach the floor: ``lo``, or the worst of the ``k`` kept so far. Returns ``(count, left_out)``;
    ``left_out`` is true when a qualifying pair may have been left out (each then scores at most the worst kept),
    ``count`` is -1 when ``out_s`` has no room for every pair found (floor mode). Providers are reported by
    index (``g.ids``), and ties broken by it.
    """
    p, m, pf, mf, w, dims, max_km = d.pi, d.mi, d.pf, d.mf, d.weights, d.dims, d.max_km
    p_idx, p_val, m_idx, m_val, p_emb, m_emb = d.p_txt_idx, d.p_txt_val, d.m_txt_idx, d.m_txt_val, d.p_emb, d.m_emb
    edu_table, goal_table, lang_table = d.edu_table, d.goal_table, d.lang_table
    ids, seg_ptr, seg_start, seg_region = g.ids, g.seg_ptr, g.seg_start, g.seg_region
    super_ptr, s_rep, s_rest, s_lang, s_text = g.super_ptr, g.s_rep, g.s_rest, g.s_lang, g.s_text
    g_rest, g_lang, g_text = g.g_rest, g.g_lang, g.g_text
    n_occ, min_level, ind_points = dims[D_OCC], dims[D_MIN], dims[D_IND]
    rest_col = p[i, P_EDU] * g.n_goals + p[i, P_GOAL]
    has_text = p[i, P_TXT + 1] > p[i, P_TXT]
    w_text = int(math.floor(w[7] + 0.5))
    max_chord = 2.0 * math.sin(min(max_km / EARTH_RADIUS_KM, math.pi) / 2.0) * (1 + 1e-9) + 1e-12
    max_chord2 = max_chord * max_chord
    px, py, pz = pf[i, 0], pf[i, 1], pf[i, 2]
    valid = 0
    for s in range(len(super_ptr) - 1):
        if s_dist[s] < 0:
            continue
        lang = _lang_bound(p, dims, i, s_lang[s])
        if lang < min_level:
            continue
        b = ind_points if p[i, P_IND] == m[s_rep[s], M_IND] else 0
        b += int(math.floor(_occupation_level(p, m, n_occ, i, s_rep[s]) / 4.0 * w[1] + 0.5))
        b += s_rest[s, rest_col] + lang_table[lang] + s_dist[s]
        if has_text and s_text[s]:
            b += w_text
        sb[valid] = -b
        order[valid] = s
        valid += 1
    by_bound = np.argsort(sb[:valid], kind="mergesort")
    size = 0  # candidates held (top-k mode) or found (floor mode)
    left_out = False
    n_out = len(out_s)
    for x in range(valid):
        s = order[by_bound[x]]
        floor = lo if k == 0 else (hs[0] if size == k else _NO_FLOOR)
        if -sb[by_bound[x]] < floor:
            left_out = True
            break
        base = ind_points if p[i, P_IND] == m[s_rep[s], M_IND] else 0
        base += int(math.floor(_occupation_level(p, m, n_occ, i, s_rep[s]) / 4.0 * w[1] + 0.5))
        for h in range(super_ptr[s], super_ptr[s + 1]):
            lang = _lang_bound(p, dims, i, g_lang[h])
            if lang < min_level:
                continue
            gb = base + g_rest[h, rest_col] + lang_table[lang]
            if has_text and g_text[h]:
                gb += w_text
            for sg in range(seg_ptr[h], seg_ptr[h + 1]):
                rd = r_dist[seg_region[sg]]
                if rd < 0:
                    continue
                floor = lo if k == 0 else (hs[0] if size == k else _NO_FLOOR)
                if gb + rd < floor:
                    left_out = True
                    continue
                for j in range(seg_start[sg], seg_start[sg + 1]):
                    c0, c1, c2 = px - mf[j, 0], py - mf[j, 1], pz - mf[j, 2]
                    if c0 * c0 + c1 * c1 + c2 * c2 > max_chord2:
                        continue  # far beyond the limit (the exact test follows)
                    km = _km(pf, mf, i, j)
                    if km > max_km:
                        continue
                    dp = _distance_points(km, w[3], max_km)
                    floor = lo if k == 0 else (hs[0] if size == k else _NO_FLOOR)
                    if gb + dp < floor:
                        left_out = True
                        continue
                    jid = ids[j]
                    if _language_strength(p, m, dims, i, j) < min_level or _excluded(ex_ptr, ex_cols, i, jid):
                        continue
                    sc = _score(
                        i, j, dp, p, m, pf, mf, p_idx, p_val, m_idx, m_val, p_emb, m_emb, edu_table, goal_table,
                        lang_table, w, dims,
                    )  # fmt: skip
                    if k == 0:
                        if sc >= lo:
                            if size == n_out:
                                return -1, left_out
                            out_s[size] = sc
                            out_j[size] = jid
                            size += 1
                    elif size < k:
                        hs[size] = sc
                        hj[size] = jid
                        _sift_up(hs, hj, size)
                        size += 1
                    else:
                        left_out = True
                        if _better(sc, jid, hs[0], hj[0]):
                            hs[0] = sc
                            hj[0] = jid
                            _sift_down(hs, hj, size, 0)
    if k > 0:
        for x in range(size):
            out_s[x] = hs[x]
            out_j[x] = hj[x]
    return size, left_out


@njit(cache=True, parallel=True)
def best_k(d, g, rows, unit_ptr, centres, spreads, k, ex_ptr, ex_cols):
    """The best ``k`` candidates of each of ``rows``, unsorted, and the bound on the rest.

    ``rows`` come in work units of nearby participants (``unit_ptr``), each with the centre and spread of its
    cell. Returns ``(count, scores, providers, threshold)``: ``scores[r * k : r * k + count[r]]`` are row ``r``'s;
    ``threshold[r]`` bounds every qualifying pair left out (-1: none was).
    """
    n_rows = len(rows)
    n_units = len(unit_ptr) - 1
    n_super = len(g.super_ptr) - 1
    count = np.zeros(n_rows, dtype=np.int64)
    threshold = np.full(n_rows, -1, dtype=np.int64)
    out_s = np.zeros(n_rows * k, dtype=np.int64)
    out_j = np.zeros(n_rows * k, dtype=np.int64)
    lanes = max(1, min(n_units, 32))
    for lane in prange(lanes):
        # Units are dealt out in turn, so that each lane gets a share of the dense cells.
        hs = np.empty(k, dtype=np.int64)
        hj = np.empty(k, dtype=np.int64)
        sb = np.empty(n_super, dtype=np.int64)
        order = np.empty(n_super, dtype=np.int64)
        r_dist = np.empty(len(g.region_km), dtype=np.int64)
        s_dist = np.empty(n_super, dtype=np.int64)
        for unit in range(lane, n_units, lanes):
            _unit_bounds(d, g, centres[unit], spreads[unit], r_dist, s_dist)
            for r in range(unit_ptr[unit], unit_ptr[unit + 1]):
                got, left_out = _participant(
                    d, g, rows[r], r_dist, s_dist, k, 0, ex_ptr, ex_cols, hs, hj, sb, order,
                    out_s[r * k : (r + 1) * k], out_j[r * k : (r + 1) * k],
                )  # fmt: skip
                count[r] = got
                if left_out and got == k:
                    worst = out_s[r * k]
                    for x in range(got):
                        worst = min(worst, out_s[r * k + x])
                    threshold[r] = worst
    return count, out_s, out_j, threshold


@njit(cache=True)
def at_least(d, g, rows, unit_ptr, centres, spreads, lo, ex_ptr, ex_cols, room):
    """Every qualifying pair of each of ``rows`` scoring ``lo[r]`` or more (rows in work units as for ``best_k``).

    Returns ``(complete, row index, provider, score)``; ``complete`` is false when more than ``room`` pairs
    qualify for a single row (the caller retries with more room).
    """
    n_super = len(g.super_ptr) - 1
    hs = np.empty(1, dtype=np.int64)
    hj = np.empty(1, dtype=np.int64)
    sb = np.empty(n_super, dtype=np.int64)
    order = np.empty(n_super, dtype=np.int64)
    r_dist = np.empty(len(g.region_km), dtype=np.int64)
    s_dist = np.empty(n_super, dtype=np.int64)
    buf_s = np.empty(room, dtype=np.int64)
    buf_j = np.empty(room, dtype=np.int64)
    total = 0
    out_r = np.empty(1024, dtype=np.int64)
    out_j = np.empty(1024, dtype=np.int64)
    out_s = np.empty(1024, dtype=np.int64)
    for unit in range(len(unit_ptr) - 1):
        _unit_bounds(d, g, centres[unit], spreads[unit], r_dist, s_dist)
        for r in range(unit_ptr[unit], unit_ptr[unit + 1]):
            got, _ = _participant(
                d, g, rows[r], r_dist, s_dist, 0, lo[r], ex_ptr, ex_cols, hs, hj, sb, order, buf_s, buf_j
            )
            if got < 0:
                return False, out_r[:0], out_j[:0], out_s[:0]
            if total + got > len(out_r):
                grow = max(2 * len(out_r), total + got)
                out_r = np.concatenate((out_r, np.empty(grow - len(out_r), dtype=np.int64)))
                out_j = np.concatenate((out_j, np.empty(grow - len(out_j), dtype=np.int64)))
                out_s = np.concatenate((out_s, np.empty(grow - len(out_s), dtype=np.int64)))
            out_r[total : total + got] = r
            out_j[total : total + got] = buf_j[:got]
            out_s[total : total + got] = buf_s[:got]
            total += got
    return True, out_r[:total], out_j[:total], out_s[:total]


# -- pricing: is a left-out pair worth adding? --------------------------------------------------------------


@njit(cache=True)
def _violates(d, g, i, r_dist, s_dist, lo, v, seg_v, grp_v, sup_v, ex_ptr, ex_cols) -> bool:
    """Has participant ``i`` a qualifying pair to a provider ``j`` (a position) with ``score - v[j] > lo``?

    ``v`` is the providers' dual price by position; ``seg_v``, ``grp_v`` and ``sup_v`` the least price in each
    segment, group and super-group. A super-group, group or segment whose best possible score minus its least
    price cannot exceed ``lo`` is passed over without visiting its providers; the search stops at the first such
    pair. Nothing is stored: the work is a walk over the groups, whatever the number of qualifying pairs.
    """
    p, m, pf, mf, w, dims, max_km = d.pi, d.mi, d.pf, d.mf, d.weights, d.dims, d.max_km
    p_idx, p_val, m_idx, m_val, p_emb, m_emb = d.p_txt_idx, d.p_txt_val, d.m_txt_idx, d.m_txt_val, d.p_emb, d.m_emb
    edu_table, goal_table, lang_table = d.edu_table, d.goal_table, d.lang_table
    ids, seg_ptr, seg_start, seg_region = g.ids, g.seg_ptr, g.seg_start, g.seg_region
    super_ptr, s_rep, s_rest, s_lang, s_text = g.super_ptr, g.s_rep, g.s_rest, g.s_lang, g.s_text
    g_rest, g_lang, g_text = g.g_rest, g.g_lang, g.g_text
    n_occ, min_level, ind_points = dims[D_OCC], dims[D_MIN], dims[D_IND]
    rest_col = p[i, P_EDU] * g.n_goals + p[i, P_GOAL]
    has_text = p[i, P_TXT + 1] > p[i, P_TXT]
    w_text = int(math.floor(w[7] + 0.5))
    max_chord = 2.0 * math.sin(min(max_km / EARTH_RADIUS_KM, math.pi) / 2.0) * (1 + 1e-9) + 1e-12
    max_chord2 = max_chord * max_chord
    px, py, pz = pf[i, 0], pf[i, 1], pf[i, 2]
    for s in range(len(super_ptr) - 1):
        if s_dist[s] < 0:
            continue
        lang = _lang_bound(p, dims, i, s_lang[s])
        if lang < min_level:
            continue
        base = ind_points if p[i, P_IND] == m[s_rep[s], M_IND] else 0
        base += int(math.floor(_occupation_level(p, m, n_occ, i, s_rep[s]) / 4.0 * w[1] + 0.5))
        b = base + s_rest[s, rest_col] + lang_table[lang] + s_dist[s]
        if has_text and s_text[s]:
            b += w_text
        if b - sup_v[s] <= lo:
            continue
        for h in range(super_ptr[s], super_ptr[s + 1]):
            lang = _lang_bound(p, dims, i, g_lang[h])
            if lang < min_level:
                continue
            gb = base + g_rest[h, rest_col] + lang_table[lang]
            if has_text and g_text[h]:
                gb += w_text
            if gb + s_dist[s] - grp_v[h] <= lo:
                continue
            for sg in range(seg_ptr[h], seg_ptr[h + 1]):
                rd = r_dist[seg_region[sg]]
                if rd < 0 or gb + rd - seg_v[sg] <= lo:
                    continue
                for j in range(seg_start[sg], seg_start[sg + 1]):
                    if gb + rd - v[j] <= lo:
                        continue
                    c0, c1, c2 = px - mf[j, 0], py - mf[j, 1], pz - mf[j, 2]
                    if c0 * c0 + c1 * c1 + c2 * c2 > max_chord2:
                        continue
                    km = _km(pf, mf, i, j)
                    if km > max_km:
                        continue
                    dp = _distance_points(km, w[3], max_km)
                    if gb + dp - v[j] <= lo:
                        continue
                    if _language_strength(p, m, dims, i, j) < min_level or _excluded(ex_ptr, ex_cols, i, ids[j]):
                        continue
                    sc = _score(
                        i, j, dp, p, m, pf, mf, p_idx, p_val, m_idx, m_val, p_emb, m_emb, edu_table, goal_table,
                        lang_table, w, dims,
                    )  # fmt: skip
                    if sc - v[j] > lo:
                        return True
    return False


@njit(cache=True, parallel=True)
def violated(d, g, rows, unit_ptr, centres, spreads, lo, v, seg_v, grp_v, sup_v, ex_ptr, ex_cols):
    """For each of ``rows`` (in work units as for ``best_k``): has it a pair with ``score - v[j] > lo[r]``?"""
    n_rows = len(rows)
    n_units = len(unit_ptr) - 1
    n_super = len(g.super_ptr) - 1
    out = np.zeros(n_rows, dtype=np.bool_)
    lanes = max(1, min(n_units, 32))
    for lane in prange(lanes):
        r_dist = np.empty(len(g.region_km), dtype=np.int64)
        s_dist = np.empty(n_super, dtype=np.int64)
        for unit in range(lane, n_units, lanes):
            _unit_bounds(d, g, centres[unit], spreads[unit], r_dist, s_dist)
            for r in range(unit_ptr[unit], unit_ptr[unit + 1]):
                out[r] = _violates(d, g, rows[r], r_dist, s_dist, lo[r], v, seg_v, grp_v, sup_v, ex_ptr, ex_cols)
    return out
