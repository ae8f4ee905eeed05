"""People as the matching engine sees them: the engine's ids, languages and the participant's dataclass.

Both the mentor matching (``matches.adapter``) and the job-opening ranking (``placements.ranking``) hand
participants to the engine; they share this one translation so a participant scores the same in both.
Engine ids are ``p<pk>`` and ``m<pk>``: the engine's messages name them, and the callers turn them back into names.
"""

import re
from collections.abc import Iterable

from stafet.matching import Occupation
from stafet.matching import Participant as EngineParticipant
from stafet.matching.reference import ISCO08, NACE_SECTIONS
from stafet.people.models import LanguageSkill, Participant


def participant_key(pk: int) -> str:
    return f"p{pk}"


def mentor_key(pk: int) -> str:
    return f"m{pk}"


def pk_of(key: str) -> int:
    """The database id in an engine id (``p12`` → 12)."""
    return int(key[1:])


def engine_languages(skills: Iterable[LanguageSkill]) -> dict[str, str]:
    """A person's languages as ISO 639 code → CEFR level (the engine knows only codes of 2 or 3 letters)."""
    return {s.language_id: s.level for s in skills if re.fullmatch(r"[a-z]{2,3}", s.language_id)}


def main_industries(people: list[Participant]) -> dict[int, str]:
    """Each participant's main industry (branche): the one recorded first."""
    links = Participant.industries.through.objects.filter(participant_id__in=[p.pk for p in people])
    out: dict[int, str] = {}
    for participant_id, industry_id in links.order_by("pk").values_list("participant_id", "industry_id"):
        if industry_id in NACE_SECTIONS:
            out.setdefault(participant_id, industry_id)
    return out


def engine_participant(person: Participant, *, eligible: bool, industry: str | None = None) -> EngineParticipant:
    """``person`` (with home postcode, languages and occupations loaded) for the engine."""
    return EngineParticipant(
        id=participant_key(person.pk),
        lat=person.home_postcode.lat,
        lng=person.home_postcode.lng,
        languages=engine_languages(person.languages.all()),
        occupations=tuple(
            Occupation(o.occupation_id, float(o.years)) for o in person.occupations.all() if o.occupation_id in ISCO08
        ),
        industry=industry,
        education_level=person.education_level or None,
        education_field=person.education_field,
        competences=person.competences,
        goal=person.goal or None,
        eligible=eligible,
        place=person.home_postcode.name,
    )
