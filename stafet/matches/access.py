"""Who may see and change a cohort's matching: the operating NGO's coordinators and administrators, the same
people who may open the cohort (``cohorts_for_user``). Everyone else gets a 404."""

from django.db.models import QuerySet

from stafet.matches.models import MatchRun, PairRule, Proposal
from stafet.organisations.access import get_one_or_404
from stafet.organisations.models import User
from stafet.people.models import Mentor, Participant
from stafet.programmes.access import cohorts_for_user
from stafet.programmes.models import Cohort


def match_runs_for_user(user: User) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(cohort__in=cohorts_for_user(user)).select_related("cohort__programme")


def get_match_run_for_user(user: User, pk: object) -> MatchRun:
    return get_one_or_404(match_runs_for_user(user), pk)


def get_proposal_for_user(user: User, pk: object) -> Proposal:
    return get_one_or_404(
        Proposal.objects.filter(run__in=match_runs_for_user(user)).select_related("run", "participant", "mentor"), pk
    )


def get_pair_rule_for_user(user: User, pk: object) -> PairRule:
    return get_one_or_404(
        PairRule.objects.filter(cohort__in=cohorts_for_user(user)).select_related("cohort__programme"), pk
    )


def get_cohort_participant(cohort: Cohort, pk: object) -> Participant:
    """A participant enrolled in ``cohort`` (which the caller has already checked the user may open)."""
    return get_one_or_404(Participant.objects.filter(enrolments__cohort=cohort).distinct(), pk)


def get_cohort_mentor(cohort: Cohort, pk: object) -> Mentor:
    return get_one_or_404(Mentor.objects.filter(enrolments__cohort=cohort).distinct(), pk)
