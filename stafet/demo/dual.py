"""Programme 3, two mentors per refugee (To mentorer): a business mentor and a Red Cross volunteer."""

import datetime

from stafet.demo.base import DemoBuilder
from stafet.demo.data import (
    BALLERUP,
    BALLERUP_DATA,
    COMMUNITY_JOBS,
    DEMO_TODAY,
    FREDERIKSSUND,
    MENTOR_JOBS_IT,
    P3,
    RED_CROSS,
    ROSKILDE,
)
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import Mentorship
from stafet.people.models import Mentor
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, Programme


def build_dual(demo: DemoBuilder) -> None:
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
