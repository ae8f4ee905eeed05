"""Two coordinators publish at once: on PostgreSQL, with real concurrent transactions, a mentor never ends
over capacity and exactly one of two competing publishes succeeds."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from stafet.matches import actions
from stafet.matches.models import MatchRun, Proposal
from stafet.mentorships.models import Mentorship
from stafet.programmes.models import MentorEnrolment
from tests.concurrency import at_once
from tests.factories import (
    CohortFactory,
    MentorEnrolmentFactory,
    MentorFactory,
    OrganisationFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_two_publishes_racing_for_one_mentor_place_let_exactly_one_through():
    ngo = OrganisationFactory(name="NGO race", kind="ngo")
    coordinator = UserFactory(role="coordinator", organisation=ngo)
    cohort = CohortFactory(programme=ProgrammeFactory(operator=ngo))
    mentor = MentorFactory()
    MentorEnrolmentFactory(cohort=cohort, mentor=mentor, capacity=1)
    runs = []
    for name in ("Ada", "Bo"):
        person = ParticipantFactory(first_name=name)
        ParticipantEnrolmentFactory(cohort=cohort, participant=person)
        # Two drafts of the same round, as two coordinators' screens would hold them.
        run = MatchRun.objects.create(cohort=cohort, role="professional", created_by=coordinator)
        Proposal.objects.create(run=run, participant=person, mentor=mentor, score=700, approved=True)
        runs.append(run)

    outcome: dict[int, str] = {}

    def publish(run: MatchRun) -> None:
        try:
            with translation.override("en"):  # a thread starts in the default language (Danish)
                actions.publish_match_run(run=run, by=coordinator)
            outcome[run.pk] = "published"
        except ValidationError as error:
            outcome[run.pk] = " ".join(error.messages)

    at_once(publish, runs)

    results = list(outcome.values())
    assert results.count("published") == 1, outcome
    refused = next(r for r in results if r != "published")
    assert "Nothing was published" in refused or "discarded" in refused, refused
    assert Mentorship.objects.filter(mentor=mentor).open().count() == 1
    assert MentorEnrolment.objects.get(mentor=mentor).open_mentorships == 1


@pytest.mark.django_db(transaction=True)
def test_four_coordinators_publishing_at_once_never_overfill_a_mentor():
    """Four drafts, each pairing someone else with the same mentor (two places): two publish, two are refused,
    and the mentor ends with exactly two open mentorships."""
    ngo = OrganisationFactory(name="NGO crowd", kind="ngo")
    coordinators = [UserFactory(role="coordinator", organisation=ngo) for _ in range(4)]
    cohort = CohortFactory(programme=ProgrammeFactory(operator=ngo))
    mentor = MentorFactory(capacity=2)
    MentorEnrolmentFactory(cohort=cohort, mentor=mentor, capacity=2)
    runs = []
    for coordinator in coordinators:
        person = ParticipantFactory()
        ParticipantEnrolmentFactory(cohort=cohort, participant=person)
        run = MatchRun.objects.create(cohort=cohort, role="professional", created_by=coordinator)
        Proposal.objects.create(run=run, participant=person, mentor=mentor, score=600, approved=True)
        runs.append((run, coordinator))

    published: list[int] = []

    def publish(pair: tuple[MatchRun, object]) -> None:
        run, by = pair
        try:
            with translation.override("en"):
                actions.publish_match_run(run=run, by=by)
            published.append(run.pk)
        except ValidationError:
            pass

    at_once(publish, runs)

    enrolment = MentorEnrolment.objects.get(mentor=mentor)
    assert Mentorship.objects.filter(mentor=mentor).open().count() == enrolment.open_mentorships
    assert enrolment.open_mentorships <= enrolment.capacity
    # A refused publish discards nothing it should not: the runs that lost are still drafts or were superseded.
    assert 1 <= len(published) <= 2
