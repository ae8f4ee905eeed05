"""Programme 3, two mentors per refugee (To mentorer): a business mentor and a Red Cross volunteer.

The Aalborg round of 2016 is over and reproduces the seed's figure: 8 of 10 refugees moved from passive benefits to
a job, an internship or education. The Ballerup, Frederikssund and Roskilde cohort of autumn 2026 is running.
"""

import datetime
import random

from stafet.demo.base import DemoBuilder
from stafet.demo.data import (
    BALLERUP,
    BALLERUP_DATA,
    COMMUNITY_JOBS,
    DEMO_TODAY,
    FREDERIKSSUND,
    MENTOR_JOBS_IT,
    MUNICIPALITIES,
    P3,
    RED_CROSS,
    ROSKILDE,
    SEED,
)
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import Mentorship
from stafet.organisations.models import Site
from stafet.outcomes.models import Outcome
from stafet.people.models import Mentor
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, Programme

AALBORG = "0851"
#: Aalborg 2016: (profession, outcome at the end) of the 10 highly educated refugees; 8 moved on.
AALBORG_2016 = [
    ("software", Outcome.Type.JOB_MATCHING),
    ("electrical_engineer", Outcome.Type.INTERNSHIP),
    ("lawyer", Outcome.Type.EDUCATION),
    ("economist", Outcome.Type.STEPPING_STONE),
    ("civil_engineer", Outcome.Type.INTERNSHIP),
    ("app_programmer", Outcome.Type.JOB_MATCHING),
    ("accountant", Outcome.Type.NONE),
    ("architect", Outcome.Type.EDUCATION),
    ("pharmacist", Outcome.Type.NONE),
    ("sysadmin", Outcome.Type.INTERNSHIP),
]


