"""Who may see which event and invitation. An event page lists its invitees, so only the operating NGO's
coordinators (and administrators) see the whole event; mentors and participants see the events they are invited
to, and answer their own invitation. Everything else is a 404."""

from django.db.models import Q, QuerySet

from stafet.events.models import Event, Invitation
from stafet.organisations.access import get_one_or_404, role_of
from stafet.organisations.models import Role, User


def events_for_user(user: User) -> QuerySet[Event]:
    role = role_of(user)
    qs = Event.objects.select_related("programme__operator", "cohort")
    if role == Role.ADMINISTRATOR:
        return qs
    if role == Role.COORDINATOR:
        return qs.filter(programme__operator=user.organisation_id)
    if role in (Role.MENTOR, Role.PARTICIPANT):
        return qs.filter(pk__in=own_invitations(user).values("event"))
    return qs.none()


def get_event_for_user(user: User, pk: object) -> Event:
    return get_one_or_404(events_for_user(user), pk)


def managed_events_for_user(user: User) -> QuerySet[Event]:
    """Events the user organises: schedules, changes, invites to, records attendance at."""
    if role_of(user) not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        return Event.objects.none()
    return events_for_user(user)


def get_managed_event_for_user(user: User, pk: object) -> Event:
    return get_one_or_404(managed_events_for_user(user), pk)


def can_manage_events(user: User) -> bool:
    return role_of(user) in (Role.COORDINATOR, Role.ADMINISTRATOR)


def own_invitations(user: User) -> QuerySet[Invitation]:
    """The user's own invitations, as a mentor or as a participant."""
    role = role_of(user)
    if role == Role.MENTOR:
        return Invitation.objects.filter(mentor__user=user)
    if role == Role.PARTICIPANT:
        return Invitation.objects.filter(participant__user=user)
    return Invitation.objects.none()


def answerable_invitations_for_user(user: User) -> QuerySet[Invitation]:
    """Invitations the user may answer: their own, and for the organisers every invitation to their events
    (an answer taken on the phone)."""
    own = Q(pk__in=own_invitations(user).values("pk"))
    managed = Q(event__in=managed_events_for_user(user).values("pk"))
    return Invitation.objects.filter(own | managed).select_related("event", "mentor", "participant")


def get_answerable_invitation_for_user(user: User, pk: object) -> Invitation:
    return get_one_or_404(answerable_invitations_for_user(user), pk)
