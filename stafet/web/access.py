"""Who may see which participant: the rule of the relation through which the user's role meets people.

Coordinators, caseworkers, participants and administrators see people through referrals and enrolments
(``programmes.access``), mentors their mentees (``mentorships.access``), company contacts the candidates presented
to them with consent (``placements.access``). Each app keeps its own rule; this module, above them all, picks one.
"""

from django.db.models import Q, QuerySet

from stafet.mentorships.access import mentees_for_user
from stafet.organisations.access import get_one_or_404, role_of
from stafet.organisations.models import Organisation, Role, User
from stafet.people.access import mentors_for_user
from stafet.people.models import Participant
from stafet.placements.access import presented_candidates_for_user
from stafet.programmes.access import programmes_for_user, referred_participants_for_user


def participants_for_user(user: User) -> QuerySet[Participant]:
    """Coordinators: people referred to or enrolled in their NGO's programmes. Caseworkers: citizens
    their municipality referred. Company contacts: candidates presented to their own openings who consented
    to share their profile with companies. Mentors: their own mentees. Participants: themselves."""
    role = role_of(user)
    if role == Role.MENTOR:
        return mentees_for_user(user)
    if role == Role.COMPANY_CONTACT:
        return presented_candidates_for_user(user)
    return referred_participants_for_user(user)


def get_participant_for_user(user: User, pk: object) -> Participant:
    return get_one_or_404(participants_for_user(user), pk)


def logins_for_user(user: User) -> QuerySet[User]:
    """The logins a user looks after: invites, sees waiting, deactivates. Coordinators: their NGO's own people,
    the mentors and participants they see, and the company contacts and caseworkers of their programmes' partner
    companies and municipalities. Administrators: everyone. Nobody else."""
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return User.objects.all()
    if role != Role.COORDINATOR:
        return User.objects.none()
    programmes = programmes_for_user(user)
    partners = Organisation.objects.filter(
        Q(company_programmes__in=programmes) | Q(municipality_programmes__in=programmes)
    ).values("pk")
    return User.objects.filter(
        Q(organisation=user.organisation_id, role__in=[Role.COORDINATOR, Role.MENTOR])
        | Q(organisation__in=partners, role__in=[Role.COMPANY_CONTACT, Role.CASEWORKER])
        | Q(mentor__in=mentors_for_user(user).values("pk"))
        | Q(participant__in=referred_participants_for_user(user).values("pk"))
    ).distinct()


def get_login_for_user(user: User, pk: object) -> User:
    return get_one_or_404(logins_for_user(user), pk)


def partner_organisations_for_user(user: User) -> QuerySet[Organisation]:
    """The companies and job centres whose contacts and caseworkers the user may give a login."""
    role = role_of(user)
    kinds = [Organisation.Kind.COMPANY, Organisation.Kind.MUNICIPALITY]
    if role == Role.ADMINISTRATOR:
        return Organisation.objects.filter(kind__in=kinds)
    if role != Role.COORDINATOR:
        return Organisation.objects.none()
    programmes = programmes_for_user(user)
    return Organisation.objects.filter(
        Q(company_programmes__in=programmes) | Q(municipality_programmes__in=programmes)
    ).distinct()


def mentor_employers_for_user(user: User) -> QuerySet[Organisation]:
    """The employers a coordinator may give a mentor they enter: their own NGO (a volunteer) and the partner
    companies of its programmes. Administrators: every NGO and company. Nobody else enters mentors."""
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return Organisation.objects.filter(kind__in=[Organisation.Kind.COMPANY, Organisation.Kind.NGO])
    if role != Role.COORDINATOR:
        return Organisation.objects.none()
    programmes = programmes_for_user(user)
    return Organisation.objects.filter(Q(company_programmes__in=programmes) | Q(pk=user.organisation_id)).distinct()


def participants_to_edit_for_user(user: User) -> QuerySet[Participant]:
    """Whose profile the user edits: a participant their own, a caseworker the citizens their municipality
    referred, an administrator anyone. Coordinators, mentors and company contacts read profiles only."""
    role = role_of(user)
    if role in (Role.PARTICIPANT, Role.CASEWORKER, Role.ADMINISTRATOR):
        return referred_participants_for_user(user)
    return Participant.objects.none()


def get_participant_to_edit_for_user(user: User, pk: object) -> Participant:
    return get_one_or_404(participants_to_edit_for_user(user), pk)
