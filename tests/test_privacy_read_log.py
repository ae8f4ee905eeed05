"""The read log beyond the pages: the calendar feed (opened without a login, by its secret) and the management
commands that show people write read records like a page does; and the read log itself is kept only
``READ_LOG_MONTHS``, after which the daily schedule deletes it and says so on the audit trail."""

import datetime

import django
import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stafet.__main__ import main
from stafet.audit.models import AuditEvent
from stafet.notifications.feed import new_secret
from stafet.notifications.schedule import run_daily
from stafet.people.models import Participant
from stafet.privacy.models import PersonRead
from stafet.privacy.retention import purge_read_log


def test_the_calendar_feed_records_its_owner_as_the_reader(world):
    coordinator = world.users["coordinator_a"]
    secret = new_secret(coordinator)
    response = Client().get(reverse("notifications:feed", args=[secret]))  # a calendar program: no session
    assert response.status_code == 200 and "Pia" in response.content.decode()  # the follow-up calls name the pair
    found = set(PersonRead.objects.values_list("actor", "kind", "person_id", "what", "method"))
    assert (coordinator.pk, "participant", world.p1.pk, "notifications:feed", "GET") in found
    assert (coordinator.pk, "mentor", world.m1.pk, "notifications:feed", "GET") in found
    # The secret in the address is not kept in the log.
    assert not PersonRead.objects.filter(path__contains=secret.split(".")[1]).exists()


def test_a_wrong_feed_secret_records_nothing(world):
    new_secret(world.users["coordinator_a"])
    assert Client().get(reverse("notifications:feed", args=["no.such"])).status_code == 404
    assert not PersonRead.objects.exists()


@pytest.fixture
def configured(monkeypatch):
    """Django is set up already: ``main`` setting it up again would rebind the log handlers to pytest's captured
    stderr, which is closed after the test (and breaks the log tests that run later in the same worker). A command
    closes the database connections when it ends, which would close the test's own transaction on PostgreSQL."""
    monkeypatch.setattr(django, "setup", lambda *args, **kwargs: None)
    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_a_command_that_shows_people_records_them(world, capsys, configured):
    main(["stafet", "dumpdata", "people.participant", "--indent", "0"])
    assert world.p1.last_name in capsys.readouterr().out
    records = PersonRead.objects.filter(what="command:dumpdata")
    assert set(records.values_list("kind", "person_id")) == {
        ("participant", pk) for pk in Participant.objects.values_list("pk", flat=True)
    }
    record = records.first()
    assert record.actor is None and record.method == "CLI" and record.path.startswith("stafet dumpdata (account ")
    # Only the command is kept, never its arguments.
    assert "people.participant" not in record.path


def test_a_command_that_shows_nobody_writes_no_read_records(world, capsys, configured):
    main(["stafet", "check"])
    assert not PersonRead.objects.exists()


def read(at: datetime.datetime, pk: int) -> PersonRead:
    return PersonRead.objects.create(at=at, kind="participant", person_id=pk, what="people:participant", path="/")


def test_the_daily_rule_deletes_read_records_older_than_the_retention_and_audits_the_count(world, settings):
    settings.READ_LOG_MONTHS = 6
    today = datetime.date(2026, 12, 5)
    at = timezone.make_aware
    old = [read(at(datetime.datetime(2026, 6, 4, 23, 59)), world.p1.pk), read(at(datetime.datetime(2025, 1, 1)), 2)]
    kept = [read(at(datetime.datetime(2026, 6, 5, 0, 0)), world.p1.pk), read(at(datetime.datetime(2026, 12, 1)), 3)]

    assert run_daily(today)["read_log_retention"] == 2
    assert set(PersonRead.objects.values_list("pk", flat=True)) == {r.pk for r in kept}
    assert not PersonRead.objects.filter(pk__in=[r.pk for r in old]).exists()
    event = AuditEvent.objects.get(action="read_log.purged")
    assert event.details["deleted"] == 2 and event.details["months"] == 6 and event.actor is None
    # A second run the same day deletes and records nothing.
    assert purge_read_log(today) == 0
    assert AuditEvent.objects.filter(action="read_log.purged").count() == 1


def test_the_read_logs_retention_is_a_setting(world, settings):
    settings.READ_LOG_MONTHS = 1
    read(timezone.make_aware(datetime.datetime(2026, 10, 1)), world.p1.pk)
    assert purge_read_log(datetime.date(2026, 11, 1)) == 0  # kept since 1 October
    assert purge_read_log(datetime.date(2026, 11, 2)) == 1
    assert PersonRead.objects.count() == 0
