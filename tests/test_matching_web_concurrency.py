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
        Proposal.objects.create(run=run, participant=person, mentor=mentor, score=700)
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
