"""Who may see which outcome and which report."""

from django.db.models import Q, QuerySet

from stafet.mentorships.access import mentees_for_user
from stafet.mentorships.models import Mentorship
from stafet.organisations.access import get_one_or_404, read_role_of
from stafet.organisations.models import Organisation, Role, User
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


# ---------------------------------------------------------------------------------------------- breakdowns
# The mentoring programmes' reports per municipality and per company. A company contact's company report counts
# the mentees of the company's mentors: the company lends the mentors, so it may see what became of their
# mentees in figures (never by name; the subgroups are suppressed under five as everywhere).

MUNICIPALITIES, COMPANIES = "municipality", "company"


def _company_mentorships(user: User) -> QuerySet[Mentorship]:
    """The mentorships of the company contact's company's mentors (cancelled ones never started)."""
    return Mentorship.objects.filter(mentor__organisation=user.organisation_id).exclude(
        closing_reason=Mentorship.ClosingReason.CANCELLED
    )


def breakdown_programmes_for_user(user: User, by: str) -> QuerySet[Programme]:
    """The mentoring programmes whose report per municipality (``by=MUNICIPALITIES``: coordinators, administrators,
    caseworkers) or per company (``by=COMPANIES``: coordinators, administrators, and a company contact for the
    programmes its mentors mentored in) a user may open."""
    role = read_role_of(user)
    mentoring = Programme.objects.exclude(kind=Programme.Kind.TALENT)
    if role in (Role.ADMINISTRATOR, Role.COORDINATOR) or (role == Role.CASEWORKER and by == MUNICIPALITIES):
        return mentoring.filter(pk__in=report_programmes_for_user(user).values("pk"))
    if role == Role.COMPANY_CONTACT and by == COMPANIES and user.organisation_id is not None:
        return mentoring.filter(pk__in=_company_mentorships(user).values("cohort__programme"))
    return Programme.objects.none()


def get_breakdown_programme_for_user(user: User, pk: object, by: str) -> Programme:
    return get_one_or_404(breakdown_programmes_for_user(user, by), pk)


def breakdown_participants_for_user(user: User) -> QuerySet[Participant] | None:
    """Whose figures a user's municipality or company report counts (``None``: everyone in the programme): a
    caseworker their municipality's citizens, a company contact the mentees of their company's mentors."""
    if read_role_of(user) == Role.COMPANY_CONTACT:
        return Participant.objects.filter(pk__in=_company_mentorships(user).values("participant"))
    return report_participants_for_user(user)


def breakdown_companies_for_user(user: User) -> QuerySet[Organisation]:
    """The companies whose rows a user's company report shows: a company contact their own, anyone else every
    company whose mentors mentored in the programme."""
    companies = Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
    if read_role_of(user) == Role.COMPANY_CONTACT:
        return companies.filter(pk=user.organisation_id) if user.organisation_id else companies.none()
    return companies
