"""Workflows on people themselves. Each runs in one transaction and audits itself."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ManyToOneRel
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.organisations.models import User
from stafet.people.models import Participant, ParticipantLanguage, ParticipantOccupation

# The profile's own rows: where both records have one for the same language or occupation, the kept record's wins.
PROFILE_ROWS = {ParticipantLanguage: "language", ParticipantOccupation: "occupation"}
# Fields the kept record takes from the duplicate when its own are empty.
FILLABLE = ["email", "phone", "arrival_date", "residence_permit_date", "education_field", "competences"]


@transaction.atomic
def merge_participants(*, keep: Participant, duplicate: Participant, by: User) -> Participant:
    """Merge two records of one person into ``keep`` (one person, one record), for an administrator. Every row
    that names the duplicate (referrals, enrolments, mentorships, outcomes, placements, invitations, match
    proposals, whatever app holds it) is moved to ``keep``, found through the model's relations so no app is
    forgotten; empty profile fields are filled from the duplicate; then the duplicate is deleted. The audit trail
    is not rewritten: the duplicate's records keep its id, and two new records tie the ids together. Where both
    records hold the same thing (two referrals to one programme, two enrolments in one cohort) nothing is merged
    and the refusal names it."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different participants to merge."))
    keep = Participant.objects.select_for_update().get(pk=keep.pk)
    duplicate = Participant.objects.select_for_update().get(pk=duplicate.pk)
    if keep.user_id and duplicate.user_id:
        raise ValidationError(_("Both records have a login; delete one of the logins first."))
    moved: dict[str, int] = {}
    for relation in Participant._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ManyToOneRel):
            continue
        model, field = relation.related_model, relation.field.name
        if model._meta.auto_created:  # a many-to-many's own table (industries): joined below
            continue
        rows = model._default_manager.filter(**{field: duplicate})
        if model in PROFILE_ROWS:
            key = PROFILE_ROWS[model]
            rows.filter(**{f"{key}__in": model._default_manager.filter(**{field: keep}).values(key)}).delete()
        try:
            with transaction.atomic():
                count = rows.update(**{field: keep})
        except IntegrityError:
            raise ValidationError(
                _("Both records have %(what)s for the same thing; settle that first, then merge.")
                % {"what": model._meta.verbose_name_plural}
            ) from None
        if count:
            moved[model._meta.label_lower] = count
    keep.industries.add(*duplicate.industries.all())
    filled = [name for name in FILLABLE if not getattr(keep, name) and getattr(duplicate, name)]
    for name in filled:
        setattr(keep, name, getattr(duplicate, name))
    if duplicate.user_id:
        keep.user, duplicate.user = duplicate.user, None
        duplicate.save(update_fields=["user"])
        filled.append("user")
    keep.save()
    record(actor=by, action="participant.merged_into", target=duplicate, into=keep.pk)
    record(actor=by, action="participant.merged", target=keep, merged=duplicate.pk, moved=moved, filled=filled)
    duplicate.delete()
    return keep
