"""Everything Stafet holds about a person, as one structure (GDPR art. 15 access, art. 20 portability).

A participant's: their profile, referrals and consents, enrolments, mentorships with meetings, calls and
escalations, outcomes, placements, event invitations, match proposals, their messages. A mentor's: their profile,
sign-ups with the consent given, enrolments, mentorships, the meetings of those mentorships (a note the other of the
pair marked private is withheld, as it is on the pages), the meetings they planned and the escalations they raised,
training and other event invitations with attendance, match proposals, their messages. Both: who read and who
changed their data.

Rows are written field by field from the models themselves, so a field added later is exported without a change
here. The people who read or changed the data are given by role and organisation, not by name: the right of access
covers the log of consultations, not normally the employees' identities (CJEU C-579/21).
"""

import datetime
import decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.events.models import Invitation
from stafet.matches.models import Proposal, UnmatchedParticipant
from stafet.mentorships.models import Escalation, FollowUpCall, Meeting, Mentorship, PlannedMeeting
from stafet.notifications.models import Notification
from stafet.organisations.models import User
from stafet.outcomes.models import Outcome
from stafet.people.models import CVDocument, Mentor, Participant
from stafet.placements.models import Placement
from stafet.privacy.history import changes_of, reads_of
from stafet.programmes.models import MentorApplication, MentorEnrolment, ParticipantEnrolment, Referral

FORMAT_VERSION = 1


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation:
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return None
        if field.related_model is get_user_model():  # staff are given by their id, not their name
            return {"id": related_id}
        return {"id": related_id, "name": str(getattr(obj, field.name))}
    value = getattr(obj, field.attname)
    if field.choices and value not in (None, ""):
        return {"code": value, "label": str(getattr(obj, f"get_{field.attname}_display")())}
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def row(obj: models.Model) -> dict[str, Any]:
    """Every stored field of ``obj`` by name; a relation as its id and what it is called."""
    return {field.name: _value(obj, field) for field in obj._meta.concrete_fields}


def _actor(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"role": str(user.get_role_display()), "organisation": str(user.organisation or "")}


def _header(kind: str) -> dict[str, Any]:
    return {
        "format": "stafet-person-export",
        "version": FORMAT_VERSION,
        "kind": kind,
        "exported_at": timezone.now().isoformat(),
    }


def _logs(person: Participant | Mentor) -> dict[str, Any]:
    return {
        "read_log": [
            {"at": r.at.isoformat(), "by": _actor(r.actor), "page": r.what, "address": r.path, "method": r.method}
            for r in reads_of(person).order_by("at", "pk")
        ],
        "change_log": [
            {
                "at": e.at.isoformat(),
                "by": _actor(e.actor),
                "action": e.action,
                "object": f"{e.target_type} {e.target_id}",
                "details": e.details,
            }
            for e in changes_of(person).order_by("at", "pk")
        ],
    }


def _cv_uploaded_at(participant: Participant) -> str | None:
    """When the CV PDF was uploaded (the file itself is downloaded from the participant's page)."""
    cv = CVDocument.objects.filter(participant=participant).first()
    return cv.uploaded_at.isoformat() if cv else None


def participant_export(participant: Participant) -> dict[str, Any]:
    p = participant
    pairs = Mentorship.objects.filter(participant=p).select_related("mentor", "cohort", "participant")
    in_pairs = {"mentorship__participant": p}
    messages = Notification.objects.filter(models.Q(participant=p) | models.Q(recipient__participant=p))
    return (
        _header("participant")
        | {
            "participant": row(p)
            | {
                "industries": [str(i) for i in p.industries.all()],
                "occupations": [row(o) for o in p.occupations.select_related("occupation")],
                "languages": [row(skill) for skill in p.languages.select_related("language")],
                "cv": [row(entry) for entry in p.cv_entries.all()],
                "cv_pdf_uploaded_at": _cv_uploaded_at(p),
            },
            "referrals_and_consents": [
                row(r) for r in Referral.objects.filter(participant=p).select_related("programme", "municipality")
            ],
            "enrolments": [row(e) for e in ParticipantEnrolment.objects.filter(participant=p).select_related("cohort")],
            "mentorships": [row(m) for m in pairs],
            "meetings": [row(m) for m in Meeting.objects.filter(**in_pairs).select_related("mentorship")],
            "planned_meetings": [
                row(m) for m in PlannedMeeting.objects.filter(**in_pairs).select_related("mentorship")
            ],
            "follow_up_calls": [row(c) for c in FollowUpCall.objects.filter(**in_pairs).select_related("mentorship")],
            "escalations": [row(e) for e in Escalation.objects.filter(**in_pairs).select_related("mentorship")],
            "outcomes": [row(o) for o in Outcome.objects.filter(participant=p).select_related("cohort")],
            "placements": [row(pl) for pl in Placement.objects.filter(participant=p).select_related("opening")],
            "event_invitations": [row(i) for i in Invitation.objects.filter(participant=p).select_related("event")],
            "match_proposals": [
                row(pr)
                for pr in Proposal.objects.filter(participant=p).select_related("run", "mentor", "opening", "next_best")
            ],
            "unmatched_reasons": [
                row(u) for u in UnmatchedParticipant.objects.filter(participant=p).select_related("run")
            ],
            "messages": [row(n) for n in messages],
        }
        | _logs(p)
    )


