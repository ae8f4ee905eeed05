"""Who may see which job opening and placement."""

from django.db.models import Q, QuerySet

from stafet.organisations.access import get_one_or_404, role_of
from stafet.organisations.models import Role, User
from stafet.placements.models import JobOpening, Placement


def openings_for_user(user: User) -> QuerySet[JobOpening]:
    role, org = role_of(user), user.organisation_id
    qs = JobOpening.objects.select_related("company", "site", "occupation", "industry")
    if role == Role.ADMINISTRATOR:
        return qs
    if role == Role.COORDINATOR:
        return qs.filter(Q(programme__operator=org) | Q(company__company_programmes__operator=org)).distinct()
    if role == Role.CASEWORKER:
        return qs.filter(programme__partner_municipalities=org)
    if role == Role.COMPANY_CONTACT:
        return qs.filter(company=org)
    return qs.none()


def get_opening_for_user(user: User, pk: object) -> JobOpening:
    return get_one_or_404(openings_for_user(user), pk)


def placements_for_user(user: User) -> QuerySet[Placement]:
    """A placement names a candidate, so it follows both the opening's and the candidate's scoping."""
    from stafet.people.access import participants_for_user

    role = role_of(user)
    qs = Placement.objects.select_related("opening__company", "participant")
    if role == Role.PARTICIPANT:
        return qs.filter(participant__user=user)
    return qs.filter(opening__in=openings_for_user(user), participant__in=participants_for_user(user))
