"""Programme 1, the company mentor corps (Erhvervsmentorkorps): Hold 2016, as the seed reports it, and
Hold 2027, still to come."""

import datetime
from typing import TypedDict

from stafet.demo.base import DemoBuilder
from stafet.demo.data import (
    AARHUS,
    BALLERUP,
    GLADSAXE,
    HOLD_2016,
    KBH,
    LYNGBY,
    MENTOR_JOBS_IT,
    NORDLYS,
    P1,
)
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import Mentorship
from stafet.outcomes import actions as outcome_actions
from stafet.outcomes.models import Outcome
from stafet.people.models import Mentor
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, ParticipantEnrolment, Programme
from stafet.reference.models import Language


class _Arrival(TypedDict):
    """Where a participant of the 2027 hold comes from and lives, and when they came."""

    country: str
    municipality: str
    arrived: tuple[datetime.date, datetime.date]
    permit_by: datetime.date


def build_mentor_corps_2016(demo: DemoBuilder) -> None:
    rng = demo.rng
    coordinator = demo.users["koordinator"]
    programme = demo.programmes[P1]
    cohort = Cohort.objects.create(
        programme=programme,
        name="Hold 2016",
        start_date=datetime.date(2016, 3, 1),
        welcome_event_date=datetime.date(2016, 3, 1),
        capacity=25,
        status=Cohort.Status.RUNNING,
    )
    demo.cohorts["2016"] = cohort
    lyngby_munis = [KBH, KBH, KBH, LYNGBY, LYNGBY, GLADSAXE, GLADSAXE, BALLERUP]
    people = []
    for country, sex, profession, education, site, *_rest in HOLD_2016:
        municipality = AARHUS if site == "aarhus" else demo.pick(lyngby_munis)
        years = None
        if profession == "butcher":
            years = 15
        people.append(
            demo.new_participant(
                country=country,
                sex=sex,
                profession=profession,
                municipality=municipality,
                education=education,
                years=years,
                da=demo.weighted([("A2", 2), ("B1", 6), ("B2", 2)]),
                en=None if education not in ("vocational", "upper_secondary") else "A2",
                arrived=(datetime.date(2014, 3, 1), datetime.date(2015, 6, 30)),
                permit_by=datetime.date(2015, 12, 31),
            )
        )
    # Those without good English have Danish B1 (the programme's language rule).
    for person in people:
        levels = dict(person.languages)
        if levels.get("en") not in ("B1", "B2", "C1", "C2") and levels.get("da") not in ("B1", "B2"):
            person.languages = [(c, "B1" if c == "da" else lvl) for c, lvl in person.languages]
    participants = demo.save_participants(people)

    new_mentors = []
    for *_spec, site, _outcome, _employer, _note in HOLD_2016:
        title, isco, leadership = demo.pick(MENTOR_JOBS_IT)
        new_mentors.append(
            demo.new_mentor(
                organisation=demo.orgs[NORDLYS],
                site=demo.sites[f"{NORDLYS}|{'Aarhus' if site == 'aarhus' else 'Kongens Lyngby'}"],
                title=title,
                isco=isco,
                industry="J",
                years=rng.randint(6, 28),
                leadership=leadership,
            )
        )
    mentors = demo.save_mentors(new_mentors)
    demo.mentors_2016 = mentors

    for mentor in mentors:
        programme_actions.record_training(
            mentor=mentor,
            completed_on=demo.day_between(datetime.date(2016, 2, 1), datetime.date(2016, 2, 24)),
            by=coordinator,
        )
        programme_actions.enrol_mentor(
            mentor=mentor, cohort=cohort, by=coordinator, on=datetime.date(2016, 2, 1), invite=False
        )
    end = datetime.date(2016, 8, 31)
    for index, (participant, mentor) in enumerate(zip(participants, mentors, strict=True)):
        spec = HOLD_2016[index]
        municipality = participant.municipality_id
        referral = demo.refer(
            participant,
            programme,
            municipality,
            demo.day_between(datetime.date(2016, 1, 4), datetime.date(2016, 1, 29)),
        )
        programme_actions.accept_referral(
            referral=referral, cohort=cohort, by=coordinator, on=datetime.date(2016, 2, 15), invite=False
        )
        started = datetime.date(2016, 3, 1) + datetime.timedelta(days=rng.randint(0, 10))
        mentorship = mentorship_actions.start_mentorship(
            cohort=cohort,
            mentor=mentor,
            participant=participant,
            role=Mentorship.Role.PROFESSIONAL,
            by=coordinator,
            started_on=started,
        )
        mentor_site = mentor.site
        assert mentor_site is not None  # every Nordlys mentor works at one of its sites
        adherence = 0.95 if index % 5 else 0.6
        demo.log_meetings(
            mentorship,
            start=started,
            end=end,
            per_month=2,
            by=coordinator,
            adherence=adherence,
            venues=[(Programme.Venue.COMPANY_SITE, f"{NORDLYS}, {mentor_site.name}")] * 8
            + [(Programme.Venue.ONLINE, "Videomøde"), (Programme.Venue.OTHER_PROFESSIONAL, "Jobmesse")],
        )
        demo.complete_calls(mentorship, until=end, by=coordinator)
        mentorship_actions.close_mentorship(
            mentorship=mentorship,
            reason=Mentorship.ClosingReason.COMPLETED,
            ended_on=end,
            by=coordinator,
            note="Forløbet gennemført; afslutning med fejring på virksomheden.",
        )
        outcome_type, employer, note = spec[5], spec[6], spec[7]
        outcome_actions.record_outcome(
            participant=participant,
            cohort=cohort,
            type=outcome_type,
            measured=Outcome.Measured.END,
            date=demo.day_between(datetime.date(2016, 7, 1), datetime.date(2016, 9, 1))
            if outcome_type != "none"
            else datetime.date(2016, 9, 1),
            employer=employer,
            note=note,
            by=coordinator,
        )
    for enrolment in cohort.participant_enrolments.all():
        enrolment.transition_to(ParticipantEnrolment.Status.COMPLETED)
        enrolment.save(update_fields=["status"])
    cohort.transition_to(Cohort.Status.CLOSED)
    cohort.save(update_fields=["status"])


