"""Stafet's matching engine: exact, explainable matching of participants with mentors or job openings.

NumPy, SciPy and Numba-compiled inner loops (no Django): the web app and the ``stafet match`` command both call
:func:`match`, :func:`match_dual` and :func:`rank_candidates` with the small frozen dataclasses below.
See ``docs/matching.md`` for the file format and the command line.
"""

from stafet.matching.assign import Assignment, assign, greedy
from stafet.matching.engine import match, match_dual, rank_candidates
from stafet.matching.model import (
    CEFR_LEVELS,
    DEFAULT_WEIGHTS,
    EDUCATION_LEVELS,
    GOALS,
    OPENING_TYPES,
    PARTS,
    Config,
    MatchResult,
    Occupation,
    Pair,
    Participant,
    Provider,
    Ranked,
    Stats,
)

__all__ = [
    "CEFR_LEVELS",
    "DEFAULT_WEIGHTS",
    "EDUCATION_LEVELS",
    "GOALS",
    "OPENING_TYPES",
    "PARTS",
    "Assignment",
    "Config",
    "MatchResult",
    "Occupation",
    "Pair",
    "Participant",
    "Provider",
    "Ranked",
    "Stats",
    "assign",
    "greedy",
    "match",
    "match_dual",
    "rank_candidates",
]
