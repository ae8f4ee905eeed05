"""Scores of participant-provider pairs as integer sums of named parts, computed over arrays of pairs.

Every part is ``round(weight * quality)`` with a quality between 0 and 1, so a pair's score is a whole number
between 0 and the sum of the weights (at most 1000) and objectives compare exactly.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from stafet.matching.model import (
    EDUCATION_LEVELS,
    GOALS,
    OPENING_TYPES,
    PARTS,
    Config,
    Participant,
    Provider,
    cefr_rank,
)
from stafet.matching.reference import NACE_SECTIONS

EARTH_RADIUS_KM = 6371.0088
_TOKEN = re.compile(r"[^\W\d_][\w+#.-]*[\w+#]|[^\W\d_]", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "at",
        "by",
        "from",
        "as",
        "or",
        "is",
        "are",
        "be",
        "i",
        "og",
        "i",
        "på",
        "for",
        "til",
        "med",
        "af",
        "at",
        "en",
        "et",
        "den",
        "det",
        "de",
        "som",
        "er",
        "har",
        "ved",
        "fra",
        "om",
        "eller",
        "samt",
        "inden",
        "under",
        "over",
    ]
)
# Quality of a participant's goal (rows: job, education, self_employment, unknown) against a mentor's focus
# (job, education, self_employment, any) and an opening's type (job, internship, wage_subsidy, apprentice, any).
_GOAL_FIT = np.array(
    [
        # mentor focus: job edu self any | opening: job intern subsidy apprentice any
        [1.0, 0.0, 0.0, 0.5, 1.0, 0.6, 0.8, 0.5, 0.5],
        [0.0, 1.0, 0.0, 0.5, 0.2, 0.6, 0.3, 1.0, 0.5],
        [0.0, 0.0, 1.0, 0.5, 0.3, 0.5, 0.3, 0.3, 0.5],
        [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
    ]
)
_NO_EDU = len(EDUCATION_LEVELS)


def _education_tables() -> tuple[np.ndarray, np.ndarray]:
    """Level fit [participant level, provider level] for mentors and for openings (last index: unknown)."""
    k = _NO_EDU + 1
    mentor = np.full((k, k), 0.5)
    opening = np.full((k, k), 0.5)
    opening[:, _NO_EDU] = 1.0  # an opening that asks for no level fits everyone
    for p in range(_NO_EDU):
        for m in range(_NO_EDU):
            # A mentor guides best from the same level of education or higher.
            mentor[p, m] = 1.0 if m >= p else max(0.0, 1.0 - 0.25 * (p - m))
            opening[p, m] = 1.0 if p >= m else max(0.0, 1.0 - 0.35 * (m - p))
    return mentor, opening


_EDU_MENTOR, _EDU_OPENING = _education_tables()


def tokens(text: str) -> list[str]:
    """Normalised words of a free text: lower case, accents kept for æøå, stop words (da/en) removed.

    >>> tokens("Python, SQL og projektledelse")
    ['python', 'sql', 'projektledelse']
    """
    text = unicodedata.normalize("NFC", text).lower()
    return [t for t in _TOKEN.findall(text) if t not in _STOPWORDS and len(t) > 1]


def unit_vectors(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Points on the unit sphere; the chord between two of them gives the great-circle distance."""
    la, ln = np.radians(lat), np.radians(lng)
    return np.column_stack([np.cos(la) * np.cos(ln), np.cos(la) * np.sin(ln), np.sin(la)])


def chord_for_km(km: float) -> float:
    return 2.0 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2.0)


def km_from_chord(chord: np.ndarray) -> np.ndarray:
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2.0, 1.0))


def _pad(rows: Sequence[Sequence[int]], width: int | None = None, fill: int = -1) -> np.ndarray:
    width = max([len(r) for r in rows] + [1]) if width is None else width
    out = np.full((len(rows), width), fill, dtype=np.int32)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r[:width]
    return out


