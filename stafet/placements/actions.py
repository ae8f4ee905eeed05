"""Workflows of the placement pipeline (talent programme): a candidate is taken into an opening's pipeline and
moved through its stages. Each runs in one transaction and writes its own audit record."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stafet.audit.record import apply_changes, record
from stafet.organisations.models import User
from stafet.outcomes.actions import record_outcome
from stafet.outcomes.models import Outcome
from stafet.people.models import Participant
from stafet.placements.access import consent_to_companies
from stafet.placements.models import JobOpening, OpeningRule, Placement, Screening
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, ParticipantEnrolment, Referral


@transaction.atomic
def add_candidate(*, opening: JobOpening, participant: Participant, by: User, score: int | None = None) -> Placement:
    """Take a candidate into the opening's pipeline at the first stage (screened); the company does not see
    them until they are presented (shortlisted)."""
    if opening.status != JobOpening.Status.OPEN:
        raise ValidationError(
            _("The opening is %(s)s; it takes no more candidates.") % {"s": opening.get_status_display()}
        )
    try:
        with transaction.atomic():
            placement = Placement.objects.create(opening=opening, participant=participant, score=score)
    except IntegrityError as error:
        raise ValidationError(_("%(p)s is already in this opening's pipeline.") % {"p": participant}) from error
    record(actor=by, action="placement.added", target=placement, score=score)
    return placement


@transaction.atomic
def move_placement(
    *, placement: Placement, stage: str, by: User, reason: str = "", on: datetime.date | None = None
) -> Placement:
    """Move a candidate to the next stage, or out of the pipeline ("not selected", "withdrawn") with a coded
    ``reason``. A hire (or the start of an internship, wage subsidy or apprenticeship) is dated ``on`` (today by
    default) and becomes the candidate's outcome in their cohort of the programme (:func:`outcome_of_hire`). When
    the opening's positions are all filled it is marked filled and every candidate still in play is closed as
    "not selected: the opening was filled"; a hire beyond the positions is refused."""
    placement = Placement.objects.select_for_update().select_related("opening", "participant").get(pk=placement.pk)
    opening = JobOpening.objects.select_for_update().select_related("company").get(pk=placement.opening_id)
    if stage not in Placement.Stage.values:
        raise ValidationError(_("Unknown stage."))
    if stage in Placement.CLOSED and reason not in Placement.REASONS[Placement.Stage(stage)]:
        raise ValidationError({"reason": _("Choose why %(p)s leaves the pipeline.") % {"p": placement.participant}})
    if stage not in Placement.CLOSED:
        reason = ""
    presented = stage in Placement.PRESENTED and placement.status not in Placement.PRESENTED
    if presented and not Placement.objects.filter(pk=placement.pk).filter(consent_to_companies()).exists():
        # The company would not be allowed to see the candidate (people.access): say so rather than present them.
        raise ValidationError(
            _(
                "%(p)s has not consented to share their profile with companies; the consent is recorded on the "
                "referral to the programme."
            )
            % {"p": placement.participant}
        )
    hired = opening.placements.filter(status=Placement.Stage.HIRED).count()
    if stage == Placement.Stage.HIRED and hired >= opening.positions:
        raise ValidationError(_("All %(n)s positions of the opening are filled already.") % {"n": opening.positions})
    today = timezone.localdate()
    if stage == Placement.Stage.HIRED and on is not None and on > today + datetime.timedelta(days=366):
        raise ValidationError({"on": _("The start date is more than a year ahead.")})
    old = placement.transition_to(stage)
    placement.reason = reason
    fields = ["status", "reason", "updated_at"]
    if stage in Placement.FORWARD:
        placement.reached = stage
        fields.append("reached")
    if stage == Placement.Stage.HIRED:
        placement.hired_on = on or today
        fields.append("hired_on")
    placement.save(update_fields=fields)
    record(actor=by, action="placement.stage", target=placement, old=old, new=stage, reason=reason)
    if stage == Placement.Stage.HIRED:
        placement.opening = opening
        outcome_of_hire(placement, by=by)
    if stage == Placement.Stage.HIRED and hired + 1 == opening.positions and opening.status == JobOpening.Status.OPEN:
        opening.status = JobOpening.Status.FILLED
        opening.save(update_fields=["status"])
        record(actor=by, action="opening.filled", target=opening, positions=opening.positions)
        _close_the_rest(opening, by=by)
    return placement


def _close_the_rest(opening: JobOpening, *, by: User) -> None:
    """The opening is filled: the offers and every other candidate still in play are closed, coded."""
    for other in opening.placements.select_for_update().filter(status__in=Placement.OPEN):
        old = other.transition_to(Placement.Stage.REJECTED)
        other.reason = Placement.Reason.OPENING_FILLED
        other.save(update_fields=["status", "reason", "updated_at"])
        record(actor=by, action="placement.stage", target=other, old=old, new=other.status, reason=other.reason)


#: The outcome a hire is, by the opening's type; a job is "matching competences" or "stepping-stone" by occupation.
OUTCOME_OF_OPENING = {
    JobOpening.Type.INTERNSHIP: Outcome.Type.INTERNSHIP,
    JobOpening.Type.WAGE_SUBSIDY: Outcome.Type.WAGE_SUBSIDY,
    JobOpening.Type.APPRENTICE: Outcome.Type.APPRENTICE,
    JobOpening.Type.IGU: Outcome.Type.IGU,
}


def outcome_type_of_hire(placement: Placement) -> str:
    """The outcome type of a hire: the opening's type; a job matches the candidate's competences when the opening's
    occupation is in the same ISCO-08 minor group (three digits) as one of the candidate's occupations, else it is a
    stepping-stone job ("et skridt på vejen")."""
    opening = placement.opening
    if opening.type in OUTCOME_OF_OPENING:
        return OUTCOME_OF_OPENING[JobOpening.Type(opening.type)]
    own = placement.participant.occupations.values_list("occupation_id", flat=True)
    if any(code[:3] == opening.occupation_id[:3] for code in own):
        return Outcome.Type.JOB_MATCHING
    return Outcome.Type.STEPPING_STONE


def cohort_of_candidate(placement: Placement) -> Cohort | None:
    """The candidate's cohort in the opening's programme (the latest they are enrolled in and have not left)."""
    if placement.opening.programme_id is None:
        return None
    enrolment = (
        ParticipantEnrolment.objects.filter(
            participant=placement.participant_id, cohort__programme=placement.opening.programme_id
        )
        .exclude(status=ParticipantEnrolment.Status.WITHDRAWN)
        .select_related("cohort")
        .order_by("-cohort__start_date", "-pk")
        .first()
    )
    return enrolment.cohort if enrolment else None


def outcome_of_hire(placement: Placement, *, by: User) -> Outcome | None:
    """The hire as the candidate's outcome at the end of their cohort: dated the day they were hired or started,
    of the opening's type, the company as the employer; nobody enters it twice. ``None`` when the candidate is not
    (yet) in a cohort of the programme: selecting them into one records it then (``select_into_cohort``)."""
    cohort = cohort_of_candidate(placement)
    if cohort is None or placement.hired_on is None:
        return None
    return record_outcome(
        participant=placement.participant,
        cohort=cohort,
        type=outcome_type_of_hire(placement),
        date=placement.hired_on,
        measured=Outcome.Measured.END,
        by=by,
        employer=placement.opening.company.name,
    )


@transaction.atomic
def record_screening(
    *,
    referral: Referral,
    by: User,
    motivation: int,
    assessment: int,
    screened_on: datetime.date,
    motivation_note: str = "",
    note: str = "",
) -> Screening:
    """Record (or correct) the screening interview of a candidate referred to a talent programme."""
    if not referral.programme.is_talent:
        raise ValidationError(_("Screening interviews are recorded for talent programmes."))
    for name, value in (("motivation", motivation), ("assessment", assessment)):
        if value not in range(1, 6):
            raise ValidationError({name: _("Choose a value from 1 to 5.")})
    if screened_on > timezone.localdate():
        raise ValidationError({"screened_on": _("The interview cannot be in the future.")})
    screening, created = Screening.objects.update_or_create(
        referral=referral,
        defaults={"motivation": motivation, "assessment": assessment, "screened_on": screened_on,
                  "motivation_note": motivation_note, "note": note, "screened_by": by},
    )  # fmt: skip
    record(actor=by, action="screening.recorded" if created else "screening.corrected", target=screening,
           motivation=motivation, assessment=assessment)  # fmt: skip
    return screening


@transaction.atomic
def select_talents(
    *, cohort: Cohort, selected: Sequence[Referral], routed_back: Sequence[tuple[Referral, str]], by: User
) -> list[ParticipantEnrolment]:
    """Select candidates into a talent programme's cohort and route each of the others back to the ordinary
    integration programme with a coded reason (their caseworkers are told). All or nothing: one refusal (the
    cohort full, a referral decided meanwhile, a reason missing) changes nothing. A selected candidate already
    hired has the hire recorded as their outcome in the cohort."""
    programme = cohort.programme
    if not programme.is_talent:
        raise ValidationError(_("Selection is for talent programmes."))
    ids = [r.pk for r in selected]
    if len(set(ids)) != len(ids) or set(ids) & {r.pk for r, _reason in routed_back}:
        raise ValidationError(_("A candidate is both selected and routed back."))
    if not selected and not routed_back:
        raise ValidationError(_("Nobody to select or route back."))
    enrolments = [programme_actions.accept_referral(referral=r, cohort=cohort, by=by) for r in selected]
    for referral, reason in routed_back:
        if referral.programme_id != programme.pk:
            raise ValidationError(_("%(p)s is referred to another programme.") % {"p": referral.participant})
        programme_actions.route_back(referral=referral, reason=reason, by=by)
    hires = Placement.objects.filter(
        opening__programme=programme, status=Placement.Stage.HIRED, participant__in=[r.participant_id for r in selected]
    ).select_related("opening__company", "participant")
    for placement in hires:
        outcome_of_hire(placement, by=by)
    record(actor=by, action="cohort.selected", target=cohort, selected=len(selected), routed_back=len(routed_back))
    return enrolments


@transaction.atomic
def set_opening_rule(*, opening: JobOpening, participant: Participant, kind: str, by: User) -> OpeningRule:
    """Pin a candidate to an opening, or exclude the pair, in the programme's assignment plan."""
    if kind not in OpeningRule.Kind.values:
        raise ValidationError({"kind": _("Choose pin or exclude.")})
    rule, _created = OpeningRule.objects.update_or_create(
        opening=opening, participant=participant, defaults={"kind": kind, "created_by": by}
    )
    record(actor=by, action="opening_rule.set", target=rule, kind=kind)
    return rule


