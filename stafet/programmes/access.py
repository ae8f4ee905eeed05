"""Who may see which programme, cohort and referral."""

import re

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace

from stafet.organisations.access import get_one_or_404, read_role_of, role_of
from stafet.organisations.models import Organisation, Role, User
from stafet.people.access import mentors_for_user
from stafet.people.models import Mentor, Participant
from stafet.programmes.models import (
    Cohort,
    MentorApplication,
    MentorEnrolment,
    ParticipantEnrolment,
    Programme,
    Referral,
)


def programmes_for_user(user: User) -> QuerySet[Programme]:
    role, org = read_role_of(user), user.organisation_id
    if role == Role.ADMINISTRATOR:
        return Programme.objects.all()
    if role == Role.COORDINATOR:
        return Programme.objects.filter(operator=org)
    if role == Role.CASEWORKER:
        return Programme.objects.filter(partner_municipalities=org)
    if role == Role.COMPANY_CONTACT:
        return Programme.objects.filter(partner_companies=org)
    if role == Role.MENTOR:
        return Programme.objects.filter(Q(mentors__user=user)).distinct()
    if role == Role.PARTICIPANT:
        return Programme.objects.filter(
            Q(referrals__participant__user=user) | Q(cohorts__participant_enrolments__participant__user=user)
        ).distinct()
    return Programme.objects.none()


def referred_participants_for_user(user: User) -> QuerySet[Participant]:
    """The participants a user sees through referrals and enrolments. Coordinators: those referred to or enrolled
    in their NGO's programmes. Caseworkers: the citizens their municipality referred. Participants: themselves.
    Administrators: everyone. Mentors and company contacts see people through mentorships and placements, not
    here (``web.access.participants_for_user``)."""
    role, org = read_role_of(user), user.organisation_id
    if role == Role.ADMINISTRATOR:
        return Participant.objects.all()
    if role == Role.COORDINATOR:
        return participants_of_ngo(org)
    if role == Role.CASEWORKER:
        return participants_of_municipality(org)
    if role == Role.PARTICIPANT:
        return Participant.objects.filter(user=user)
    return Participant.objects.none()


def participants_of_ngo(org: int | None) -> QuerySet[Participant]:
    """The people an NGO holds data about: referred to or enrolled in one of its programmes."""
    ids = (
        Referral.objects.filter(programme__operator=org)
        .values("participant")
        .union(ParticipantEnrolment.objects.filter(cohort__programme__operator=org).values("participant"))
    )
    return Participant.objects.filter(pk__in=ids)


def participants_of_municipality(org: int | None) -> QuerySet[Participant]:
    """The citizens a municipality (its job centre) referred."""
    return Participant.objects.filter(pk__in=Referral.objects.filter(municipality=org).values("participant"))


def likely_same_people_for_user(
    user: User, *, first_name: str, last_name: str, birth_year: int | None, email: str, phone: str
) -> QuerySet[Participant]:
    """People Stafet may already hold, for a caseworker about to register a citizen (one person, one record): the
    same name (case and surrounding spaces aside) and birth year, or the same email, or the same phone number (its
    last eight digits). Across municipalities, on purpose: the caseworker may link the new referral to that person
    and then sees them through it, but never another municipality's referrals (``referrals_for_user``). Nobody for
    anyone else."""
    if role_of(user) != Role.CASEWORKER:
        return Participant.objects.none()
    same = Q(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), birth_year=birth_year)
    if email.strip():
        same |= Q(email__iexact=email.strip())
    digits = re.sub(r"\D", "", phone)[-8:]
    people = Participant.objects.filter(pseudonymised_at__isnull=True)
    if len(digits) == 8:
        bare: Replace | F = F("phone")
        for mark in (" ", "-", "+", ".", "(", ")"):
            bare = Replace(bare, Value(mark), Value(""))
        people = people.annotate(phone_digits=bare)
        same |= Q(phone_digits__endswith=digits)
    return people.filter(same).order_by("pk")


def get_programme_for_user(user: User, pk: object) -> Programme:
    return get_one_or_404(programmes_for_user(user), pk)


def cohorts_for_user(user: User) -> QuerySet[Cohort]:
    """A cohort's page lists its people, so only the operating NGO's coordinators (and administrators)
    open it; everyone else reaches the people they may see through their own pages."""
    role = read_role_of(user)
    if role == Role.ADMINISTRATOR:
        return Cohort.objects.select_related("programme")
    if role == Role.COORDINATOR:
        return Cohort.objects.filter(programme__operator=user.organisation_id).select_related("programme")
    return Cohort.objects.none()


def get_cohort_for_user(user: User, pk: object) -> Cohort:
    return get_one_or_404(cohorts_for_user(user), pk)


def get_cohort_enrolment(cohort: Cohort, participant_pk: object) -> ParticipantEnrolment:
    """A participant's enrolment in ``cohort``, which the caller has already opened with ``get_cohort_for_user``."""
    return get_one_or_404(cohort.participant_enrolments.select_related("participant"), participant_pk, by="participant")


