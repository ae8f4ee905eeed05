"""The adapter between the database and the matching engine: a cohort's people become the engine's small frozen
dataclasses, and the engine's plan comes back as proposals (forslag) and unmatched participants.

A dual programme (two mentors per participant) is matched in two rounds, one :class:`MatchRun` per round
(``MatchRun.role``): "professional" with the business mentors (erhvervsmentorer), "community" with the
community volunteers (frivillige mentorer). We call the engine's ``match`` once per round rather than
``match_dual`` because the coordinator approves, re-runs and publishes each round on its own: the company
mentors are often settled weeks before the volunteers are recruited, and a re-run of one round must not
reshuffle the other. ``match_dual`` does exactly two ``match`` calls, so the plans are the same.

Engine ids are ``p<pk>`` and ``m<pk>`` (``people.engine``): the engine's messages name them, and :func:`readable`
turns them back into names for the coordinator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.utils import translation
from django.utils.translation import gettext as _

from stafet.matching import Config, MatchResult, Pair, Participant, Provider, match
from stafet.matching.explain import render_facts
from stafet.matching.reference import ISCO08, NACE_SECTIONS
from stafet.mentorships.models import OPEN_STATUSES
from stafet.people.engine import engine_languages, engine_participant, main_industries, mentor_key, participant_key
from stafet.people.models import Mentor
from stafet.people.models import Participant as ParticipantModel
from stafet.programmes.eligibility import evaluate, mentor_facts, participant_facts
from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment, Programme
from stafet.programmes.weights import engine_points

PROFESSIONAL, COMMUNITY = "professional", "community"


def rounds_of(programme: Programme) -> list[str]:
    """The matching rounds of a programme: two in dual mentoring, one otherwise."""
    if programme.mentors_per_participant == 2 or programme.kind == Programme.Kind.DUAL:
        return [PROFESSIONAL, COMMUNITY]
    return [PROFESSIONAL]


def is_dual(programme: Programme) -> bool:
    return len(rounds_of(programme)) == 2


def config_for(programme: Programme, weights: Mapping[str, int]) -> Config:
    """The engine's settings for ``programme``, with ``weights`` (relative, as checked by ``programmes.weights``)."""
    return Config(
        weights=engine_points(weights),
        max_distance_km=float(programme.max_distance_km),
        min_language_level=programme.min_language_level,
    )


@dataclass(frozen=True)
class LeftOut:
    """A mentor enrolled in the cohort but not offered to the engine, and why (Danish and English)."""

    mentor: Mentor
    reason: Mapping[str, str]


@dataclass
class EngineInput:
    participants: list[Participant] = field(default_factory=list)
    providers: list[Provider] = field(default_factory=list)
    people: dict[str, ParticipantModel] = field(default_factory=dict)
    mentors: dict[str, Mentor] = field(default_factory=dict)
    left_out: list[LeftOut] = field(default_factory=list)
    # Why each ineligible participant is so, Danish and English; the engine only says "not eligible".
    ineligible: dict[str, dict[str, str]] = field(default_factory=dict)


def _both_languages(build) -> dict[str, str]:
    """Run ``build()`` (which uses gettext) in Danish and in English."""
    out = {}
    for lang in ("da", "en"):
        with translation.override(lang):
            out[lang] = build()
    return out


def build_provider(enrolment: MentorEnrolment, role: str) -> Provider:
    mentor = enrolment.mentor
    lat, lng = mentor.location
    site = mentor.site.name if mentor.site is not None else str(mentor.home_postcode)
    return Provider(
        id=mentor_key(mentor.pk),
        lat=lat,
        lng=lng,
        languages=engine_languages(mentor.languages.all()),
        kind="volunteer" if role == COMMUNITY else "mentor",
        occupation=mentor.occupation_id if mentor.occupation_id in ISCO08 else None,
        industry=mentor.industry_id if mentor.industry_id in NACE_SECTIONS else None,
        capacity=max(enrolment.free_places, 0),
        trained=mentor.is_trained,
        years_experience=float(mentor.years_experience),
        leadership=mentor.leadership_experience,
        site=site,
        organisation=mentor.organisation.name,
    )