@transaction.atomic
def remove_opening_rule(*, rule: OpeningRule, by: User) -> None:
    record(actor=by, action="opening_rule.removed", target=rule, kind=rule.kind)
    rule.delete()


@transaction.atomic
def take_plan(*, pairs: Sequence[tuple[JobOpening, Participant, int]], by: User) -> list[Placement]:
    """Take the assignment plan's pairs into the openings' pipelines (screened), each with its score; all or
    nothing."""
    if not pairs:
        raise ValidationError(_("The plan has no pairs to take."))
    placements = [add_candidate(opening=o, participant=p, by=by, score=score) for o, p, score in pairs]
    record(actor=by, action="assignment.taken", target=pairs[0][0], pairs=len(placements))
    return placements


#: What the company contact or the coordinator writes on an opening; the status moves with the pipeline and
#: :func:`change_opening` (closing).
OPENING_FIELDS = (
    "company",
    "site",
    "programme",
    "title",
    "type",
    "positions",
    "occupation",
    "industry",
    "requirements",
    "min_education_level",
    "language",
    "min_language_level",
    "starts_on",
    "ends_on",
)


def _check_opening(opening: JobOpening) -> None:
    opening.full_clean(exclude=["status"])
    if bool(opening.language_id) != bool(opening.min_language_level):
        raise ValidationError(
            {"min_language_level": _("Give the working language and the level it is needed at, or neither.")}
        )


