"""Workflows of the placement pipeline (talent programme): a candidate is taken into an opening's pipeline and
moved through its stages. Each runs in one transaction and writes its own audit record."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stafet.audit.record import apply_changes, record
from stafet.organisations.models import User
from stafet.people.models import Participant
from stafet.placements.access import consent_to_companies
from stafet.placements.models import JobOpening, Placement


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
def move_placement(*, placement: Placement, stage: str, by: User) -> Placement:
    """Move a candidate to the next stage (or out: not selected, withdrawn). When the opening's positions are
    all filled by hires it is marked filled; a hire beyond the positions is refused."""
    placement = Placement.objects.select_for_update().select_related("opening", "participant").get(pk=placement.pk)
    opening = JobOpening.objects.select_for_update().get(pk=placement.opening_id)
    if stage not in Placement.Stage.values:
        raise ValidationError(_("Unknown stage."))
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
    old = placement.transition_to(stage)
    placement.save(update_fields=["status", "updated_at"])
    record(actor=by, action="placement.stage", target=placement, old=old, new=stage)
    if stage == Placement.Stage.HIRED and hired + 1 == opening.positions and opening.status == JobOpening.Status.OPEN:
        opening.status = JobOpening.Status.FILLED
        opening.save(update_fields=["status"])
        record(actor=by, action="opening.filled", target=opening, positions=opening.positions)
    return placement


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
