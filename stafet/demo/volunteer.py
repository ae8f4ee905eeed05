"""Programme 2, volunteer business mentors (Hjælp en flygtning NU): local business people, each with their own
business, who give 4 hours a month for 6 months.

The spring 2026 cohort is over and reproduces the seed's figure: of the refugees who completed a mentorship, 65 %
moved on to a job, education, a wage-subsidy job or an internship (13 of the 20 who completed; 3 more ended early),
referred by several of the 13 municipalities. The autumn 2026 cohort is running.
"""

import datetime
import random

from stafet.demo.base import DemoBuilder, _NewMentor, slug
from stafet.demo.data import (
    AARHUS,
    DEMO_TODAY,
    KBH,
    P2,
    SEED,
    VOLUNTEER_JOBS,
)
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import Mentorship
from stafet.organisations.models import Organisation
from stafet.outcomes import actions as outcome_actions
from stafet.outcomes.models import Outcome
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, Programme
from stafet.reference.models import Municipality

#: What a volunteer's own business is called after, by its industry (NACE section).
TRADES = {
    "F": "Byg",
    "I": "Restaurant",
    "K": "Revision",
    "G": "Handel",
    "H": "Transport",
    "Q": "Plejehjem",
    "C": "Produktion",
    "J": "IT",
    "P": "Privatskole",
    "M": "Rådgivning",
}
BY_INDUSTRY = {
    "F": ["carpenter", "electrician", "civil_engineer"],
    "I": ["cook", "receptionist"],
    "K": ["accountant", "economist"],
    "G": ["shop_assistant", "mechanic"],
    "H": ["truck_driver", "driver"],
    "Q": ["healthcare_assistant", "nurse"],
    "C": ["butcher", "mechanical_engineer", "baker"],
    "J": ["software", "sysadmin"],
    "P": ["teacher_primary"],
    "M": ["accountant", "graphic_designer"],
}


def local_volunteer(
    demo: DemoBuilder, *, muni: str, job: tuple[str, str, str], years: int, leadership: bool
) -> _NewMentor:
    """A local business person as a volunteer mentor, employed by their own business in their own industry."""
    title, isco, industry = job
    name = demo.danish_name()  # drawn here, as new_mentor would, so the generator's sequence is unchanged
    town = Municipality.objects.get(pk=muni).name.removesuffix(" Kommune")
    company = f"{name[1]} {TRADES.get(industry, 'Erhverv')}, {town}"
    while company in demo.orgs:
        company += " II"
    demo.orgs[company] = Organisation.objects.create(
        name=company, kind=Organisation.Kind.COMPANY, email=f"kontakt@{slug(name[1])}-{slug(town)}.example.org"
    )
    return demo.new_mentor(
        organisation=demo.orgs[company],
        home=muni,
        title=title,
        isco=isco,
        industry=industry,
        years=years,
        leadership=leadership,
        name=name,
    )


