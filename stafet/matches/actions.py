"""Workflows of matching a cohort: run the engine, pin and exclude pairs, approve, publish or discard a run.

Each action is one transaction and writes its own audit record; a refused action raises ``ValidationError``
and changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.i18n import in_page_language
from stafet.matches import adapter
from stafet.matches.models import MatchRun, PairRule, Proposal, UnmatchedParticipant
from stafet.matching import match
from stafet.mentorships import notices
from stafet.mentorships.actions import start_mentorship
from stafet.mentorships.models import Mentorship
from stafet.organisations.models import User
from stafet.people.engine import mentor_key, participant_key, pk_of
from stafet.people.models import Mentor, Participant
from stafet.programmes.models import Cohort, MentorEnrolment
from stafet.programmes.weights import clean_weights, default_weights


def round_of_mentor(cohort: Cohort, mentor: Mentor) -> str:
    """Which round a mentor is matched in: community volunteers in a dual programme's second round."""
    if adapter.is_dual(cohort.programme) and mentor.kind == Mentor.Kind.COMMUNITY:
        return adapter.COMMUNITY
    return adapter.PROFESSIONAL


def check_cohort(cohort: Cohort, role: str) -> None:
    """``ValidationError`` unless the cohort's round can be matched (also what a what-if checks first)."""
    if cohort.programme.is_talent:
        raise ValidationError(_("A talent programme matches candidates to job openings, not to mentors."))
    if role not in adapter.rounds_of(cohort.programme):
        raise ValidationError(_("This programme has no “%(role)s” round.") % {"role": role})
    if cohort.status == Cohort.Status.CLOSED:
        raise ValidationError(_("The cohort is closed."))


