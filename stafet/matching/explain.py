"""Plain-words explanations, in Danish and English, of why a pair was proposed or a participant left unmatched."""

from __future__ import annotations

from collections.abc import Mapping

from stafet.matching.model import CEFR_LEVELS, Config, Participant, Provider, cefr_rank
from stafet.matching.reference import ISCO08, industry_name, language_name

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
GOAL_NAMES: dict[str, tuple[str, str]] = {
    "job": ("a job", "job"),
    "education": ("education", "uddannelse"),
    "self_employment": ("self-employment", "selvstændig virksomhed"),
}
OPENING_NAMES: dict[str, tuple[str, str]] = {
    "job": ("a job", "et job"),
    "internship": ("an internship", "en praktik"),
    "wage_subsidy": ("a wage-subsidy job", "et løntilskudsjob"),
    "apprentice": ("an apprenticeship", "en elevplads"),
}
#: (singular, plural) per provider kind, English and Danish.
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "mentor": {"en": ("mentor", "mentors"), "da": ("mentor", "mentorer")},
    "trained mentor": {"en": ("trained mentor", "trained mentors"), "da": ("uddannet mentor", "uddannede mentorer")},
    "volunteer": {"en": ("volunteer mentor", "volunteer mentors"), "da": ("frivillig mentor", "frivillige mentorer")},
    "opening": {"en": ("job opening", "job openings"), "da": ("jobåbning", "jobåbninger")},
}


def noun_key(kind: str, config: Config) -> str:
    if kind == "mentor" and config.require_trained:
        return "trained mentor"
    return kind


def _km(distance: float) -> str:
    return "under 1" if distance < 1 else f"{distance:.0f}"


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
    label = ISCO08.get(group, group)
    if best == 4 or best == len(q.occupation):
        return {"en": f"same occupation: {label} (ISCO {group})", "da": f"samme fag: {label} (ISCO {group})"}
    return {
        "en": f"related occupation: both in {label} (ISCO {group})",
        "da": f"beslægtet fag: begge inden for {label} (ISCO {group})",
    }


def explain_pair(
    p: Participant,
    q: Provider,
    parts: Mapping[str, int],
    distance_km: float,
    shared_terms: list[str],
    config: Config,
) -> dict[str, str]:
    """Why this pair: the parts that carry the score, in plain words, Danish and English.

    >>> from stafet.matching.model import Participant, Provider, Config
    >>> p = Participant("p1", 55.70, 12.55, {"en": "C1", "ar": "native"}, industry="J")
    >>> q = Provider("m1", 55.77, 12.50, {"en": "C2", "da": "native"}, industry="J", site="the company's Lyngby site")
    >>> explain_pair(p, q, {"industry": 200}, 8.4, [], Config())["en"]
    "same industry: information and communication (IT); 8 km from the company's Lyngby site; both speak English at C1"
    """
    en: list[str] = []
    da: list[str] = []
    w = config.weights
    if parts.get("industry", 0) > 0 and q.industry:
        en.append(f"same industry: {industry_name(q.industry, 'en')}")
        da.append(f"samme branche: {industry_name(q.industry, 'da')}")
    occupation = _occupation_phrase(p, q)
    if occupation:
        en.append(occupation["en"])
        da.append(occupation["da"])
    if q.site:
        en.append(f"{_km(distance_km)} km from {q.site}")
        da.append(f"{_km(distance_km)} km fra {q.site}")
    else:
        en.append(f"{_km(distance_km)} km apart")
        da.append(f"{_km(distance_km)} km fra hinanden")
    lang = shared_language(p, q)
    if lang:
        code, level = lang
        if level == "native":
            en.append(f"both speak {language_name(code, 'en')} as a mother tongue")
            da.append(f"begge har {language_name(code, 'da')} som modersmål")
        else:
            en.append(f"both speak {language_name(code, 'en')} at {level}")
            da.append(f"begge taler {language_name(code, 'da')} på {level}")
    if w["education"] and parts.get("education", 0) >= 0.7 * w["education"] and q.education_level:
        name_en, name_da = EDUCATION_NAMES[q.education_level]
        if q.kind == "opening":
            en.append(f"has the education asked for ({name_en})")
            da.append(f"har den uddannelse, der efterspørges ({name_da})")
        else:
            en.append(f"the mentor's education ({name_en}) matches or exceeds the participant's")
            da.append(f"mentorens uddannelse ({name_da}) svarer til eller ligger over deltagerens")
    if w["goal"] and parts.get("goal", 0) >= w["goal"] and p.goal:
        goal_en, goal_da = GOAL_NAMES[p.goal]
        if q.kind == "opening" and q.opening_type:
            type_en, type_da = OPENING_NAMES[q.opening_type]
            en.append(f"{type_en} fits the goal of {goal_en}")
            da.append(f"{type_da} passer til målet om {goal_da}")
        else:
            en.append(f"the mentor helps towards {goal_en}, the participant's goal")
            da.append(f"mentoren hjælper mod {goal_da}, som er deltagerens mål")
    if q.kind != "opening" and (q.years_experience >= 5 or q.leadership):
        years = f"{q.years_experience:g}"
        en.append(f"the mentor has {years} years' experience" + (" and leadership experience" if q.leadership else ""))
        da.append(f"mentoren har {years} års erfaring" + (" og ledererfaring" if q.leadership else ""))
    elif (
        q.kind == "opening"
        and q.years_experience > 0
        and w["experience"]
        and parts.get("experience", 0) >= w["experience"]
    ):
        en.append(f"has the {q.years_experience:g} years' experience asked for")
        da.append(f"har de {q.years_experience:g} års erfaring, der efterspørges")
    if shared_terms:
        en.append("shared competences: " + ", ".join(shared_terms))
        da.append("fælles kompetencer: " + ", ".join(shared_terms))
    return {"da": "; ".join(da), "en": "; ".join(en)}


