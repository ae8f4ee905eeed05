"""Who may see which participant: the rule of the relation through which the user's role meets people.

Coordinators, caseworkers, participants and administrators see people through referrals and enrolments
(``programmes.access``), mentors their mentees (``mentorships.access``), company contacts the candidates presented
to them with consent (``placements.access``). Each app keeps its own rule; this module, above them all, picks one.
"""

from django.db.models import QuerySet

from stafet.mentorships.access import mentees_for_user
from stafet.organisations.access import get_one_or_404, role_of
from stafet.organisations.models import Role, User
from stafet.people.models import Participant
from stafet.placements.access import presented_candidates_for_user
from stafet.programmes.access import referred_participants_for_user


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