def build_dual(demo: DemoBuilder) -> None:
    build_dual_aalborg_2016(demo)
    rng = demo.rng
    coordinator = demo.users["koordinator.rk"]
    programme = demo.programmes[P3]
    start = datetime.date(2026, 10, 1)
    cohort = Cohort.objects.create(
        programme=programme,
        name="Hold efterår 2026",
        start_date=start,
        welcome_event_date=start,
        capacity=10,
        status=Cohort.Status.RUNNING,
    )
    demo.cohorts["p3"] = cohort
    specs = [
        ("SY", "software", BALLERUP),
        ("IR", "electrical_engineer", BALLERUP),
        ("AF", "lawyer", BALLERUP),
        ("UA", "economist", BALLERUP),
        ("SY", "civil_engineer", FREDERIKSSUND),
        ("ER", "app_programmer", FREDERIKSSUND),
        ("UA", "accountant", FREDERIKSSUND),
        ("IQ", "architect", ROSKILDE),
        ("SY", "pharmacist", ROSKILDE),
        ("AF", "sysadmin", ROSKILDE),
    ]
    people = []
    for country, profession, muni in specs:
        education = "master" if profession in ("lawyer", "economist", "architect", "pharmacist") else "bachelor"
        people.append(
            demo.new_participant(
                country=country,
                profession=profession,
                municipality=muni,
                education=education,
                arrived=(datetime.date(2022, 3, 1), datetime.date(2024, 12, 31)),
                permit_by=datetime.date(2026, 3, 31),
                da=demo.weighted([("A2", 4), ("B1", 5)]),
                en=demo.pick(["B2", "C1"]),
            )
        )
    participants = demo.save_participants(people)
    business = []
    for i in range(10):
        title, isco, leadership = MENTOR_JOBS_IT[i % len(MENTOR_JOBS_IT)]
        business.append(
            demo.new_mentor(
                organisation=demo.orgs[BALLERUP_DATA],
                site=demo.sites[BALLERUP_DATA],
                title=title,
                isco=isco,
                industry="J",
                years=rng.randint(6, 25),
                leadership=leadership,
            )
        )
    community = []
    for i, participant in enumerate(participants):
        job, job_isco = COMMUNITY_JOBS[i]  # a volunteer's job may have no ISCO code
        community.append(
            demo.new_mentor(
                organisation=demo.orgs[RED_CROSS],
                kind=Mentor.Kind.COMMUNITY,
                home=participant.municipality_id,
                title=job,
                isco=job_isco,
                industry=None,
                years=rng.randint(5, 40),
            )
        )
    business_mentors = demo.save_mentors(business)
    community_mentors = demo.save_mentors(community)
    # The logins: the first business mentor and the mentee.
    mentor_user, participant_user = demo.users["mentor"], demo.users["deltager"]
    first_mentor, first_participant = business_mentors[0], participants[0]
    for user, person in ((mentor_user, first_mentor), (participant_user, first_participant)):
        user.first_name, user.last_name = person.first_name, person.last_name
        user.save(update_fields=["first_name", "last_name"])
        person.user = user
        person.save(update_fields=["user"])

    for mentor in business_mentors + community_mentors:
        programme_actions.record_training(
            mentor=mentor,
            completed_on=demo.day_between(datetime.date(2026, 9, 1), datetime.date(2026, 9, 25)),
            by=coordinator,
        )
        programme_actions.enrol_mentor(mentor=mentor, cohort=cohort, by=coordinator, on=datetime.date(2026, 9, 1))
    for i, participant in enumerate(participants):
        referral = demo.refer(
            participant,
            programme,
            participant.municipality_id,
            demo.day_between(datetime.date(2026, 8, 1), datetime.date(2026, 8, 31)),
        )
        programme_actions.accept_referral(
            referral=referral, cohort=cohort, by=coordinator, on=datetime.date(2026, 9, 15)
        )
        for role, mentor in (
            (Mentorship.Role.PROFESSIONAL, business_mentors[i]),
            (Mentorship.Role.COMMUNITY, community_mentors[i]),
        ):
            mentorship = mentorship_actions.start_mentorship(
                cohort=cohort,
                mentor=mentor,
                participant=participant,
                role=role,
                by=coordinator,
                started_on=start,
            )
            if role == Mentorship.Role.PROFESSIONAL:
                venues = [(Programme.Venue.COMPANY_SITE, f"{BALLERUP_DATA}, Ballerup")]
                by = mentor_user if i == 0 else coordinator
            else:
                venues = [
                    (Programme.Venue.PUBLIC_PLACE, "Lokal idrætsforening"),
                    (Programme.Venue.PUBLIC_PLACE, "Biblioteket"),
                    (Programme.Venue.OTHER_PROFESSIONAL, "Røde Kors-butikken"),
                ]
                by = coordinator
            demo.log_meetings(
                mentorship,
                start=start,
                end=DEMO_TODAY,
                per_month=2 if role == "professional" else 1.5,
                by=by,
                adherence=0.9,
                venues=venues,
            )
            demo.complete_calls(mentorship, until=DEMO_TODAY, by=coordinator)


def build_dual_aalborg_2016(demo: DemoBuilder) -> None:
    """The Aalborg round of 2016, closed, with its outcomes; from a generator of its own, so the rest of the demo
    draws the same random numbers as without it."""
    saved, demo.rng = demo.rng, random.Random(SEED + 3)
    try:
        _build_aalborg(demo)
    finally:
        demo.rng = saved


