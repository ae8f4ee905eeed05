"""Candidates ranked for one job opening (talent programme): the adapter between the database and the engine's
``rank_candidates``. The pool is the programme's referred candidates who are still in play; the engine scores
each against the opening and keeps those who pass the hard limits (distance, a working language)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from stafet.i18n import in_page_language
from stafet.matching import Config, Provider, rank_candidates
from stafet.matching import Participant as EngineParticipant
from stafet.matching.reference import ISCO08, NACE_SECTIONS
from stafet.people.engine import engine_participant, main_industries, participant_key
from stafet.people.models import Participant
from stafet.placements.models import JobOpening, Placement, Screening
from stafet.programmes.eligibility import evaluate, participant_facts
from stafet.programmes.models import Programme, Referral
from stafet.programmes.weights import PART_LABELS, clean_weights, engine_points, judged_points

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
    opening: JobOpening | None = None


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


def engine_people(programme: Programme | None, people: list[Participant]) -> list[EngineParticipant]:
    """The candidates as the engine's participants, eligible by the programme's rules."""
    industries = main_industries(people)
    out = []
    for person in people:
        eligible = not evaluate(programme.participant_rules or [], participant_facts(person)) if programme else True
        out.append(engine_participant(person, eligible=eligible, industry=industries.get(person.pk)))
    return out


def programme_weights(programme: Programme | None) -> dict[str, int]:
    # An opening outside a programme is ranked on the occupation alone.
    return clean_weights(programme.weights) if programme else {"occupation": 1}


def judged_of(people: list[Participant], programme: Programme | None) -> dict[int, dict[str, int]]:
    """Each candidate's screening (the criteria judged, 1 to 5), by participant; those not screened are absent."""
    if programme is None:
        return {}
    screenings = Screening.objects.filter(referral__programme=programme, referral__participant__in=people)
    return {s.referral.participant_id: s.judged() for s in screenings.select_related("referral")}


def judged_parts(weights: dict[str, int], judged: dict[str, int] | None) -> dict[str, int]:
    """The judged parts' points for one candidate: a part's points in full at 5, nothing at 1 or unscreened.

    >>> judged_parts({"occupation": 3, "motivation": 1}, {"motivation": 5, "assessment": 2})
    {'motivation': 250}
    >>> judged_parts({"occupation": 3, "motivation": 1}, None)
    {'motivation': 0}
    """
    points = judged_points(weights)
    return {part: (points[part] * (judged[part] - 1)) // 4 if judged else 0 for part in points}


def rank_opening(opening: JobOpening, *, top: int | None = None) -> list[Candidate]:
    """The pool's candidates for ``opening`` who pass its hard limits, best first (the best ``top`` if given).
    The score is the engine's plus the criteria judged in screening that the programme weighs."""
    people = list(candidate_pool(opening))
    return rank_people(opening, people, engine_people(opening.programme, people), judged_of(people, opening.programme),
                       top=top)  # fmt: skip


def rank_people(
    opening: JobOpening,
    people: list[Participant],
    engine_input: list[EngineParticipant],
    judged: dict[int, dict[str, int]],
    *,
    top: int | None = None,
) -> list[Candidate]:
    """:func:`rank_opening` over given candidates (already turned into the engine's participants)."""
    programme = opening.programme
    weights = programme_weights(programme)
    config = Config(
        weights=engine_points(weights),
        max_distance_km=float(programme.max_distance_km if programme else 40),
        min_language_level=opening.min_language_level or (programme.min_language_level if programme else "A1"),
    )
    by_key = {participant_key(p.pk): p for p in people}
    placements = {p.participant_id: p for p in opening.placements.all()}
    ranked = rank_candidates(opening_provider(opening), engine_input, config, top=len(engine_input))
    out = []
    for r in ranked:
        person = by_key[r.participant_id]
        extra = judged_parts(weights, judged.get(person.pk))
        parts = {**r.parts, **extra}
        out.append(
            Candidate(
                participant=person,
                score=r.score + sum(extra.values()),
                parts=[(str(PART_LABELS.get(k, k)), v) for k, v in parts.items() if v],
                explanation=in_page_language(r.explanation),
                placement=placements.get(person.pk),
                opening=opening,
            )
        )
    out.sort(key=lambda c: (-c.score, c.participant.pk))
    return out[:top] if top else out


@dataclass
class Talent:
    """One referred candidate in the selection's ranking: the score is their best opening's (engine parts and the
    judged ones), or the judged parts alone when no open opening fits them within its limits; ``best`` says which
    opening and why, ``judged`` what the screening interview found (``None``: not screened yet)."""

    referral: Referral
    score: int
    best: Candidate | None
    judged: dict[str, int] | None
    judged_only: list[tuple[str, int]]
    rank: int = 0  # on the selection page: the place in the ranking, and whether the box is ticked
    ticked: bool = False

    @property
    def participant(self) -> Participant:
        return self.referral.participant


def rank_for_selection(programme: Programme, referrals: QuerySet[Referral]) -> list[Talent]:
    """The programme's referrals awaiting a decision (of those in ``referrals``; not those already in one of its
    cohorts), best first: each candidate scored
    against every open opening of the programme, keeping the best."""
    pending = list(
        referrals.filter(programme=programme, status=Referral.Status.PENDING)
        .exclude(participant__enrolments__cohort__programme=programme)  # in a cohort already
        .select_related("participant__home_postcode", "caseworker", "municipality")
        .prefetch_related("participant__languages", "participant__occupations")
    )
    people = [r.participant for r in pending]
    engine_input = engine_people(programme, people)
    judged = judged_of(people, programme)
    best: dict[int, Candidate] = {}
    openings = programme.openings.filter(status=JobOpening.Status.OPEN).select_related("company", "site", "programme")
    for opening in openings:
        for candidate in rank_people(opening, people, engine_input, judged):
            current = best.get(candidate.participant.pk)
            if current is None or candidate.score > current.score:
                best[candidate.participant.pk] = candidate
    weights = programme_weights(programme)
    talents = []
    for referral in pending:
        pk = referral.participant_id
        alone = judged_parts(weights, judged.get(pk))
        fit = best.get(pk)
        talents.append(
            Talent(
                referral=referral,
                score=fit.score if fit else sum(alone.values()),
                best=fit,
                judged=judged.get(pk),
                judged_only=[(str(PART_LABELS[k]), v) for k, v in alone.items() if v],
            )
        )
    talents.sort(key=lambda t: (-t.score, t.participant.last_name, t.participant.first_name, t.referral.pk))
    return talents
