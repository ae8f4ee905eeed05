"""A person's history: who read their data (the read log) and who changed it (the audit trail)."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from stafet.audit.models import AuditEvent
from stafet.events.models import Invitation
from stafet.mentorships.models import Escalation, FollowUpCall, Meeting, Mentorship, PlannedMeeting
from stafet.outcomes.models import Outcome
from stafet.people.models import Mentor, Participant
from stafet.placements.models import Placement
from stafet.privacy.models import PersonRead
from stafet.programmes.models import MentorEnrolment, ParticipantEnrolment, Referral


def reads_of(person: Participant | Mentor) -> QuerySet[PersonRead]:
    kind = PersonRead.Kind.MENTOR if isinstance(person, Mentor) else PersonRead.Kind.PARTICIPANT
    return PersonRead.objects.filter(kind=kind, person_id=person.pk).select_related("actor__organisation")


def _about(label: str, ids: Iterable[int]) -> Q:
    return Q(target_type=label, target_id__in=[str(pk) for pk in ids])


def changes_of(person: Participant | Mentor) -> QuerySet[AuditEvent]:
    """Every audit record about the person or about what belongs to them (referrals, enrolments, mentorships and
    their meetings, calls and escalations, outcomes, placements, invitations)."""
    if isinstance(person, Mentor):
        mentorships = Mentorship.objects.filter(mentor=person)
        own = Q(target_type="people.mentor", target_id=str(person.pk)) | Q(details__mentor=person.pk)
        own |= _about(
            "programmes.mentorenrolment", MentorEnrolment.objects.filter(mentor=person).values_list("pk", flat=True)
        )
        own |= _about("events.invitation", Invitation.objects.filter(mentor=person).values_list("pk", flat=True))
    else:
        mentorships = Mentorship.objects.filter(participant=person)
        own = Q(target_type="people.participant", target_id=str(person.pk)) | Q(details__participant=person.pk)
        own |= _about("programmes.referral", Referral.objects.filter(participant=person).values_list("pk", flat=True))
        own |= _about(
            "programmes.participantenrolment",
            ParticipantEnrolment.objects.filter(participant=person).values_list("pk", flat=True),
        )
        own |= _about("outcomes.outcome", Outcome.objects.filter(participant=person).values_list("pk", flat=True))
        own |= _about("placements.placement", Placement.objects.filter(participant=person).values_list("pk", flat=True))
        own |= _about("events.invitation", Invitation.objects.filter(participant=person).values_list("pk", flat=True))
    pair_ids = list(mentorships.values_list("pk", flat=True))
    own |= _about("mentorships.mentorship", pair_ids)
    for model in (Meeting, PlannedMeeting, FollowUpCall, Escalation):
        own |= _about(
            model._meta.label_lower, model.objects.filter(mentorship__in=pair_ids).values_list("pk", flat=True)
        )
    return AuditEvent.objects.filter(own).select_related("actor__organisation")
