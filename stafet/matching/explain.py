"""Plain-words explanations, in Danish and English, of why a pair was proposed or a participant left unmatched.

Both are built in two steps: first the facts, in structured form (:class:`~stafet.matching.model.Fact` for a
pair, :class:`~stafet.matching.model.Reason` for an unmatched participant), then the sentence in each language,
rendered from those facts alone. A page can therefore render the same facts in its own words.

A pair's explanation states only what tells this pair apart: the occupation at the level that is shared (the
unit, minor or sub-major group; never the major group, which any two professionals share), the same industry,
the distance in words, a shared language above the programme's minimum (never the minimum every pair meets), and
the other parts the pair earns. An unmatched participant's reason names the providers considered and why each
did not fit (see :mod:`stafet.matching.diagnose`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from stafet.matching.model import (
    CEFR_LEVELS,
    EDUCATION_LEVELS,
    Config,
    Fact,
    Obstacle,
    Participant,
    Provider,
    Reason,
    cefr_rank,
)
from stafet.matching.reference import industry_name, language_name, occupation_name
from stafet.matching.scoring import tokens

_RANK = {level: cefr_rank(level) for level in CEFR_LEVELS}

EDUCATION_NAMES: dict[str, tuple[str, str]] = {
    "none": ("no formal education", "ingen formel uddannelse"),
    "primary": ("primary school", "grundskole"),
    "upper_secondary": ("upper secondary", "gymnasial uddannelse"),
    "vocational": ("vocational education", "erhvervsuddannelse"),
    "short_cycle": ("short-cycle higher education", "kort videregående uddannelse"),
    "bachelor": ("bachelor's degree", "bacheloruddannelse"),
    "master": ("master's degree", "kandidatuddannelse"),
    "doctorate": ("doctorate", "ph.d."),
}
#: The participant's goal as the end of "the goal of ..." / "målet om ...".
GOAL_NAMES: dict[str, tuple[str, str]] = {
    "job": ("a job", "et job"),
    "education": ("education", "uddannelse"),
    "self_employment": ("self-employment", "at blive selvstændig"),
}
OPENING_NAMES: dict[str, tuple[str, str]] = {
    "job": ("a job", "et job"),
    "internship": ("an internship", "en praktik"),
    "wage_subsidy": ("a wage-subsidy job", "et løntilskudsjob"),
    "apprentice": ("an apprenticeship", "en elevplads"),
}
#: Per provider kind: English (singular, plural); Danish (singular, singular after "den eneste", plural).
#: Danish adjectives take the definite form after "den eneste" ("den eneste frivillige mentor").
NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "mentor": {"en": ("mentor", "mentors"), "da": ("mentor", "mentor", "mentorer")},
    "trained mentor": {
        "en": ("trained mentor", "trained mentors"),
        "da": (
            "mentor med gennemført mentorkursus",
            "mentor med gennemført mentorkursus",
            "mentorer med gennemført mentorkursus",
        ),
    },
    "volunteer": {
        "en": ("volunteer mentor", "volunteer mentors"),
        "da": ("frivillig mentor", "frivillige mentor", "frivillige mentorer"),
    },
    "opening": {"en": ("job opening", "job openings"), "da": ("jobåbning", "jobåbning", "jobåbninger")},
}
#: Education levels from which a mentor "at the participant's level or above" says something (below them,
#: almost every mentor is).
_TELLING_EDUCATION = EDUCATION_LEVELS.index("bachelor")
#: Levels an opening may ask for that almost everyone meets: not worth saying they are met.
_TRIVIAL_ASKED = {"none", "primary"}
#: In an unmatched reason's text, at most this many providers are named per obstacle (the structured reason
#: names more).
TEXT_NAMED = 3


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Build a plan's many small objects (facts, obstacles, texts) without the cycle collector walking the whole
    heap again and again: they form no cycles, and the heap holds every participant and provider of the run (at
    100,000 x 100,000 the collections took half the time of the explanations). The heap is frozen while they are
    built, then handed back to the collector."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class Rendered(Mapping[str, str]):
    """A text in Danish and English ("da", "en") rendered the first time it is read, from a pair's facts or an
    unmatched participant's reason.

    A plan of 100,000 pairs keeps every fact and reason, but renders only the texts a page, a file or a caller
    reads: rendering them all took as long as the rest of the plan. It reads as any read-only mapping (and
    compares equal to the same texts in a ``dict``).
    """

    __slots__ = ("_arg", "_make", "_text")

    def __init__(self, make: Callable[[Any], dict[str, str]], arg: object):
        self._make: Callable[[Any], dict[str, str]] | None = make
        self._arg: object = arg
        self._text: dict[str, str] | None = None

    def _texts(self) -> dict[str, str]:
        if self._text is None:
            assert self._make is not None
            self._text = self._make(self._arg)
            self._make = self._arg = None
        return self._text

    def __getitem__(self, lang: str) -> str:
        return self._texts()[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts())

    def __len__(self) -> int:
        return len(self._texts())

    def __repr__(self) -> str:
        return repr(self._texts())

    def __reduce__(self) -> tuple[type[dict[str, str]], tuple[dict[str, str]]]:
        return dict, (dict(self._texts()),)


def noun_key(kind: str, config: Config) -> str:
    if kind == "mentor" and config.require_trained:
        return "trained mentor"
    return kind


def _km(distance: float) -> str:
    return "under 1" if distance < 1 else f"{distance:.0f}"


def _number(value: float, lang: str) -> str:
    """``2.5`` in English, ``2,5`` in Danish; whole numbers without decimals."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "da" else text


