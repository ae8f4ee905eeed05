"""Who may see which job opening and placement."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from stafet.organisations.access import companies_for_user, get_one_or_404, role_of
from stafet.organisations.models import Role, User
from stafet.people.models import Participant
from stafet.placements.models import JobOpening, JobOpeningQuerySet, Placement
from stafet.placements.ranking import candidate_pool
from stafet.programmes.access import programmes_for_user, referrals_for_user, referred_participants_for_user
from stafet.programmes.models import Programme, Referral


def openings_for_user(user: User) -> JobOpeningQuerySet:
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


def opening_programmes_for_user(user: User) -> QuerySet[Programme]:
    """The programmes an opening the user posts can belong to: those of the user's companies (the model checks
    that the opening's company is the programme's partner)."""
    return Programme.objects.filter(partner_companies__in=companies_for_user(user)).distinct()


def get_editable_opening_for_user(user: User, pk: object) -> JobOpening:
    """An opening the user may edit: one of a company in :func:`companies_for_user`."""
    return get_one_or_404(openings_for_user(user).filter(company__in=companies_for_user(user)), pk)


def consent_to_companies() -> Q:
    """The candidate consented to share their profile with companies when referred to the opening's programme
    (to any programme, for an opening outside one), and has not withdrawn. For a ``Placement`` queryset."""
    consented = Referral.objects.filter(
        participant=OuterRef("participant"), consent_scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES
    ).exclude(status=Referral.Status.WITHDRAWN)
    return Q(Exists(consented.filter(programme=OuterRef("opening__programme")))) | Q(
        Exists(consented), opening__programme__isnull=True
    )


def presented_candidates_for_user(user: User) -> QuerySet[Participant]:
    """A company contact's candidates: presented to one of the company's openings (shortlisted and later), having
    consented to share their profile with companies. Nobody for anyone else."""
    if role_of(user) != Role.COMPANY_CONTACT:
        return Participant.objects.none()
    presented = Placement.objects.filter(
        consent_to_companies(), opening__company=user.organisation_id, status__in=Placement.PRESENTED
    )
    return Participant.objects.filter(pk__in=presented.values("participant"))


def placements_for_user(user: User) -> QuerySet[Placement]:
    """A placement names a candidate, so it follows both the opening's scoping and the candidate's: the company's
    presented candidates for a company contact, those seen through referrals for everyone else (mentors see no
    openings)."""
    role = role_of(user)
    qs = Placement.objects.select_related("opening__company", "participant")
    if role == Role.PARTICIPANT:
        return qs.filter(participant__user=user)
    if role == Role.COMPANY_CONTACT:
        candidates = presented_candidates_for_user(user)
    else:
        candidates = referred_participants_for_user(user)
    return qs.filter(opening__in=openings_for_user(user), participant__in=candidates)


def can_manage_pipeline(user: User, opening: JobOpening) -> bool:
    """The opening's programme's coordinators (and administrators) run its pipeline: rank, add, move."""
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return True
    return (
        role == Role.COORDINATOR
        and opening.programme is not None
        and opening.programme.operator_id == user.organisation_id
    )


# What a company contact records for a candidate presented to it: interview, offer, hire, or not selected.
COMPANY_MOVES: dict[str, set[str]] = {
    Placement.Stage.SHORTLISTED: {Placement.Stage.INTERVIEW, Placement.Stage.REJECTED},
    Placement.Stage.INTERVIEW: {Placement.Stage.OFFERED, Placement.Stage.REJECTED},
    Placement.Stage.OFFERED: {Placement.Stage.HIRED, Placement.Stage.REJECTED},
}


def stages_for_user(user: User, placement: Placement) -> list[str]:
    """The stages ``user`` may move ``placement`` to (which must come from ``placements_for_user``)."""
    allowed = set(placement.allowed_transitions())
    if can_manage_pipeline(user, placement.opening):
        return [s for s in Placement.Stage.values if s in allowed]
    if role_of(user) == Role.COMPANY_CONTACT and placement.opening.company_id == user.organisation_id:
        return [s for s in Placement.Stage.values if s in allowed & COMPANY_MOVES.get(placement.status, set())]
    return []


def get_placement_for_user(user: User, pk: object) -> Placement:
    return get_one_or_404(placements_for_user(user).select_related("opening__programme"), pk)


def get_pipeline_opening_for_user(user: User, pk: object) -> JobOpening:
    """An opening whose pipeline the user runs; anything else is a 404."""
    opening = get_one_or_404(openings_for_user(user).select_related("programme"), pk)
    if not can_manage_pipeline(user, opening):
        raise Http404
    return opening


def get_pool_candidate_for_user(user: User, opening: JobOpening, pk: object) -> Participant:
    """A candidate of the opening's pool whom the user (who runs the pipeline: see the caller) sees."""
    return get_one_or_404(candidate_pool(opening).filter(pk__in=referred_participants_for_user(user).values("pk")), pk)


def talent_programmes_run_by(user: User) -> QuerySet[Programme]:
    """The talent programmes whose selection and screening the user runs: their NGO's coordinators (and
    administrators); nobody else."""
    role = role_of(user)
    programmes = programmes_for_user(user).filter(kind=Programme.Kind.TALENT)
    if role == Role.ADMINISTRATOR:
        return programmes
    if role == Role.COORDINATOR:
        return programmes.filter(operator=user.organisation_id)
    return programmes.none()


def get_selection_programme_for_user(user: User, pk: object) -> Programme:
    return get_one_or_404(talent_programmes_run_by(user), pk)


def get_screening_referral_for_user(user: User, pk: object) -> Referral:
    """A referral to a talent programme the user runs, whose screening interview they may record."""
    referrals = referrals_for_user(user).filter(programme__in=talent_programmes_run_by(user))
    return get_one_or_404(referrals.select_related("participant", "programme"), pk)
