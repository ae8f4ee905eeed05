"""The daily rules, each tested with the clock moved (time-machine), each idempotent: run twice, nothing new.

The world's mentorship (Mads and Pia, NGO A's programme P, cohort K) started on 1 March 2026; the programme lasts
six months, so its outcome follow-ups fall on 1 December 2026, 1 March and 1 September 2027.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from stafet.events import actions as event_actions
from stafet.mentorships.actions import log_meeting, plan_meeting, raise_escalation
from stafet.notifications import delivery
from stafet.notifications.models import Kind, Notification
from stafet.notifications.schedule import daily_schedule, rules, run_daily
from stafet.outcomes.actions import record_outcome
from stafet.programmes.models import Referral

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def clock(time_machine):
    def at(day: datetime.date, hour: int = 7) -> datetime.date:
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH), tick=False)
        return day

    return at


def run_on(clock, day: datetime.date) -> dict[str, int]:
    clock(day)
    first = run_daily()
    again = run_daily()
    assert set(again.values()) == {0}, f"{day}: the second run wrote {again}"
    return first


def sent(kind: str, **filters) -> list[tuple]:
    return sorted(Notification.objects.filter(kind=kind, **filters).values_list("recipient__username", "event"))


def test_no_first_meeting_reminds_the_mentor_on_day_14_and_tells_the_coordinators_on_day_21(world, clock):
    run_on(clock, datetime.date(2026, 3, 14))
    assert sent(Kind.NO_FIRST_MEETING) == []
    run_on(clock, datetime.date(2026, 3, 15))
    assert sent(Kind.NO_FIRST_MEETING) == [("mentor_user", f"mentorship:{world.mentorship.pk}:mentor")]
    run_on(clock, datetime.date(2026, 3, 22))
    assert sent(Kind.NO_FIRST_MEETING, recipient__role="coordinator") == [
        ("coordinator_a", f"mentorship:{world.mentorship.pk}:coordinator")
    ]


def test_a_first_meeting_logged_in_time_silences_the_rule(world, clock):
    clock(datetime.date(2026, 3, 10), 18)
    log_meeting(
        mentorship=world.mentorship,
        date=datetime.date(2026, 3, 10),
        hours=2,
        venue="company_site",
        topics=["cv"],
        by=world.users["mentor_user"],
    )
    run_on(clock, datetime.date(2026, 3, 25))
    assert sent(Kind.NO_FIRST_MEETING) == []


def test_a_planned_first_meeting_spares_the_mentor_but_not_the_coordinators_a_week_later(world, clock):
    clock(datetime.date(2026, 3, 12), 9)
    plan_meeting(
        mentorship=world.mentorship,
        starts_at=datetime.datetime(2026, 3, 16, 15, tzinfo=CPH),
        hours=2,
        venue="company_site",
        by=world.users["mentor_user"],
    )
    run_on(clock, datetime.date(2026, 3, 15))
    assert sent(Kind.NO_FIRST_MEETING) == []
    run_on(clock, datetime.date(2026, 3, 22))  # the planned meeting has passed and was never logged as held
    assert [r[0] for r in sent(Kind.NO_FIRST_MEETING)] == ["coordinator_a", "mentor_user"]


def test_thirty_days_without_a_meeting_tells_mentor_and_coordinators_once_per_silence(world, clock):
    clock(datetime.date(2026, 3, 10), 18)
    log_meeting(
        mentorship=world.mentorship,
        date=datetime.date(2026, 3, 10),
        hours=2,
        venue="company_site",
        topics=["cv"],
        by=world.users["mentor_user"],
    )
    run_on(clock, datetime.date(2026, 4, 8))
    assert sent(Kind.NO_RECENT_MEETING) == []
    run_on(clock, datetime.date(2026, 4, 9))
    event = f"mentorship:{world.mentorship.pk}:2026-03-10"
    assert sent(Kind.NO_RECENT_MEETING) == [("coordinator_a", event), ("mentor_user", event)]
    run_on(clock, datetime.date(2026, 4, 20))
    clock(datetime.date(2026, 4, 20), 18)
    log_meeting(
        mentorship=world.mentorship,
        date=datetime.date(2026, 4, 20),
        hours=2,
        venue="company_site",
        topics=["cv"],
        by=world.users["mentor_user"],
    )
    run_on(clock, datetime.date(2026, 5, 20))
    assert len(sent(Kind.NO_RECENT_MEETING)) == 4  # a new silence, told again


def test_the_coordinators_hear_of_calls_due_and_overdue_once_a_day(world, clock):
    run_on(clock, datetime.date(2026, 3, 7))
    assert sent(Kind.FOLLOW_UP_CALLS_DUE) == []
    run_on(clock, datetime.date(2026, 3, 8))  # the first call is due
    run_on(clock, datetime.date(2026, 3, 9))  # and now overdue
    rows = Notification.objects.filter(kind=Kind.FOLLOW_UP_CALLS_DUE).order_by("created_at")
    assert [(n.recipient.username, n.params["due_today"], n.params["overdue"]) for n in rows] == [
        ("coordinator_a", 1, 0),
        ("coordinator_a", 0, 1),
    ]
    assert rows[0].delivery == "digest"  # the coordinators' daily digest by default


def test_outcome_follow_ups_due_go_to_the_coordinators_and_the_referring_job_centre(world, clock, login):
    run_on(clock, datetime.date(2026, 11, 30))
    assert sent(Kind.OUTCOMES_DUE) == []
    run_on(clock, datetime.date(2026, 12, 1))  # three months after the end
    event = f"cohort:{world.cohort_k.pk}:plus_3"
    assert sent(Kind.OUTCOMES_DUE) == [("caseworker_x", event), ("coordinator_a", event)]
    assert Notification.objects.filter(kind=Kind.OUTCOMES_DUE).first().url == reverse("outcomes:due")
    # The page lists what is due, to each as far as they may see.
    page = login(world.users["caseworker_x"]).get(reverse("outcomes:due"))
    assert [(d.participant_id, d.measured) for d in page.context["due"]] == [(world.p1.pk, "plus_3")]
    for persona in ("caseworker_y", "coordinator_b"):
        assert login(world.users[persona]).get(reverse("outcomes:due")).context["due"] == []
    assert login(world.users["mentor_user"]).get(reverse("outcomes:due")).status_code == 404
    record_outcome(
        participant=world.p1,
        cohort=world.cohort_k,
        type="education",
        date=datetime.date(2026, 12, 1),
        measured="plus_3",
        by=world.users["coordinator_a"],
    )
    assert login(world.users["coordinator_a"]).get(reverse("outcomes:due")).context["due"] == []


def test_no_follow_up_without_consent_to_it(world, clock):
    Referral.objects.filter(participant=world.p1).update(consent_scope=Referral.ConsentScope.PROGRAMME)
    run_on(clock, datetime.date(2027, 9, 2))
    assert sent(Kind.OUTCOMES_DUE) == []


def test_reminders_go_out_the_day_before_an_event_and_a_planned_meeting(world, clock):
    clock(datetime.date(2026, 4, 1), 9)
    coordinator = world.users["coordinator_a"]
    event = event_actions.schedule_event(
        programme=world.programme_p,
        cohort=world.cohort_k,
        kind="midway",
        place="NGO A",
        starts_at=datetime.datetime(2026, 4, 10, 16, tzinfo=CPH),
        ends_at=datetime.datetime(2026, 4, 10, 18, tzinfo=CPH),
        by=coordinator,
    )
    event_actions.invite_to_event(event=event, by=coordinator, mentors=[world.m1], participants=[world.p1])
    plan_meeting(
        mentorship=world.mentorship,
        starts_at=datetime.datetime(2026, 4, 12, 15, tzinfo=CPH),
        hours=2,
        venue="company_site",
        by=world.users["mentor_user"],
    )
    run_on(clock, datetime.date(2026, 4, 8))
    assert sent(Kind.EVENT_REMINDER) == sent(Kind.MEETING_REMINDER) == []
    run_on(clock, datetime.date(2026, 4, 9))
    assert [r[0] for r in sent(Kind.EVENT_REMINDER)] == ["mentor_user", "participant_user"]
    run_on(clock, datetime.date(2026, 4, 11))
    assert [r[0] for r in sent(Kind.MEETING_REMINDER)] == ["mentor_user", "participant_user"]


def test_the_daily_digest_collects_what_waited_for_it_once(world, clock):
    coordinator = world.users["coordinator_a"]
    coordinator.email = "cecilie@example.org"
    coordinator.save()
    clock(datetime.date(2026, 4, 1), 9)
    raise_escalation(
        mentorship=world.mentorship, topic="housing", urgency="normal", text="Flat", by=world.users["mentor_user"]
    )
    assert Notification.objects.get(kind=Kind.ESCALATION_RAISED).status == Notification.Status.IN_DIGEST
    run_on(clock, datetime.date(2026, 4, 2))
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.recipient == coordinator and digest.items.count() == 2  # the escalation and the calls
    delivery.deliver_due()
    digest.refresh_from_db()
    assert digest.status == Notification.Status.SENT
    assert set(Notification.objects.filter(digest=digest).values_list("status", flat=True)) == {"digested"}
    run_on(clock, datetime.date(2026, 4, 3))
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 2  # today's calls: a new digest


def test_six_months_with_the_clock_moved_each_rule_fires_and_a_second_run_never_adds(world, clock):
    """A cohort's six months and its first outcome follow-up, the clock moved three days at a time (the rules count
    days since, so none is skipped; the event and the meeting fall the day after a step): every rule has its day,
    and running the schedule a second time writes nothing."""
    clock(datetime.date(2026, 3, 1), 9)
    coordinator = world.users["coordinator_a"]
    coordinator.email = "cecilie@example.org"
    coordinator.save()
    event = event_actions.schedule_event(
        programme=world.programme_p,
        cohort=world.cohort_k,
        kind="closing",
        place="NGO A",
        starts_at=datetime.datetime(2026, 8, 29, 16, tzinfo=CPH),
        ends_at=datetime.datetime(2026, 8, 29, 19, tzinfo=CPH),
        by=coordinator,
    )
    event_actions.invite_to_event(event=event, by=coordinator, mentors=[world.m1], participants=[world.p1])
    totals = {name: 0 for name, _rule in rules()}
    days = [datetime.date(2026, 3, 1) + datetime.timedelta(days=3 * step) for step in range(63)]  # to 3 September
    for day in [*days, datetime.date(2026, 12, 1)]:  # then the first follow-up of outcomes
        for name, count in run_on(clock, day).items():
            totals[name] += count
        if day == datetime.date(2026, 5, 6):  # a meeting at last, nine weeks in, and the next one planned
            clock(day, 18)
            log_meeting(
                mentorship=world.mentorship,
                date=day,
                hours=2,
                venue="company_site",
                topics=["cv"],
                by=world.users["mentor_user"],
            )
            plan_meeting(
                mentorship=world.mentorship,
                starts_at=datetime.datetime(2026, 5, 19, 15, tzinfo=CPH),
                hours=2,
                venue="company_site",
                by=world.users["mentor_user"],
            )
    # Nobody's retention runs out in the programme's first year (tests/test_privacy_retention.py).
    assert all(count for name, count in totals.items() if name not in ("retention", "read_log_retention")), totals
    assert set(Notification.objects.values_list("kind", flat=True)) == {
        Kind.NO_FIRST_MEETING,
        Kind.NO_RECENT_MEETING,
        Kind.FOLLOW_UP_CALLS_DUE,
        Kind.OUTCOMES_DUE,
        Kind.EVENT_INVITATION,
        Kind.EVENT_REMINDER,
        Kind.MEETING_PLANNED,
        Kind.MEETING_REMINDER,
        Kind.DIGEST,
    }


def test_the_command_runs_the_rules_and_queues_one_periodic_task(world, clock, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the worker's backend
    clock(datetime.date(2026, 3, 15), 10)
    out = io.StringIO()
    call_command("run_schedule", stdout=out)
    assert "no first meeting" in out.getvalue() and "2026-03-16 at 06:00" in out.getvalue()
    call_command("run_schedule", stdout=(again := io.StringIO()))
    assert all(line.endswith(" 0 new") for line in again.getvalue().splitlines() if line.endswith("new"))
    waiting = DBTaskResult.objects.filter(task_path=daily_schedule.module_path, status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after == datetime.datetime(2026, 3, 16, 6, tzinfo=CPH)


def test_the_periodic_task_runs_the_rules_and_queues_tomorrows_run(world, clock, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    clock(datetime.date(2026, 3, 15), 6)
    with transaction.atomic():
        counts = daily_schedule.call()
    assert counts["no_first_meeting"] == 1
    waiting = DBTaskResult.objects.filter(task_path=daily_schedule.module_path, status="READY")
    assert [t.run_after for t in waiting] == [datetime.datetime(2026, 3, 16, 6, tzinfo=CPH)]


def test_the_command_refuses_a_date_it_cannot_read(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_schedule", "--date", "1/3/2026", stdout=io.StringIO())