def _and(names: Sequence[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" and " if lang == "en" else " og ") + names[-1]


def _pick(lang: str, en: str, da: str) -> str:
    return en if lang == "en" else da


# -- a pair ----------------------------------------------------------------------------------------------------


def shared_language(p: Participant, q: Provider) -> tuple[str, str] | None:
    """The language both speak best (by the weaker of the two levels; ties by code) and that level."""
    best: tuple[int, str] | None = None
    for code in sorted(p.languages.keys() & q.languages.keys()):
        level = min(_RANK[p.languages[code]], _RANK[q.languages[code]])
        if best is None or level > best[0]:
            best = (level, code)
    return None if best is None else (best[1], CEFR_LEVELS[best[0] - 1])


#: ISCO-08 digits shared -> the level named in a fact. One shared digit (the major group) is never named.
OCCUPATION_LEVELS = {4: "unit", 3: "minor", 2: "sub_major"}


def _occupation_fact(p: Participant, q: Provider) -> Fact | None:
    if not q.occupation:
        return None
    best = 0
    for o in p.occupations:
        shared = 0
        for a, b in zip(o.code, q.occupation, strict=False):
            if a != b:
                break
            shared += 1
        best = max(best, shared)
    if best not in OCCUPATION_LEVELS:
        return None
    return Fact("occupation", {"level": OCCUPATION_LEVELS[best], "group": q.occupation[:best]})


def distance_band(km: float, limit_km: float) -> str:
    """``close`` within a quarter of the limit, ``near_limit`` beyond three quarters, else ``within``.

    >>> distance_band(6, 40), distance_band(20, 40), distance_band(35, 40)
    ('close', 'within', 'near_limit')
    """
    if km <= limit_km / 4:
        return "close"
    return "near_limit" if km > limit_km * 3 / 4 else "within"


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The words of a field of education (many people write the same)."""
    return frozenset(tokens(text))


def _education_facts(p: Participant, q: Provider) -> list[Fact]:
    out = []
    if p.education_level and q.education_level:
        pl, ql = EDUCATION_LEVELS.index(p.education_level), EDUCATION_LEVELS.index(q.education_level)
        if q.kind == "opening" and pl >= ql and q.education_level not in _TRIVIAL_ASKED:
            out.append(Fact("education_level", {"level": q.education_level, "kind": "opening"}))
        elif q.kind != "opening" and ql >= pl >= _TELLING_EDUCATION:
            out.append(Fact("education_level", {"level": q.education_level, "kind": "mentor", "of": p.education_level}))
    mine, theirs = _words(p.education_field), _words(q.education_field)
    if mine & theirs:
        out.append(
            Fact(
                "education_field",
                {"same": mine == theirs, "participant": p.education_field, "provider": q.education_field},
            )
        )
    return out


def _experience_fact(q: Provider, part: int, weight: int) -> Fact | None:
    years = q.years_experience
    if q.kind == "opening":
        if years > 0 and part >= weight:
            return Fact("experience", {"years": years, "asked_for": True})
        return None
    if years >= 5 or q.leadership:
        return Fact("experience", {"years": years, "leadership": q.leadership, "asked_for": False})
    return None


def pair_facts(
    p: Participant,
    q: Provider,
    parts: Mapping[str, int],
    distance_km: float,
    shared_terms: Sequence[str],
    config: Config,
) -> tuple[Fact, ...]:
    """What tells this pair apart, in structured form: the parts the programme weighs and the pair earns.

    >>> from stafet.matching.model import Occupation
    >>> p = Participant("p1", 55.70, 12.55, {"da": "B1", "ar": "native"}, occupations=(Occupation("2411", 5),))
    >>> q = Provider("m1", 55.77, 12.50, {"da": "native", "ar": "native"}, occupation="2421", site="Lyngby")
    >>> facts = pair_facts(p, q, {"occupation": 100}, 8.4, [], Config())
    >>> [f.to_dict() for f in facts]  # doctest: +NORMALIZE_WHITESPACE
    [{'code': 'occupation', 'level': 'sub_major', 'group': '24'},
     {'code': 'distance', 'km': 8.4, 'site': 'Lyngby', 'band': 'close', 'limit_km': 40.0},
     {'code': 'language', 'language': 'ar', 'level': 'native'}]
    """
    w = config.weights
    earned = {part for part, points in parts.items() if points > 0 and w.get(part, 0) > 0}
    facts: list[Fact] = []
    if "industry" in earned and q.industry and q.industry == p.industry:
        facts.append(Fact("industry", {"industry": q.industry}))
    occupation = _occupation_fact(p, q) if "occupation" in earned else None
    if occupation:
        facts.append(occupation)
    limit = float(config.max_distance_km)
    km = round(distance_km, 1)
    band = distance_band(distance_km, limit)
    facts.append(Fact("distance", {"km": km, "site": q.site, "band": band, "limit_km": limit}))
    lang = shared_language(p, q)
    # Every pair shares a language at the programme's minimum: only a better one tells this pair apart.
    if lang and _RANK[lang[1]] > _RANK[config.min_language_level]:
        facts.append(Fact("language", {"language": lang[0], "level": lang[1]}))
    if "education" in earned:
        facts += _education_facts(p, q)
    # A job is what almost every participant is working towards, and an opening of no stated type fits every
    # goal halfway: neither tells a pair apart.
    telling_goal = p.goal not in (None, "job") and (q.kind != "opening" or q.opening_type)
    if w["goal"] and parts.get("goal", 0) >= w["goal"] and telling_goal:
        facts.append(Fact("goal", {"goal": p.goal, "opening_type": q.opening_type or ""}))
    if "experience" in earned:
        experience = _experience_fact(q, parts.get("experience", 0), w["experience"])
        if experience:
            facts.append(experience)
    if shared_terms and "competences" in earned:
        facts.append(Fact("competences", {"words": tuple(shared_terms)}))
    return tuple(facts)


# Each fact is told in both languages at once, as (English, Danish): a plan tells tens of thousands of them.
Told = tuple[str, str]


def _occupation_told(values: Mapping[str, object]) -> Told:
    group, level = str(values["group"]), values["level"]
    en, da = occupation_name(group, "en"), occupation_name(group, "da")
    if level == "unit":
        return f"same occupation: {en} (ISCO {group})", f"samme fag: {da} (DISCO {group})"
    if level == "minor":
        return (
            f"related occupations in the same group: {en} (ISCO {group})",
            f"beslægtede fag i samme faggruppe: {da} (DISCO {group})",
        )
    return f"occupations in the same field: {en} (ISCO {group})", f"fag inden for samme område: {da} (DISCO {group})"


def _distance_told(values: Mapping[str, object]) -> Told:
    km, site, band = _km(float(values["km"])), str(values["site"]), values["band"]  # type: ignore[arg-type]
    limit = float(values["limit_km"])  # type: ignore[arg-type]
    en, da = (f"{km} km from {site}", f"{km} km fra {site}") if site else (f"{km} km apart", f"{km} km fra hinanden")
    if band == "close":
        return f"close by: {en}", f"tæt på: {da}"
    if band == "near_limit":
        return f"{en}, near the {_number(limit, 'en')} km limit", f"{da}, tæt på grænsen på {_number(limit, 'da')} km"
    return en, da


def _goal_told(values: Mapping[str, object]) -> Told:
    goal, opening_type = str(values["goal"]), str(values["opening_type"])
    goal_en, goal_da = GOAL_NAMES[goal]
    if not opening_type:
        return (
            f"the mentor can help the participant towards the goal of {goal_en}",
            f"mentoren kan hjælpe deltageren på vej mod målet om {goal_da}",
        )
    type_en, type_da = OPENING_NAMES[opening_type]
    if goal == opening_type == "job":  # not "a job fits the participant's goal of a job"
        return f"{type_en} fits the participant's goal", f"{type_da} passer til deltagerens mål"
    return f"{type_en} fits the participant's goal of {goal_en}", f"{type_da} passer til deltagerens mål om {goal_da}"


def _experience_told(values: Mapping[str, object]) -> Told:
    years = float(values["years"])  # type: ignore[arg-type]
    if values.get("asked_for"):
        en_years = "1 year's" if years == 1 else f"{_number(years, 'en')} years'"
        return (
            f"has the {en_years} experience asked for",
            f"har de {_number(years, 'da')} års erfaring, der efterspørges",
        )
    en, da = [], []
    if years >= 5:
        en.append(f"{_number(years, 'en')} years' experience")
        da.append(f"{_number(years, 'da')} års erfaring")
    if values.get("leadership"):
        en.append("leadership experience")
        da.append("ledererfaring")
    return "the mentor has " + _and(en, "en"), "mentoren har " + _and(da, "da")


def _told(fact: Fact) -> Told:
    """One fact in words, in English and in Danish."""
    v = fact.values
    code = fact.code
    if code == "industry":
        section = str(v["industry"])
        return f"same industry: {industry_name(section, 'en')}", f"samme branche: {industry_name(section, 'da')}"
    if code == "occupation":
        return _occupation_told(v)
    if code == "distance":
        return _distance_told(v)
    if code == "language":
        language, level = str(v["language"]), str(v["level"])
        en, da = language_name(language, "en"), language_name(language, "da")
        if level == "native":
            return f"both speak {en} as a mother tongue", f"begge har {da} som modersmål"
        return f"both speak {en} at {level}", f"begge taler {da} på niveau {level}"
    if code == "education_level":
        en, da = EDUCATION_NAMES[str(v["level"])]
        if v["kind"] == "opening":
            return f"has the education asked for ({en})", f"har den uddannelse, der efterspørges ({da})"
        return (
            f"the mentor's education ({en}) is at the participant's level or above",
            f"mentorens uddannelse ({da}) er på deltagerens niveau eller højere",
        )
    if code == "education_field":
        mine, theirs = str(v["participant"]), str(v["provider"])
        if v["same"]:
            return f"same field of education: {theirs}", f"samme uddannelsesområde: {theirs}"
        return f"related fields of education: {mine} and {theirs}", f"beslægtede uddannelsesområder: {mine} og {theirs}"
    if code == "goal":
        return _goal_told(v)
    if code == "experience":
        return _experience_told(v)
    if code == "competences":
        words = ", ".join(str(w) for w in v["words"])  # type: ignore[attr-defined]
        return f"shared competences: {words}", f"fælles kompetencer: {words}"
    raise ValueError(f"unknown fact {code!r}")


def fact_text(fact: Fact, lang: str) -> str:
    """One fact in words, in English (``lang="en"``) or Danish (``lang="da"``)."""
    en, da = _told(fact)
    return _pick(lang, en, da)


def render_facts(facts: Sequence[Fact]) -> dict[str, str]:
    """The facts as one sentence in each language."""
    told = [_told(f) for f in facts]
    return {"da": "; ".join(da for _, da in told), "en": "; ".join(en for en, _ in told)}


def explain_pair(
    p: Participant,
    q: Provider,
    parts: Mapping[str, int],
    distance_km: float,
    shared_terms: Sequence[str],
    config: Config,
) -> dict[str, str]:
    """Why this pair: what tells it apart, in plain words, Danish and English (see :func:`pair_facts`).

    >>> p = Participant("p1", 55.70, 12.55, {"en": "C1", "ar": "native"}, industry="J")
    >>> q = Provider("m1", 55.77, 12.50, {"en": "C2", "da": "native"}, industry="J", site="IBM Lyngby")
    >>> explain_pair(p, q, {"industry": 200}, 8.4, [], Config())["en"]
    'same industry: information and communication; close by: 8 km from IBM Lyngby; both speak English at C1'
    >>> explain_pair(p, q, {"industry": 0, "distance": 100}, 22, [], Config())["da"]
    '22 km fra IBM Lyngby; begge taler engelsk på niveau C1'

    """
    return render_facts(pair_facts(p, q, parts, distance_km, shared_terms, config))


# -- an unmatched participant ------------------------------------------------------------------------------------


def _entry(o: Obstacle, lang: str) -> str:
    """A provider in a list: ``m2 (Roskilde, 52 km)``."""
    km = f"{_km(o.km)} km"
    return f"{o.provider_id} ({o.site}, {km})" if o.site else f"{o.provider_id} ({km})"


def _taken_entry(o: Obstacle, lang: str) -> str:
    names = [f"{x} ({_pick(lang, 'pinned', 'fastlåst')})" if x in o.pinned else x for x in o.taken_by]
    more = o.places - len(o.taken_by)
    if more > 0:
        names.append(_pick(lang, f"{more} others", f"{more} andre"))
    return f"{_entry(o, lang)} {_pick(lang, 'by', 'af')} {_and(names, lang)}"


def _listing(reason: Reason, code: str, lang: str, told: str = "") -> str:
    """The providers of one obstacle, the first few by name (but ``told``, named already), then how many more."""
    named = [o for o in reason.obstacles if o.code == code and o.provider_id != told][:TEXT_NAMED]
    entries = [(_taken_entry if code == "taken" else _entry)(o, lang) for o in named]
    more = reason.counts.get(code, 0) - bool(told) - len(named)
    if more > 0:
        kind = reason.noun if reason.noun in ("volunteer", "opening") else "mentor"
        entries.append(_pick(lang, f"{more} more {NOUNS[kind]['en'][1]}", f"{more} {NOUNS[kind]['da'][2]} mere"))
    return _and(entries, lang)


def _candidates(cap: int | None, lang: str) -> str:
    """``1 candidate``, ``200 candidates`` / ``1 kandidat``, ``200 kandidater``."""
    if lang == "en":
        return f"{cap} candidate" if cap == 1 else f"{cap} candidates"
    return f"{cap} kandidat" if cap == 1 else f"{cap} kandidater"


def _group_label(reason: Reason, code: str, lang: str) -> str:
    km = _number(reason.max_distance_km, lang)
    level = reason.min_language_level
    opening = reason.noun == "opening"
    if code == "taken":
        return _pick(lang, "filled", "besat") if opening else _pick(lang, "taken", "optaget")
    if code == "not_considered":
        cap = reason.candidate_cap
        return _pick(
            lang,
            f"fit and have room, but were left out by the limit of {_candidates(cap, 'en')} per participant",
            f"passer og har plads, men blev udeladt af grænsen på {_candidates(cap, 'da')} pr. deltager",
        )
    if code == "full":
        if opening:
            return _pick(lang, "filled or closed", "besat eller lukket")
        return _pick(lang, "full or not taking anyone now", "fuldt optaget eller tager ikke imod nogen nu")
    if code == "excluded":
        return _pick(lang, "excluded by the coordinator", "udelukket af koordinatoren")
    if code == "no_language":
        if opening:
            return _pick(
                lang,
                f"no working language the participant speaks at {level} or better",
                f"intet arbejdssprog, som deltageren taler på mindst niveau {level}",
            )
        return _pick(lang, f"no shared language at {level} or better", f"intet fælles sprog på mindst niveau {level}")
    if code == "untrained":
        return _pick(lang, "have not completed the mentor course", "har ikke gennemført mentorkurset")
    return _pick(lang, f"more than {km} km away", f"mere end {km} km væk")


#: The order in which an unmatched reason lists the providers, by obstacle.
_GROUP_ORDER = ("taken", "not_considered", "full", "excluded", "no_language", "untrained", "too_far")


def _headline(reason: Reason, lang: str) -> tuple[str, dict[str, str]]:
    """The reason's first sentence, and the provider it names already, by obstacle."""
    one, many = NOUNS[reason.noun]["en"]
    one_da, the_one_da, many_da = NOUNS[reason.noun]["da"]
    opening = reason.noun == "opening"
    who = "that" if opening else "who"
    km = _number(reason.max_distance_km, lang)
    level = reason.min_language_level
    c = reason.counts
    if reason.code == "ineligible":
        return _pick(lang, "not eligible under the programme's rules", "ikke berettiget efter programmets regler"), {}
    if reason.code == "no_language_level":
        return _pick(
            lang, f"speaks no language at {level} or better", f"taler ikke noget sprog på mindst niveau {level}"
        ), {}
    if reason.code == "not_considered":
        return _pick(
            lang,
            f"a {one} with room fits, but the limit of {_candidates(reason.candidate_cap, 'en')} per participant"
            " left the pair out (a larger limit would match this participant)",
            f"en {one_da} med plads passer, men grænsen på {_candidates(reason.candidate_cap, 'da')} pr. deltager"
            " udelod parret (en højere grænse ville matche deltageren)",
        ), {}
    if reason.code == "taken":
        plan = _pick(
            lang,
            "the plan matches as many people as possible, then gives the highest total score",
            "planen matcher så mange deltagere som muligt og giver derefter den højeste samlede score",
        )
        n = c.get("taken", 0)
        if reason.unexamined and not reason.unexamined_none_fit:
            # More may fit among those not looked at one by one: no count.
            head = _pick(
                lang,
                f"the {many} {who} fit are needed for other participants",
                f"de {many_da}, der passer, er nødvendige for andre deltagere",
            )
        elif n == 1:
            head = _pick(
                lang,
                f"the only {one} {who} fits is needed for another participant",
                f"den eneste {the_one_da}, der passer, er nødvendig for en anden deltager",
            )
        else:
            all_en, all_da = ("both", "begge") if n == 2 else (f"all {n}", f"alle {n}")
            head = _pick(
                lang,
                f"{all_en} {many} {who} fit are needed for other participants",
                f"{all_da} {many_da}, der passer, er nødvendige for andre deltagere",
            )
        return f"{head} ({plan})", {}
    if reason.code == "full":
        if opening:
            return _pick(
                lang,
                "every job opening that fits is filled or closed",
                "alle jobåbninger, der passer, er besat eller lukket",
            ), {}
        return _pick(
            lang,
            f"every {one} who fits is full or not taking anyone now",
            f"alle {many_da}, der passer, er fuldt optaget eller tager ikke imod nogen nu",
        ), {}
    # no_fit
    with_room = {code: k for code, k in c.items() if code != "full" and k}
    if not with_room:
        if opening:
            return _pick(lang, "no job opening has a free position", "ingen jobåbning har en ledig stilling"), {}
        generic = "volunteer" if reason.noun == "volunteer" else "mentor"
        return _pick(
            lang,
            f"no {NOUNS[generic]['en'][0]} has a free place",
            f"ingen {NOUNS[generic]['da'][0]} har en ledig plads",
        ), {}
    if set(with_room) == {"too_far"} and not reason.unexamined:
        far = [o for o in reason.obstacles if o.code == "too_far"]
        nearest = next((o for o in far if "untrained" not in o.also), far[0])
        at = _pick(lang, " at ", " ved ") + nearest.site if nearest.site else ""
        return _pick(
            lang,
            f"no {one} within {km} km (the nearest, {nearest.provider_id}{at}, is {_km(nearest.km)} km away)",
            f"ingen {one_da} inden for {km} km (den nærmeste, {nearest.provider_id}{at}, er {_km(nearest.km)} km væk)",
        ), {"too_far": nearest.provider_id}
    if "no_language" in with_room and set(with_room) <= {"too_far", "no_language"} and reason.unexamined_none_fit:
        names = _and([language_name(code, lang) for code in reason.languages], lang)
        if opening:
            return _pick(
                lang,
                f"no job opening within {km} km has a working language the participant speaks at {level} or better"
                f" (the participant speaks {names})",
                f"ingen jobåbning inden for {km} km har et arbejdssprog, som deltageren taler på mindst niveau {level}"
                f" (deltageren taler {names})",
            ), {}
        return _pick(
            lang,
            f"no {one} within {km} km speaks a shared language at {level} or better (the participant speaks {names})",
            f"ingen {one_da} inden for {km} km taler et fælles sprog på mindst niveau {level}"
            f" (deltageren taler {names})",
        ), {}
    if opening:
        return _pick(lang, "no job opening with a free position fits", "ingen jobåbning med ledig stilling passer"), {}
    return _pick(lang, f"no {one} with a free place fits", f"ingen {one_da} med ledig plads passer"), {}


def reason_text(reason: Reason, lang: str) -> str:
    """An unmatched participant's reason in words: the headline, then the providers considered, by obstacle."""
    head, told = _headline(reason, lang)
    groups = []
    for code in _GROUP_ORDER:
        if not reason.counts.get(code):
            continue
        if code in told:
            # The headline named the nearest; list the others, if any.
            if reason.counts[code] > 1:
                groups.append(f"{_pick(lang, 'also', 'også')} {_group_label(reason, code, lang)}: "
                              f"{_listing(reason, code, lang, told[code])}")  # fmt: skip
            continue
        groups.append(f"{_group_label(reason, code, lang)}: {_listing(reason, code, lang)}")
    if reason.unexamined:
        groups.append(_unexamined_text(reason, lang))
    return "; ".join([head, *groups])


def _unexamined_text(reason: Reason, lang: str) -> str:
    """The providers with room not looked at one by one (a participant among thousands of providers)."""
    kind = reason.noun if reason.noun in ("volunteer", "opening") else "mentor"
    many_en, many_da = NOUNS[kind]["en"][1], NOUNS[kind]["da"][2]
    n, km, level = reason.unexamined, _number(reason.max_distance_km, lang), reason.min_language_level
    if not reason.unexamined_none_fit:
        return _pick(
            lang,
            f"{n} more {many_en} with room, farther away, were not looked at one by one",
            f"{n} {many_da} mere med plads, længere væk, er ikke gennemgået enkeltvis",
        )
    if reason.noun == "trained mentor":
        return _pick(
            lang,
            f"none of the other {n} {many_en} with room fits: each is farther than {km} km, shares no language at"
            f" {level} or better, or has not completed the mentor course",
            f"ingen af de øvrige {n} {many_da} med plads passer: hver er længere væk end {km} km, taler ikke et"
            f" fælles sprog på mindst niveau {level} eller har ikke gennemført mentorkurset",
        )
    return _pick(
        lang,
        f"none of the other {n} {many_en} with room fits: each is farther than {km} km or shares no language at"
        f" {level} or better",
        f"ingen af de øvrige {n} {many_da} med plads passer: hver er længere væk end {km} km eller taler ikke et"
        f" fælles sprog på mindst niveau {level}",
    )


def explain_reason(reason: Reason) -> dict[str, str]:
    """An unmatched participant's reason as one sentence in each language.

    >>> from stafet.matching.model import Obstacle, Reason
    >>> far = Obstacle("m2", "too_far", 52.4, site="Roskilde")
    >>> explain_reason(Reason("no_fit", (far,), {"too_far": 1}, noun="trained mentor"))["en"]
    'no trained mentor within 40 km (the nearest, m2 at Roskilde, is 52 km away)'
    >>> taken = Obstacle("m1", "taken", 6.0, taken_by=("p3",), pinned=("p3",), places=1)
    >>> explain_reason(Reason("taken", (taken, far), {"taken": 1, "too_far": 1}, noun="volunteer"))["da"]
    ... # doctest: +NORMALIZE_WHITESPACE
    'den eneste frivillige mentor, der passer, er nødvendig for en anden deltager (planen matcher så mange
    deltagere som muligt og giver derefter den højeste samlede score); optaget: m1 (6 km) af p3 (fastlåst);
    mere end 40 km væk: m2 (Roskilde, 52 km)'
    """
    return {lang: reason_text(reason, lang) for lang in ("da", "en")}