def explain_unmatched(reason: str, config: Config, noun: str, **facts: object) -> dict[str, str]:
    """Why a participant got no match, in Danish and English.

    >>> explain_unmatched("no_language", Config(), "trained mentor", languages=["ar"])["en"]
    'no trained mentor within 40 km who speaks a shared language at B1 or better (the participant speaks Arabic)'
    """
    km = f"{config.max_distance_km:g}"
    level = config.min_language_level
    one_en, many_en = NOUNS[noun]["en"]
    one_da, many_da = NOUNS[noun]["da"]
    who = "that" if noun == "opening" else "who"
    if reason == "ineligible":
        return {
            "en": "not eligible under the programme's rules",
            "da": "ikke berettiget efter programmets regler",
        }
    if reason == "no_level":
        return {
            "en": f"speaks no language at {level} or better",
            "da": f"taler ikke noget sprog på mindst {level}",
        }
    if reason == "too_far":
        nearest = facts.get("nearest")
        extra_en = extra_da = ""
        if nearest is not None:
            distance, site = nearest  # type: ignore[misc]
            where = f": {site}" if site else ""
            extra_en = f" (the nearest is {distance:.0f} km away{where})"
            extra_da = f" (den nærmeste er {distance:.0f} km væk{where})"
        return {
            "en": f"no {one_en} within {km} km{extra_en}",
            "da": f"ingen {one_da} inden for {km} km{extra_da}",
        }
    if reason == "no_language":
        codes = list(facts.get("languages", []))  # type: ignore[call-overload]
        names_en = ", ".join(language_name(c, "en") for c in codes)
        names_da = ", ".join(language_name(c, "da") for c in codes)
        return {
            "en": f"no {one_en} within {km} km who speaks a shared language at {level} or better"
            f" (the participant speaks {names_en})",
            "da": f"ingen {one_da} inden for {km} km, der taler et fælles sprog på mindst {level}"
            f" (deltageren taler {names_da})",
        }
    if reason == "excluded":
        return {
            "en": f"the only {many_en} {who} fit are excluded by the coordinator",
            "da": f"de eneste {many_da}, der passer, er udelukket af koordinatoren",
        }
    count = int(facts.get("count", 0))  # type: ignore[call-overload]
    if count == 1:
        return {
            "en": f"the only {one_en} {who} fits was needed for another participant; no plan matches more people",
            "da": f"den eneste {one_da}, der passer, skulle bruges til en anden deltager; ingen plan matcher flere",
        }
    return {
        "en": f"the {count or 'few'} {many_en} {who} fit were all needed for other participants;"
        " no plan matches more people",
        "da": f"de {count or 'få'} {many_da}, der passer, skulle alle bruges til andre deltagere;"
        " ingen plan matcher flere",
    }
