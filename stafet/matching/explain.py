"""Plain-words explanations, in Danish and English, of why a pair was proposed or a participant left unmatched.

Every phrase states a fact about the pair (the same industry, the distance, the shared language at a level), never
a guess from the score alone, so a coordinator can repeat it to the people concerned.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from stafet.matching.model import CEFR_LEVELS, EDUCATION_LEVELS, Config, Participant, Provider, cefr_rank
from stafet.matching.reference import ISCO08, industry_name, language_name
from stafet.matching.scoring import tokens

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


def _load_disco() -> dict[str, str]:
    """Danish DISCO-08 titles by ISCO-08 code, from the reference data the web app loads (one source)."""
    path = Path(__file__).resolve().parents[1] / "reference" / "data" / "occupations.csv"
    with open(path, encoding="utf-8", newline="") as f:
        return {row["isco08_code"]: row["label_da"] for row in csv.DictReader(f) if row["label_da"].strip()}


#: ISCO-08 code -> Danish DISCO-08 title (Danmarks Statistik); 13 groups without a Danish title fall back to English.
DISCO08: dict[str, str] = _load_disco()


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


def _lower_first(label: str) -> str:
    """DISCO titles are capitalised as headings; inside a sentence they read in lower case ("IT-" stays)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _and(names: Sequence[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" and " if lang == "en" else " og ") + names[-1]


def shared_language(p: Participant, q: Provider) -> tuple[str, str] | None:
    """The language both speak best (by the weaker of the two levels; ties by code) and that level."""
    best: tuple[int, str] | None = None
    for code in sorted(set(p.languages) & set(q.languages)):
        level = min(cefr_rank(p.languages[code]), cefr_rank(q.languages[code]))
        if best is None or level > best[0]:
            best = (level, code)
    return None if best is None else (best[1], CEFR_LEVELS[best[0] - 1])


def _occupation_phrase(p: Participant, q: Provider) -> dict[str, str] | None:
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
    if best == 0:
        return None
    group = q.occupation[:best]
    en = ISCO08.get(group, group)
    da = _lower_first(DISCO08.get(group, en))
    if best == 4:
        return {"en": f"same occupation: {en} (ISCO {group})", "da": f"samme fag: {da} (DISCO {group})"}
    return {
        "en": f"related occupation: both in ISCO group {group} ({en})",
        "da": f"beslægtet fag: begge i DISCO-gruppe {group} ({da})",
    }


def _education_phrases(p: Participant, q: Provider) -> list[tuple[str, str]]:
    out = []
    if p.education_level and q.education_level:
        pl, ql = EDUCATION_LEVELS.index(p.education_level), EDUCATION_LEVELS.index(q.education_level)
        en, da = EDUCATION_NAMES[q.education_level]
        if q.kind == "opening" and pl >= ql:
            out.append((f"has the education asked for ({en})", f"har den uddannelse, der efterspørges ({da})"))
        elif q.kind != "opening" and ql >= pl:
            out.append(
                (
                    f"the mentor's education ({en}) is at the participant's level or above",
                    f"mentorens uddannelse ({da}) er på deltagerens niveau eller højere",
                )
            )
    mine, theirs = set(tokens(p.education_field)), set(tokens(q.education_field))
    if mine and mine == theirs:
        field = q.education_field
        out.append((f"same field of education: {field}", f"samme uddannelsesområde: {field}"))
    elif mine & theirs:
        fields = p.education_field, q.education_field
        out.append(
            (
                "related fields of education: {} and {}".format(*fields),
                "beslægtede uddannelsesområder: {} og {}".format(*fields),
            )
        )
    return out


def _goal_phrase(p: Participant, q: Provider) -> tuple[str, str] | None:
    if not p.goal:
        return None
    goal_en, goal_da = GOAL_NAMES[p.goal]
    if q.kind == "opening":
        if not q.opening_type:
            return None
        type_en, type_da = OPENING_NAMES[q.opening_type]
        if p.goal == q.opening_type == "job":  # not "a job fits the participant's goal of a job"
            return f"{type_en} fits the participant's goal", f"{type_da} passer til deltagerens mål"
        return (
            f"{type_en} fits the participant's goal of {goal_en}",
            f"{type_da} passer til deltagerens mål om {goal_da}",
        )
    return (
        f"the mentor can help the participant towards the goal of {goal_en}",
        f"mentoren kan hjælpe deltageren på vej mod målet om {goal_da}",
    )


def _experience_phrase(q: Provider, part: int, weight: int) -> tuple[str, str] | None:
    years = q.years_experience
    if q.kind == "opening":
        if years > 0 and part >= weight:
            en_years = "1 year's" if years == 1 else f"{_number(years, 'en')} years'"
            return (
                f"has the {en_years} experience asked for",
                f"har de {_number(years, 'da')} års erfaring, der efterspørges",
            )
        return None
    en, da = [], []
    if years >= 5:
        en.append(f"{_number(years, 'en')} years' experience")
        da.append(f"{_number(years, 'da')} års erfaring")
    if q.leadership:
        en.append("leadership experience")
        da.append("ledererfaring")
    if not en:
        return None
    return f"the mentor has {_and(en, 'en')}", f"mentoren har {_and(da, 'da')}"


def explain_pair(
    p: Participant,
    q: Provider,
    parts: Mapping[str, int],
    distance_km: float,
    shared_terms: list[str],
    config: Config,
) -> dict[str, str]:
    """Why this pair: the parts that carry the score, in plain words, Danish and English.

    A part is named only when the programme gives it weight and the pair earns points for it.

    >>> from stafet.matching.model import Participant, Provider, Config
    >>> p = Participant("p1", 55.70, 12.55, {"en": "C1", "ar": "native"}, industry="J")
    >>> q = Provider("m1", 55.77, 12.50, {"en": "C2", "da": "native"}, industry="J", site="the company's Lyngby site")
    >>> explain_pair(p, q, {"industry": 200}, 8.4, [], Config())["en"]
    "same industry: information and communication (IT); 8 km from the company's Lyngby site; both speak English at C1"
    >>> explain_pair(p, q, {"industry": 0, "distance": 100}, 8.4, [], Config())["da"]
    "8 km fra the company's Lyngby site; begge taler engelsk på niveau C1"
    """
    w = config.weights
    earned = {part: w[part] > 0 and parts.get(part, 0) > 0 for part in w}
    phrases: list[tuple[str, str]] = []
    if earned["industry"] and q.industry:
        phrases.append(
            (f"same industry: {industry_name(q.industry, 'en')}", f"samme branche: {industry_name(q.industry, 'da')}")
        )
    occupation = _occupation_phrase(p, q) if earned["occupation"] else None
    if occupation:
        phrases.append((occupation["en"], occupation["da"]))
    if q.site:
        phrases.append((f"{_km(distance_km)} km from {q.site}", f"{_km(distance_km)} km fra {q.site}"))
    else:
        phrases.append((f"{_km(distance_km)} km apart", f"{_km(distance_km)} km fra hinanden"))
    lang = shared_language(p, q)
    if lang:
        code, level = lang
        name_en, name_da = language_name(code, "en"), language_name(code, "da")
        if level == "native":
            phrases.append((f"both speak {name_en} as a mother tongue", f"begge har {name_da} som modersmål"))
        else:
            phrases.append((f"both speak {name_en} at {level}", f"begge taler {name_da} på niveau {level}"))
    if earned["education"]:
        phrases += _education_phrases(p, q)
    if w["goal"] and parts.get("goal", 0) >= w["goal"]:
        goal = _goal_phrase(p, q)
        if goal:
            phrases.append(goal)
    if earned["experience"]:
        experience = _experience_phrase(q, parts.get("experience", 0), w["experience"])
        if experience:
            phrases.append(experience)
    if shared_terms and earned["competences"]:
        phrases.append(
            ("shared competences: " + ", ".join(shared_terms), "fælles kompetencer: " + ", ".join(shared_terms))
        )
    return {"da": "; ".join(da for _, da in phrases), "en": "; ".join(en for en, _ in phrases)}


def explain_unmatched(reason: str, config: Config, noun: str, **facts: object) -> dict[str, str]:
    """Why a participant got no match, in Danish and English.

    >>> explain_unmatched("no_language", Config(), "trained mentor", languages=["ar"])["en"]
    'no trained mentor within 40 km who speaks a shared language at B1 or better (the participant speaks Arabic)'
    >>> why = explain_unmatched("no_language", Config(max_distance_km=7.5), "volunteer", languages=["ar", "ti"])
    >>> why["da"]  # doctest: +ELLIPSIS
    'ingen frivillig mentor inden for 7,5 km taler et fælles sprog på ... (deltageren taler arabisk og tigrinya)'
    """
    km_en, km_da = _number(config.max_distance_km, "en"), _number(config.max_distance_km, "da")
    level = config.min_language_level
    one_en, many_en = NOUNS[noun]["en"]
    one_da, the_one_da, many_da = NOUNS[noun]["da"]
    opening = noun == "opening"
    who = "that" if opening else "who"
    if reason == "ineligible":
        return {
            "en": "not eligible under the programme's rules",
            "da": "ikke berettiget efter programmets regler",
        }
    if reason == "no_level":
        return {
            "en": f"speaks no language at {level} or better",
            "da": f"taler ikke noget sprog på mindst niveau {level}",
        }
    if reason == "too_far":
        nearest = facts.get("nearest")
        extra_en = extra_da = ""
        if nearest is not None:
            distance, site = nearest  # type: ignore[misc]
            where = f", {site}," if site else ""
            extra_en = f" (the nearest{where} is {distance:.0f} km away)"
            extra_da = f" (den nærmeste{where} er {distance:.0f} km væk)"
        return {
            "en": f"no {one_en} within {km_en} km{extra_en}",
            "da": f"ingen {one_da} inden for {km_da} km{extra_da}",
        }
    if reason == "no_language":
        codes = list(facts.get("languages", []))  # type: ignore[call-overload]
        names_en = _and([language_name(c, "en") for c in codes], "en")
        names_da = _and([language_name(c, "da") for c in codes], "da")
        if opening:
            return {
                "en": f"no job opening within {km_en} km has a working language the participant speaks at {level}"
                f" or better (the participant speaks {names_en})",
                "da": f"ingen jobåbning inden for {km_da} km har et arbejdssprog, som deltageren taler på mindst niveau"
                f" {level} (deltageren taler {names_da})",
            }
        return {
            "en": f"no {one_en} within {km_en} km who speaks a shared language at {level} or better"
            f" (the participant speaks {names_en})",
            "da": f"ingen {one_da} inden for {km_da} km taler et fælles sprog på mindst niveau {level}"
            f" (deltageren taler {names_da})",
        }
    if reason == "excluded":
        return {
            "en": f"the only {many_en} {who} fit were excluded by the coordinator",
            "da": f"de eneste {many_da}, der passer, er udelukket af koordinatoren",
        }
    count = int(facts.get("count", 0))  # type: ignore[call-overload]
    if count == 1:
        return {
            "en": f"the only {one_en} {who} fits went to another participant; no other plan matches more people",
            "da": f"den eneste {the_one_da}, der passer, gik til en anden deltager; ingen anden plan matcher flere"
            " deltagere",
        }
    if count == 0:
        full = "besat" if opening else "fuldt optaget"
        return {
            "en": f"every {one_en} {who} fits is already full; no other plan matches more people",
            "da": f"alle {many_da}, der passer, er allerede {full}; ingen anden plan matcher flere deltagere",
        }
    all_en, all_da = ("both", "begge") if count == 2 else (f"all {count}", f"alle {count}")
    return {
        "en": f"{all_en} {many_en} {who} fit went to other participants; no other plan matches more people",
        "da": f"{all_da} {many_da}, der passer, gik til andre deltagere; ingen anden plan matcher flere deltagere",
    }
