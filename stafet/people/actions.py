"""Workflows of people's own profiles: a mentor's, and a participant's (by themselves or their caseworker)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import transaction

from stafet.audit.record import record
from stafet.organisations.models import User
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
