"""Erasure by pseudonymisation (GDPR art. 17): a participant's or mentor's names, contact details, birth year,
free text and notes are replaced; their ids and coded facts (country, municipality, education, occupations,
languages, employer and site, referrals, sign-ups, enrolments, mentorships, meetings, outcomes) stay, so reports
still count them. And the withdrawal of the consent to take part (GDPR art. 7(3)), which closes what rests on it.

Beyond the person's own rows, every copy of what identified them is removed: the messages about them are
deleted, and any text column of any table that still holds their full name, email, phone or login is rewritten
(match explanations naming them beside other people, Django's admin log, the lockout log...). The audit trail
itself holds only ids and field names (``stafet.audit.record``), and records the erasure.
"""

import secrets
from collections.abc import Callable
from functools import partial
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from stafet.audit.record import record
from stafet.matches.models import MatchRun, PairRule, Proposal, UnmatchedParticipant
from stafet.mentorships.actions import close_mentorship
from stafet.mentorships.models import Escalation, FollowUpCall, Meeting, Mentorship, PlannedMeeting
from stafet.notifications.models import Notification
from stafet.organisations.models import User
from stafet.outcomes.models import Outcome
from stafet.people.models import CVDocument, CVEntry, Mentor, Participant
from stafet.placements.models import Placement
from stafet.privacy import notices
from stafet.programmes.actions import withdraw_participant
from stafet.programmes.models import MentorApplication, ParticipantEnrolment, Referral

# Free text, per model: what people wrote about the participant or their pair.
FREE_TEXT: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Referral, "participant", ("note",)),
    (CVEntry, "participant", ("title", "place")),
    (Mentorship, "participant", ("closing_note",)),
    (Meeting, "mentorship__participant", ("note", "venue_detail")),
    (PlannedMeeting, "mentorship__participant", ("note", "venue_detail")),
    (FollowUpCall, "mentorship__participant", ("note",)),
    (Escalation, "mentorship__participant", ("text", "resolution_note")),
    (Outcome, "participant", ("employer", "note")),
    (PairRule, "participant", ("reason",)),
    (Proposal, "participant", ("explanation_da", "explanation_en")),
    (UnmatchedParticipant, "participant", ("reason_da", "reason_en")),
]

# A mentor's: what they wrote themselves (the meetings they logged or planned, the escalations they raised; the
# user path is matched against their login), what was written about them as a match, and their sign-ups' source.
MENTOR_FREE_TEXT: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Meeting, "logged_by__mentor", ("note", "venue_detail")),
    (PlannedMeeting, "planned_by__mentor", ("note", "venue_detail")),
    (Escalation, "raised_by__mentor", ("text",)),
    (PairRule, "mentor", ("reason",)),
    (Proposal, "mentor", ("explanation_da", "explanation_en")),
    (MentorApplication, "mentor", ("source",)),
]


# Stored, so in no page's language: the same word in every export and report.
PSEUDONYM_FIRST_NAME = "Pseudonym"

# Free text a check constraint keeps non-empty (a resolved escalation has a resolution note): erased to a dash.
NOT_EMPTY: frozenset[tuple[type[models.Model], str]] = frozenset({(Escalation, "resolution_note")})


def _erased(model: type[models.Model], fields: tuple[str, ...]) -> dict[str, str]:
    """The erased value of each free-text field: empty, or a dash where the table demands some text."""
    return {field: "–" if (model, field) in NOT_EMPTY else "" for field in fields}


def pseudonym() -> str:
    """A name that says nothing about the person and cannot be traced back to them."""
    return f"P-{secrets.token_hex(4).upper()}"


def _identifiers(person: Participant | Mentor) -> list[str]:
    found = [person.name, f"{person.last_name}, {person.first_name}", person.email, person.phone]
    user = person.user
    if user is not None:
        found += [user.username, user.email, user.get_full_name()]
    return sorted({s for s in found if s and len(s.strip()) >= 4}, key=len, reverse=True)


