"""The talent programme's assignment plan: the engine's best assignment of the referred candidates to the open
openings' free positions (``match`` with the openings as providers, as ``stafet match --openings`` does), with
the coordinator's pins and exclusions, and the score parts of each pair. The coordinator takes the plan into the
openings' pipelines (``placements.actions.take_plan``).

Candidates are those referred (awaiting a decision or selected), not hired in the programme and not in play in
any of its openings' pipelines; an opening's capacity is its positions neither filled nor being filled by a
candidate in play in its pipeline. The criteria judged in screening (motivation, the competences judged at the
interview) are part of each pair's score as the programme weighs them (``programmes.weights``: one definition of
the weights for the engine's parts and the judged ones), and the plan is optimised on that whole score: when the
programme weighs a judged part, the engine's scores of every qualifying pair (``rank_candidates``) plus the
candidate's judged points are solved exactly by the engine's solver (``assign``: most candidates placed, then the
highest total), and the engine then explains that plan (``match`` with its pairs fixed).
"""

import re
from dataclasses import dataclass, replace

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stafet.i18n import in_page_language
from stafet.matching import Config, MatchResult, Provider, assign, match, rank_candidates
from stafet.matching import Participant as EngineParticipant
from stafet.matching.explain import explain_reason
from stafet.people.engine import participant_key
from stafet.people.models import Participant
from stafet.placements.models import JobOpening, OpeningRule, Placement
from stafet.placements.ranking import (
    engine_people,
    judged_of,
    judged_parts,
    opening_provider,
    programme_weights,
)
from stafet.programmes.models import Programme, Referral
from stafet.programmes.weights import PART_LABELS, engine_points


@dataclass(frozen=True)
class PlannedPair:
    participant: Participant
    opening: JobOpening
    score: int
    parts: list[tuple[str, int]]
    explanation: str
    pinned: bool


@dataclass(frozen=True)
class Plan:
    pairs: list[PlannedPair]
    unmatched: list[tuple[Participant, str]]
    openings: list[tuple[JobOpening, int]]  # each open opening and its free positions
    rules: list[OpeningRule]
    objective: int


def assignment_pool(programme: Programme) -> list[Participant]:
    """The candidates the plan assigns (see the module's docstring)."""
    referred = Referral.objects.filter(
        programme=programme, status__in=(Referral.Status.PENDING, Referral.Status.ACCEPTED)
    ).values("participant")
    taken = Placement.objects.filter(opening__programme=programme).filter(
        Q(status=Placement.Stage.HIRED) | Q(status__in=Placement.OPEN)
    )
    return list(
        Participant.objects.filter(pk__in=referred)
        .exclude(pk__in=taken.values("participant"))
        .select_related("home_postcode")
        .prefetch_related("languages", "occupations")
        .order_by("last_name", "first_name", "pk")
    )


def open_openings(programme: Programme) -> list[tuple[JobOpening, int]]:
    openings = (
        programme.openings.filter(status=JobOpening.Status.OPEN)
        .select_related("company", "site", "programme")
        .annotate(taken=Count("placements", filter=Q(placements__status__in=(Placement.Stage.HIRED, *Placement.OPEN))))
        .order_by("company__name", "title")
    )
    return [(o, max(o.positions - o.taken, 0)) for o in openings]