def build_volunteer(demo: DemoBuilder) -> None:
    rng = demo.rng
    coordinator = demo.users["koordinator"]
    programme = demo.programmes[P2]
    start = datetime.date(2026, 9, 1)
    cohort = Cohort.objects.create(
        programme=programme,
        name="Efterår 2026",
        start_date=start,
        welcome_event_date=datetime.date(2026, 8, 27),
        capacity=20,
        status=Cohort.Status.RUNNING,
    )
    demo.cohorts["p2"] = cohort
    build_volunteer_spring(demo)
    munis = [AARHUS] * 6 + ["0851", "0851", "0461", "0461", "0730", "0740", "0630", KBH, "0615", "0657"]
    countries = ["SY", "AF", "ER", "UA", "SO", "IQ", "IR", "SY", "UA", "AF", "ER", "SY", "UA", "AF", "SO", "SY"]
    jobs = VOLUNTEER_JOBS[:]
    rng.shuffle(jobs)
    people, new_mentors = [], []
    for i, (muni, country) in enumerate(zip(munis, countries, strict=True)):
        title, isco, industry = jobs[i % len(jobs)]
        profession = demo.pick(BY_INDUSTRY.get(industry, ["warehouse"]))
        people.append(
            demo.new_participant(
                country=country,
                profession=profession,
                municipality=muni,
                arrived=(datetime.date(2022, 1, 1), datetime.date(2025, 3, 31)),
                permit_by=datetime.date(2026, 6, 30),
                da=demo.weighted([("A2", 5), ("B1", 4)]),
            )
        )
        new_mentors.append(
            local_volunteer(
                demo, muni=muni, job=(title, isco, industry), years=rng.randint(10, 35), leadership=rng.random() < 0.7
            )
        )
    participants = demo.save_participants(people)
    mentors = demo.save_mentors(new_mentors)
    for mentor in mentors:
        programme_actions.record_training(
            mentor=mentor,
            completed_on=demo.day_between(datetime.date(2026, 8, 10), datetime.date(2026, 8, 27)),
            by=coordinator,
        )
        programme_actions.enrol_mentor(mentor=mentor, cohort=cohort, by=coordinator, on=datetime.date(2026, 8, 1))
    overdue = {3, 9}
    for i, (participant, mentor) in enumerate(zip(participants, mentors, strict=True)):
        referral = demo.refer(
            participant,
            programme,
            participant.municipality_id,
            demo.day_between(datetime.date(2026, 6, 1), datetime.date(2026, 7, 31)),
        )
        programme_actions.accept_referral(
            referral=referral, cohort=cohort, by=coordinator, on=datetime.date(2026, 8, 20)
        )
        started = start + datetime.timedelta(days=rng.randint(0, 12))
        mentorship = mentorship_actions.start_mentorship(
            cohort=cohort,
            mentor=mentor,
            participant=participant,
            role=Mentorship.Role.PROFESSIONAL,
            by=coordinator,
            started_on=started,
        )
        end = DEMO_TODAY if i != 15 else datetime.date(2026, 10, 30)
        demo.log_meetings(
            mentorship,
            start=started,
            end=end,
            per_month=2,
            by=coordinator,
            adherence=0.85 if i % 4 else 0.55,
            hours=(1.5, 2, 2, 2.5),
            venues=[
                (Programme.Venue.OTHER_PROFESSIONAL, f"{mentor.job_title}: mentorens arbejdsplads"),
                (Programme.Venue.PUBLIC_PLACE, "Bibliotek"),
                (Programme.Venue.PUBLIC_PLACE, "Café i centrum"),
                (Programme.Venue.ONLINE, "Telefon/video"),
            ],
        )
        demo.complete_calls(mentorship, until=min(end, DEMO_TODAY), by=coordinator, skip_last=i in overdue)
        if i == 15:  # got a job before the end
            mentorship_actions.close_mentorship(
                mentorship=mentorship,
                reason=Mentorship.ClosingReason.PARTICIPANT_GOT_JOB,
                ended_on=end,
                by=coordinator,
                note="Fik job via mentorens netværk.",
            )
            outcome_actions.record_outcome(
                participant=participant,
                cohort=cohort,
                type=Outcome.Type.STEPPING_STONE,
                measured=Outcome.Measured.END,
                date=datetime.date(2026, 11, 1),
                employer="Lokal virksomhed i mentorens branche",
                by=coordinator,
            )
        if i == 2:
            mentorship_actions.raise_escalation(
                mentorship=mentorship,
                topic="housing",
                urgency="normal",
                by=coordinator,
                text="Mentoren fortæller, at deltageren skal flytte fra sin midlertidige bolig 1. december og "
                "endnu ikke har fået svar fra kommunen. Mentoren ved ikke, hvordan han kan hjælpe.",
            )
        if i == 6:
            escalation = mentorship_actions.raise_escalation(
                mentorship=mentorship,
                topic="municipality",
                urgency="low",
                by=coordinator,
                text="Deltageren er i tvivl om, hvorvidt praktik påvirker ydelsen.",
            )
            mentorship_actions.resolve_escalation(
                escalation=escalation,
                by=coordinator,
                note="Talt med sagsbehandleren; praktikken påvirker ikke ydelsen. Mentor og deltager orienteret.",
            )
    # New referrals from Aarhus waiting for the next round.
    waiting = demo.save_participants(
        [
            demo.new_participant(
                country=demo.pick(["SY", "AF", "ER", "UA"]),
                profession=demo.pick(["cook", "carpenter", "accountant", "warehouse", "nurse"]),
                municipality=AARHUS,
                arrived=(datetime.date(2023, 1, 1), datetime.date(2025, 6, 30)),
                permit_by=datetime.date(2026, 9, 30),
            )
            for _ in range(5)
        ]
    )
    for participant in waiting:
        demo.refer(
            participant,
            programme,
            AARHUS,
            demo.day_between(datetime.date(2026, 10, 15), datetime.date(2026, 11, 19)),
        )


#: Spring 2026: (municipality, outcome at the end) per participant. The first 20 completed their mentorship, 13 of
#: them moved on (65 %, the seed's figure); the last 3 ended early (one with an outcome recorded, two without).
SPRING_2026 = [
    (AARHUS, Outcome.Type.JOB_MATCHING),
    (AARHUS, Outcome.Type.STEPPING_STONE),
    (AARHUS, Outcome.Type.WAGE_SUBSIDY),
    (AARHUS, Outcome.Type.INTERNSHIP),
    (AARHUS, Outcome.Type.NONE),
    (AARHUS, Outcome.Type.EDUCATION),
    ("0851", Outcome.Type.STEPPING_STONE),
    ("0851", Outcome.Type.NONE),
    ("0461", Outcome.Type.WAGE_SUBSIDY),
    ("0461", Outcome.Type.INTERNSHIP),
    ("0730", Outcome.Type.NONE),
    ("0740", Outcome.Type.STEPPING_STONE),
    ("0657", Outcome.Type.NONE),
    ("0630", Outcome.Type.EDUCATION),
    ("0615", Outcome.Type.INTERNSHIP),
    ("0791", Outcome.Type.NONE),
    ("0561", Outcome.Type.JOB_MATCHING),
    ("0621", Outcome.Type.NONE),
    (KBH, Outcome.Type.WAGE_SUBSIDY),
    ("0173", Outcome.Type.NONE),
    (AARHUS, Outcome.Type.NONE),
    ("0461", None),
    ("0851", None),
]
SPRING_COMPLETED = 20


