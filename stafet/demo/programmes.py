"""The demo's four programmes (DOMAIN.md), with their rules, weights and partners."""

from decimal import Decimal

from stafet.demo.base import DemoBuilder
from stafet.demo.data import (
    AARHUS,
    BALLERUP,
    BALLERUP_DATA,
    COMPANIES,
    FREDERIKSSUND,
    GLADSAXE,
    KBH,
    LYNGBY,
    MUNICIPALITIES,
    NORDLYS,
    NYDANSKER,
    P1,
    P2,
    P2_MUNICIPALITIES,
    P3,
    P4,
    PLUSS,
    RED_CROSS,
    ROSKILDE,
)
from stafet.programmes.models import Programme


def new_programme(**fields) -> Programme:
    """A programme checked as the admin checks one (weights, rules, venues), then saved."""
    programme = Programme(**fields)
    programme.full_clean()
    programme.save()
    return programme


def build_programmes(demo: DemoBuilder) -> None:
    orgs = demo.orgs
    p1 = new_programme(
        name=P1,
        kind=Programme.Kind.MENTOR_CORPS,
        description={
            "da": (
                "Nordlys IT A/S låner medarbejdere ud som erhvervsmentorer for flygtninge med en videregående "
                "uddannelse eller relevant erhvervserfaring. Foreningen Nydansker udvælger og uddanner mentorerne, "
                "samarbejder med kommunerne og følger op på hvert forløb. Seks måneder, to møder om måneden på "
                "virksomheden i arbejdstiden."
            ),
            "en": (
                "Nordlys IT A/S lends employees as business mentors to refugees with a higher education or relevant "
                "work experience. Foreningen Nydansker selects and trains the mentors, works with the municipalities "
                "and follows up on every mentorship. Six months, two meetings a month at the company, in working "
                "hours."
            ),
        },
        operator=orgs[NYDANSKER],
        duration_months=6,
        meetings_per_month=Decimal("2"),
        hours_per_month=Decimal("4"),
        participant_rules=[
            {
                "any_of": [
                    {"field": "education_level", "op": ">=", "value": "short_cycle"},
                    {"field": "max_occupation_years", "op": ">=", "value": 3},
                ]
            },
            {"field": "speaks", "op": "any_at_least", "value": {"languages": ["da", "en"], "level": "B1"}},
        ],
        mentor_rules=[{"field": "years_experience", "op": ">=", "value": 5}],
        recruits_mentors=True,
        max_distance_km=40,
        min_language_level="B1",
        refused_venues=[Programme.Venue.MUNICIPAL_OFFICE, Programme.Venue.PARTICIPANT_HOME],
        venue_rule_reason={
            "da": "Møderne holdes i professionelle rammer på virksomheden i arbejdstiden – ikke på kommunen eller "
            "i flygtningens midlertidige bolig.",
            "en": "Meetings are held in a professional setting at the company, in working hours – not at the "
            "municipality or in the refugee's temporary home.",
        },
        mentors_per_participant=1,
    )
    p1.partner_companies.set([orgs[NORDLYS]])
    p1.partner_municipalities.set([orgs[MUNICIPALITIES[c]] for c in (KBH, LYNGBY, GLADSAXE, BALLERUP, AARHUS)])

    p2 = new_programme(
        name=P2,
        kind=Programme.Kind.VOLUNTEER,
        description={
            "da": (
                "Lokale erhvervsfolk giver fire timer om måneden i seks måneder som frivillige mentorer for "
                "jobparate flygtninge og familiesammenførte. Match inden for samme branche og lokalt. "
                "Foreningen Nydansker introducerer mentorerne, følger op pr. telefon og giver sparring."
            ),
            "en": (
                "Local business people give four hours a month for six months as volunteer mentors to job-ready "
                "refugees and family-reunified people. Matched within the same industry and locally. Foreningen "
                "Nydansker introduces the mentors, follows up by phone and gives sparring."
            ),
        },
        operator=orgs[NYDANSKER],
        duration_months=6,
        meetings_per_month=Decimal("2"),
        hours_per_month=Decimal("4"),
        participant_rules=[{"field": "job_readiness", "op": "in", "value": ["job_ready"]}],
        mentor_rules=[],
        recruits_mentors=True,
        weights={
            "industry": 4,
            "occupation": 2,
            "education": 1,
            "distance": 3,
            "language": 1,
            "goal": 1,
            "experience": 1,
            "competences": 1,
        },
        max_distance_km=25,
        min_language_level="A2",
        refused_venues=[],
        mentors_per_participant=1,
    )
    p2.partner_municipalities.set([orgs[MUNICIPALITIES[c]] for c in P2_MUNICIPALITIES])

    p3 = new_programme(
        name=P3,
        kind=Programme.Kind.DUAL,
        description={
            "da": (
                "Ti medarbejdere fra Ballerup Data A/S er erhvervsmentorer for ti højtuddannede flygtninge i seks "
                "måneder; hver flygtning får også en frivillig mentor fra Dansk Røde Kors til lokalsamfundet: "
                "foreninger, klubber og sport. Kommunerne udvælger deltagerne og har det formelle ansvar."
            ),
            "en": (
                "Ten employees of Ballerup Data A/S are business mentors to ten highly educated refugees for six "
                "months; each refugee also gets a Danish Red Cross volunteer mentor for the local community: "
                "associations, clubs and sport. The municipalities select the participants and keep formal "
                "responsibility."
            ),
        },
        operator=orgs[RED_CROSS],
        duration_months=6,
        meetings_per_month=Decimal("2"),
        hours_per_month=Decimal("4"),
        participant_rules=[
            {"field": "education_level", "op": ">=", "value": "bachelor"},
            {"field": "speaks", "op": "any_at_least", "value": {"languages": ["da", "en"], "level": "B1"}},
        ],
        mentor_rules=[],
        max_distance_km=40,
        min_language_level="B1",
        refused_venues=[],
        mentors_per_participant=2,
    )
    p3.partner_companies.set([orgs[BALLERUP_DATA]])
    p3.partner_municipalities.set([orgs[MUNICIPALITIES[c]] for c in (BALLERUP, FREDERIKSSUND, ROSKILDE)])

    p4 = new_programme(
        name=P4,
        kind=Programme.Kind.TALENT,
        description={
            "da": (
                "Jobmatch for flygtninge i Aarhus: virksomheder med behov for arbejdskraft stiller konkrete "
                "jobåbninger til rådighed; kandidaterne screenes på kompetencer og motivation, og de 50 mest "
                "talentfulde får et individuelt forløb på op til 12 måneder i virksomhed med sprogundervisning, "
                "virksomhedsmentor og personlig rådgiver. Drives af Pluss med Aarhus Kommune."
            ),
            "en": (
                "Job matching for refugees in Aarhus: companies that need staff offer concrete job openings; the "
                "candidates are screened on competences and motivation, and the 50 most talented get an individual "
                "course of up to 12 months in a company with language teaching, a company mentor and a personal "
                "adviser. Run by Pluss with Aarhus Municipality."
            ),
        },
        operator=orgs[PLUSS],
        duration_months=12,
        meetings_per_month=Decimal("2"),
        hours_per_month=Decimal("4"),
        participant_rules=[{"field": "age", "op": "between", "value": [18, 64]}],
        mentor_rules=[],
        weights={
            "industry": 3,
            "occupation": 4,
            "education": 2,
            "distance": 1,
            "language": 2,
            "goal": 1,
            # The candidate's years in the opening's occupation, against the years it asks for.
            "experience": 2,
            "competences": 1,
            # Judged in the screening interview: the seed screens "på kompetencer og motivation".
            "motivation": 3,
            "assessment": 2,
        },
        max_distance_km=40,
        min_language_level="A2",
        refused_venues=[],
        mentors_per_participant=1,
    )
    p4.partner_companies.set([orgs[name] for name in COMPANIES if name != BALLERUP_DATA])
    p4.partner_municipalities.set([orgs[MUNICIPALITIES[AARHUS]]])
    demo.programmes = {P1: p1, P2: p2, P3: p3, P4: p4}