def rules_for(
    cohort: Cohort, data: adapter.EngineInput, role: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The cohort's pins and exclusions that concern this round, as engine id pairs.

    A rule on a participant who is no longer waiting (matched meanwhile, or withdrawn) no longer applies. A pin
    on a mentor of this round whom the engine will not see is an error the coordinator must resolve.
    """
    pins: list[tuple[str, str]] = []
    exclusions: list[tuple[str, str]] = []
    left_out = {item.mentor.pk: item.reason for item in data.left_out}
    for rule in cohort.pair_rules.select_related("participant", "mentor"):
        pid, mid = participant_key(rule.participant_id), mentor_key(rule.mentor_id)
        if pid not in data.people or round_of_mentor(cohort, rule.mentor) != role:
            continue
        if mid not in data.mentors:
            if rule.kind == PairRule.Kind.PIN:
                reason = in_page_language(left_out[rule.mentor_id]) if rule.mentor_id in left_out else None
                reason = reason or _("not enrolled in this cohort")
                raise ValidationError(
                    _("The pin %(p)s – %(m)s cannot be kept: %(reason)s.")
                    % {"p": rule.participant, "m": rule.mentor, "reason": reason}
                )
            continue
        (pins if rule.kind == PairRule.Kind.PIN else exclusions).append((pid, mid))
    return pins, exclusions


def _discard_drafts(cohort: Cohort, role: str, by: User, keep: MatchRun | None = None) -> None:
    # A draft being published right now is locked by that publish: skip it rather than wait on it.
    drafts = MatchRun.objects.select_for_update(skip_locked=True).filter(
        cohort=cohort, role=role, status=MatchRun.Status.DRAFT
    )
    if keep is not None:
        drafts = drafts.exclude(pk=keep.pk)
    for draft in drafts:
        draft.transition_to(MatchRun.Status.DISCARDED)
        draft.save(update_fields=["status"])
        record(actor=by, action="match_run.discarded", target=draft, why="superseded")


@transaction.atomic
def run_matching(
    *, cohort: Cohort, by: User, role: str = adapter.PROFESSIONAL, weights: Mapping[str, object] | None = None
) -> MatchRun:
    """Run the engine on one round of a cohort and keep the plan as a draft run (forslag).

    ``weights`` change the programme's weights for this run only. A newer draft discards the older drafts of
    the same round. A cohort still in planning moves to matching.
    """
    check_cohort(cohort, role)
    programme = cohort.programme
    used = clean_weights(weights if weights is not None else programme.weights)
    data = adapter.build_input(cohort, role)
    if not data.participants:
        raise ValidationError(_("No enrolled participant in this cohort is waiting for a mentor in this round."))
    pins, exclusions = rules_for(cohort, data, role)
    config = adapter.config_for(programme, used)
    try:
        result = match(data.participants, data.providers, config, pins, exclusions)
    except ValueError as error:
        raise ValidationError(
            _("Matching could not run: %(error)s") % {"error": adapter.readable(str(error), data)}
        ) from error

    _discard_drafts(cohort, role, by)
    stats = dataclasses.asdict(result.stats)
    stats.update(
        points=dict(config.weights),
        max_distance_km=programme.max_distance_km,
        min_language_level=programme.min_language_level,
        left_out=[
            {"mentor_id": x.mentor.pk, "name": str(x.mentor), "reason_da": x.reason["da"], "reason_en": x.reason["en"]}
            for x in data.left_out
        ],
    )
    run = MatchRun.objects.create(cohort=cohort, role=role, weights=used, stats=stats, created_by=by)
    explained = adapter.telling_explanations(result.pairs)
    Proposal.objects.bulk_create(
        Proposal(
            run=run,
            participant_id=pk_of(pair.participant_id),
            mentor_id=pk_of(pair.provider_id),
            score=pair.score,
            parts=dict(pair.parts),
            explanation_da=explained[pair.participant_id, pair.provider_id]["da"],
            explanation_en=explained[pair.participant_id, pair.provider_id]["en"],
            close_call=pair.close_call,
            pinned=pair.pinned,
            next_best_id=pk_of(pair.next_best) if pair.next_best else None,
            next_best_score=pair.next_best_score,
        )
        for pair in result.pairs
    )
    reasons = {pid: reason.to_dict() for pid, reason in result.reasons.items()}
    adapter.name_every_mentor(reasons, data, config, exclusions, result)
    unmatched = []
    for pid, reason in result.unmatched.items():
        why = data.ineligible.get(pid)
        # The engine names people by engine id (m12, p34): the coordinator reads their names.
        da, en = adapter.readable(reason["da"], data), adapter.readable(reason["en"], data)
        unmatched.append(
            UnmatchedParticipant(
                run=run,
                participant_id=pk_of(pid),
                reason_da=f"{da}: {why['da']}" if why else da,
                reason_en=f"{en}: {why['en']}" if why else en,
                details=reasons.get(pid, {}),
            )
        )
    UnmatchedParticipant.objects.bulk_create(unmatched)
    if cohort.status == Cohort.Status.PLANNING:
        old = cohort.transition_to(Cohort.Status.MATCHING)
        cohort.save(update_fields=["status"])
        record(actor=by, action="cohort.status", target=cohort, old=old, new=cohort.status)
    record(
        actor=by,
        action="match_run.created",
        target=run,
        role=role,
        weights=used,
        matched=result.stats.matched,
        participants=result.stats.participants,
    )
    return run


@transaction.atomic
def pin_pair(*, cohort: Cohort, participant: Participant, mentor: Mentor, by: User, reason: str = "") -> PairRule:
    """Fix a pair so every later run keeps it. Refused, with the engine's reason, when the pair breaks a hard
    limit (distance, shared language, training, capacity, eligibility)."""
    role = round_of_mentor(cohort, mentor)
    check_cohort(cohort, role)
    data = adapter.build_input(cohort, role)
    pid, mid = participant_key(participant.pk), mentor_key(mentor.pk)
    if pid not in data.people:
        raise ValidationError(_("%(p)s is not waiting for a mentor in this round of the cohort.") % {"p": participant})
    left = {x.mentor.pk: x.reason for x in data.left_out}
    if mid not in data.mentors or mentor.pk in left:
        why = _("not enrolled in this round of the cohort")
        if mentor.pk in left:
            why = in_page_language(left[mentor.pk])
        raise ValidationError(_("%(m)s cannot be pinned: %(reason)s.") % {"m": mentor, "reason": why})
    if pid in data.ineligible:
        raise ValidationError(
            _("%(p)s cannot be pinned: not eligible under the programme's rules: %(reason)s.")
            % {"p": participant, "reason": in_page_language(data.ineligible[pid])}
        )
    other = cohort.pair_rules.filter(participant=participant, kind=PairRule.Kind.PIN).exclude(mentor=mentor)
    for rule in other.select_related("mentor"):
        if round_of_mentor(cohort, rule.mentor) == role:
            raise ValidationError(
                _("%(p)s is already pinned to %(m)s; remove that pin first.") % {"p": participant, "m": rule.mentor}
            )
    person = next(p for p in data.participants if p.id == pid)
    provider = next(q for q in data.providers if q.id == mid)
    # Weights do not change the hard limits a pin is checked against; any valid set will do. The pair alone,
    # unpinned: the engine makes it if it keeps every hard limit, and otherwise says why not, in both languages.
    config = adapter.config_for(cohort.programme, default_weights())
    alone = match([person], [provider], config)
    if not alone.pairs:
        raise ValidationError(
            _("The pair cannot be pinned: %(reason)s.") % {"reason": in_page_language(alone.unmatched[pid])}
        )
    return _set_rule(cohort, participant, mentor, PairRule.Kind.PIN, by, reason)


@transaction.atomic
def exclude_pair(*, cohort: Cohort, participant: Participant, mentor: Mentor, by: User, reason: str = "") -> PairRule:
    """Never propose this pair (a conflict of interest, or they tried before)."""
    check_cohort(cohort, round_of_mentor(cohort, mentor))
    return _set_rule(cohort, participant, mentor, PairRule.Kind.EXCLUDE, by, reason)


def _set_rule(cohort: Cohort, participant: Participant, mentor: Mentor, kind: str, by: User, reason: str) -> PairRule:
    if not cohort.participant_enrolments.filter(participant=participant).exists():
        raise ValidationError(_("%(p)s is not enrolled in this cohort.") % {"p": participant})
    if not MentorEnrolment.objects.filter(cohort=cohort, mentor=mentor).exists():
        raise ValidationError(_("%(m)s is not enrolled in this cohort.") % {"m": mentor})
    rule, created = PairRule.objects.select_for_update().get_or_create(
        cohort=cohort,
        participant=participant,
        mentor=mentor,
        defaults={"kind": kind, "reason": reason[:300], "created_by": by},
    )
    old = None if created else rule.kind
    if not created:
        rule.kind, rule.reason, rule.created_by = kind, reason[:300], by
        rule.save(update_fields=["kind", "reason", "created_by"])
    record(actor=by, action=f"pair_rule.{kind}", target=rule, old=old, reason_given=bool(reason))
    return rule


@transaction.atomic
def remove_pair_rule(*, rule: PairRule, by: User) -> None:
    record(actor=by, action="pair_rule.removed", target=rule, kind=rule.kind)
    rule.delete()


def _draft(run: MatchRun) -> MatchRun:
    """The run, locked; refused unless it is still a draft."""
    run = MatchRun.objects.select_for_update().select_related("cohort__programme").get(pk=run.pk)
    if run.status == MatchRun.Status.PUBLISHED:
        raise ValidationError(_("This proposal is already published."))
    if run.status != MatchRun.Status.DRAFT:
        raise ValidationError(_("This proposal was discarded; run the matching again."))
    return run


@transaction.atomic
def set_proposal_approved(*, proposal: Proposal, approved: bool, by: User) -> Proposal:
    _draft(proposal.run)
    if proposal.approved != approved:
        proposal.approved = approved
        proposal.save(update_fields=["approved"])
        record(actor=by, action="proposal.approved" if approved else "proposal.unapproved", target=proposal.run,
               proposal=proposal.pk, participant=proposal.participant_id, mentor=proposal.mentor_id)  # fmt: skip
    return proposal


@transaction.atomic
def approve_all_proposals(*, run: MatchRun, by: User) -> int:
    """Approve every proposal of a draft at once: the coordinator's explicit choice, recorded with the pairs."""
    run = _draft(run)
    pending = list(run.proposals.filter(approved=False).values_list("pk", "participant_id", "mentor_id"))
    run.proposals.filter(approved=False).update(approved=True)
    record(actor=by, action="match_run.approved_all", target=run,
           proposals=[row[0] for row in pending], pairs=[list(row[1:]) for row in pending])  # fmt: skip
    return len(pending)


@transaction.atomic
def publish_match_run(*, run: MatchRun, by: User, approved: Iterable[int] | None = None) -> list[Mentorship]:
    """Publish a draft: a mentorship for every approved proposal, all or nothing.

    ``approved`` (proposal ids), when given, replaces the approvals first (the publish form's checkboxes).
    The run row is locked, so the same run is published once; the mentors' enrolment rows are locked in a
    fixed order, and the database refuses a mentor over capacity, so when someone else filled a mentor
    meanwhile the whole publish fails and nothing is created. Mentor and participant are notified through the
    outbox, in the same transaction.
    """
    run = _draft(run)
    cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=run.cohort_id)
    check_cohort(cohort, run.role)
    proposals = list(run.proposals.select_related("participant", "mentor").order_by("mentor_id", "participant_id"))
    if approved is not None:
        chosen = set(approved)
        for proposal in proposals:
            proposal.approved = proposal.pk in chosen
        Proposal.objects.bulk_update(proposals, ["approved"])
    proposals = [p for p in proposals if p.approved and p.mentor_id]
    if not proposals:
        raise ValidationError(_("No pair is approved; approve at least one before publishing."))
    # Lock every mentor's place before creating anything: two publishes then queue instead of deadlocking.
    list(
        MentorEnrolment.objects.select_for_update()
        .filter(cohort=cohort, mentor_id__in={p.mentor_id for p in proposals})
        .order_by("pk")
    )
    today = timezone.localdate()
    status = Mentorship.Status.ACTIVE if cohort.start_date <= today else Mentorship.Status.PLANNED
    mentorships = []
    for proposal in proposals:
        if proposal.mentor is None:  # left out above: a mentor round's proposals all have one
            continue
        try:
            mentorships.append(
                start_mentorship(
                    cohort=cohort,
                    mentor=proposal.mentor,
                    participant=proposal.participant,
                    role=run.role,
                    by=by,
                    status=status,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _(
                    "Nothing was published: %(p)s – %(m)s: %(error)s Someone may have published pairs meanwhile; "
                    "run the matching again."
                )
                % {"p": proposal.participant, "m": proposal.mentor, "error": " ".join(error.messages)}
            ) from error
    run.transition_to(MatchRun.Status.PUBLISHED)
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_at"])
    _discard_drafts(cohort, run.role, by, keep=run)
    for target in (Cohort.Status.MATCHING, Cohort.Status.RUNNING):
        if cohort.can_transition_to(target) and cohort.status != Cohort.Status.RUNNING:
            old = cohort.transition_to(target)
            cohort.save(update_fields=["status"])
            record(actor=by, action="cohort.status", target=cohort, old=old, new=target)
    record(actor=by, action="match_run.published", target=run, mentorships=[m.pk for m in mentorships])
    for mentorship in mentorships:  # to the outbox, in this transaction: emailed by the worker once it commits
        notices.mentorship_published(mentorship)
    return mentorships


@transaction.atomic
def discard_match_run(*, run: MatchRun, by: User) -> MatchRun:
    run = _draft(run)
    run.transition_to(MatchRun.Status.DISCARDED)
    run.save(update_fields=["status"])
    record(actor=by, action="match_run.discarded", target=run, why="by the coordinator")
    return run
