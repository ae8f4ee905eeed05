"""Each user's private calendar feed: made, shown once, readable by calendar programs with its secret only; revoked
or remade, the old address is a 404; nobody reaches anyone else's."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.events import actions as event_actions
from stafet.mentorships.actions import plan_meeting
from stafet.notifications.models import CalendarFeed

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def dated(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 1, 10, tzinfo=CPH), tick=False)
    plan_meeting(
        mentorship=world.mentorship,
        starts_at=datetime.datetime(2026, 4, 8, 15, tzinfo=CPH),
        hours=2,
        venue="company_site",
        by=world.users["mentor_user"],
    )
    coordinator = world.users["coordinator_a"]
    world.event = event_actions.schedule_event(
        programme=world.programme_p,
        cohort=world.cohort_k,
        kind="midway",
        place="NGO A",
        by=coordinator,
        starts_at=datetime.datetime(2026, 4, 20, 16, tzinfo=CPH),
        ends_at=datetime.datetime(2026, 4, 20, 18, tzinfo=CPH),
    )
    event_actions.invite_to_event(event=world.event, by=coordinator, mentors=[world.m1])
    return world


def feed_url(login, user) -> str:
    client = login(user)
    client.post(reverse("notifications:feed_new"))
    return client.get(reverse("notifications:settings")).context["feed_url"]


def entries(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]


def test_a_mentors_feed_holds_their_meetings_and_events_and_is_read_without_logging_in(dated, login):
    url = feed_url(login, dated.users["mentor_user"])
    assert url.startswith("http://testserver/notifications/calendar/") and url.endswith(".ics")
    summaries = entries(Client().get(url))  # a calendar program: no session
    assert summaries == ["Mentormøde: Mads og Pia", "Midtvejsmøde (Programme P)"]
    assert AuditEvent.objects.filter(action="calendar_feed.created").count() == 1
    assert login(dated.users["mentor_user"]).get(reverse("notifications:settings")).context["feed_url"] == ""


def test_a_coordinators_feed_holds_the_follow_up_calls_and_the_programmes_events(dated, login):
    summaries = entries(Client().get(feed_url(login, dated.users["coordinator_a"])))
    calls = dated.mentorship.follow_up_calls.filter(done_on__isnull=True).count()
    assert summaries.count("Opfølgningsopkald: Pia og Mads") == calls
    assert "Midtvejsmøde (Programme P)" in summaries
    assert not any(s.startswith("Mentormøde") for s in summaries)
    assert entries(Client().get(feed_url(login, dated.users["coordinator_b"]))) == []


def test_a_remade_or_revoked_address_stops_working(dated, login):
    user = dated.users["mentor_user"]
    old = feed_url(login, user)
    new = feed_url(login, user)
    assert Client().get(old).status_code == 404 and Client().get(new).status_code == 200
    login(user).post(reverse("notifications:feed_revoke"))
    assert Client().get(new).status_code == 404
    assert not CalendarFeed.objects.exists()
    assert AuditEvent.objects.filter(action="calendar_feed.revoked").count() == 1


def test_anothers_feed_cannot_be_reached_by_guessing_or_by_login(dated, login):
    url = feed_url(login, dated.users["mentor_user"])
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    selector, verifier = secret.split(".")
    client = login(dated.users["coordinator_a"])  # even logged in, the secret is the only key
    for guess in (
        f"{selector}.{verifier[:-1]}x",
        f"{selector}.",
        selector,
        f"x{selector[1:]}.{verifier}",
        "1",
        "..",
        f"{selector}.{verifier}.extra",
        str(dated.users["mentor_user"].pk),
    ):
        assert client.get(reverse("notifications:feed", args=[guess])).status_code == 404, guess
    assert client.get(url).status_code == 200


def test_a_deactivated_users_feed_stops_working(dated, login):
    url = feed_url(login, dated.users["mentor_user"])
    dated.users["mentor_user"].is_active = False
    dated.users["mentor_user"].save()
    assert Client().get(url).status_code == 404


def test_only_a_hash_of_the_secret_is_kept(dated, login):
    url = feed_url(login, dated.users["mentor_user"])
    verifier = url.rsplit(".", 2)[1]
    feed = CalendarFeed.objects.get()
    assert verifier not in (feed.selector, feed.verifier_hash)
