"""The coordinator's what-if on a cohort's matching page: try a change without saving it, and for each unmatched
participant the single change that would match them.

The cohort is read exactly as a run reads it (``adapter.build_input``, the run's pins and exclusions, the weights
of the draft on the page or else the programme's), handed to the engine's what-if (``stafet.matching.whatif``),
and the answer is put in the coordinator's words with the database's names and capacities. Nothing is written:
no run, no proposal, no audit record.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stafet.matches import actions, adapter
from stafet.matches.models import MatchRun
from stafet.matches.present import tenths
from stafet.matching import CEFR_LEVELS, MatchResult, Provider
from stafet.matching.whatif import (
    AddProvider,
    Change,
    MoveProviders,
    Outcome,
    SetCapacity,
    SetDistance,
    SetLanguage,
    Situation,
    Suggestion,
    what_if,
    where_it_helps,
)
from stafet.organisations.models import Site, User
from stafet.people.access import mentors_for_user
from stafet.people.engine import mentor_key, pk_of
from stafet.people.models import Mentor
from stafet.programmes.eligibility import evaluate, mentor_facts
from stafet.programmes.models import Cohort, MentorEnrolment
from stafet.programmes.weights import clean_weights
from stafet.reference.models import Postcode

KINDS = ("capacity", "add", "copy", "distance", "language", "site")
#: At most this many of the programme's other mentors are offered to add (the nearest-named first would need the
#: engine; the list is alphabetical) and tried in "where it helps most".
MAX_EXTRA = 25
#: Widest distance limit a coordinator can try (the length of Denmark is about 450 km).
MAX_KM = 500
COPY_ID = "copy"


@dataclass
class Trial:
    """A cohort's round as the engine sees it, and what the coordinator may change."""

    cohort: Cohort
    role: str
    situation: Situation
    data: adapter.EngineInput
    enrolments: dict[str, MentorEnrolment] = field(default_factory=dict)  # engine id -> the mentor's enrolment
    extra: dict[int, Mentor] = field(default_factory=dict)  # the programme's mentors who could be added
    sites: dict[int, tuple[Site, list[str]]] = field(default_factory=dict)  # site -> engine ids of its mentors
    _base: MatchResult | None = None

    @property
    def base(self) -> MatchResult:
        """The plan of the cohort as it is now: solved once for the same inputs, then kept (see ``_BASES``)."""
        if self._base is None:
            key = hashlib.sha256(repr(self.situation).encode()).hexdigest()
            self._base = _BASES.pop(key, None) or self.situation.solve()
            _BASES[key] = self._base
            while len(_BASES) > KEEP_BASES:
                _BASES.popitem(last=False)
        return self._base


#: The plans of the last few situations tried, by a hash of everything the plan is made from (both sides, limits,
#: weights, pins and exclusions): the engine is deterministic, so a what-if after another on an unchanged cohort
#: solves only the changed plan, and any change to the cohort makes a new key. Kept in this process only.
KEEP_BASES = 8
_BASES: OrderedDict[str, MatchResult] = OrderedDict()


def _weights(cohort: Cohort, role: str) -> Mapping[str, object]:
    draft = cohort.match_runs.filter(role=role, status=MatchRun.Status.DRAFT).first()
    return draft.weights if draft else cohort.programme.weights


def prepare(cohort: Cohort, role: str, user: User) -> Trial:
    """The cohort's round ready for what-ifs; ``ValidationError`` when it cannot be matched (as a run would say)."""
    actions.check_cohort(cohort, role)
    data = adapter.build_input(cohort, role)
    if not data.participants:
        raise ValidationError(_("No enrolled participant in this cohort is waiting for a mentor in this round."))
    pins, exclusions = actions.rules_for(cohort, data, role)
    config = adapter.config_for(cohort.programme, clean_weights(_weights(cohort, role)))
    trial = Trial(cohort, role, Situation.of(data.participants, data.providers, config, pins, exclusions), data)
    for enrolment in adapter.mentor_enrolments(cohort, role):
        key = mentor_key(enrolment.mentor_id)
        if key in data.mentors:
            trial.enrolments[key] = enrolment
            site = enrolment.mentor.site
            if site is not None:
                trial.sites.setdefault(site.pk, (site, []))[1].append(key)
    trial.extra = {m.pk: m for m in extra_mentors(cohort, role, user)}
    return trial


