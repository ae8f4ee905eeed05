"""Pair health on a cohort: the figures, the flag and the number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stafet.mentorships.actions import close_mentorship, start_mentorship
from stafet.mentorships.health import cohort_health
from stafet.mentorships.models import Escalation, Meeting
from stafet.programmes.plan import plan_so_far
from tests.factories import MentorEnrolmentFactory, MentorFactory, ParticipantFactory

TODAY = timezone.localdate()


def _days(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def _pair(world, started_days_ago: int):
    mentor = MentorFactory()
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=mentor, capacity=1)
    return start_mentorship(
        cohort=world.cohort_k,
        mentor=mentor,
        participant=ParticipantFactory(),
        role="professional",
        by=world.users["coordinator_a"],
        started_on=_days(started_days_ago),
    )


@pytest.fixture
def cohort(world):
    """world.mentorship: started in March, no meeting, every call missed. ``on_track``: 60 days in, four
    meetings and every call made. ``quiet``: 20 days in, nothing yet, its first call missed. ``ended``: closed."""
    world.on_track = _pair(world, 60)
    for days_ago in (50, 35, 20, 5):
        Meeting.objects.create(mentorship=world.on_track, date=_days(days_ago), hours=Decimal("2.5"), venue="online")
    world.on_track.follow_up_calls.filter(due_on__lt=TODAY).update(done_on=_days(2), result="going_well")
    world.quiet = _pair(world, 20)
    world.ended = _pair(world, 40)
    close_mentorship(mentorship=world.ended, reason="rematch", ended_on=_days(10), by=world.users["coordinator_a"])
    return world


def _by_pk(world):
    return {p.mentorship.pk: p for p in cohort_health(world.cohort_k, today=TODAY)}


def test_the_figures_of_a_pair_on_track(cohort):
    pair = _by_pk(cohort)[cohort.on_track.pk]
    # 60 days: just under or just over two calendar months as the months fall, so 3 or 4 meetings planned.
    assert pair.meetings_held == 4
    assert pair.meetings_expected == plan_so_far(cohort.programme_p, _days(60), None, TODAY).meetings in (3, 4)
    assert pair.hours == Decimal("10.0")
    assert pair.last_contact == _days(2)  # the last call is later than the last meeting
    assert (pair.overdue_calls, pair.open_escalations) == (0, 0)
    assert pair.flag == "ok"


def test_a_pair_without_meetings_for_months_is_at_risk(cohort):
    pair = _by_pk(cohort)[cohort.mentorship.pk]
    assert (pair.meetings_held, pair.meetings_expected) == (0, 12)
    assert pair.last_contact is None
    assert pair.overdue_calls == 8
    assert pair.flag == "at_risk"


def test_a_quiet_new_pair_with_a_missed_call_needs_attention(cohort):
    pair = _by_pk(cohort)[cohort.quiet.pk]
    assert pair.overdue_calls == 1
    assert pair.days_since_contact == 20
    assert pair.flag == "attention"


def test_an_urgent_escalation_puts_a_pair_at_risk(cohort):
    Escalation.objects.create(mentorship=cohort.on_track, topic="health", urgency="high", text="In hospital")
    pair = _by_pk(cohort)[cohort.on_track.pk]
    assert (pair.open_escalations, pair.urgent_escalations, pair.flag) == (1, 1, "at_risk")


def test_a_resolved_escalation_does_not_count(cohort):
    Escalation.objects.create(
        mentorship=cohort.on_track, topic="health", urgency="high", text="Ill", status="resolved", resolution_note="ok"
    )
    assert _by_pk(cohort)[cohort.on_track.pk].flag == "ok"


def test_a_recently_closed_pair_is_listed_last_as_closed(cohort):
    pairs = cohort_health(cohort.cohort_k, today=TODAY)
    assert [p.flag for p in pairs] == ["at_risk", "attention", "ok", "closed"]
    assert pairs[-1].mentorship.pk == cohort.ended.pk


def test_a_pair_closed_long_ago_is_not_listed(cohort):
    type(cohort.ended).objects.filter(pk=cohort.ended.pk).update(ended_on=_days(31))
    assert cohort.ended.pk not in _by_pk(cohort)


def test_the_number_of_queries_does_not_grow_with_the_pairs(cohort):
    with CaptureQueriesContext(connection) as few:
        cohort_health(cohort.cohort_k, today=TODAY)
    for _ in range(4):
        _pair(cohort, 30)
    with CaptureQueriesContext(connection) as more:
        assert len(cohort_health(cohort.cohort_k, today=TODAY)) == 8
    assert len(few) == len(more) == 1


def test_the_page_lists_every_pair_in_few_queries(cohort, login, django_assert_max_num_queries):
    client = login(cohort.users["coordinator_a"])
    # Every page reads the session, the user, their second factor and their unread notifications and writes its
    # read log in one insert (5 queries); the pairs themselves take 3 however many there are.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mentorships:cohort_health", args=[cohort.cohort_k.pk]))
    html = response.content.decode()
    assert html.count('data-testid="pair"') == 4
    assert "4 of 3" in html


def test_the_page_sorts_by_participant_on_request(cohort, login):
    response = login(cohort.users["coordinator_a"]).get(
        reverse("mentorships:cohort_health", args=[cohort.cohort_k.pk]), {"sort": "participant"}
    )
    names = [str(p.mentorship.participant) for p in response.context["pairs"]]
    assert names == sorted(names)


def test_the_cohort_page_links_to_pair_health(cohort, login):
    html = login(cohort.users["coordinator_a"]).get(reverse("programmes:cohort", args=[cohort.cohort_k.pk])).content
    assert reverse("mentorships:cohort_health", args=[cohort.cohort_k.pk]).encode() in html
