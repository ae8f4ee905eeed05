"""Benchmark of the daily notification schedule on PostgreSQL: its time and its number of queries at 10,000 and
100,000 mentorships, against a baseline that checks each mentorship on its own (the obvious loop).

Usage: .venv/bin/python bench/daily_schedule.py [--sizes 10000 100000] [--baseline 2000]
       [--database postgres://postgres@127.0.0.1:5432/stafet_bench_schedule]

The database is dropped and made again (migrations, reference data). For each size, more cohorts are added until
the database holds that many mentorships (100 pairs a cohort, in ten NGOs' programmes, cohorts starting over the
last 18 months, so every rule has work: pairs without a first meeting, silent pairs, calls due and overdue,
outcome follow-ups due). Then, for the same day: the first run (it writes the backlog of everything due), the
second run (idempotent: nothing new), and the run a day later (the steady state, one day's news). Each line gives
the seconds, the SQL queries, and the notifications written. The baseline applies two of the seven rules (no first
meeting, no meeting for 30 days) pair by pair, checking only, on ``--baseline`` active pairs, and is extrapolated
to all the active pairs: the ratios are its time over the schedule's whole daily run (all seven rules, writing) and
over its first run. Peak memory is this process's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/stafet_bench_schedule"


def setup_django(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(DATABASE_URL=url, STAFET_DEBUG="1", DJANGO_SETTINGS_MODULE="stafet.config.settings",
                      STAFET_TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
                      STAFET_LOG_LEVEL="WARNING")  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from stafet.reference.loaders import load_reference

    load_reference()


class World:
    """Ten NGOs with a programme and two coordinators each, ten job centres with two caseworkers each."""

    def __init__(self, today: datetime.date, seed: int = 13) -> None:
        from django.contrib.auth.hashers import make_password

        from stafet.organisations.models import Organisation, Role, Site, User
        from stafet.programmes.models import Programme
        from stafet.reference.models import Municipality

        self.today, self.rng = today, random.Random(seed)
        self.cohorts = 0
        password = make_password(None)
        municipalities = list(Municipality.objects.order_by("code")[:10])
        self.job_centres = [Organisation.objects.create(name=f"Jobcenter {m.name}", kind="municipality",
                                                        municipality=m) for m in municipalities]  # fmt: skip
        self.programmes = []
        for i in range(10):
            ngo = Organisation.objects.create(name=f"NGO {i}", kind="ngo", email=f"ngo{i}@example.org")
            company = Organisation.objects.create(name=f"Company {i}", kind="company")
            self.site = Site.objects.create(organisation=company, name="HQ", address="Vej 1", postcode_id="8000")
            programme = Programme.objects.create(name=f"Programme {i}", kind="mentor_corps", operator=ngo)
            programme.partner_municipalities.set(self.job_centres)
            self.programmes.append((programme, company))
            for j in range(2):
                User.objects.create(username=f"coordinator{i}-{j}", role=Role.COORDINATOR, organisation=ngo,
                                    email=f"c{i}{j}@example.org", password=password)  # fmt: skip
        for i, centre in enumerate(self.job_centres):
            for j in range(2):
                User.objects.create(username=f"caseworker{i}-{j}", role=Role.CASEWORKER, organisation=centre,
                                    email=f"w{i}{j}@example.org", password=password)  # fmt: skip

    def grow_to(self, size: int) -> float:
        """Add cohorts of 100 pairs until there are ``size`` mentorships; returns the seconds it took."""
        from stafet.mentorships.models import Mentorship

        started = time.perf_counter()
        while Mentorship.objects.count() < size:
            batch = min(100, (size - Mentorship.objects.count()) // 100)
            self._cohorts(max(batch, 1))
        return time.perf_counter() - started

    def _cohorts(self, count: int) -> None:
        from stafet.mentorships.actions import follow_up_dates
        from stafet.mentorships.models import FollowUpCall, Meeting, Mentorship
        from stafet.outcomes.models import Outcome
        from stafet.people.models import Mentor, Participant
        from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment, Referral

        rng, today = self.rng, self.today
        cohorts = []
        for _ in range(count):
            programme, company = self.programmes[self.cohorts % 10]
            start = today - datetime.timedelta(days=rng.randint(5, 540))
            cohorts.append(Cohort(programme=programme, name=f"Cohort {self.cohorts}", start_date=start, capacity=100,
                                  status="running"))  # fmt: skip
            self.cohorts += 1
        Cohort.objects.bulk_create(cohorts)
        participants, mentors = [], []
        for cohort in cohorts:
            for k in range(100):
                participants.append(Participant(first_name="Amal", last_name=f"P{cohort.pk}-{k}", birth_year=1990,
                                                country_of_origin_id="SY", municipality_id="0751",
                                                home_postcode_id="8000", education_level="bachelor"))  # fmt: skip
                mentors.append(Mentor(first_name="Mette", last_name=f"M{cohort.pk}-{k}", organisation=company,
                                      site=self.site, email=f"m{cohort.pk}-{k}@example.org",
                                      training_completed_on=datetime.date(2024, 1, 1)))  # fmt: skip
        Participant.objects.bulk_create(participants, batch_size=5000)
        Mentor.objects.bulk_create(mentors, batch_size=5000)
        referrals, p_enrol, m_enrol, pairs = [], [], [], []
        for i, (participant, mentor) in enumerate(zip(participants, mentors, strict=True)):
            cohort = cohorts[i // 100]
            referrals.append(Referral(participant=participant, programme=cohort.programme,
                                      municipality=self.job_centres[i % 10], referred_on=cohort.start_date,
                                      consent_given_on=cohort.start_date, consent_scope="programme_follow_up",
                                      status="accepted"))  # fmt: skip
            p_enrol.append(ParticipantEnrolment(cohort=cohort, participant=participant, enrolled_on=cohort.start_date))
            m_enrol.append(MentorEnrolment(cohort=cohort, mentor=mentor, capacity=1, enrolled_on=cohort.start_date))
            end = cohort.start_date + datetime.timedelta(days=182)
            closed = end < today
            pairs.append(Mentorship(cohort=cohort, mentor=mentor, participant=participant, started_on=cohort.start_date,
                                    status="closed" if closed else "active", ended_on=end if closed else None,
                                    closing_reason="completed" if closed else ""))  # fmt: skip
        Referral.objects.bulk_create(referrals, batch_size=5000)
        ParticipantEnrolment.objects.bulk_create(p_enrol, batch_size=5000)
        MentorEnrolment.objects.bulk_create(m_enrol, batch_size=5000)
        Mentorship.objects.bulk_create(pairs, batch_size=5000)
        meetings, calls, outcomes = [], [], []
        for m in pairs:
            until = min(today, m.ended_on or today)
            span = (until - m.started_on).days
            if span > 0 and rng.random() < 0.9:  # one in ten never meets
                for _ in range(rng.randint(1, 8)):
                    day = m.started_on + datetime.timedelta(days=rng.randint(0, span))
                    meetings.append(Meeting(mentorship=m, date=day, hours=2, venue="company_site", topics=["cv"]))
            for due in follow_up_dates(m.started_on, 6):
                done = due < today - datetime.timedelta(days=3) and rng.random() < 0.95
                calls.append(FollowUpCall(mentorship=m, due_on=due, done_on=due if done else None,
                                          result="going_well" if done else ""))  # fmt: skip
            if m.ended_on and rng.random() < 0.5:
                outcomes.append(Outcome(participant=m.participant, cohort=m.cohort, type="education",
                                        date=m.ended_on, measured="end"))  # fmt: skip
        Meeting.objects.bulk_create(meetings, batch_size=10000)
        FollowUpCall.objects.bulk_create(calls, batch_size=10000)
        Outcome.objects.bulk_create(outcomes, batch_size=10000)


def measure(label: str, func) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - started
    return seconds, len(queries), result


def baseline(today: datetime.date, n: int) -> tuple[float, int]:
    """The two mentorship rules checked pair by pair, the way a first version would: per active pair, is there a
    meeting, when was the last, has it been told. Returns (seconds per pair, queries per pair)."""
    from django.db.models import Max

    from stafet.mentorships.models import Mentorship
    from stafet.notifications.models import Kind, Notification

    def loop():
        for m in Mentorship.objects.filter(status="active").order_by("pk")[:n]:
            last = m.meetings.aggregate(d=Max("date"))["d"]
            if last is None and (today - m.started_on).days >= 14:
                Notification.objects.filter(kind=Kind.NO_FIRST_MEETING, event=f"mentorship:{m.pk}:mentor").exists()
            since = last or m.started_on
            if (today - since).days >= 30:
                Notification.objects.filter(kind=Kind.NO_RECENT_MEETING, event=f"mentorship:{m.pk}:{since}").exists()

    seconds, queries, _ = measure("baseline", loop)
    return seconds / n, queries / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--baseline", type=int, default=2000, help="pairs the baseline checks one by one")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    args = parser.parse_args()
    setup_django(args.database)

    from django.db import transaction
    from django.utils import timezone

    from stafet.mentorships.models import Mentorship
    from stafet.notifications.models import Notification
    from stafet.notifications.schedule import rules, run_daily

    today = timezone.localdate()
    world = World(today)
    run_daily(today - datetime.timedelta(days=1000))  # warm-up on empty tables: imports and the ORM's first steps
    print(f"Daily schedule on PostgreSQL ({args.database.rsplit('/', 1)[1]}), today {today}")
    header = f"{'mentorships':>11} {'run':<22} {'seconds':>8} {'queries':>8} {'written':>8}"
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        built = world.grow_to(size)
        rows = {}
        for label, day in (("first (the backlog)", today), ("second, same day", today),
                           ("next day", today + datetime.timedelta(days=1))):  # fmt: skip
            before = Notification.objects.count()
            seconds, queries, counts = measure(label, lambda d=day: run_daily(d))
            written = Notification.objects.count() - before
            rows[label] = seconds
            print(f"{size:>11,} {label:<22} {seconds:>8.2f} {queries:>8} {written:>8,}")
        with transaction.atomic():
            per_pair, queries_per_pair = baseline(today, min(args.baseline, size))
            transaction.set_rollback(True)
        active = Mentorship.objects.filter(status="active").count()  # the pairs the loop visits
        estimate = per_pair * active
        print(f"{size:>11,} {'baseline, pair by pair':<22} {estimate:>8.2f} {int(queries_per_pair * active):>8} "
              f"{'':>8}  (measured on {min(args.baseline, size):,} pairs, extrapolated: "
              f"{estimate / rows['next day']:.0f}x the schedule's daily run, "
              f"{estimate / rows['first (the backlog)']:.1f}x its first)")  # fmt: skip
        n_rules = len(rules())
        print(f"{'':>11} ({active:,} active pairs; data built in {built:.0f} s; the schedule runs {n_rules} rules, "
              "the baseline 2)")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