def extra_mentors(cohort: Cohort, role: str, user: User) -> list[Mentor]:
    """The programme's trained mentors (signed up to it or enrolled in another of its cohorts) who are not in this
    cohort and pass its mentor rules: those the coordinator could bring in."""
    programme = cohort.programme
    in_cohort = cohort.mentor_enrolments.filter(status=MentorEnrolment.Status.ENROLLED).values("mentor")
    qs = (
        mentors_for_user(user)
        .filter(Q(programmes=programme) | Q(enrolments__cohort__programme=programme))
        .filter(training_completed_on__isnull=False)
        .exclude(pk__in=in_cohort)
        .select_related("site", "home_postcode", "organisation")
        .prefetch_related("languages")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    if adapter.is_dual(programme):
        qs = qs.filter(kind=Mentor.Kind.BUSINESS if role == adapter.PROFESSIONAL else Mentor.Kind.COMMUNITY)
    out = []
    for mentor in qs:
        if mentor.site is None and mentor.home_postcode is None:
            continue
        if not evaluate(programme.mentor_rules or [], mentor_facts(mentor)):
            out.append(mentor)
        if len(out) >= MAX_EXTRA:
            break
    return out


def _new_provider(trial: Trial, mentor: Mentor, places: int) -> Provider:
    return adapter.build_provider(MentorEnrolment(mentor=mentor, cohort=trial.cohort, capacity=places), trial.role)


# -- the change the coordinator asked for ------------------------------------------------------------------------


def _number(value: object, what: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(_("%(what)s: give a whole number.") % {"what": what}) from None
    if not low <= number <= high:
        raise ValidationError(
            _("%(what)s: give a number from %(low)s to %(high)s.") % {"what": what, "low": low, "high": high}
        )
    return number


def change_from(trial: Trial, query: Mapping[str, str]) -> tuple[Change, str]:
    """The change in ``query`` (the what-if form's fields) and its description; ``ValidationError`` says what is
    wrong with it."""
    kind = query.get("kind", "")
    config = trial.situation.config
    if kind in ("capacity", "copy"):
        key = mentor_key(_number(query.get("mentor"), _("Mentor"), 1, 2**62))
        enrolment = trial.enrolments.get(key)
        if enrolment is None:
            raise ValidationError(_("Choose one of the mentors matched in this round."))
        if kind == "copy":
            places = _number(query.get("places") or 1, _("Places"), 1, 20)
            twin = replace(_new_provider(trial, enrolment.mentor, places), id=COPY_ID)
            words = ngettext(
                "one more mentor like %(mentor)s, with %(n)s place",
                "one more mentor like %(mentor)s, with %(n)s places",
                places,
            )
            return AddProvider(twin), words % {"mentor": enrolment.mentor, "n": places}
        low = max(enrolment.open_mentorships, 1)
        capacity = _number(query.get("capacity"), _("Capacity"), low, 50)
        return SetCapacity(key, capacity - enrolment.open_mentorships), capacity_words(enrolment, capacity)
    if kind == "add":
        mentor = trial.extra.get(_number(query.get("extra"), _("Mentor"), 1, 2**62))
        if mentor is None:
            raise ValidationError(_("Choose one of the programme's trained mentors who are not in this cohort."))
        places = _number(query.get("places") or 1, _("Places"), 1, 20)
        return AddProvider(_new_provider(trial, mentor, places)), adding_words(mentor, places)
    if kind == "distance":
        km = _number(query.get("km"), _("Distance"), 1, MAX_KM)
        return SetDistance(float(km)), distance_words(config.max_distance_km, km)
    if kind == "language":
        level = query.get("level", "")
        if level not in CEFR_LEVELS:
            raise ValidationError(_("Choose a language level."))
        return SetLanguage(level), language_words(config.min_language_level, level)
    if kind == "site":
        site_id = _number(query.get("site"), _("Site"), 1, 2**62)
        if site_id not in trial.sites:
            raise ValidationError(_("Choose the site of one of the mentors in this round."))
        postcode = Postcode.objects.filter(code=str(query.get("postcode", "")).strip()).first()
        if postcode is None:
            raise ValidationError(_("Postcode: give a Danish postcode of four digits."))
        site, keys = trial.sites[site_id]
        change = MoveProviders(tuple(keys), postcode.lat, postcode.lng, f"{site.name} ({postcode.code})")
        return change, _("move %(site)s to %(code)s %(place)s") % {
            "site": site.name,
            "code": postcode.code,
            "place": postcode.name,
        }
    raise ValidationError(_("Choose what to try."))


def capacity_words(enrolment: MentorEnrolment, capacity: int) -> str:
    return _("%(mentor)s's capacity %(old)s → %(new)s") % {
        "mentor": enrolment.mentor,
        "old": enrolment.capacity,
        "new": capacity,
    }


def adding_words(mentor: Mentor, places: int) -> str:
    return ngettext("add %(mentor)s with %(n)s place", "add %(mentor)s with %(n)s places", places) % {
        "mentor": mentor,
        "n": places,
    }


def _km(km: float) -> str:
    return number_format(km, decimal_pos=0 if float(km).is_integer() else 1)


def distance_words(old: float, new: float) -> str:
    return _("distance %(old)s → %(new)s km") % {"old": _km(old), "new": _km(new)}


def language_words(old: str, new: str) -> str:
    return _("language level %(old)s → %(new)s") % {"old": old, "new": new}


# -- the answers -----------------------------------------------------------------------------------------------


@dataclass
class Tried:
    """One what-if in the page's words."""

    change: str
    outcome: Outcome
    newly: list[str]
    no_longer: list[str]
    stale: bool  # the plan on the page is not today's plan without the change

    @property
    def more(self) -> int:
        return max(self.outcome.gained, 0)

    @property
    def fewer(self) -> int:
        return max(-self.outcome.gained, 0)

    @property
    def score(self) -> str:
        return tenths(self.outcome.objective)

    @property
    def base_score(self) -> str:
        return tenths(self.outcome.base_objective)

    @property
    def score_change(self) -> str:
        change = self.outcome.score_change
        return ("+" if change > 0 else "−" if change < 0 else "±") + tenths(abs(change))


def _names(trial: Trial, keys: tuple[str, ...]) -> list[str]:
    return [str(trial.data.people[k]) for k in keys if k in trial.data.people]


def try_change(trial: Trial, change: Change, words: str, shown: MatchRun | None) -> Tried:
    """The what-if of ``change`` against the cohort's plan as it is now."""
    try:
        outcome = what_if(trial.situation, [change], trial.base)
    except ValueError as error:
        raise ValidationError(adapter.readable(str(error), trial.data)) from error
    stale = shown is not None and (
        shown.stats.get("matched"),
        shown.stats.get("objective"),
    ) != (outcome.base_matched, outcome.base_objective)
    return Tried(words, outcome, _names(trial, outcome.newly_matched), _names(trial, outcome.no_longer_matched), stale)


@dataclass
class Help:
    """An unmatched participant and the single changes that would match them, in words: the best of each kind,
    best first."""

    participant: object
    changes: list[str]


def helps(trial: Trial) -> tuple[list[Help], bool]:
    """For each unmatched participant, the single changes that would match them (empty: none does), and whether
    the search tried every candidate change."""
    extra = [_new_provider(trial, m, 1) for m in trial.extra.values()]
    found = where_it_helps(trial.situation, trial.base, extra_providers=extra)
    out = []
    for pid, suggestions in found.suggestions.items():
        # The best of each kind: the first is the change to make, the others are there if that one cannot be.
        best: dict[type, Suggestion] = {}
        for suggestion in suggestions:
            best.setdefault(type(suggestion.change), suggestion)
        words = [suggestion_words(trial, s.change, s.before) for s in best.values()]
        out.append(Help(trial.data.people[pid], words))
    out.sort(key=lambda h: (not h.changes, str(h.participant)))
    return out, found.complete


def suggestion_words(trial: Trial, change: Change, before: int | float | str | None) -> str:
    if isinstance(change, SetCapacity):
        enrolment = trial.enrolments[change.provider_id]
        return capacity_words(enrolment, enrolment.capacity + change.capacity - int(before or 0))
    if isinstance(change, AddProvider):
        return adding_words(trial.extra[pk_of(change.provider.id)], change.provider.capacity)
    if isinstance(change, SetDistance):
        return distance_words(float(before or 0), change.km)
    if isinstance(change, SetLanguage):
        return language_words(str(before), change.level)
    return str(change)