def _columns(kind: Callable[[models.Field], bool]) -> list[tuple[type[models.Model], str]]:
    """Every (model, column) of the installed apps' tables whose field ``kind`` accepts."""
    return [
        (model, field.attname)
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        for field in model._meta.concrete_fields
        if kind(field)
    ]


def _is_text(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices and not field.primary_key


def _is_json(field: models.Field) -> bool:
    return isinstance(field, models.JSONField)


def _scrub_json(value: Any, needles: list[str], replacement: str) -> Any:
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, replacement)
        return value
    if isinstance(value, list):
        return [_scrub_json(v, needles, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, needles, replacement) for k, v in value.items()}
    return value


def sweep(needles: list[str], replacement: str) -> None:
    """Rewrite every copy of ``needles`` in any text or JSON column of any table: one UPDATE per text column (a
    no-op where none holds one); JSON rewritten row by row where it does."""
    if not needles:
        return
    for model, column in _columns(_is_text):
        holds = models.Q()
        rewritten: models.Expression | models.F = models.F(column)
        for needle in needles:
            holds |= models.Q(**{f"{column}__contains": needle})
            rewritten = Replace(rewritten, models.Value(needle), models.Value(replacement))
        model._base_manager.filter(holds).update(**{column: rewritten})
    for model, column in _columns(_is_json):
        holds = models.Q()
        for needle in needles:
            # JSON text escapes non-ASCII characters on some databases: look for both spellings.
            escaped = needle.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
            holds |= models.Q(as_text__contains=needle) | models.Q(as_text__contains=escaped)
        found = model._base_manager.annotate(as_text=Cast(column, models.TextField())).filter(holds)
        for obj in found.only("pk", column):
            setattr(obj, column, _scrub_json(getattr(obj, column), needles, replacement))
            obj.save(update_fields=[column])


def _generalised_birth_year(year: int) -> int:
    """The decade the person was born in: enough for a report's age bands, too little to find them by."""
    return max(1930, year - year % 10)


def _erase_login(user: User | None) -> None:
    if user is not None:
        user.username, user.first_name, user.last_name, user.email = f"erased-{user.pk}", "", "", ""
        user.is_active = False
        user.set_unusable_password()
        user.save()


def _erase_participant_rows(participant: Participant) -> None:
    for model, path, fields in FREE_TEXT:
        model._base_manager.filter(**{path: participant}).update(**_erased(model, fields))
    Notification.objects.filter(
        models.Q(participant=participant) | models.Q(recipient__participant=participant)
    ).delete()
    # The CV as a PDF names them in a file no column scan reaches: the file goes, with its row, once the
    # transaction has committed (a failed erasure keeps it).
    for cv in CVDocument.objects.filter(participant=participant):
        if cv.file.name:
            transaction.on_commit(partial(cv.file.storage.delete, cv.file.name))
        cv.delete()
    participant.education_field = participant.competences = ""
    participant.birth_year = _generalised_birth_year(participant.birth_year)


def _erase_mentor_rows(mentor: Mentor) -> None:
    for model, path, fields in MENTOR_FREE_TEXT:
        model._base_manager.filter(**{path: mentor}).update(**_erased(model, fields))
    if mentor.user_id is not None:
        Notification.objects.filter(recipient=mentor.user_id).delete()
    mentor.job_title = mentor.availability = ""


