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
    FACTS,
    GOALS,
    OBSTACLES,
    OPENING_TYPES,
    PARTS,
    REASONS,
    Config,
    Fact,
    MatchResult,
    Obstacle,
    Occupation,
    Pair,
    Participant,
    PinError,
    Provider,
    Ranked,
    Reason,
    Stats,
)

__all__ = [
    "CEFR_LEVELS",
    "DEFAULT_WEIGHTS",
    "EDUCATION_LEVELS",
    "FACTS",
    "GOALS",
    "OBSTACLES",
    "OPENING_TYPES",
    "PARTS",
    "REASONS",
    "Assignment",
    "Config",
    "Fact",
    "MatchResult",
    "Obstacle",
    "Occupation",
    "Pair",
    "Participant",
    "PinError",
    "Provider",
    "Ranked",
    "Reason",
    "Stats",
    "assign",
    "greedy",
    "match",
    "match_dual",
    "rank_candidates",
]
