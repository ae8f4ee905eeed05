"""A mentor is never over capacity in one cohort, whoever writes the mentorship: the database counts the places
(triggers on the mentorship table) and a check constraint refuses the write that would overfill one. These run
on SQLite and on PostgreSQL (CI runs both); the race at the end needs PostgreSQL's concurrent transactions."""

import datetime
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from stafet.mentorships.models import OPEN_STATUSES, Mentorship
from stafet.programmes.models import MentorEnrolment
from tests.concurrency import at_once
from tests.factories import CohortFactory, MentorEnrolmentFactory, MentorFactory, ParticipantFactory

OVERFULL = "mentor_never_over_capacity"  # the check constraint's name, in both databases' messages
CLOSED = {"status": "closed", "closing_reason": "completed", "ended_on": datetime.date(2026, 9, 1)}


@pytest.fixture
def place(db):
    """A mentor with two places in a cohort, and three participants who would each take one."""
    enrolment = MentorEnrolmentFactory(mentor=MentorFactory(), cohort=CohortFactory(), capacity=2)
    people = [ParticipantFactory() for _ in range(3)]
    return enrolment, people


def pair(enrolment, participant, **fields) -> Mentorship:
    """A mentorship written straight to the database, as the admin or a console would, past every action."""
    return Mentorship.objects.create(
        cohort=enrolment.cohort, mentor=enrolment.mentor, participant=participant, **fields
    )


def held(enrolment) -> int:
    enrolment.refresh_from_db()
    counted = Mentorship.objects.open().filter(cohort=enrolment.cohort, mentor=enrolment.mentor).count()
    assert enrolment.open_mentorships == counted
    return counted


def test_the_trigger_counts_the_same_statuses_as_the_model():
    trigger = import_module("stafet.programmes.migrations.0002_mentor_capacity_trigger")
    model = "(" + ", ".join(f"'{status}'" for status in OPEN_STATUSES) + ")"
    assert model == trigger.OPEN


def test_every_open_mentorship_holds_a_place_and_the_database_refuses_one_too_many(place):
    enrolment, (a, b, c) = place
    pair(enrolment, a)
    pair(enrolment, b, status="active")
    assert held(enrolment) == 2
    with pytest.raises(IntegrityError, match=OVERFULL), transaction.atomic():
        pair(enrolment, c, status="paused")
    assert held(enrolment) == 2
    assert not Mentorship.objects.filter(participant=c).exists()


def test_closing_frees_the_place_and_reopening_takes_it_again(place):
    enrolment, (a, b, c) = place
    first, _second = pair(enrolment, a), pair(enrolment, b)
    Mentorship.objects.filter(pk=first.pk).update(**CLOSED)
    assert held(enrolment) == 1
    pair(enrolment, c)
    with pytest.raises(IntegrityError, match=OVERFULL), transaction.atomic():
        Mentorship.objects.filter(pk=first.pk).update(status="active", closing_reason="", ended_on=None)
    assert held(enrolment) == 2


def test_saving_an_open_mentorship_again_does_not_count_it_twice(place):
    enrolment, (a, b, _c) = place
    mentorship = pair(enrolment, a)
    pair(enrolment, b)
    mentorship.closing_note = "edited in the admin"
    mentorship.save()  # a full save rewrites status, cohort and mentor with the same values
    assert held(enrolment) == 2


def test_deleting_an_open_mentorship_frees_its_place(place):
    enrolment, (a, _b, _c) = place
    pair(enrolment, a).delete()
    assert held(enrolment) == 0


def test_moving_a_mentorship_to_another_mentor_moves_the_place(place):
    enrolment, (a, _b, _c) = place
    other = MentorEnrolmentFactory(mentor=MentorFactory(), cohort=enrolment.cohort, capacity=1)
    mentorship = pair(enrolment, a)
    Mentorship.objects.filter(pk=mentorship.pk).update(mentor=other.mentor)
    assert (held(enrolment), held(other)) == (0, 1)


def test_an_open_mentorship_needs_its_mentor_enrolled_in_the_cohort(place):
    enrolment, (a, _b, _c) = place
    with pytest.raises(IntegrityError, match="not enrolled"), transaction.atomic():
        Mentorship.objects.create(cohort=CohortFactory(), mentor=enrolment.mentor, participant=a)
    # A closed one (history, say) holds no place and needs none.
    Mentorship.objects.create(cohort=CohortFactory(), mentor=enrolment.mentor, participant=a, **CLOSED)


def test_the_capacity_cannot_be_set_below_the_places_held(place):
    enrolment, (a, b, _c) = place
    pair(enrolment, a)
    pair(enrolment, b)
    with pytest.raises(IntegrityError, match=OVERFULL), transaction.atomic():
        MentorEnrolment.objects.filter(pk=enrolment.pk).update(capacity=1)
    enrolment.refresh_from_db()
    enrolment.capacity = 1
    with pytest.raises(ValidationError, match="cannot be lower"):
        enrolment.full_clean()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_writers_racing_for_the_last_place_let_exactly_one_through():
    enrolment = MentorEnrolmentFactory(mentor=MentorFactory(), cohort=CohortFactory(), capacity=1)
    people = [ParticipantFactory(), ParticipantFactory()]
    results: list[str] = []

    def write(participant) -> None:
        try:
            with transaction.atomic():
                pair(enrolment, participant)
            results.append("written")
        except IntegrityError:
            results.append("refused")

    at_once(write, people)
    assert sorted(results) == ["refused", "written"]
    assert held(enrolment) == 1