@transaction.atomic
def post_opening(*, by: User, **fields: Any) -> JobOpening:
    """A company's new job opening (by its contact or the programme's coordinator), open for candidates."""
    unknown = set(fields) - set(OPENING_FIELDS)
    if unknown:
        raise TypeError(f"not a field of an opening: {', '.join(sorted(unknown))}")
    opening = JobOpening(**fields)
    _check_opening(opening)
    opening.save()
    record(actor=by, action="opening.posted", target=opening, company=opening.company_id)
    return opening


@transaction.atomic
def change_opening(*, opening: JobOpening, by: User, **fields: Any) -> JobOpening:
    """Change an opening. Fewer positions than are already filled by hires is refused; closing an open opening
    (status "closed") takes it out of the candidates' pool, and reopening a closed one puts it back."""
    opening = JobOpening.objects.select_for_update().get(pk=opening.pk)
    old = apply_changes(opening, fields, allowed=(*OPENING_FIELDS, "status"))
    _check_opening(opening)
    hired = opening.placements.filter(status=Placement.Stage.HIRED).count()
    if opening.positions < hired:
        raise ValidationError(
            {
                "positions": _("%(n)s positions are filled by hires already; the opening cannot have fewer.")
                % {"n": hired}
            }  # fmt: skip
        )
    if "status" in old and opening.status not in (JobOpening.Status.OPEN, JobOpening.Status.CLOSED):
        raise ValidationError({"status": _("An opening is filled by its hires, not by hand.")})
    changed = list(old)
    if changed:
        opening.save(update_fields=changed)
        record(actor=by, action="opening.changed", target=opening, changed=changed)
    return opening