def mentor_enrolments(cohort: Cohort, role: str) -> list[MentorEnrolment]:
    """The cohort's enrolled mentors for a round: in dual mentoring each round has its own kind of mentor."""
    qs = (
        cohort.mentor_enrolments.filter(status=MentorEnrolment.Status.ENROLLED)
        .select_related("mentor__site", "mentor__home_postcode", "mentor__organisation")
        .prefetch_related("mentor__languages")
        .order_by("mentor__last_name", "mentor__first_name", "mentor_id")
    )
    if is_dual(cohort.programme):
        kind = Mentor.Kind.BUSINESS if role == PROFESSIONAL else Mentor.Kind.COMMUNITY
        qs = qs.filter(mentor__kind=kind)
    return list(qs)


def participants_to_match(cohort: Cohort, role: str) -> list[ParticipantModel]:
    """Enrolled participants of the cohort without an open mentorship of this round's role in it."""
    taken = cohort.mentorships.filter(role=role, status__in=OPEN_STATUSES).values("participant_id")
    enrolled = cohort.participant_enrolments.filter(status=ParticipantEnrolment.Status.ENROLLED).values(
        "participant_id"
    )
    return list(
        ParticipantModel.objects.filter(pk__in=enrolled)
        .exclude(pk__in=taken)
        .select_related("home_postcode")
        .prefetch_related("languages", "occupations")
        .order_by("last_name", "first_name", "pk")
    )


def accepted_despite_rules(cohort: Cohort) -> set[int]:
    """Participants of ``cohort`` whom the coordinator accepted in screening although they failed the rules."""
    return set(cohort.participant_enrolments.exclude(rules_overruled=[]).values_list("participant", flat=True))


def _reasons(rules: list[dict], facts: dict) -> dict[str, str]:
    """The failed rules in words, in Danish and in English (evaluated in each language, not translated after)."""
    return _both_languages(lambda: "; ".join(f.reason for f in evaluate(rules, facts)))


def build_input(cohort: Cohort, role: str) -> EngineInput:
    """Engine inputs for one round of a cohort.

    A participant who fails the programme's rules is passed on as not eligible (and so unmatched, with the
    rules in words), unless the coordinator accepted them in screening despite those rules: that decision
    stands. Mentors who fail the programme's mentor rules are left out with the reason; untrained mentors and
    mentors without a free place are passed on (trained=False, capacity 0), so the engine never proposes them,
    and are listed with the reason.
    """
    programme = cohort.programme
    data = EngineInput()
    people = participants_to_match(cohort, role)
    industries = main_industries(people)
    overruled = accepted_despite_rules(cohort) if people else set()
    for person in people:
        facts = participant_facts(person)
        failed = bool(evaluate(programme.participant_rules or [], facts)) and person.pk not in overruled
        key = participant_key(person.pk)
        if failed:
            data.ineligible[key] = _reasons(programme.participant_rules, facts)
        data.participants.append(engine_participant(person, eligible=not failed, industry=industries.get(person.pk)))
        data.people[key] = person
    for enrolment in mentor_enrolments(cohort, role):
        mentor = enrolment.mentor
        facts = mentor_facts(mentor)
        if evaluate(programme.mentor_rules or [], facts):
            data.left_out.append(LeftOut(mentor, _reasons(programme.mentor_rules, facts)))
            continue
        if not mentor.is_trained:
            data.left_out.append(LeftOut(mentor, _both_languages(lambda: _("has not completed the mentor training"))))
        elif enrolment.free_places <= 0:
            data.left_out.append(
                LeftOut(mentor, _both_languages(lambda c=enrolment.capacity: _("full (%(n)s of %(n)s)") % {"n": c}))
            )
        data.providers.append(build_provider(enrolment, role))
        data.mentors[mentor_key(mentor.pk)] = mentor
    return data


def readable(message: str, data: EngineInput) -> str:
    """An engine message with ``p12``/``m34`` replaced by the people's names."""

    def name(match: re.Match) -> str:
        key = match.group(0)
        person = data.people.get(key) or data.mentors.get(key)
        return str(person) if person else key

    return re.sub(r"\b[pm]\d+\b", name, message)


#: At most this many mentors per run are put to the engine one by one to name every mentor with room (a cohort has
#: a few dozen mentors; a region would take too long and keeps the engine's "and N more").
NAME_EVERY_MENTOR_UP_TO = 25
_CHECKED = ("taken", "full", "no_fit", "not_considered")