def _mentors_meeting(meeting: Meeting, user_id: int | None) -> dict[str, Any]:
    """A meeting of the mentor's pair; a note the participant marked private stays theirs (as on the pages)."""
    found = row(meeting)
    if meeting.note_private and (user_id is None or meeting.logged_by_id != user_id):
        found["note"] = str(_("(a private note by the other of the pair)"))
    return found


def mentor_export(mentor: Mentor) -> dict[str, Any]:
    m, user_id = mentor, mentor.user_id
    in_pairs = {"mentorship__mentor": m}
    # What the mentor wrote themselves: the escalations they raised (the others are about the participant).
    raised = Escalation.objects.filter(**in_pairs, raised_by=user_id) if user_id else Escalation.objects.none()
    messages = Notification.objects.filter(recipient__mentor=m) if user_id else Notification.objects.none()
    return (
        _header("mentor")
        | {
            "mentor": row(m)
            | {
                "programmes_signed_up_for": [str(p) for p in m.programmes.all()],
                "languages": [row(skill) for skill in m.languages.select_related("language")],
            },
            "sign_ups_and_consents": [
                row(a) for a in MentorApplication.objects.filter(mentor=m).select_related("programme")
            ],
            "enrolments": [row(e) for e in MentorEnrolment.objects.filter(mentor=m).select_related("cohort")],
            "mentorships": [
                row(p) for p in Mentorship.objects.filter(mentor=m).select_related("participant", "cohort")
            ],
            "meetings": [
                _mentors_meeting(meeting, user_id)
                for meeting in Meeting.objects.filter(**in_pairs).select_related("mentorship")
            ],
            "planned_meetings": [
                row(p) for p in PlannedMeeting.objects.filter(**in_pairs).select_related("mentorship")
            ],
            "escalations": [row(e) for e in raised.select_related("mentorship")],
            "event_invitations": [row(i) for i in Invitation.objects.filter(mentor=m).select_related("event")],
            "match_proposals": [
                row(pr)
                for pr in Proposal.objects.filter(mentor=m).select_related("run", "participant", "opening", "next_best")
            ],
            "messages": [row(n) for n in messages],
        }
        | _logs(m)
    )


def person_export(person: Participant | Mentor) -> dict[str, Any]:
    """Everything held about ``person``, whichever kind of person they are."""
    return mentor_export(person) if isinstance(person, Mentor) else participant_export(person)


SECTION_TITLES = {
    "referrals_and_consents": _("Referrals and consents"),
    "sign_ups_and_consents": _("Sign-ups and consents"),
    "enrolments": _("Enrolments"),
    "mentorships": _("Mentorships"),
    "meetings": _("Meetings"),
    "planned_meetings": _("Planned meetings"),
    "follow_up_calls": _("Follow-up calls"),
    "escalations": _("Escalations"),
    "outcomes": _("Outcomes"),
    "placements": _("Job openings"),
    "event_invitations": _("Event invitations"),
    "match_proposals": _("Match proposals"),
    "unmatched_reasons": _("Why no match was found"),
    "messages": _("Messages"),
    "read_log": _("Who read the data"),
    "change_log": _("Who changed the data"),
}


def text(value: Any) -> str:
    """A value of the export as a reader would write it: a code by its label, a relation by its name."""
    if value is None or value == "":
        return "–"
    if isinstance(value, dict):
        for key in ("label", "name"):
            if key in value:
                return str(value[key])
        return "; ".join(f"{k}: {text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(text(v) for v in value) or "–"
    if value is True or value is False:
        return str(_("yes") if value else _("no"))
    return str(value)


def document(export: dict[str, Any]) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """The export as sections of entries of (field, text), for the readable document (HTML and PDF)."""
    profile = export[export["kind"]]
    sections = [(str(_("Profile")), [[(k, text(v)) for k, v in profile.items()]])]
    for key, title in SECTION_TITLES.items():
        if key in export:
            sections.append((str(title), [[(k, text(v)) for k, v in entry.items()] for entry in export[key]]))
    return sections
