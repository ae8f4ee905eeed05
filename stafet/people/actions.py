"""Workflows on people themselves: a mentor's and a participant's own profile (by themselves or their caseworker),
and an administrator's merge of two records of one person. Each runs in one transaction and audits itself."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import ManyToOneRel
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.organisations.models import Organisation, User
from stafet.people.models import (
    CVDocument,
    CVEntry,
    Mentor,
    MentorLanguage,
    Participant,
    ParticipantLanguage,
    ParticipantOccupation,
)
from stafet.reference.models import Language, Occupation


def _login_follows(person: Mentor | Participant, changed: Sequence[str]) -> None:
    """The login's email follows the profile's, so a password reset reaches the address the person now uses."""
    user = person.user
    if user is not None and "email" in changed and person.email:
        user.email = person.email
        user.save(update_fields=["email"])


@transaction.atomic
def update_mentor_profile(
    *, mentor: Mentor, changed: Sequence[str], languages: Sequence[tuple[Language, str]], by: User
) -> Mentor:
    """Save a mentor's profile as edited (``changed``: the fields that changed) with their languages; the audit
    record names the fields, not their values."""
    if "organisation" in changed:  # a company's employee is a business mentor, anyone else a volunteer
        is_company = mentor.organisation.kind == Organisation.Kind.COMPANY
        mentor.kind = Mentor.Kind.BUSINESS if is_company else Mentor.Kind.COMMUNITY
    mentor.full_clean()
    mentor.save()
    _login_follows(mentor, changed)
    before = sorted(mentor.languages.values_list("language", "level"))
    mentor.languages.all().delete()
    MentorLanguage.objects.bulk_create(
        MentorLanguage(mentor=mentor, language=lang, level=lvl) for lang, lvl in languages
    )
    fields = list(changed) + (["languages"] if before != sorted((lang.pk, lvl) for lang, lvl in languages) else [])
    record(actor=by, action="mentor.profile_changed", target=mentor, fields=fields)
    return mentor


@transaction.atomic
def update_participant_profile(
    *,
    participant: Participant,
    changed: Sequence[str],
    languages: Sequence[tuple[Language, str]],
    by: User,
    occupations: Sequence[tuple[Occupation, Decimal]] | None = None,
    cv: Sequence[dict[str, Any]] | None = None,
    cv_pdf: File | None = None,
    remove_cv_pdf: bool = False,
) -> Participant:
    """Save a participant's profile as edited, with their languages, (when the form had them) occupations, the
    CV's lines (``cv``: kind, title, place, started_on, ended_on) and its PDF; the audit record names the fields
    that changed."""
    participant.full_clean()
    participant.save()
    _login_follows(participant, changed)
    fields = list(changed)
    before = sorted(participant.languages.values_list("language", "level"))
    if before != sorted((lang.pk, lvl) for lang, lvl in languages):
        participant.languages.all().delete()
        ParticipantLanguage.objects.bulk_create(
            ParticipantLanguage(participant=participant, language=lang, level=lvl) for lang, lvl in languages
        )
        fields.append("languages")
    if occupations is not None:
        participant.occupations.all().delete()
        ParticipantOccupation.objects.bulk_create(
            ParticipantOccupation(participant=participant, occupation=occupation, years=years)
            for occupation, years in occupations
        )
        fields.append("occupations")
    if cv is not None:
        entries = [CVEntry(participant=participant, **row) for row in cv]
        for entry in entries:
            entry.full_clean(exclude=["participant"])
        participant.cv_entries.all().delete()
        CVEntry.objects.bulk_create(entries)
        fields.append("cv")
    old = CVDocument.objects.filter(participant=participant).first()
    if old and (remove_cv_pdf or cv_pdf):
        old.file.delete(save=False)
        old.delete()
        fields.append("cv_pdf")
    if cv_pdf:
        CVDocument.objects.create(participant=participant, file=cv_pdf)
        fields.append("cv_pdf")
    record(actor=by, action="participant.profile_changed", target=participant, fields=sorted(set(fields)))
    return participant


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
