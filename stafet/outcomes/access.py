"""Who may see which outcome and which report."""

from django.db.models import Q, QuerySet

from stafet.mentorships.access import mentees_for_user
from stafet.organisations.access import get_one_or_404, read_role_of
from stafet.organisations.models import Role, User
from stafet.outcomes.models import Outcome
from stafet.people.models import Participant
from stafet.programmes.access import cohorts_for_user, programmes_for_user, referred_participants_for_user
from stafet.programmes.models import Cohort, ParticipantEnrolment, Programme


def outcomes_for_user(user: User) -> QuerySet[Outcome]:
    """Outcomes follow the participant's scoping (referrals, a mentor's mentees), but companies do not get them."""
    role = read_role_of(user)
    if role is None or role == Role.COMPANY_CONTACT:
        return Outcome.objects.none()
    qs = Outcome.objects.select_related("participant", "cohort__programme")
    if role == Role.COORDINATOR:
        return qs.filter(cohort__programme__operator=user.organisation_id)
    if role == Role.MENTOR:
        return qs.filter(participant__in=mentees_for_user(user))
    return qs.filter(participant__in=referred_participants_for_user(user))


def report_cohorts_for_user(user: User) -> QuerySet[Cohort]:
    """Cohorts whose outcomes page and report a user may open: the operating NGO's coordinators and
    administrators (the whole cohort), and caseworkers for cohorts of their municipality's partner programmes
    or with one of their citizens enrolled (they then see only their own citizens, see
    :func:`report_participants_for_user`). Company contacts, mentors and participants: none."""
    role = read_role_of(user)
    if role in (Role.ADMINISTRATOR, Role.COORDINATOR):
        return cohorts_for_user(user)
    if role == Role.CASEWORKER:
        return (
            Cohort.objects.filter(
                Q(programme__in=programmes_for_user(user))
                | Q(participant_enrolments__participant__in=referred_participants_for_user(user))
            )
            .distinct()
            .select_related("programme")
        )
    return Cohort.objects.none()


def get_report_cohort_for_user(user: User, pk: object) -> Cohort:
    return get_one_or_404(report_cohorts_for_user(user), pk)


def report_programmes_for_user(user: User) -> QuerySet[Programme]:
    """Programmes whose report a user may open; the same people as :func:`report_cohorts_for_user`."""
    role = read_role_of(user)
    if role in (Role.ADMINISTRATOR, Role.COORDINATOR):
        return programmes_for_user(user)
    if role == Role.CASEWORKER:
        return Programme.objects.filter(
            Q(pk__in=programmes_for_user(user).values("pk"))
            | Q(pk__in=report_cohorts_for_user(user).values("programme"))
        )
    return Programme.objects.none()


def get_report_programme_for_user(user: User, pk: object) -> Programme:
    return get_one_or_404(report_programmes_for_user(user), pk)


def report_participants_for_user(user: User) -> QuerySet[Participant] | None:
    """Whose figures a user's reports count. ``None`` means everyone in the cohort (coordinators of the
    operating NGO, administrators); a caseworker counts only citizens their municipality referred, so the
    denominators are theirs too."""
    if read_role_of(user) == Role.CASEWORKER:
        return referred_participants_for_user(user)
    return None


def get_enrolment_for_outcome(user: User, cohort: Cohort, participant_pk: object) -> ParticipantEnrolment:
    """The enrolment whose outcomes a user may register: any in the cohort for its coordinators and
    administrators; a caseworker only their own citizens'. Anything else is a 404."""
    enrolments = cohort.participant_enrolments.select_related("participant")
    participants = report_participants_for_user(user)
    if participants is not None:
        enrolments = enrolments.filter(participant__in=participants)
    return get_one_or_404(enrolments, participant_pk, by="participant")