def _prefixes(code: str | None) -> list[int]:
    """ISCO-08 code -> its group at each level (1-4 digits) as an int, -1 below the code's level."""
    if not code:
        return [-1, -1, -1, -1]
    return [int(code[:level]) if len(code) >= level else -1 for level in (1, 2, 3, 4)]


class Scorer:
    """Array form of both sides, to score many pairs at once. Sides must be sorted by id."""

    def __init__(self, participants: Sequence[Participant], providers: Sequence[Provider], config: Config):
        self.participants = participants
        self.providers = providers
        self.config = config
        self.weights = np.array([config.weights[p] for p in PARTS], dtype=np.float64)
        self.min_level = cefr_rank(config.min_language_level)
        n, m = len(participants), len(providers)

        self.p_xyz = unit_vectors(
            np.array([p.lat for p in participants], dtype=float), np.array([p.lng for p in participants], dtype=float)
        ).reshape(n, 3)
        self.m_xyz = unit_vectors(
            np.array([q.lat for q in providers], dtype=float), np.array([q.lng for q in providers], dtype=float)
        ).reshape(m, 3)

        sections = {s: i for i, s in enumerate(NACE_SECTIONS)}
        self.p_ind = np.array([sections.get(p.industry, -1) for p in participants], dtype=np.int16)
        self.m_ind = np.array([sections.get(q.industry, -2) for q in providers], dtype=np.int16)

        occ = [[_prefixes(o.code) for o in p.occupations] or [[-1, -1, -1, -1]] for p in participants]
        width = max(len(o) for o in occ) if occ else 1
        self.p_occ = np.full((n, width, 4), -1, dtype=np.int32)
        self.p_years = np.zeros((n, width), dtype=np.float64)
        for i, (codes, p) in enumerate(zip(occ, participants, strict=True)):
            self.p_occ[i, : len(codes)] = codes
            self.p_years[i, : len(p.occupations)] = [o.years for o in p.occupations]
        self.m_occ = np.array([_prefixes(q.occupation) for q in providers], dtype=np.int32).reshape(m, 4)

        edu = {e: i for i, e in enumerate(EDUCATION_LEVELS)}
        self.p_edu = np.array([edu.get(p.education_level, _NO_EDU) for p in participants], dtype=np.int16)
        self.m_edu = np.array([edu.get(q.education_level, _NO_EDU) for q in providers], dtype=np.int16)
        self.m_is_opening = np.array([q.kind == "opening" for q in providers], dtype=bool)

        vocab: dict[str, int] = {}
        self.p_field = _pad(
            [[vocab.setdefault(t, len(vocab)) for t in tokens(p.education_field)] for p in participants]
        )
        self.m_field = _pad([[vocab.setdefault(t, len(vocab)) for t in tokens(q.education_field)] for q in providers])

        languages: dict[str, int] = {}
        for person in [*participants, *providers]:
            for code in person.languages:
                languages.setdefault(code, len(languages))
        self.language_codes = list(languages)
        self.p_lang = _pad([[languages[c] for c in sorted(p.languages)] for p in participants])
        self.p_level = _pad([[cefr_rank(p.languages[c]) for c in sorted(p.languages)] for p in participants], fill=0)
        self.m_lang = _pad([[languages[c] for c in sorted(q.languages)] for q in providers], fill=-2)
        self.m_level = _pad([[cefr_rank(q.languages[c]) for c in sorted(q.languages)] for q in providers], fill=0)

        goals = {g: i for i, g in enumerate(GOALS)}
        types = {t: i for i, t in enumerate(OPENING_TYPES)}
        self.p_goal = np.array([goals.get(p.goal, 3) for p in participants], dtype=np.int16)
        self.m_goal = np.array(
            [types.get(q.opening_type, 4) + 4 if q.kind == "opening" else goals.get(q.goal, 3) for q in providers],
            dtype=np.int16,
        )
        self.m_years = np.array([q.years_experience for q in providers], dtype=np.float64)
        self.m_lead = np.array([q.leadership for q in providers], dtype=bool)

        self.eligible = np.array([p.eligible for p in participants], dtype=bool)
        self.capacity = np.array([q.capacity for q in providers], dtype=np.int64)
        needs_training = config.require_trained
        self.available = np.array(
            [q.capacity > 0 and (q.trained or q.kind == "opening" or not needs_training) for q in providers], dtype=bool
        )
        self._text(participants, providers)
        self._tables()

    def _tables(self) -> None:
        """Integer look-up tables so :meth:`scores` adds small integers per pair instead of recomputing parts.

        Every entry is computed with the very same floating-point expression as :meth:`parts`, so the two agree
        to the point (the tests check it): ``scores(i, j) == parts(i, j).sum()``.
        """
        w = self.weights
        points = lambda q, k: np.floor(np.asarray(q, dtype=np.float64) * w[k] + 0.5).astype(np.int32)  # noqa: E731
        self._occ_table = None
        # Occupation: one row per distinct set of participant codes, one column per distinct provider code.
        p_keys, self._p_occ_id = np.unique(
            self.p_occ.reshape(len(self.p_occ), self.p_occ.shape[1] * 4), axis=0, return_inverse=True
        )
        m_keys, self._m_occ_id = np.unique(self.m_occ, axis=0, return_inverse=True)
        self._p_occ_id = self._p_occ_id.ravel()
        self._m_occ_id = self._m_occ_id.ravel()
        if len(p_keys) and len(m_keys) and len(p_keys) * len(m_keys) <= 4_000_000:
            a, b = np.divmod(np.arange(len(p_keys) * len(m_keys)), len(m_keys))
            po = p_keys.reshape(len(p_keys), self.p_occ.shape[1], 4)[a]
            mo = m_keys[b]
            level = np.zeros(len(a), dtype=np.int32)
            for o in range(po.shape[1]):
                np.maximum(level, ((po[:, o] == mo) & (mo >= 0)).sum(axis=1), out=level)
            self._occ_table = points(level / 4.0, 1).reshape(len(p_keys), len(m_keys))
        # Education: [participant level, provider level, opening?, shared field word?].
        lf = np.stack([_EDU_MENTOR, _EDU_OPENING])  # [opening, p, m]
        self._edu_table = np.stack(
            [points(0.7 * lf.transpose(1, 2, 0) + 0.3 * False, 2), points(0.7 * lf.transpose(1, 2, 0) + 0.3 * True, 2)],
            axis=-1,
        )
        self._has_fields = bool((self.p_field >= 0).any() and (self.m_field >= 0).any())
        self._lang_table = points(np.arange(8, dtype=np.int32) / 7.0, 4)
        self._goal_table = points(_GOAL_FIT, 5)
        self._m_exp = points(0.7 * np.minimum(1.0, self.m_years / 10.0) + 0.3 * self.m_lead, 6)
        self._any_opening = bool(self.m_is_opening.any())
        # Language levels as dense [person, language] tables over the languages both sides speak.
        n_lang = len(self.language_codes)
        p_lv = np.zeros((len(self.p_lang), n_lang + 2), dtype=np.int8)
        m_lv = np.zeros((len(self.m_lang), n_lang + 2), dtype=np.int8)
        for a_ in range(self.p_lang.shape[1]):
            p_lv[np.arange(len(self.p_lang)), self.p_lang[:, a_]] = self.p_level[:, a_]
        for b_ in range(self.m_lang.shape[1]):
            m_lv[np.arange(len(self.m_lang)), self.m_lang[:, b_]] = self.m_level[:, b_]
        shared = np.flatnonzero((p_lv[:, :n_lang] > 0).any(axis=0) & (m_lv[:, :n_lang] > 0).any(axis=0))
        self._p_lv = np.ascontiguousarray(p_lv[:, shared])
        self._m_lv = np.ascontiguousarray(m_lv[:, shared])
        # Languages spoken at the minimum level or better, as bit masks (up to 64 shared languages).
        self._masks = len(shared) <= 64
        if self._masks:
            bits = np.uint64(1) << np.arange(len(shared), dtype=np.uint64)
            self.p_mask = ((self._p_lv >= self.min_level) * bits).sum(axis=1, dtype=np.uint64)
            self.m_mask = ((self._m_lv >= self.min_level) * bits).sum(axis=1, dtype=np.uint64)

    def _text(self, participants: Sequence[Participant], providers: Sequence[Provider]) -> None:
        """TF-IDF vectors (sublinear tf, smooth idf, unit length) over both sides' competences."""
        vocab: dict[str, int] = {}
        docs = [tokens(x.competences) for x in [*participants, *providers]]
        rows, cols, vals = [], [], []
        for r, doc in enumerate(docs):
            counts: dict[int, int] = {}
            for t in doc:
                k = vocab.setdefault(t, len(vocab))
                counts[k] = counts.get(k, 0) + 1
            for k, c in sorted(counts.items()):
                rows.append(r)
                cols.append(k)
                vals.append(1.0 + math.log(c))
        n_docs = len(docs)
        mat = sp.csr_matrix((vals, (rows, cols)), shape=(n_docs, max(len(vocab), 1)), dtype=np.float64)
        df = np.bincount(cols, minlength=mat.shape[1]) if cols else np.zeros(mat.shape[1])
        idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        mat = (mat @ sp.diags(idf)).tocsr()
        norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        mat = sp.diags(1.0 / norms) @ mat
        mat = mat.tocsr()
        self.vocab = list(vocab)
        self.p_text = mat[: len(participants)].tocsr()
        self.m_text = mat[len(participants) :].tocsr()
        self.p_has_text = np.diff(self.p_text.indptr) > 0
        self.m_has_text = np.diff(self.m_text.indptr) > 0
        # Short texts also as padded (term, weight) rows: a pair's dot product is then a few vector operations
        # instead of sparse row slicing. The sum runs over shared terms in increasing order, so a pair's
        # similarity is the same whichever batch it is computed in (parts and scores always agree).
        self._p_terms = self._padded(self.p_text)
        self._m_terms = self._padded(self.m_text)

    @staticmethod
    def _padded(mat: sp.csr_matrix, widest: int = 8) -> tuple[np.ndarray, np.ndarray] | None:
        lengths = np.diff(mat.indptr)
        width = int(lengths.max()) if len(lengths) else 0
        if width > widest:
            return None
        terms = np.full((mat.shape[0], max(width, 1)), -1, dtype=np.int32)
        weights = np.zeros((mat.shape[0], max(width, 1)), dtype=np.float64)
        row = np.repeat(np.arange(mat.shape[0]), lengths)
        col = np.arange(len(row)) - np.repeat(mat.indptr[:-1], lengths)
        terms[row, col] = mat.indices
        weights[row, col] = mat.data
        return terms, weights

    # -- pair quantities ---------------------------------------------------------------------------------------

    def distance_km(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Great-circle distance of each pair, from the chord between the two unit vectors."""
        p, m = self.p_xyz, self.m_xyz
        d = p[pi, 0] - m[pj, 0]
        chord = d * d
        d = p[pi, 1] - m[pj, 1]
        chord += d * d
        d = p[pi, 2] - m[pj, 2]
        chord += d * d
        return km_from_chord(np.sqrt(chord))

    def language_strength(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Level (1-7) of the best language both speak: the lower of the two levels, maximised over languages."""
        best = np.zeros(len(pi), dtype=np.int8)
        for lang in range(self._p_lv.shape[1]):
            np.maximum(best, np.minimum(self._p_lv[pi, lang], self._m_lv[pj, lang]), out=best)
        return best.astype(np.int32)

    def qualifies(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Every hard constraint of a pair except capacity, pins and exclusions."""
        return (
            self.eligible[pi]
            & self.available[pj]
            & (self.language_strength(pi, pj) >= self.min_level)
            & (self.distance_km(pi, pj) <= self.config.max_distance_km)
        )

    def occupation_level(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """ISCO-08 levels shared (0-4) by the provider's occupation and the participant's closest one."""
        best = np.zeros(len(pi), dtype=np.int32)
        mo = self.m_occ[pj]
        for o in range(self.p_occ.shape[1]):
            po = self.p_occ[pi, o]
            level = ((po == mo) & (mo >= 0)).sum(axis=1)
            np.maximum(best, level, out=best)
        return best

    def text_similarity(self, pi: np.ndarray, pj: np.ndarray, chunk: int = 1 << 20) -> np.ndarray:
        out = np.zeros(len(pi), dtype=np.float64)
        has = self.p_has_text[pi] & self.m_has_text[pj]
        idx = np.flatnonzero(has)
        if self._p_terms is not None and self._m_terms is not None:
            (pt, pw), (mt, mw) = self._p_terms, self._m_terms
            a_, b_ = pi[idx], pj[idx]
            m_terms = [mt[b_, b] for b in range(mt.shape[1])]
            acc = np.zeros(len(idx), dtype=np.float64)
            for a in range(pt.shape[1]):
                ta = pt[a_, a]
                for b in range(mt.shape[1]):
                    hit = np.flatnonzero(ta == m_terms[b])
                    if len(hit):
                        acc[hit] += pw[a_[hit], a] * mw[b_[hit], b]
            out[idx] = acc
            return np.clip(out, 0.0, 1.0)
        for s in range(0, len(idx), chunk):
            sel = idx[s : s + chunk]
            prod = self.p_text[pi[sel]].multiply(self.m_text[pj[sel]])
            out[sel] = np.asarray(prod.sum(axis=1)).ravel()
        return np.clip(out, 0.0, 1.0)

    def parts(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Integer parts, shape ``(len(pi), len(PARTS))``, in the order of ``PARTS``."""
        pi = np.asarray(pi, dtype=np.int64)
        pj = np.asarray(pj, dtype=np.int64)
        q = np.zeros((len(pi), len(PARTS)), dtype=np.float64)
        q[:, 0] = self.p_ind[pi] == self.m_ind[pj]
        level = self.occupation_level(pi, pj)
        q[:, 1] = level / 4.0
        opening = self.m_is_opening[pj]
        pe, me = self.p_edu[pi], self.m_edu[pj]
        level_fit = np.where(opening, _EDU_OPENING[pe, me], _EDU_MENTOR[pe, me])
        field = np.zeros(len(pi), dtype=bool)
        for a in range(self.p_field.shape[1]):
            fa = self.p_field[pi, a]
            for b in range(self.m_field.shape[1]):
                field |= (fa >= 0) & (fa == self.m_field[pj, b])
        q[:, 2] = 0.7 * level_fit + 0.3 * field
        q[:, 3] = np.clip(1.0 - self.distance_km(pi, pj) / self.config.max_distance_km, 0.0, 1.0)
        q[:, 4] = self.language_strength(pi, pj) / 7.0
        q[:, 5] = _GOAL_FIT[self.p_goal[pi], self.m_goal[pj]]
        # Mentors: experience and leadership of the mentor. Openings: the participant's years in a related
        # occupation (same ISCO sub-major group or closer) against the years the opening asks for.
        mentor_exp = 0.7 * np.minimum(1.0, self.m_years[pj] / 10.0) + 0.3 * self.m_lead[pj]
        related_years = np.zeros(len(pi))
        mo = self.m_occ[pj]
        for o in range(self.p_occ.shape[1]):
            shared = ((self.p_occ[pi, o] == mo) & (mo >= 0)).sum(axis=1)
            related_years += np.where(shared >= 2, self.p_years[pi, o], 0.0)
        required = self.m_years[pj]
        opening_exp = np.where(required > 0, np.minimum(1.0, related_years / np.maximum(required, 1e-9)), 1.0)
        q[:, 6] = np.where(opening, opening_exp, mentor_exp)
        q[:, 7] = self.text_similarity(pi, pj)
        return np.floor(q * self.weights + 0.5).astype(np.int32)

    def scores(
        self, pi: np.ndarray, pj: np.ndarray, distance_km: np.ndarray | None = None, *, text: bool = True
    ) -> np.ndarray:
        """Total score of each pair (``parts(pi, pj).sum(axis=1)``, from integer tables: several times faster).

        ``distance_km`` may pass distances already computed for the same pairs. With ``text=False`` the
        competences part is left out (the cheap parts only; add :meth:`text_points` for the total).
        """
        pi = np.asarray(pi, dtype=np.int64)
        pj = np.asarray(pj, dtype=np.int64)
        if self._occ_table is None:
            parts = self.parts(pi, pj)
            return parts.sum(axis=1) if text else parts[:, :7].sum(axis=1)
        w = self.weights
        total = np.where(self.p_ind[pi] == self.m_ind[pj], np.int32(np.floor(w[0] + 0.5)), np.int32(0))
        total += self._occ_table[self._p_occ_id[pi], self._m_occ_id[pj]]
        field = self._field(pi, pj) if self._has_fields else np.zeros(len(pi), dtype=np.intp)
        total += self._edu_table[self.p_edu[pi], self.m_edu[pj], self.m_is_opening[pj].view(np.int8), field]
        km = self.distance_km(pi, pj) if distance_km is None else distance_km
        total += np.floor(np.clip(1.0 - km / self.config.max_distance_km, 0.0, 1.0) * w[3] + 0.5).astype(np.int32)
        total += self._lang_table[self.language_strength(pi, pj)]
        total += self._goal_table[self.p_goal[pi], self.m_goal[pj]]
        exp = self._m_exp[pj]
        if self._any_opening:
            opening = np.flatnonzero(self.m_is_opening[pj])
            exp[opening] = self.parts(pi[opening], pj[opening])[:, 6]
        total += exp
        if text:
            total += self.text_points(pi, pj)
        return total

    def text_points(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """The competences part of each pair (0 unless both sides wrote competences), at most its weight."""
        out = np.zeros(len(pi), dtype=np.int32)
        both = np.flatnonzero(self.p_has_text[pi] & self.m_has_text[pj])
        if len(both):
            sim = self.text_similarity(pi[both], pj[both])
            out[both] = np.floor(sim * self.weights[7] + 0.5).astype(np.int32)
        return out

    def _field(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """1 where the two education fields share a word."""
        field = np.zeros(len(pi), dtype=bool)
        for a in range(self.p_field.shape[1]):
            fa = self.p_field[pi, a]
            for b in range(self.m_field.shape[1]):
                field |= (fa >= 0) & (fa == self.m_field[pj, b])
        return field.view(np.int8)

    @staticmethod
    def _row(mat: sp.csr_matrix, i: int) -> tuple[list[int], list[float]]:
        lo, hi = mat.indptr[i], mat.indptr[i + 1]
        return mat.indices[lo:hi].tolist(), mat.data[lo:hi].tolist()

    def shared_terms(self, i: int, j: int, top: int = 3) -> list[str]:
        """The competences words that weigh most in the pair's text similarity."""
        pt, mt = self.p_text, self.m_text
        # Plain Python on a handful of terms: far cheaper than NumPy set operations on tiny arrays.
        wa = dict(zip(*self._row(pt, i), strict=True))
        wb = dict(zip(*self._row(mt, j), strict=True))
        common = wa.keys() & wb.keys()
        if not common:
            return []
        ranked = sorted(common, key=lambda k: (-wa[k] * wb[k], self.vocab[k]))
        return [self.vocab[k] for k in ranked[:top]]
