"""Programme 2, volunteer business mentors (Hjælp en flygtning NU)."""

import datetime

from stafet.demo.base import DemoBuilder
from stafet.demo.data import (
    AARHUS,
    DEMO_TODAY,
    KBH,
    NYDANSKER,
    P2,
    VOLUNTEER_JOBS,
)
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import Mentorship
from stafet.outcomes import actions as outcome_actions
from stafet.outcomes.models import Outcome
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, Programme


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
    munis = [AARHUS] * 6 + ["0851", "0851", "0461", "0461", "0730", "0740", "0630", KBH, "0615", "0657"]
    countries = ["SY", "AF", "ER", "UA", "SO", "IQ", "IR", "SY", "UA", "AF", "ER", "SY", "UA", "AF", "SO", "SY"]
    by_industry = {
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
    jobs = VOLUNTEER_JOBS[:]
    rng.shuffle(jobs)
    people, new_mentors = [], []
    for i, (muni, country) in enumerate(zip(munis, countries, strict=True)):
        title, isco, industry = jobs[i % len(jobs)]
        profession = demo.pick(by_industry.get(industry, ["warehouse"]))
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
            demo.new_mentor(
                organisation=demo.orgs[NYDANSKER],
                home=muni,
                title=title,
                isco=isco,
                industry=industry,
                years=rng.randint(10, 35),
                leadership=rng.random() < 0.7,
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