def build_volunteer_spring(demo: DemoBuilder) -> None:
    """The spring 2026 cohort, closed, with its outcomes. Built from a generator of its own, so the rest of the
    demo draws the same random numbers as without it."""
    saved, demo.rng = demo.rng, random.Random(SEED + 2)
    try:
        _build_spring(demo)
    finally:
        demo.rng = saved


def _build_spring(demo: DemoBuilder) -> None:
    rng = demo.rng
    coordinator = demo.users["koordinator"]
    programme = demo.programmes[P2]
    start, end = datetime.date(2026, 2, 2), datetime.date(2026, 8, 2)
    cohort = Cohort.objects.create(
        programme=programme,
        name="Forår 2026",
        start_date=start,
        welcome_event_date=datetime.date(2026, 1, 29),
        capacity=25,
        status=Cohort.Status.RUNNING,
    )
    demo.cohorts["p2_spring"] = cohort
    jobs = VOLUNTEER_JOBS[:]
    rng.shuffle(jobs)
    people, new_mentors = [], []
    for i, (muni, _outcome) in enumerate(SPRING_2026):
        job = jobs[i % len(jobs)]
        people.append(
            demo.new_participant(
                country=demo.pick(["SY", "AF", "ER", "UA", "SO", "IQ", "IR"]),
                profession=demo.pick(BY_INDUSTRY.get(job[2], ["warehouse"])),
                municipality=muni,
                arrived=(datetime.date(2021, 6, 1), datetime.date(2024, 12, 31)),
                permit_by=datetime.date(2025, 10, 31),
                da=demo.weighted([("A2", 5), ("B1", 4)]),
            )
        )
        new_mentors.append(
            local_volunteer(demo, muni=muni, job=job, years=rng.randint(10, 35), leadership=rng.random() < 0.7)
        )
    participants = demo.save_participants(people)
    mentors = demo.save_mentors(new_mentors)
    demo.train_and_enrol(
        mentors, cohort, trained=(datetime.date(2026, 1, 5), datetime.date(2026, 1, 28)), by=coordinator
    )
    early = {SPRING_COMPLETED: Mentorship.ClosingReason.ENDED_BY_PARTICIPANT,
             SPRING_COMPLETED + 1: Mentorship.ClosingReason.ENDED_BY_MENTOR,
             SPRING_COMPLETED + 2: Mentorship.ClosingReason.ENDED_BY_PARTICIPANT}  # fmt: skip
    for i, (participant, mentor) in enumerate(zip(participants, mentors, strict=True)):
        muni, outcome = SPRING_2026[i]
        referred = (datetime.date(2025, 11, 3), datetime.date(2026, 1, 9))
        demo.refer_and_accept(
            participant,
            cohort,
            municipality=muni,
            referred=referred,
            accepted_on=datetime.date(2026, 1, 20),
            by=coordinator,
        )
        started = start + datetime.timedelta(days=rng.randint(0, 10))
        mentorship = mentorship_actions.start_mentorship(
            cohort=cohort,
            mentor=mentor,
            participant=participant,
            role=Mentorship.Role.PROFESSIONAL,
            by=coordinator,
            started_on=started,
        )
        ended = end if i not in early else started + datetime.timedelta(days=rng.randint(40, 100))
        demo.log_meetings(
            mentorship,
            start=started,
            end=ended,
            per_month=2,
            by=coordinator,
            adherence=0.85 if i % 4 else 0.6,
            hours=(1.5, 2, 2, 2.5),
            venues=[
                (Programme.Venue.OTHER_PROFESSIONAL, f"{mentor.organisation}: mentorens virksomhed"),
                (Programme.Venue.PUBLIC_PLACE, "Café i centrum"),
                (Programme.Venue.ONLINE, "Telefon/video"),
            ],
        )
        demo.complete_calls(mentorship, until=ended, by=coordinator)
        demo.close_with_outcome(
            [mentorship],
            cohort,
            reason=early.get(i, Mentorship.ClosingReason.COMPLETED),
            ended_on=ended,
            outcome=outcome,
            outcome_on=demo.day_between(ended - datetime.timedelta(days=30), end) if outcome != "none" else end,
            by=coordinator,
            employer="" if outcome in ("none", None) else f"Lokal arbejdsplads via {mentor.organisation}",
        )
    cohort.transition_to(Cohort.Status.CLOSED)
    cohort.save(update_fields=["status"])
