"""One meeting plan: every page that shows "meetings planned so far" shows the same number, and every share of the
plan is worked out from the figures shown (the pair's page, pair health, the mentor's overview, the report)."""

import csv
import datetime
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from stafet.mentorships.models import Meeting, Mentorship
from stafet.programmes.plan import add_months, plan_so_far, share_of_plan, whole_plan
from tests.auth import log_in

TODAY = timezone.localdate()
CORPS = SimpleNamespace(meetings_per_month=Decimal(2), hours_per_month=Decimal(4), duration_months=6)


@pytest.mark.parametrize(
    ("start", "until", "meetings", "hours"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 7, 1), 12, Decimal("24.0")),  # 181 days: six months
        (datetime.date(2026, 3, 1), datetime.date(2026, 8, 29), 11, Decimal("23.6")),  # 181 days: 5 and 28/31
        (datetime.date(2026, 3, 1), datetime.date(2026, 4, 16), 3, Decimal("6.0")),  # 1.5 months
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), 2, Decimal("4.0")),  # February's last day
        (datetime.date(2026, 3, 1), datetime.date(2027, 3, 1), 12, Decimal("24.0")),  # never past the duration
        (datetime.date(2026, 3, 1), datetime.date(2026, 2, 1), 0, Decimal("0.0")),  # not started
    ],
)
def test_the_plan_counts_calendar_months_and_rounds_meetings_down(start, until, meetings, hours):
    plan = plan_so_far(CORPS, start, None, until)
    assert (plan.meetings, plan.hours) == (meetings, hours)


def test_a_closed_pair_is_held_to_the_plan_until_it_ended():
    plan = plan_so_far(CORPS, datetime.date(2026, 3, 1), datetime.date(2026, 5, 1), datetime.date(2026, 12, 1))
    assert plan.meetings == 4
    assert whole_plan(CORPS).meetings == 12


def test_a_share_of_the_plan_is_of_the_figures_shown():
    """2 held of 6 planned is 33 %, whatever fraction of a seventh meeting the days would give."""
    assert share_of_plan(2, 6) == 33
    assert share_of_plan(0, 0) is None


@pytest.fixture
def pair(world):
    """World's pair (mentor Mads, participant Pia) started exactly six months ago, with two meetings: 181 to 184
    days, as the months fall."""
    started = add_months(TODAY, -6)
    Mentorship.objects.filter(pk=world.mentorship.pk).update(started_on=started)
    for days in (150, 100):
        Meeting.objects.create(
            mentorship=world.mentorship, date=TODAY - datetime.timedelta(days), hours=2, venue="online"
        )
    world.mentorship.refresh_from_db()
    return world


def shown_on_every_page(world, client) -> dict[str, int]:
    """The meetings planned so far as each page shows them."""
    coordinator, mentor = world.users["coordinator_a"], world.users["mentor_user"]
    log_in(client, coordinator)
    health = client.get(reverse("mentorships:cohort_health", args=[world.cohort_k.pk])).content.decode()
    detail = client.get(reverse("mentorships:detail", args=[world.mentorship.pk])).content.decode()
    report = client.get(
        reverse("outcomes:cohort_report", args=[world.cohort_k.pk]), {"format": "csv", "table": "meetings"}
    )
    rows = list(csv.reader(io.StringIO(report.content.decode().lstrip("\ufeff")), delimiter=";"))
    log_in(client, mentor)
    home = client.get(reverse("home")).content.decode()
    return {
        "pair health": int(re.search(r'data-testid="meetings">\s*2 of (\d+)', health).group(1)),
        "mentorship": int(re.search(r"of (\d+) meetings expected so far", detail).group(1)),
        "mentor's overview": int(re.search(r"2 of (\d+) meetings expected so far", home).group(1)),
        "report": int(next(row for row in rows if row[0] == str(world.p1))[rows[0].index("Meetings planned")]),
    }


def test_six_months_at_two_a_month_is_twelve_on_every_page(pair, client):
    assert set(shown_on_every_page(pair, client).values()) == {12}


def test_a_181_day_pair_shows_one_number_on_every_page(pair, client):
    started = TODAY - datetime.timedelta(days=181)
    Mentorship.objects.filter(pk=pair.mentorship.pk).update(started_on=started)
    expected = plan_so_far(pair.programme_p, started, None, TODAY).meetings
    assert expected in (11, 12)
    assert set(shown_on_every_page(pair, client).values()) == {expected}


def test_the_reports_adherence_is_held_of_planned_as_shown(pair, client):
    """Three months in: 6 planned, 2 held: the report shows 6 and 33 %, and the total row adds up."""
    Mentorship.objects.filter(pk=pair.mentorship.pk).update(started_on=add_months(TODAY, -3))
    Meeting.objects.filter(mentorship=pair.mentorship).update(date=TODAY - datetime.timedelta(days=10))
    log_in(client, pair.users["coordinator_a"])
    report = client.get(
        reverse("outcomes:cohort_report", args=[pair.cohort_k.pk]), {"format": "csv", "table": "meetings"}
    )
    rows = list(csv.DictReader(io.StringIO(report.content.decode().lstrip("\ufeff")), delimiter=";"))
    row = next(r for r in rows if r["Participant"] == str(pair.p1))
    assert (row["Meetings held"], row["Meetings planned"], row["Adherence (%)"]) == ("2", "6", "33")
    total = rows[-1]
    held, planned = int(total["Meetings held"]), int(total["Meetings planned"])
    assert planned == sum(int(r["Meetings planned"]) for r in rows[:-1])
    assert total["Adherence (%)"] == str(share_of_plan(held, planned))