def name_every_mentor(
    reasons: dict[str, dict],
    data: EngineInput,
    config: Config,
    exclusions: Iterable[tuple[str, str]],
    result: MatchResult,
) -> None:
    """Complete the unmatched participants' reasons (``Reason.to_dict()``, changed in place) with every mentor with
    room, and why each did not fit.

    The engine names at most ten mentors per obstacle (and counts the rest). The ones it left unnamed are put to
    the engine itself, one mentor at a time with the unmatched participants who did not see that mentor named: a
    plan of that one mentor with one place. The participant it takes fits the mentor, so in the real plan the
    mentor's places went to others (``taken``); every other participant gets the engine's own obstacle for that
    mentor (too far, no shared language at the level, excluded, not trained, or ``taken``: fits, but the one place
    went to someone else).
    """
    people = {p.id: p for p in data.participants}
    excluded = set(exclusions)
    missing: dict[str, list[str]] = {}  # mentor -> participants who did not see it named
    for pid, details in reasons.items():
        if details.get("code") not in _CHECKED or details.get("unexamined"):
            continue
        named = {o["provider_id"] for o in details.get("obstacles", ())}
        for q in data.providers:
            if q.capacity > 0 and q.id not in named:
                missing.setdefault(q.id, []).append(pid)
    if not missing or len(missing) > NAME_EVERY_MENTOR_UP_TO:
        return
    occupants: dict[str, list[tuple[str, bool]]] = {}
    for pair in result.pairs:
        occupants.setdefault(pair.provider_id, []).append((pair.participant_id, pair.pinned))
    providers = {q.id: q for q in data.providers}
    for qid, pids in missing.items():
        q = providers[qid]
        taken = occupants.get(qid, [])
        alone = match([people[pid] for pid in pids], [replace(q, capacity=1)], config, (),
                      [(pid, qid) for pid in pids if (pid, qid) in excluded])  # fmt: skip
        verdicts: dict[str, dict] = {}
        for pair in alone.pairs:
            km = next((float(f.values["km"]) for f in pair.facts if f.code == "distance"), 0.0)  # type: ignore[arg-type]
            verdicts[pair.participant_id] = {"provider_id": qid, "code": "taken", "km": km}
        for pid, reason in alone.reasons.items():
            o = next((o for o in reason.obstacles if o.provider_id == qid), None)
            if o is not None:
                verdicts[pid] = o.to_dict()
        for pid, verdict in verdicts.items():
            if verdict["code"] == "taken":
                verdict.update(
                    code="taken" if len(taken) >= q.capacity else "not_considered",
                    taken_by=[x for x, _ in taken[:5]],
                    pinned=[x for x, pinned in taken[:5] if pinned],
                    places=len(taken),
                )
            if q.site:
                verdict.setdefault("site", q.site)
            reasons[pid].setdefault("obstacles", []).append(verdict)
    for details in reasons.values():
        details.get("obstacles", []).sort(key=lambda o: (o["km"], o["provider_id"]))


#: Facts about the mentor alone (years of experience, education) that a programme may ask of every mentor: in a run
#: where they hold for at least this share of the pairs (of at least ``COMMON_MIN_PAIRS``), they tell no pair apart.
COMMON_SHARE = 0.9
COMMON_MIN_PAIRS = 5
_MENTOR_FACTS = ("experience", "education_level")


def telling_explanations(pairs: Iterable[Pair]) -> dict[tuple[str, str], Mapping[str, str]]:
    """Each pair's explanation (Danish and English) without the facts about the mentor that hold for almost every
    pair of the run: where every mentor has five years' experience, "the mentor has 12 years' experience" is no
    reason for this pair. The rest is the engine's own explanation, rendered from its facts."""
    pairs = list(pairs)
    common = set()
    if len(pairs) >= COMMON_MIN_PAIRS:
        for code in _MENTOR_FACTS:
            if sum(any(f.code == code for f in p.facts) for p in pairs) >= COMMON_SHARE * len(pairs):
                common.add(code)
    return {
        (p.participant_id, p.provider_id): render_facts([f for f in p.facts if f.code not in common])
        if common
        else p.explanation
        for p in pairs
    }