def build_mentor_corps_2027(demo: DemoBuilder) -> None:
    rng = demo.rng
    coordinator = demo.users["koordinator"]
    programme = demo.programmes[P1]
    cohort = Cohort.objects.create(
        programme=programme,
        name="Hold 2027",
        start_date=datetime.date(2027, 2, 1),
        welcome_event_date=datetime.date(2027, 2, 1),
        capacity=25,
        status=Cohort.Status.PLANNING,
    )
    demo.cohorts["2027"] = cohort
    countries = ["UA"] * 8 + ["SY"] * 6 + ["AF"] * 7 + ["ER"] * 4 + ["IR"] * 3 + ["SO", "IQ"]
    rng.shuffle(countries)
    munis = [KBH] * 9 + [LYNGBY] * 4 + [GLADSAXE] * 4 + [BALLERUP] * 3 + [AARHUS] * 10
    professions = [
        "software",
        "software",
        "app_programmer",
        "sysadmin",
        "lawyer",
        "accountant",
        "accountant",
        "civil_engineer",
        "civil_engineer",
        "mechanical_engineer",
        "electrical_engineer",
        "economist",
        "economist",
        "nurse",
        "doctor",
        "pharmacist",
        "graphic_designer",
        "teacher_secondary",
        "architect",
        "electrician",
        "butcher",
        "cook",
        "carpenter",
        "mechanic",
    ]
    people = []
    for i, (country, muni) in enumerate(zip(countries, munis, strict=True)):
        arrived = (
            (datetime.date(2022, 3, 1), datetime.date(2023, 6, 30))
            if country == "UA"
            else (datetime.date(2021, 9, 1), datetime.date(2025, 6, 30))
        )
        common: _Arrival = {
            "country": country,
            "municipality": muni,
            "arrived": arrived,
            "permit_by": datetime.date(2026, 8, 31),
        }
        if i < len(professions):
            people.append(demo.new_participant(profession=professions[i], **common))
        else:
            # Not eligible, for realistic reasons the coordinator will see in screening.
            kind = i - len(professions)
            if kind == 0:  # little education, short experience
                people.append(
                    demo.new_participant(profession="warehouse", education="primary", years=1, da="B1", **common)
                )
            elif kind == 1:  # no shared working language yet
                people.append(demo.new_participant(profession="nurse", da="A2", en="A2", **common))
            elif kind == 2:
                people.append(
                    demo.new_participant(profession="cook", education="primary", years=2, da="A2", en="A1", **common)
                )
            elif kind == 3:  # young, no experience
                people.append(
                    demo.new_participant(
                        profession="shop_assistant",
                        education="upper_secondary",
                        years=0,
                        da="B1",
                        no_occupation=True,
                        **common,
                    )
                )
            elif kind == 4:
                people.append(
                    demo.new_participant(profession="civil_engineer", education="bachelor", da="A1", en="A2", **common)
                )
            else:
                people.append(
                    demo.new_participant(profession="farm_worker", education="none", years=2, da="A2", **common)
                )
    # The eligible ones have a working language (B1) in Danish or English.
    for person in people[: len(professions)]:
        levels = dict(person.languages)
        if levels.get("en") not in ("B1", "B2", "C1") and levels.get("da") not in ("B1", "B2"):
            person.languages = [(c, "B1" if c == "da" else lvl) for c, lvl in person.languages]
    participants = demo.save_participants(people)
    demo.p1_2027_participants = participants
    for participant in participants:
        demo.refer(
            participant,
            programme,
            participant.municipality_id,
            demo.day_between(datetime.date(2026, 9, 15), datetime.date(2026, 11, 18)),
        )

    # Mentors: six from 2016 sign up again; 17 new, three of them not yet trained.
    returning = demo.mentors_2016[:6]
    new_mentors = []
    for i in range(17):
        title, isco, leadership = demo.pick(MENTOR_JOBS_IT)
        site_name = "Aarhus" if i % 3 == 0 else "Kongens Lyngby"
        new_mentors.append(
            demo.new_mentor(
                organisation=demo.orgs[NORDLYS],
                site=demo.sites[f"{NORDLYS}|{site_name}"],
                title=title,
                isco=isco,
                industry="J",
                years=rng.randint(5, 30),
                leadership=leadership,
                capacity=2 if rng.random() < 0.2 else 1,
            )
        )
    created = demo.save_mentors(new_mentors)
    for mentor in created[:14]:
        programme_actions.record_training(
            mentor=mentor,
            completed_on=demo.day_between(datetime.date(2026, 10, 1), datetime.date(2026, 11, 12)),
            by=coordinator,
        )
    for mentor in returning + created:
        programme_actions.enrol_mentor(
            mentor=mentor,
            cohort=cohort,
            by=coordinator,
            on=demo.day_between(datetime.date(2026, 9, 1), datetime.date(2026, 11, 15)),
        )

    # Three colleagues have signed up on the programme's public page and wait for screening; one has three
    # years of experience, where the programme asks five. Built without the demo's random numbers, so that
    # everything the demo builds after them stays as it was.
    english = Language.objects.get(pk="en")
    for first, last, title, years in (
        ("Sofie", "Kragh", "Software developer", 9),
        ("Emil", "Vestergaard", "Data engineer", 3),
        ("Ida", "Bech", "IT project manager", 14),
    ):
        mentor = Mentor(
            first_name=first, last_name=last, email=f"{first.lower()}.{last.lower()}@nordlys.example.org",
            organisation=demo.orgs[NORDLYS], site=demo.sites[f"{NORDLYS}|Aarhus"], job_title=title,
            occupation_id="2512", industry_id="J", years_experience=years, capacity=1,
            availability="Tirsdage og torsdage efter kl. 15",
        )  # fmt: skip
        programme_actions.sign_up_mentor(mentor=mentor, languages=[(english, "C1")], programme=programme)
