"""What the matching page shows of a run, in a coordinator's words: scores on a 0–100 scale with each part's share,
the state of each pin and exclusion, and for every unmatched participant the mentors considered and why each did
not fit.

Everything here is read from what the engine computed and the run stored (``Proposal.parts``, the points of the
run, ``UnmatchedParticipant.details``: the engine's structured :class:`stafet.matching.Reason`); nothing is
worked out again here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stafet.matches.models import MatchRun, PairRule, Proposal, UnmatchedParticipant
from stafet.people.engine import pk_of
from stafet.people.models import Mentor, Participant
from stafet.programmes.models import Cohort
from stafet.programmes.weights import PART_LABELS


def tenths(points: int) -> str:
    """Engine points (of 1000) on the page's 0–100 scale, in the page's locale: 1 decimal where needed."""
    return number_format(round(points / 10, 1), decimal_pos=0 if points % 10 == 0 else 1)


@dataclass(frozen=True)
class Share:
    """One part of a score: what the pair earned of what the part can give, both on the 0–100 scale."""

    label: str
    got: str
    of: str
    percent: int  # of the part's own maximum, for the bar


def score_shares(proposal: Proposal, points: Mapping[str, int]) -> list[Share]:
    """Each weighted part's share of the score, in the programme's part order; parts weighted 0 are left out."""
    out = []
    for part, most in points.items():
        if most <= 0:
            continue
        got = int(proposal.parts.get(part, 0))
        out.append(Share(str(PART_LABELS.get(part, part)), tenths(got), tenths(most), round(100 * got / most)))
    return out


# -- pins and exclusions ----------------------------------------------------------------------------------------


def rule_state(rule: PairRule | None, run: MatchRun | None, proposed: bool) -> str:
    """What a pin or exclusion does right now, against the run on the page (``proposed``: the pair is in it)."""
    if rule is None:
        return ""
    if run is None or rule.created_at > run.created_at:
        return _("takes effect when you run the matching again")
    if rule.kind == PairRule.Kind.PIN:
        return _("kept in this proposal") if proposed else _("not in this proposal: run the matching again")
    return _("never proposed: not in this proposal") if not proposed else _("run the matching again to use it")


def annotate_rules(rules: Iterable[PairRule], run: MatchRun | None, pairs: set[tuple[int, int]]) -> list[PairRule]:
    rules = list(rules)
    for rule in rules:
        rule.state = rule_state(rule, run, (rule.participant_id, rule.mentor_id) in pairs)
    return rules


# -- unmatched participants ---------------------------------------------------------------------------------------


@dataclass
class Considered:
    """One mentor considered for an unmatched participant, and why the mentor did not fit."""

    mentor: Mentor | None
    name: str
    place: str
    why: str


@dataclass
class Unmatched:
    participant: Participant
    headline: str
    considered: list[Considered] = field(default_factory=list)
    more: list[str] = field(default_factory=list)
    total: int = 0  # mentors considered, named or counted


def _km(km: float) -> str:
    if km < 1:
        return _("under 1 km")
    return _("%(km)s km") % {"km": number_format(round(km))}


def _limit(obstacle: str, details: Mapping, km: float) -> str:
    """One broken hard limit in words."""
    level = details.get("min_language_level", "B1")
    if obstacle == "too_far":
        return _("too far: %(km)s away, the limit is %(limit)s km") % {
            "km": _km(km),
            "limit": number_format(details.get("max_distance_km", 40), decimal_pos=0),
        }
    if obstacle == "no_language":
        return _("no language both speak at %(level)s or better") % {"level": level}
    if obstacle == "untrained":
        return _("has not completed the mentor course")
    if obstacle == "excluded":
        return _("you excluded this pair")
    if obstacle == "full":
        return _("would fit, but has no free place")
    if obstacle == "not_considered":
        return _("fits and has room, but the limit on candidates per participant left the pair out")
    return obstacle


def _names(keys: Iterable[str], people: Mapping[int, Participant], pinned: Iterable[str]) -> str:
    pinned = set(pinned)
    out = []
    for key in keys:
        person = people.get(pk_of(key))
        name = str(person) if person else key
        out.append(_("%(name)s (pinned)") % {"name": name} if key in pinned else name)
    return ", ".join(out)


def _taken(o: Mapping, people: Mapping[int, Participant]) -> str:
    names = _names(o.get("taken_by", ()), people, o.get("pinned", ()))
    more = int(o.get("places", 0)) - len(o.get("taken_by", ()))
    if more > 0:
        names += ", " + ngettext("%(n)s other", "%(n)s others", more) % {"n": more}
    return _("fits, but is needed for %(names)s") % {"names": names}


_HEADLINES = {
    "taken": lambda: _(
        "Every mentor who fits is needed for someone else: the best plan matches as many people as possible, "
        "then gives the best total fit."
    ),
    "full": lambda: _("Every mentor who would fit is full."),
    "no_fit": lambda: _("No mentor with a free place fits."),
}


def _more(code: str, n: int, details: Mapping) -> str:
    what = {
        "taken": _("needed for other participants"),
        "too_far": _("more than %(limit)s km away")
        % {"limit": number_format(details.get("max_distance_km", 40), decimal_pos=0)},
        "no_language": _("no language both speak at %(level)s or better")
        % {"level": details.get("min_language_level", "B1")},
        "untrained": _("have not completed the mentor course"),
        "excluded": _("excluded by you"),
        "full": _("would fit, but have no free place"),
        "not_considered": _("left out by the limit on candidates"),
    }.get(code, code)
    return ngettext("%(n)s more mentor: %(what)s", "%(n)s more mentors: %(what)s", n) % {"n": n, "what": what}


def unmatched_rows(cohort: Cohort, unmatched: Iterable[UnmatchedParticipant]) -> list[Unmatched]:
    """Every unmatched participant with the engine's reason: the mentors it considered, each with why not."""
    unmatched = list(unmatched)
    mentor_keys: set[int] = set()
    people_keys: set[int] = set()
    for u in unmatched:
        for o in u.details.get("obstacles", ()):
            mentor_keys.add(pk_of(o["provider_id"]))
            people_keys.update(pk_of(x) for x in o.get("taken_by", ()))
    mentors = {m.pk: m for m in Mentor.objects.filter(enrolments__cohort=cohort, pk__in=mentor_keys).distinct()}
    people = {p.pk: p for p in Participant.objects.filter(enrolments__cohort=cohort, pk__in=people_keys).distinct()}
    out = []
    for u in unmatched:
        details = u.details or {}
        code = details.get("code", "")
        headline = _HEADLINES[code]() if code in _HEADLINES else u.reason
        row = Unmatched(u.participant, headline)
        named: dict[str, int] = {}
        for o in details.get("obstacles", ()):
            mentor = mentors.get(pk_of(o["provider_id"]))
            reasons = [_taken(o, people) if o["code"] == "taken" else _limit(o["code"], details, o["km"])]
            reasons += [_limit(x, details, o["km"]) for x in o.get("also", ())]
            place = ", ".join(x for x in (o.get("site", ""), _km(o["km"])) if x)
            row.considered.append(Considered(mentor, str(mentor or o["provider_id"]), place, "; ".join(reasons)))
            named[o["code"]] = named.get(o["code"], 0) + 1
        row.total = len(row.considered)
        for c, n in details.get("counts", {}).items():
            if n > named.get(c, 0):
                row.more.append(_more(c, n - named.get(c, 0), details))
                row.total += n - named.get(c, 0)
        if details.get("unexamined"):
            row.more.append(u.reason)
        out.append(row)
    return out
