"""Who may see which mentorship (and through it, its meetings, calls and escalations)."""

from django.db.models import QuerySet
from django.http import Http404

from stafet.mentorships.models import Escalation, FollowUpCall, Mentorship, MentorshipQuerySet, PlannedMeeting
from stafet.organisations.access import get_one_or_404, read_role_of, role_of
from stafet.organisations.models import Role, User
from stafet.people.models import Participant
from stafet.programmes.models import Referral


def mentorships_for_user(user: User) -> MentorshipQuerySet:
    """Coordinators: their NGO's programmes. Caseworkers: their municipality's citizens. Mentors and
    participants: their own. Company contacts: none (the mentee is not the company's person)."""
    role, org = read_role_of(user), user.organisation_id
    qs = Mentorship.objects.select_related("mentor", "participant", "cohort__programme")
    if role == Role.ADMINISTRATOR:
        return qs
    if role == Role.COORDINATOR:
        return qs.filter(cohort__programme__operator=org)
    if role == Role.CASEWORKER:
        return qs.filter(participant__in=Referral.objects.filter(municipality=org).values("participant"))
    if role == Role.MENTOR:
        return qs.filter(mentor__user=user)
    if role == Role.PARTICIPANT:
        return qs.filter(participant__user=user)
    return qs.none()


def mentees_for_user(user: User) -> QuerySet[Participant]:
    """A mentor's own mentees (in any mentorship, open or closed); nobody for anyone else."""
    if role_of(user) != Role.MENTOR:
        return Participant.objects.none()
    return Participant.objects.filter(pk__in=Mentorship.objects.filter(mentor__user=user).values("participant"))


def get_mentorship_for_user(user: User, pk: object) -> Mentorship:
    return get_one_or_404(mentorships_for_user(user), pk)


def escalations_for_user(user: User) -> QuerySet[Escalation]:
    """The help desk (coordinators) and the mentor who raised it; not the participant or the municipality."""
    role = role_of(user)
    qs = Escalation.objects.select_related("mentorship__mentor", "mentorship__participant")
    if role in (Role.ADMINISTRATOR, Role.COORDINATOR, Role.MENTOR):
        return qs.filter(mentorship__in=mentorships_for_user(user))
    return qs.none()


def get_escalation_for_user(user: User, pk: object) -> Escalation:
    return get_one_or_404(escalations_for_user(user), pk)


def is_programme_staff(user: User) -> bool:
    """Coordinators and administrators run mentorships: status, closing, calls, the escalation queue."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMINISTRATOR)


def can_log_meetings(user: User, mentorship: Mentorship) -> bool:
    """The pair's own mentor and the programme's staff log meetings; the caseworker and the participant
    read them. ``mentorship`` must already come from ``mentorships_for_user(user)``."""
    if is_programme_staff(user):
        return True
    return role_of(user) == Role.MENTOR and mentorship.mentor.user_id == user.pk


def can_raise_escalation(user: User, mentorship: Mentorship) -> bool:
    """Only the pair's own mentor calls the help desk from a mentorship."""
    return role_of(user) == Role.MENTOR and mentorship.mentor.user_id == user.pk and mentorship.is_open


def can_ask_for_help(user: User, mentorship: Mentorship) -> bool:
    """A participant asks the coordinator for help through their own open mentorship (its programme's NGO)."""
    return role_of(user) == Role.PARTICIPANT and mentorship.participant.user_id == user.pk and mentorship.is_open


def get_helping_mentorship_for_user(user: User, pk: object) -> Mentorship:
    mentorship = get_mentorship_for_user(user, pk)
    if not can_ask_for_help(user, mentorship):
        raise Http404
    return mentorship


def get_loggable_mentorship_for_user(user: User, pk: object) -> Mentorship:
    mentorship = get_mentorship_for_user(user, pk)
    if not can_log_meetings(user, mentorship):
        raise Http404
    return mentorship


def get_escalating_mentorship_for_user(user: User, pk: object) -> Mentorship:
    mentorship = get_mentorship_for_user(user, pk)
    if not can_raise_escalation(user, mentorship):
        raise Http404
    return mentorship


def get_managed_mentorship_for_user(user: User, pk: object) -> Mentorship:
    """A mentorship whose status the user may change: the operating NGO's coordinators and administrators."""
    if not is_programme_staff(user):
        raise Http404
    return get_mentorship_for_user(user, pk)


def follow_up_calls_for_user(user: User) -> QuerySet[FollowUpCall]:
    """The NGO makes the follow-up calls, so only its coordinators (and administrators) see the call list."""
    if not is_programme_staff(user):
        return FollowUpCall.objects.none()
    return FollowUpCall.objects.filter(mentorship__in=mentorships_for_user(user).values("pk")).select_related(
        "mentorship__mentor", "mentorship__participant", "mentorship__cohort__programme"
    )


def get_follow_up_call_for_user(user: User, pk: object) -> FollowUpCall:
    return get_one_or_404(follow_up_calls_for_user(user), pk)


def managed_escalations_for_user(user: User) -> QuerySet[Escalation]:
    """Escalations the user may take and resolve: the help desk's, never the mentor's own."""
    if not is_programme_staff(user):
        return Escalation.objects.none()
    return escalations_for_user(user)


def get_managed_escalation_for_user(user: User, pk: object) -> Escalation:
    return get_one_or_404(managed_escalations_for_user(user), pk)


def get_plannable_meeting_for_user(user: User, pk: object) -> PlannedMeeting:
    """A planned meeting the user may change, cancel or log: one of a pair whose meetings they log."""
    planned = get_one_or_404(
        PlannedMeeting.objects.filter(mentorship__in=mentorships_for_user(user).values("pk")).select_related(
            "mentorship__mentor", "mentorship__participant", "mentorship__cohort__programme"
        ),
        pk,
    )
    if not can_log_meetings(user, planned.mentorship):
        raise Http404
    return planned