def _build_aalborg(demo: DemoBuilder) -> None:
    rng = demo.rng
    coordinator = demo.users["koordinator.rk"]
    programme = demo.programmes[P3]
    programme.partner_municipalities.add(demo.orgs[MUNICIPALITIES[AALBORG]])
    start, end = datetime.date(2016, 9, 1), datetime.date(2017, 3, 1)
    cohort = Cohort.objects.create(
        programme=programme,
        name="Aalborg 2016",
        start_date=start,
        welcome_event_date=start,
        capacity=10,
        status=Cohort.Status.RUNNING,
    )
    demo.cohorts["p3_aalborg"] = cohort
    site = Site.objects.create(
        organisation=demo.orgs[BALLERUP_DATA], name="Aalborg", address="Hadsundvej 20", postcode_id="9000"
    )
    people = [
        demo.new_participant(
            country=demo.pick(["SY", "IR", "AF", "ER", "IQ"]),
            profession=profession,
            municipality=AALBORG,
            education="master" if profession in ("lawyer", "economist", "architect", "pharmacist") else "bachelor",
            arrived=(datetime.date(2014, 6, 1), datetime.date(2015, 10, 31)),
            permit_by=datetime.date(2016, 4, 30),
            da=demo.weighted([("A2", 4), ("B1", 5)]),
            en=demo.pick(["B2", "C1"]),
        )
        for profession, _outcome in AALBORG_2016
    ]
    participants = demo.save_participants(people)
    business = [
        demo.new_mentor(
            organisation=demo.orgs[BALLERUP_DATA],
            site=site,
            title=MENTOR_JOBS_IT[i % len(MENTOR_JOBS_IT)][0],
            isco=MENTOR_JOBS_IT[i % len(MENTOR_JOBS_IT)][1],
            industry="J",
            years=rng.randint(6, 25),
            leadership=MENTOR_JOBS_IT[i % len(MENTOR_JOBS_IT)][2],
        )
        for i in range(len(AALBORG_2016))
    ]
    community = [
        demo.new_mentor(
            organisation=demo.orgs[RED_CROSS],
            kind=Mentor.Kind.COMMUNITY,
            home=AALBORG,
            title=COMMUNITY_JOBS[i][0],
            isco=COMMUNITY_JOBS[i][1],
            industry=None,
            years=rng.randint(5, 40),
        )
        for i in range(len(AALBORG_2016))
    ]
    business_mentors, community_mentors = demo.save_mentors(business), demo.save_mentors(community)
    demo.train_and_enrol(business_mentors + community_mentors, cohort,
                         trained=(datetime.date(2016, 8, 1), datetime.date(2016, 8, 25)), by=coordinator)  # fmt: skip
    for i, participant in enumerate(participants):
        referred = (datetime.date(2016, 6, 1), datetime.date(2016, 7, 31))
        demo.refer_and_accept(
            participant,
            cohort,
            municipality=AALBORG,
            referred=referred,
            accepted_on=datetime.date(2016, 8, 15),
            by=coordinator,
        )
        pair = []
        for role, mentor in (
            (Mentorship.Role.PROFESSIONAL, business_mentors[i]),
            (Mentorship.Role.COMMUNITY, community_mentors[i]),
        ):
            mentorship = mentorship_actions.start_mentorship(
                cohort=cohort, mentor=mentor, participant=participant, role=role, by=coordinator, started_on=start
            )
            professional = role == Mentorship.Role.PROFESSIONAL
            demo.log_meetings(
                mentorship,
                start=start,
                end=end,
                per_month=2 if professional else 1.5,
                by=coordinator,
                adherence=0.9,
                venues=[(Programme.Venue.COMPANY_SITE, f"{BALLERUP_DATA}, Aalborg")]
                if professional
                else [
                    (Programme.Venue.PUBLIC_PLACE, "Lokal idrætsforening"),
                    (Programme.Venue.PUBLIC_PLACE, "Biblioteket"),
                ],
            )
            demo.complete_calls(mentorship, until=end, by=coordinator)
            pair.append(mentorship)
        outcome = AALBORG_2016[i][1]
        demo.close_with_outcome(
            pair,
            cohort,
            reason=Mentorship.ClosingReason.COMPLETED,
            ended_on=end,
            outcome=outcome,
            outcome_on=demo.day_between(datetime.date(2017, 1, 15), end) if outcome != Outcome.Type.NONE else end,
            by=coordinator,
        )
    cohort.transition_to(Cohort.Status.CLOSED)
    cohort.save(update_fields=["status"])
