"""Who may see which mentor. Every read of people goes through the access helpers.

Which participants a user sees is decided by the relations the apps above keep (referrals and enrolments,
mentorships, candidates presented to a company), so each of those apps has its own rule
(``programmes.access.referred_participants_for_user``, ``mentorships.access.mentees_for_user``,
``placements.access.presented_candidates_for_user``) and ``web.access.participants_for_user`` picks the one for
the user's role.
"""

from django.db.models import Q, QuerySet

from stafet.organisations.access import get_one_or_404, read_role_of, role_of
from stafet.organisations.models import Role, User
from stafet.people.models import Mentor


def mentors_for_user(user: User) -> QuerySet[Mentor]:
    """Coordinators: mentors of their NGO or signed up to its programmes. Company contacts: their own
    employees. Mentors: themselves. Participants: their own mentors. Caseworkers: none."""
    role, org = read_role_of(user), user.organisation_id
    if role == Role.ADMINISTRATOR:
        return Mentor.objects.all()
    if role == Role.COORDINATOR:
        return mentors_of_ngo(org)
    if role == Role.COMPANY_CONTACT:
        return Mentor.objects.filter(organisation=org)
    if role == Role.MENTOR:
        return Mentor.objects.filter(user=user)
    if role == Role.PARTICIPANT:
        # Through the mentorships' relation to the mentor (mentorships.Mentorship.mentor).
        return Mentor.objects.filter(mentorships__participant__user=user).distinct()
    return Mentor.objects.none()


def mentors_of_ngo(org: int | None) -> QuerySet[Mentor]:
    """The mentors an NGO holds data about: its own volunteers and those signed up to its programmes."""
    return Mentor.objects.filter(Q(organisation=org) | Q(programmes__operator=org)).distinct()


def get_mentor_for_user(user: User, pk: object) -> Mentor:
    return get_one_or_404(mentors_for_user(user), pk)


def get_own_mentor_profile_for_user(user: User, pk: object) -> Mentor:
    """A mentor profile the user edits: their own (administrators: any). Coordinators edit mentors on their own
    screens; nobody else edits a mentor."""
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return get_one_or_404(Mentor.objects.all(), pk)
    if role == Role.MENTOR:
        return get_one_or_404(Mentor.objects.filter(user=user), pk)
    return get_one_or_404(Mentor.objects.none(), pk)


def mentors_to_change_for_user(user: User) -> QuerySet[Mentor]:
    """Mentors a user creates and edits on the coordinator's screens: a coordinator those of their NGO or signed
    up to its programmes, an administrator any. Nobody else (a mentor edits their own profile on its own page)."""
    if role_of(user) not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        return Mentor.objects.none()
    return mentors_for_user(user)


def get_mentor_to_change_for_user(user: User, pk: object) -> Mentor:
    return get_one_or_404(mentors_to_change_for_user(user), pk)