@transaction.atomic
def pseudonymise(*, person: Participant | Mentor, by: User | None, reason: str) -> Participant | Mentor:
    """Replace what identifies ``person`` (a participant or a mentor) by a pseudonym, everywhere; ``reason`` is a
    code ("request", "retention"). Refused for someone already pseudonymised."""
    model = type(person)
    person = model.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.pseudonymised_at is not None:
        raise ValidationError(_("This person has already been pseudonymised."))
    needles, name = _identifiers(person), pseudonym()
    if isinstance(person, Mentor):
        _erase_mentor_rows(person)
    else:
        _erase_participant_rows(person)
    _erase_login(person.user)
    person.first_name, person.last_name = PSEUDONYM_FIRST_NAME, name
    person.email = person.phone = ""
    person.pseudonymised_at = timezone.now()
    person.save()
    sweep(needles, f"{person.first_name} {name}")
    record(actor=by, action=f"{model._meta.model_name}.pseudonymised", target=person, reason=reason)
    return person


@transaction.atomic
def withdraw_consent_to_take_part(*, referral: Referral, by: User, by_phone: bool) -> dict[str, int]:
    """The participant withdraws the consent the referral rests on, and so leaves the programme (GDPR art. 7(3)):
    themselves, or by phone to the staff, who record it the same way. In this one transaction the referral is
    withdrawn, their open mentorships in the programme are closed (coded "consent withdrawn"; both get the
    cancellations of planned meetings), their cohort places given up, their proposals in match runs not yet
    published withdrawn, and their candidacies to the programme's job openings closed (coded); the programme's
    coordinators are told what was closed. Returns the counts, by kind."""
    referral = Referral.objects.select_for_update().select_related("participant", "programme").get(pk=referral.pk)
    if referral.status not in (Referral.Status.PENDING, Referral.Status.ACCEPTED):
        raise ValidationError(_("The referral is not in use, so there is no consent to take part to withdraw."))
    participant, programme = referral.participant, referral.programme
    old = referral.transition_to(Referral.Status.WITHDRAWN)
    referral.save(update_fields=["status"])
    today = timezone.localdate()
    pairs = Mentorship.objects.open().filter(participant=participant, cohort__programme=programme)
    closed_pairs = [
        # A pair published to start later ends on its start day, the earliest end a mentorship can have.
        close_mentorship(
            mentorship=pair,
            reason=Mentorship.ClosingReason.CONSENT_WITHDRAWN,
            ended_on=max(today, pair.started_on or today),
            by=by,
        )  # fmt: skip
        for pair in pairs.order_by("pk")
    ]
    enrolments = ParticipantEnrolment.objects.filter(
        participant=participant, cohort__programme=programme, status=ParticipantEnrolment.Status.ENROLLED
    )
    left = [withdraw_participant(enrolment=e, by=by) for e in enrolments.order_by("pk")]
    drafts = {"run__status": MatchRun.Status.DRAFT, "run__cohort__programme": programme, "participant": participant}
    proposals = Proposal.objects.filter(**drafts).count()
    Proposal.objects.filter(**drafts).delete()
    UnmatchedParticipant.objects.filter(**drafts).delete()
    candidacies = Placement.objects.select_for_update().filter(
        participant=participant, opening__programme=programme, status__in=Placement.OPEN
    )
    withdrawn = []
    for placement in candidacies.order_by("pk"):
        was = placement.transition_to(Placement.Stage.WITHDRAWN)
        placement.reason = Placement.Reason.CONSENT_WITHDRAWN
        placement.save(update_fields=["status", "reason", "updated_at"])
        record(actor=by, action="placement.stage", target=placement, old=was, new=placement.status,
               reason=placement.reason)  # fmt: skip
        withdrawn.append(placement.pk)
    closed = {"mentorships": len(closed_pairs), "enrolments": len(left), "proposals": proposals,
              "placements": len(withdrawn)}  # fmt: skip
    record(actor=by, action="referral.consent_withdrawn", target=referral, old=old, new=referral.status,
           withdrawn=Referral.ConsentScope.PROGRAMME, by_phone=by_phone, mentorships=[m.pk for m in closed_pairs],
           enrolments=[e.pk for e in left], proposals=proposals, placements=withdrawn)  # fmt: skip
    notices.consent_withdrawn(referral, closed=closed, by_phone=by_phone)
    return closed
