"""Candidates ranked for one job opening (talent programme): the adapter between the database and the engine's
``rank_candidates``. The pool is the programme's referred candidates who are still in play; the engine scores
each against the opening and keeps those who pass the hard limits (distance, a working language)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from stafet.i18n import in_page_language
from stafet.matching import Config, Provider, rank_candidates
from stafet.matching.reference import ISCO08, NACE_SECTIONS
from stafet.people.engine import engine_participant, main_industries, participant_key
from stafet.people.models import Participant
from stafet.placements.models import JobOpening, Placement
from stafet.programmes.eligibility import evaluate, participant_facts
from stafet.programmes.models import Referral
from stafet.programmes.weights import PART_LABELS, clean_weights, to_points

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The engine knows job, internship, wage subsidy and apprenticeship; an IGU is a paid job with schooling.
OPENING_TYPES = {"job": "job", "internship": "internship", "wage_subsidy": "wage_subsidy",
                 "apprentice": "apprentice", "igu": "job"}  # fmt: skip


@dataclass
class Candidate:
    """One ranked candidate: the person, the score and its parts, the explanation in the page's language, and the
    stage if the candidate is already in this opening's pipeline."""

    participant: Participant
    score: int
    parts: list[tuple[StrOrPromise, int]]
    explanation: str
    placement: Placement | None


def candidate_pool(opening: JobOpening) -> QuerySet[Participant]:
    """Referred to the opening's programme (awaiting screening or accepted) and not yet hired in it."""
    referred = Referral.objects.filter(
        programme=opening.programme_id, status__in=(Referral.Status.PENDING, Referral.Status.ACCEPTED)
    ).values("participant")
    hired = Placement.objects.filter(opening__programme=opening.programme_id, status=Placement.Stage.HIRED).values(
        "participant"
    )
    return (
        Participant.objects.filter(pk__in=referred)
        .exclude(pk__in=hired)
        .select_related("home_postcode")
        .prefetch_related("languages", "occupations")
    )


def opening_provider(opening: JobOpening) -> Provider:
    site = opening.site
    lat, lng = site.location
    return Provider(
        id=f"o{opening.pk}",
        lat=lat,
        lng=lng,
        # The opening asks for its working language at a level: the pair's level is then the candidate's.
        languages={opening.language_id: "native"} if opening.language_id else {"da": "native"},
        kind="opening",
        occupation=opening.occupation_id if opening.occupation_id in ISCO08 else None,
        industry=opening.industry_id if opening.industry_id in NACE_SECTIONS else None,
        education_level=opening.min_education_level or None,
        capacity=opening.positions,
        opening_type=OPENING_TYPES.get(opening.type),
        site=f"{opening.company.name}, {site.name}",
        organisation=opening.company.name,
    )


def rank_opening(opening: JobOpening, *, top: int | None = None) -> list[Candidate]:
    """The pool's candidates for ``opening`` who pass its hard limits, best first (the best ``top`` if given)."""
    programme = opening.programme
    people = list(candidate_pool(opening))
    industries = main_industries(people)
    engine_people = []
    for person in people:
        eligible = not evaluate(programme.participant_rules or [], participant_facts(person)) if programme else True
        engine_people.append(engine_participant(person, eligible=eligible, industry=industries.get(person.pk)))
    # An opening outside a programme is ranked on the occupation alone.
    weights = clean_weights(programme.weights) if programme else {"occupation": 1}
    config = Config(
        weights=to_points(weights),
        max_distance_km=float(programme.max_distance_km if programme else 40),
        min_language_level=opening.min_language_level or (programme.min_language_level if programme else "A1"),
    )
    by_key = {participant_key(p.pk): p for p in people}
    placements = {p.participant_id: p for p in opening.placements.all()}
    ranked = rank_candidates(opening_provider(opening), engine_people, config, top=top or len(engine_people))
    out = []
    for r in ranked:
        person = by_key[r.participant_id]
        out.append(
            Candidate(
                participant=person,
                score=r.score,
                parts=[(PART_LABELS.get(k, k), v) for k, v in r.parts.items() if v],
                explanation=in_page_language(r.explanation),
                placement=placements.get(person.pk),
            )
        )
    return out