def plan_assignment(programme: Programme) -> Plan:
    """The engine's plan for the programme now; a pin that cannot hold is a ``ValidationError`` saying which."""
    people = assignment_pool(programme)
    openings = open_openings(programme)
    rules = list(
        OpeningRule.objects.filter(opening__in=[o for o, _free in openings], participant__in=people).select_related(
            "opening", "participant"
        )
    )
    weights = programme_weights(programme)
    config = Config(
        weights=engine_points(weights),
        max_distance_km=float(programme.max_distance_km),
        min_language_level=programme.min_language_level,
    )
    providers = [replace(opening_provider(o), capacity=free) for o, free in openings]
    pairs_of = {(participant_key(r.participant_id), f"o{r.opening_id}"): r.kind for r in rules}
    pins = [pair for pair, kind in pairs_of.items() if kind == OpeningRule.Kind.PIN]
    exclusions = [pair for pair, kind in pairs_of.items() if kind == OpeningRule.Kind.EXCLUDE]
    by_key = {participant_key(p.pk): p for p in people}
    by_opening = {f"o{o.pk}": o for o, _free in openings}
    if not people or not providers:
        return Plan([], [], openings, rules, 0)
    judged = judged_of(people, programme)
    bonus = {participant_key(p.pk): sum(judged_parts(weights, judged.get(p.pk)).values()) for p in people}
    try:
        result = _solve(engine_people(programme, people), providers, config, pins, exclusions, bonus)
    except ValueError as error:
        raise ValidationError(
            _("The plan could not be made: %(error)s") % {"error": readable(str(error), by_key, by_opening)}
        ) from error
    pairs = []
    for pair in result.pairs:
        person = by_key[pair.participant_id]
        extra = judged_parts(weights, judged.get(person.pk))
        parts = {**pair.parts, **extra}
        pairs.append(
            PlannedPair(
                participant=person,
                opening=by_opening[pair.provider_id],
                score=pair.score + sum(extra.values()),
                parts=[(str(PART_LABELS.get(k, k)), v) for k, v in parts.items() if v],
                explanation=readable(in_page_language(pair.explanation), by_key, by_opening),
                pinned=(pair.participant_id, pair.provider_id) in set(pins),
            )
        )
    pairs.sort(key=lambda p: (p.opening.company.name, p.opening.title, -p.score))
    unmatched = [
        (by_key[key], readable(in_page_language(reason), by_key, by_opening))
        for key, reason in sorted(result.unmatched.items())
    ]
    return Plan(pairs, unmatched, openings, rules, sum(p.score for p in pairs))


def _solve(
    people: list[EngineParticipant],
    providers: list[Provider],
    config: Config,
    pins: list[tuple[str, str]],
    exclusions: list[tuple[str, str]],
    bonus: dict[str, int],
) -> MatchResult:
    """The best plan on the whole score: the engine's parts of each pair plus the candidate's judged points.

    Without judged points this is the engine's own plan. With them, every qualifying pair is scored by the engine
    (``rank_candidates``, the same scores ``match`` uses), the candidate's judged points are added, and the
    engine's exact solver finds the plan (most candidates placed, then the highest total) with the coordinator's
    pins kept and exclusions never made. ``match`` then explains that plan, its pairs given as pins; the unmatched
    candidates' reasons name as pinned only the coordinator's own pins.
    """
    if not any(bonus.values()):
        return match(people, providers, config, pins, exclusions)
    match(people, providers, config, pins, exclusions)  # the engine's checks of the pins, with its messages
    index = {p.id: i for i, p in enumerate(people)}
    pinned = dict(pins)
    capacity = np.array([q.capacity for q in providers], dtype=np.int64)
    for j, q in enumerate(providers):
        capacity[j] -= sum(1 for mid in pinned.values() if mid == q.id)
    rows, cols, scores = [], [], []
    refused = set(exclusions)
    for j, q in enumerate(providers):
        for ranked in rank_candidates(q, people, config, top=len(people)):
            pid = ranked.participant_id
            if pid not in pinned and (pid, q.id) not in refused:
                rows.append(index[pid])
                cols.append(j)
                scores.append(ranked.score + bonus.get(pid, 0))
    plan = list(pins)
    if rows:
        solved = assign(np.array(rows), np.array(cols), np.array(scores), capacity, len(people))
        plan += [(people[i].id, providers[int(j)].id) for i, j in enumerate(solved.match.tolist()) if j >= 0]
    result = match(people, providers, config, plan, exclusions)
    ours = set(pinned)
    reasons = {}
    unmatched = {}
    for pid, reason in result.reasons.items():
        obstacles = tuple(o._replace(pinned=tuple(x for x in o.pinned if x in ours)) for o in reason.obstacles)
        reasons[pid] = replace(reason, obstacles=obstacles)
        unmatched[pid] = explain_reason(reasons[pid])
    return replace(result, reasons=reasons, unmatched=unmatched)


def readable(text: str, people: dict[str, Participant], openings: dict[str, JobOpening]) -> str:
    """The engine's ids (``p12``, ``o3``) in a message as names and opening titles."""

    def name(found: re.Match[str]) -> str:
        key = found.group(0)
        if key in people:
            return str(people[key])
        if key in openings:
            return f"{openings[key].title} ({openings[key].company.name})"
        return key

    return re.sub(r"\b[po]\d+\b", name, text)