def referrals_for_user(user: User) -> QuerySet[Referral]:
    role, org = read_role_of(user), user.organisation_id
    qs = Referral.objects.select_related("participant", "programme", "municipality")
    if role == Role.ADMINISTRATOR:
        return qs
    if role == Role.COORDINATOR:
        return qs.filter(programme__operator=org)
    if role == Role.CASEWORKER:
        return qs.filter(municipality=org)
    if role == Role.PARTICIPANT:
        return qs.filter(participant__user=user)
    return qs.none()


def get_referral_for_user(user: User, pk: object) -> Referral:
    return get_one_or_404(referrals_for_user(user), pk)


# Staff who record a consent withdrawn by phone, as the citizen would on their own page.
CONSENT_RECORDING_ROLES = frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.ADMINISTRATOR})


def consent_referrals_for_user(user: User) -> QuerySet[Referral]:
    """Referrals whose consent the user may withdraw: the participant their own; the programme's coordinators and
    the referring municipality's caseworkers for a citizen who asks by phone; administrators."""
    if role_of(user) not in (Role.PARTICIPANT, *CONSENT_RECORDING_ROLES):
        return Referral.objects.none()
    return referrals_for_user(user)


def get_consent_referral_for_user(user: User, pk: object) -> Referral:
    return get_one_or_404(consent_referrals_for_user(user), pk)


def screening_programmes_for_user(user: User) -> QuerySet[Programme]:
    """Programmes whose referrals and mentors the user screens: the operating NGO's coordinators and
    administrators. Caseworkers and companies see a programme but do not decide who joins it."""
    if role_of(user) not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        return Programme.objects.none()
    return programmes_for_user(user)


def get_screening_programme_for_user(user: User, pk: object) -> Programme:
    return get_one_or_404(screening_programmes_for_user(user), pk)


def referral_programmes_for_user(user: User) -> QuerySet[Programme]:
    """Programmes a caseworker may refer citizens to: those where their municipality is a partner."""
    if role_of(user) != Role.CASEWORKER:
        return Programme.objects.none()
    return programmes_for_user(user)


def referral_queue_for_user(user: User) -> QuerySet[Referral]:
    """The referrals list: the coordinator's queue across municipalities, the caseworker's own
    municipality's referrals. A participant reaches their own referrals through their own page."""
    if role_of(user) not in (Role.COORDINATOR, Role.ADMINISTRATOR, Role.CASEWORKER):
        return Referral.objects.none()
    return referrals_for_user(user)


def get_referral_to_decide_for_user(user: User, pk: object) -> Referral:
    """A referral the user may accept or decline: one of a programme the user screens."""
    return get_one_or_404(referrals_for_user(user).filter(programme__in=screening_programmes_for_user(user)), pk)


def programme_mentors_for_user(user: User, programme: Programme) -> QuerySet[Mentor]:
    """Mentors signed up to ``programme`` or enrolled in one of its cohorts, as far as the user may see them."""
    return (
        mentors_for_user(user).filter(Q(programmes=programme) | Q(enrolments__cohort__programme=programme)).distinct()
    )


def get_programme_mentor_for_user(user: User, programme: Programme, pk: object) -> Mentor:
    return get_one_or_404(programme_mentors_for_user(user, programme), pk)


def get_recruiting_programme(pk: object) -> Programme:
    """A programme whose public sign-up page is open to anyone: only those that recruit mentors."""
    return get_one_or_404(Programme.objects.filter(recruits_mentors=True).select_related("operator"), pk)


def signup_organisations(programme: Programme) -> QuerySet[Organisation]:
    """The employers a mentor signing up can name: the programme's partner companies, and its NGO for
    volunteers."""
    return Organisation.objects.filter(Q(company_programmes=programme) | Q(pk=programme.operator_id)).distinct()


def get_mentor_application_for_user(user: User, programme: Programme, pk: object) -> MentorApplication:
    """A sign-up to ``programme`` the user screens (``programme`` from ``get_screening_programme_for_user``)."""
    applications = MentorApplication.objects.filter(
        programme=programme, mentor__in=programme_mentors_for_user(user, programme)
    ).select_related("mentor", "programme")
    return get_one_or_404(applications, pk)


def mentors_due_a_login_for_user(user: User) -> QuerySet[Mentor]:
    """Mentors enrolled in a cohort of a programme the user screens who have no login yet (no email address when
    they were enrolled, or enrolled without an invitation), as far as the user may see them."""
    return (
        mentors_for_user(user)
        .filter(
            user__isnull=True,
            enrolments__status=MentorEnrolment.Status.ENROLLED,
            enrolments__cohort__programme__in=screening_programmes_for_user(user),
        )
        .distinct()
    )


def participants_due_a_login_for_user(user: User) -> QuerySet[Participant]:
    """Participants enrolled in a cohort of a programme the user screens who have no login yet."""
    return (
        referred_participants_for_user(user)
        .filter(
            user__isnull=True,
            enrolments__status__in=[ParticipantEnrolment.Status.ENROLLED, ParticipantEnrolment.Status.COMPLETED],
            enrolments__cohort__programme__in=screening_programmes_for_user(user),
        )
        .distinct()
    )


def get_mentor_due_a_login_for_user(user: User, pk: object) -> Mentor:
    return get_one_or_404(mentors_due_a_login_for_user(user), pk)


def get_participant_due_a_login_for_user(user: User, pk: object) -> Participant:
    return get_one_or_404(participants_due_a_login_for_user(user), pk)
