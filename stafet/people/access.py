"""Who may see which participant and mentor. Every read of people goes through these helpers."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from stafet.organisations.access import get_one_or_404, role_of
from stafet.organisations.models import Role, User
from stafet.people.models import Mentor, Participant


def participants_for_user(user: User) -> QuerySet[Participant]:
    """Coordinators: people referred to or enrolled in their NGO's programmes. Caseworkers: citizens
    their municipality referred. Company contacts: candidates presented to their own openings who consented
    to share their profile with companies.
    Mentors: their own mentees. Participants: themselves."""
    from stafet.mentorships.models import Mentorship
    from stafet.placements.models import Placement
    from stafet.programmes.models import ParticipantEnrolment, Referral

    role, org = role_of(user), user.organisation_id
    if role == Role.ADMINISTRATOR:
        return Participant.objects.all()
    if role == Role.COORDINATOR:
        ids = (
            Referral.objects.filter(programme__operator=org)
            .values("participant")
            .union(ParticipantEnrolment.objects.filter(cohort__programme__operator=org).values("participant"))
        )
    elif role == Role.CASEWORKER:
        ids = Referral.objects.filter(municipality=org).values("participant")
    elif role == Role.COMPANY_CONTACT:
        ids = Placement.objects.filter(
            consent_to_companies(), opening__company=org, status__in=Placement.PRESENTED
        ).values("participant")
    elif role == Role.MENTOR:
        ids = Mentorship.objects.filter(mentor__user=user).values("participant")
    elif role == Role.PARTICIPANT:
        return Participant.objects.filter(user=user)
    else:
        return Participant.objects.none()
    return Participant.objects.filter(pk__in=ids)


def consent_to_companies() -> Q:
    """The candidate consented to share their profile with companies when referred to the opening's programme
    (to any programme, for an opening outside one), and has not withdrawn. For a ``Placement`` queryset."""
    from stafet.programmes.models import Referral

    consented = Referral.objects.filter(
        participant=OuterRef("participant"), consent_scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES
    ).exclude(status=Referral.Status.WITHDRAWN)
    return Q(Exists(consented.filter(programme=OuterRef("opening__programme")))) | Q(
        Exists(consented), opening__programme__isnull=True
    )


def get_participant_for_user(user: User, pk: object) -> Participant:
    return get_one_or_404(participants_for_user(user), pk)


def mentors_for_user(user: User) -> QuerySet[Mentor]:
    """Coordinators: mentors of their NGO or signed up to its programmes. Company contacts: their own
    employees. Mentors: themselves. Participants: their own mentors. Caseworkers: none."""
    from stafet.mentorships.models import Mentorship

    role, org = role_of(user), user.organisation_id
    if role == Role.ADMINISTRATOR:
        return Mentor.objects.all()
    if role == Role.COORDINATOR:
        return Mentor.objects.filter(Q(organisation=org) | Q(programmes__operator=org)).distinct()
    if role == Role.COMPANY_CONTACT:
        return Mentor.objects.filter(organisation=org)
    if role == Role.MENTOR:
        return Mentor.objects.filter(user=user)
    if role == Role.PARTICIPANT:
        return Mentor.objects.filter(pk__in=Mentorship.objects.filter(participant__user=user).values("mentor"))
    return Mentor.objects.none()


def get_mentor_for_user(user: User, pk: object) -> Mentor:
    return get_one_or_404(mentors_for_user(user), pk)
