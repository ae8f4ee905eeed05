"""The demo data: the four programmes of DOMAIN.md with synthetic people, built deterministically.

``build_demo()`` creates everything in one transaction and returns counts; workflow steps (referral,
enrolment, training, mentorships, meetings, follow-up calls, escalations, outcomes) go through the actions
so counters and the audit trail are right. Everything else is created with the ORM, in bulk where it is big.
No person in the demo exists; the names are typical of refugees in Denmark, the places are real.
"""

import base64
import datetime
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.demo.events import build_events
from stafet.demo.names import (
    DANISH_FAMILY,
    DANISH_GIVEN,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HOME_CITIES,
    MOTHER_TONGUES,
    NEW_DANISH_NAMES,
    SECOND_LANGUAGES,
)
from stafet.demo.professions import PROFESSIONS, Profession
from stafet.events.models import Event
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import FollowUpCall, Meeting, Mentorship
from stafet.organisations.models import Organisation, Role, Site, User
from stafet.outcomes import actions as outcome_actions
from stafet.outcomes.models import Outcome
from stafet.people.models import Mentor, MentorLanguage, Participant, ParticipantLanguage, ParticipantOccupation
from stafet.placements.models import JobOpening, Placement
from stafet.placements.ranking import rank_opening
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment, Programme, Referral
from stafet.reference.models import Country, Language, Municipality, Occupation, Postcode

SEED = 2016
DEMO_PASSWORD = "stafet-demo"  # demo only: printed by load_demo, never for real data
# The demo staff's authenticator secret (base32, as an app takes it), published in the README like the password:
# add it to an authenticator app, or print the current code with `stafet demo_code <login>`.
DEMO_TOTP_SECRET = "STAFETDEMOSTAFETDEMOSTAFETDEMO22"
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()  # as django-otp stores it
# The demo's "now": follow-up calls due before it are done (except the overdue ones), meetings end here.
DEMO_TODAY = datetime.date(2026, 11, 20)

P1 = "Erhvervsmentorkorps"
P2 = "Hjælp en flygtning NU"
P3 = "To mentorer"
P4 = "Talentprogram Aarhus"
PROGRAMME_NAMES = (P1, P2, P3, P4)

NYDANSKER = "Foreningen Nydansker"
RED_CROSS = "Dansk Røde Kors"
PLUSS = "Pluss"
NORDLYS = "Nordlys IT A/S"
BALLERUP_DATA = "Ballerup Data A/S"

# code -> job centre organisation name
MUNICIPALITIES = {
    "0101": "Jobcenter København",
    "0173": "Jobcenter Lyngby-Taarbæk",
    "0159": "Jobcenter Gladsaxe",
    "0151": "Jobcenter Ballerup",
    "0250": "Jobcenter Frederikssund",
    "0265": "Jobcenter Roskilde",
    "0751": "Jobcenter Aarhus",
    "0851": "Jobcenter Aalborg",
    "0461": "Jobcenter Odense",
    "0730": "Jobcenter Randers",
    "0740": "Jobcenter Silkeborg",
    "0657": "Jobcenter Herning",
    "0630": "Jobcenter Vejle",
    "0615": "Jobcenter Horsens",
    "0791": "Jobcenter Viborg",
    "0561": "Jobcenter Esbjerg",
    "0621": "Jobcenter Kolding",
}
KBH, LYNGBY, GLADSAXE, BALLERUP, FREDERIKSSUND, ROSKILDE, AARHUS = (
    "0101",
    "0173",
    "0159",
    "0151",
    "0250",
    "0265",
    "0751",
)
P2_MUNICIPALITIES = [
    "0751",
    "0851",
    "0461",
    "0730",
    "0740",
    "0657",
    "0630",
    "0615",
    "0791",
    "0561",
    "0621",
    "0101",
    "0173",
]

# Homes: postcodes preferred per municipality (residential areas); any postcode of the municipality otherwise.
PREFERRED_POSTCODES = {
    "0101": ["2100", "2200", "2300", "2400", "2450", "2500", "2700", "2720"],
    "0173": ["2800", "2830"],
    "0159": ["2860", "2880"],
    "0151": ["2750", "2760", "2740"],
    "0250": ["3600", "3630", "3550"],
    "0265": ["4000", "4130", "4040"],
    "0751": ["8000", "8200", "8210", "8220", "8230", "8240", "8250", "8260", "8270", "8310", "8320", "8380"],
}

COMPANIES = {
    # name: (industry, [(site name, address, postcode)])
    NORDLYS: ("J", [("Kongens Lyngby", "Lyngby Hovedgade 80", "2800"), ("Aarhus", "Åboulevarden 22", "8000")]),
    BALLERUP_DATA: ("J", [("Ballerup", "Lautrupvang 12", "2750")]),
    "Aarhus Hospitalsservice A/S": ("N", [("Skejby", "Palle Juul-Jensens Boulevard 40", "8200")]),
    "Østjysk Byg A/S": ("F", [("Viby J", "Hasselager Allé 8", "8260")]),
    "Jysk Fødevarer A/S": ("C", [("Trige", "Industrivej 14", "8380")]),
    "Kattegat Logistik A/S": ("H", [("Viby J", "Skanderborgvej 190", "8260")]),
    "Bugt IT Consulting ApS": ("J", [("Aarhus C", "Inge Lehmanns Gade 10", "8000")]),
    "Hotel Havnefronten Aarhus": ("I", [("Aarhus C", "Havnegade 5", "8000")]),
    "Viby Auto & Værksted A/S": ("G", [("Viby J", "Ravnsøvej 3", "8260")]),
}
NGOS = {
    NYDANSKER: ("Aarhus", "Ryesgade 3", "8000"),
    RED_CROSS: ("Ballerup", "Centrumgaden 11", "2750"),
    PLUSS: ("Aarhus", "Søren Frichs Vej 38", "8230"),
}

# (username, first, last, role, organisation or None)
LOGINS = [
    ("koordinator", "Mette", "Kjær", Role.COORDINATOR, NYDANSKER),
    ("koordinator.rk", "Birgitte", "Holm", Role.COORDINATOR, RED_CROSS),
    ("koordinator.pluss", "Rasmus", "Vestergaard", Role.COORDINATOR, PLUSS),
    ("sagsbehandler", "Lene", "Frandsen", Role.CASEWORKER, MUNICIPALITIES[AARHUS]),
    ("sagsbehandler.kbh", "Jakob", "Bech", Role.CASEWORKER, MUNICIPALITIES[KBH]),
    ("virksomhed", "Charlotte", "Brandt", Role.COMPANY_CONTACT, NORDLYS),
    ("mentor", None, None, Role.MENTOR, BALLERUP_DATA),  # the name is the mentor's
    ("deltager", None, None, Role.PARTICIPANT, None),  # the name is the participant's
    ("admin", "Admin", "Stafet", Role.ADMINISTRATOR, None),
]

# Hold 2016: who the 25 mentees were and what became of them after six months (the seed's figures).
# (country, sex, profession, education, site, outcome, employer or school, note)
HOLD_2016 = [
    ("SY", "m", "software", "master", "lyngby", "job_matching", "Nordisk Software ApS", "Udvikler, fastansat."),
    (
        "IR",
        "m",
        "civil_engineer",
        "master",
        "aarhus",
        "job_matching",
        "Rådgivende ingeniørfirma i Aarhus",
        "Projekteringsingeniør.",
    ),
    (
        "SY",
        "f",
        "accountant",
        "bachelor",
        "lyngby",
        "job_matching",
        "Revisionsfirma i Kongens Lyngby",
        "Revisorassistent.",
    ),
    (
        "IQ",
        "m",
        "electrician",
        "vocational",
        "lyngby",
        "job_matching",
        "El-installatør i Gladsaxe",
        "Elektriker med dansk autorisation under vejledning.",
    ),
    (
        "SY",
        "m",
        "doctor",
        "master",
        "lyngby",
        "stepping_stone",
        "Plejecenter i København",
        "Sygehjælper, mens autorisationen som læge behandles.",
    ),
    (
        "AF",
        "m",
        "lawyer",
        "bachelor",
        "lyngby",
        "stepping_stone",
        "Forsikringsselskab, kundeservice",
        "Skridt på vejen: kundeservice, arabisk og dari.",
    ),
    (
        "ER",
        "f",
        "teacher_primary",
        "bachelor",
        "lyngby",
        "stepping_stone",
        "Børnehave i Gladsaxe",
        "Pædagogmedhjælper.",
    ),
    (
        "SY",
        "m",
        "economist",
        "master",
        "lyngby",
        "stepping_stone",
        "Lager hos en grossist",
        "Lagerjob, søger videre inden for økonomi.",
    ),
    (
        "SY",
        "f",
        "pharmacist",
        "master",
        "lyngby",
        "education",
        "Københavns Universitet",
        "Supplerende farmaceutuddannelse (merit).",
    ),
    ("IR", "f", "graphic_designer", "bachelor", "aarhus", "education", "Erhvervsakademi Aarhus", "Multimediedesigner."),
    (
        "AF",
        "m",
        "app_programmer",
        "short_cycle",
        "lyngby",
        "education",
        "Erhvervsakademi København",
        "Datamatikeruddannelsen.",
    ),
    ("ER", "m", "civil_engineer", "bachelor", "lyngby", "education", "DTU Diplom", "Bygningsdesign, merit."),
    (
        "SY",
        "m",
        "butcher",
        "vocational",
        "lyngby",
        "self_employed",
        "Egen slagterforretning på Nørrebro",
        "Åbnede egen forretning med halal-slagtervarer.",
    ),
    ("ER", "m", "cook", "vocational", "aarhus", "apprentice", "Hotel i Aarhus", "Kokkeelev."),
    (
        "SY",
        "m",
        "mechanical_engineer",
        "bachelor",
        "lyngby",
        "internship",
        "Maskinfabrik i Ballerup",
        "Virksomhedspraktik, 13 uger.",
    ),
    ("IR", "f", "nurse", "bachelor", "lyngby", "internship", "Plejecenter i Lyngby", "Praktik som sygehjælper."),
    ("SO", "m", "economist", "bachelor", "aarhus", "internship", "Pengeinstitut i Aarhus", "Praktik i kundeservice."),
    (
        "AF",
        "f",
        "teacher_secondary",
        "bachelor",
        "lyngby",
        "internship",
        "Sprogcenter i København",
        "Praktik som underviserassistent.",
    ),
    ("SY", "m", "lawyer", "master", "lyngby", "none", "", "Fortsætter på sprogskole; dansk for svagt endnu."),
    ("IQ", "m", "teacher_secondary", "bachelor", "aarhus", "none", "", "Sygdom i familien; forløbet blev kort."),
    ("AF", "m", "driver", "upper_secondary", "aarhus", "none", "", "Venter på dansk kørekort."),
    ("ER", "m", "electrician", "vocational", "lyngby", "none", "", "Flyttede til anden kommune."),
    ("SY", "f", "graphic_designer", "bachelor", "lyngby", "none", "", "Barsel."),
    ("SO", "f", "nurse", "bachelor", "aarhus", "none", "", "Søger stadig; har fået papirer vurderet."),
    ("IR", "m", "economist", "master", "lyngby", "none", "", "Fortsat i kommunens integrationsprogram."),
]

MENTOR_JOBS_IT = [  # (title, isco, leadership)
    ("Senior softwareudvikler", "2512", False),
    ("IT-arkitekt", "2511", True),
    ("Projektleder", "1330", True),
    ("HR-partner", "2423", False),
    ("Salgschef", "2434", True),
    ("Forretningskonsulent", "2421", False),
    ("Controller", "2411", False),
    ("Juridisk rådgiver", "2611", False),
    ("Teamleder, drift", "1330", True),
    ("Netværksspecialist", "2523", False),
    ("Webudvikler", "2513", False),
    ("Kommunikationsrådgiver", "2432", False),
]
VOLUNTEER_JOBS = [  # local business people: (title, isco, industry)
    ("Ejer af tømrerfirma", "7115", "F"),
    ("Restaurantchef", "1411", "I"),
    ("Regnskabschef", "2411", "K"),
    ("Butikschef", "1420", "G"),
    ("Vognmand", "1324", "H"),
    ("Afdelingsleder, plejecenter", "1342", "Q"),
    ("Bygningsingeniør", "2142", "F"),
    ("Elinstallatør", "7411", "F"),
    ("Direktør, maskinfabrik", "1321", "C"),
    ("IT-konsulent", "2511", "J"),
    ("Skoleleder", "1345", "P"),
    ("Salgskonsulent", "3322", "G"),
    ("HR-chef", "1212", "M"),
    ("Hotelchef", "1411", "I"),
    ("Bankrådgiver", "3312", "K"),
    ("Slagtermester", "7511", "C"),
]
COMMUNITY_JOBS = [
    ("Pensioneret skolelærer", "2341"),
    ("Fodboldtræner i lokal klub", None),
    ("Pensioneret ingeniør", "2142"),
    ("Sygeplejerske", "2221"),
    ("Frivillig i lektiecafé", None),
    ("Bibliotekar", "2622"),
    ("Pensioneret bankmand", "2411"),
    ("Formand for grundejerforening", None),
    ("Pædagog", "2342"),
    ("Kasserer i idrætsforening", None),
]

CASEWORKER_NOTES = [
    "Motiveret og mødestabil. Ønsker job inden for sit fag.",
    "Har været i virksomhedspraktik i en butik; vil gerne videre med sin uddannelse.",
    "Taler godt engelsk, dansk på modul 3. Har brug for netværk.",
    "Har fået sine papirer vurderet af Uddannelses- og Forskningsstyrelsen.",
    "Vil gerne i gang hurtigt; har familie at forsørge.",
    "Går på sprogskole om formiddagen.",
    "",
]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ø", "oe").replace("æ", "ae").replace("å", "aa"))
    return "".join(c for c in text.lower() if c.isalnum() or c in ".-").strip(".-")


class ReferenceDataMissing(Exception):
    pass


def reference_loaded() -> bool:
    return all(m.objects.exists() for m in (Municipality, Postcode, Occupation, Language, Country)) and all(
        Municipality.objects.filter(code=code).exists() for code in MUNICIPALITIES
    )


def demo_loaded() -> bool:
    return Programme.objects.filter(name=P1).exists()


@dataclass
class _NewPerson:
    obj: Participant
    languages: list[tuple[str, str]] = field(default_factory=list)
    occupations: list[tuple[str, int]] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)


@dataclass
class _NewMentor:
    obj: Mentor
    languages: list[tuple[str, str]] = field(default_factory=list)


class DemoBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.orgs: dict[str, Organisation] = {}
        self.sites: dict[str, Site] = {}
        self.users: dict[str, User] = {}
        self.programmes: dict[str, Programme] = {}
        self.cohorts: dict[str, Cohort] = {}
        self._postcodes: dict[str, list[Postcode]] = {}
        self._languages = set(Language.objects.values_list("code", flat=True))
        self._phone_numbers: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def pick(self, options):
        return self.rng.choice(options)

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def phone(self) -> str:
        while True:
            number = (
                f"+45 {self.rng.randint(20, 61)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
                f"{self.rng.randint(10, 99)}"
            )
            if number not in self._phone_numbers:
                self._phone_numbers.add(number)
                return number

    def home_postcode(self, municipality_code: str) -> Postcode:
        if municipality_code not in self._postcodes:
            all_codes = list(Postcode.objects.filter(municipality_id=municipality_code).order_by("code"))
            preferred = [p for p in all_codes if p.code in PREFERRED_POSTCODES.get(municipality_code, [])]
            # Skip the business-only postcodes of central Copenhagen (1000–1999) unless nothing else is left.
            residential = [p for p in all_codes if not ("1000" <= p.code <= "1999")]
            self._postcodes[municipality_code] = preferred or residential or all_codes
        return self.pick(self._postcodes[municipality_code])

    def refugee_name(self, country: str, sex: str) -> tuple[str, str]:
        first = self.pick(GIVEN_NAMES[country][sex])
        last = self.pick(FAMILY_NAMES[country])
        while last == first:
            last = self.pick(FAMILY_NAMES[country])
        return first, last

    def danish_name(self) -> tuple[str, str]:
        if self.rng.random() < 0.08:
            first, last, _sex = self.pick(NEW_DANISH_NAMES)
            return first, last
        sex = self.pick(["m", "f"])
        return self.pick(DANISH_GIVEN[sex]), self.pick(DANISH_FAMILY)

    def english_level(self, education: str) -> str | None:
        options = {
            "doctorate": [("B2", 3), ("C1", 5)],
            "master": [("B1", 2), ("B2", 5), ("C1", 3)],
            "bachelor": [("B1", 4), ("B2", 5), ("C1", 1)],
            "short_cycle": [("A2", 3), ("B1", 5), ("B2", 2)],
            "vocational": [("A1", 3), ("A2", 4), ("B1", 2)],
            "upper_secondary": [("A1", 2), ("A2", 4), ("B1", 3)],
            "primary": [(None, 4), ("A1", 4), ("A2", 2)],
            "none": [(None, 8), ("A1", 2)],
        }[education]
        return self.weighted(options)

    # ------------------------------------------------------------------ people
    def new_participant(
        self,
        *,
        country: str,
        profession: str,
        municipality: str,
        sex: str | None = None,
        education: str | None = None,
        years: int | None = None,
        da: str | None = None,
        en: str | None = None,
        arrived: tuple[datetime.date, datetime.date],
        permit_by: datetime.date,
        readiness: str = Participant.JobReadiness.JOB_READY,
        goal: str | None = None,
        extra_occupation: bool | None = None,
        no_occupation: bool = False,
    ) -> _NewPerson:
        rng = self.rng
        sex = sex or ("m" if rng.random() < 0.62 else "f")
        prof: Profession = PROFESSIONS[profession]
        education = education or self.pick(prof.levels)
        years = years if years is not None else rng.randint(*prof.years)
        first, last = self.refugee_name(country, sex)
        arrival = self.day_between(*arrived)
        permit = arrival + datetime.timedelta(days=rng.randint(45, 330))
        if permit > permit_by:
            permit = max(arrival, permit_by - datetime.timedelta(days=rng.randint(0, 30)))
        birth_year = arrival.year - 18 - years - rng.randint(2, 10 if education in ("master", "doctorate") else 8)
        birth_year = max(1962, min(birth_year, arrival.year - 19))
        city = self.pick(HOME_CITIES[country])
        competences = self.pick(prof.competences).format(years=years, city=city)
        postcode = self.home_postcode(municipality)
        obj = Participant(
            first_name=first,
            last_name=last,
            email=f"{slug(first)}.{slug(last)}{rng.randint(1, 99)}@example.org",
            phone=self.phone(),
            birth_year=birth_year,
            country_of_origin_id=country,
            arrival_date=arrival,
            residence_permit_date=permit,
            municipality_id=municipality,
            home_postcode=postcode,
            education_level=education,
            education_field=prof.field if education not in ("none", "primary") else "",
            job_readiness=readiness,
            goal=goal or ("education" if rng.random() < 0.12 else "job"),
            competences=competences,
        )
        person = _NewPerson(obj)
        mother = self.weighted(MOTHER_TONGUES[country])
        person.languages.append((mother, "native"))
        for code, level in SECOND_LANGUAGES.get(country, []):
            if code != mother and rng.random() < 0.6:
                person.languages.append((code, level))
        if mother in ("kmr", "ckb") and "ar" not in dict(person.languages):
            person.languages.append(("ar", "C1"))  # Kurds from Syria and Iraq went to school in Arabic
        person.languages.append(("da", da or self.weighted([("A1", 1), ("A2", 9), ("B1", 8), ("B2", 2)])))
        english = en or self.english_level(education)
        if english:
            person.languages.append(("en", english))
        if not no_occupation:
            person.occupations.append((prof.isco, years))
            if extra_occupation or (extra_occupation is None and rng.random() < 0.2):
                side = self.pick(["warehouse", "cleaner", "shop_assistant", "cook"])
                if PROFESSIONS[side].isco != prof.isco:
                    person.occupations.append((PROFESSIONS[side].isco, rng.randint(1, 2)))
            person.industries = list(prof.industries[: rng.randint(1, len(prof.industries))])
        return person

    def save_participants(self, people: list[_NewPerson]) -> list[Participant]:
        Participant.objects.bulk_create([p.obj for p in people])
        languages, occupations, industries = [], [], []
        through = Participant.industries.through
        for p in people:
            languages += [
                ParticipantLanguage(participant=p.obj, language_id=code, level=level)
                for code, level in p.languages
                if code in self._languages
            ]
            occupations += [
                ParticipantOccupation(participant=p.obj, occupation_id=isco, years=Decimal(years))
                for isco, years in p.occupations
            ]
            industries += [through(participant_id=p.obj.pk, industry_id=code) for code in p.industries]
        ParticipantLanguage.objects.bulk_create(languages)
        ParticipantOccupation.objects.bulk_create(occupations)
        through.objects.bulk_create(industries)
        return [p.obj for p in people]

    def new_mentor(
        self,
        *,
        organisation: Organisation,
        kind: str = Mentor.Kind.BUSINESS,
        site: Site | None = None,
        home: str | None = None,
        title: str,
        isco: str | None,
        industry: str | None,
        years: int,
        leadership: bool = False,
        capacity: int = 1,
        name: tuple[str, str] | None = None,
    ) -> _NewMentor:
        first, last = name or self.danish_name()
        obj = Mentor(
            first_name=first,
            last_name=last,
            email=f"{slug(first)}.{slug(last)}{self.rng.randint(1, 99)}@example.org",
            phone=self.phone(),
            kind=kind,
            organisation=organisation,
            site=site,
            home_postcode=self.home_postcode(home) if home else None,
            job_title=title,
            occupation_id=isco,
            industry_id=industry,
            years_experience=years,
            leadership_experience=leadership,
            capacity=capacity,
        )
        mentor = _NewMentor(obj, [("da", "native"), ("en", self.weighted([("B1", 2), ("B2", 5), ("C1", 4)]))])
        for first_name, last_name, _sex in NEW_DANISH_NAMES:
            if (first, last) == (first_name, last_name):
                other = {"Sahin": "tr", "Yilmaz": "tr", "Khan": "ur", "Hussain": "ur", "Hodzic": "bs"}
                mentor.languages.append((other.get(last, "sr"), "native"))
                mentor.languages[0] = ("da", "C2")
        if self.rng.random() < 0.25:
            mentor.languages.append(("de", self.pick(["A2", "B1", "B2"])))
        return mentor

    def save_mentors(self, mentors: list[_NewMentor]) -> list[Mentor]:
        Mentor.objects.bulk_create([m.obj for m in mentors])
        MentorLanguage.objects.bulk_create(
            MentorLanguage(mentor=m.obj, language_id=code, level=level)
            for m in mentors
            for code, level in m.languages
            if code in self._languages
        )
        return [m.obj for m in mentors]

    # ------------------------------------------------------------------ workflow helpers
    def refer(self, participant, programme, municipality_code, referred_on, *, scope=None, note=None):
        org = self.orgs[MUNICIPALITIES[municipality_code]]
        caseworker = {AARHUS: self.users["sagsbehandler"], KBH: self.users["sagsbehandler.kbh"]}.get(municipality_code)
        return programme_actions.refer_participant(
            participant=participant,
            programme=programme,
            municipality=org,
            caseworker=caseworker,
            referred_on=referred_on,
            consent_given_on=referred_on - datetime.timedelta(days=self.rng.randint(0, 14)),
            consent_scope=scope or Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP,
            note=self.pick(CASEWORKER_NOTES) if note is None else note,
            by=caseworker or self.users["koordinator"],
        )

    def log_meetings(self, mentorship, *, start, end, per_month, venues, by, adherence=1.0, hours=(1.5, 2, 2)):
        """About ``per_month`` meetings a month from ``start`` to ``end``; ``adherence`` < 1 skips some."""
        interval = 30 / per_month
        day = start + datetime.timedelta(days=self.rng.randint(2, 8))
        count = 0
        while day <= end:
            if self.rng.random() < adherence:
                phase = (day - start).days / 183
                topics = self.topics(phase)
                venue, detail = self.pick(venues)
                mentorship_actions.log_meeting(
                    mentorship=mentorship,
                    date=day,
                    hours=self.pick(hours),
                    venue=venue,
                    venue_detail=detail,
                    topics=topics,
                    by=by,
                )
                count += 1
            day += datetime.timedelta(days=round(interval + self.rng.randint(-3, 3)))
        return count

    def topics(self, phase: float) -> list[str]:
        if phase < 0.17:
            pool = ["competences", "cv"]
        elif phase < 0.34:
            pool = ["cv", "job_search", "workplace_culture"]
        elif phase < 0.5:
            pool = ["workplace_culture", "network", "job_search"]
        elif phase < 0.67:
            pool = ["job_search", "interview", "network"]
        else:
            pool = ["interview", "job_search", "education", "network"]
        return self.rng.sample(pool, self.rng.randint(1, 2))

    def complete_calls(self, mentorship, *, until, by, skip_last: bool = False):
        calls = list(mentorship.follow_up_calls.filter(done_on__isnull=True, due_on__lte=until).order_by("due_on"))
        if skip_last and calls:
            calls = calls[:-1]
        for call in calls:
            result = self.weighted(
                [
                    (FollowUpCall.Result.GOING_WELL, 8),
                    (FollowUpCall.Result.NEEDS_ATTENTION, 1),
                    (FollowUpCall.Result.NOT_REACHED, 1),
                ]
            )
            note = {
                FollowUpCall.Result.GOING_WELL: "Godt i gang; mødes som aftalt.",
                FollowUpCall.Result.NEEDS_ATTENTION: "Svært at finde tid til møderne; aftalt nye datoer.",
                FollowUpCall.Result.NOT_REACHED: "Ikke truffet; sendt sms.",
            }[result]
            mentorship_actions.complete_follow_up(
                call=call,
                result=result,
                by=by,
                note=note,
                on=min(until, call.due_on + datetime.timedelta(days=self.rng.randint(0, 3))),
            )

    # ------------------------------------------------------------------ the build
    def build(self) -> dict[str, int]:
        self.build_organisations()
        self.build_users()
        self.build_programmes()
        self.build_mentor_corps_2016()
        self.build_mentor_corps_2027()
        self.build_volunteer()
        self.build_dual()
        self.build_talent()
        build_events(self.rng, self.users, timezone.localdate())
        return self.summary()

    def build_organisations(self) -> None:
        for code, name in MUNICIPALITIES.items():
            org = Organisation.objects.filter(municipality_id=code).first()
            if org is None:
                org = Organisation.objects.create(
                    name=name,
                    kind=Organisation.Kind.MUNICIPALITY,
                    municipality_id=code,
                    email=f"jobcenter.{slug(name.split()[-1])}@example.org",
                )
            self.orgs[name] = org
        for name, (site_name, address, postcode) in NGOS.items():
            org = Organisation.objects.create(
                name=name,
                kind=Organisation.Kind.NGO,
                email=f"kontakt@{slug(name.replace(' ', '-'))}.example.org",
                phone=self.phone(),
            )
            self.orgs[name] = org
            self.sites[name] = Site.objects.create(
                organisation=org, name=site_name, address=address, postcode_id=postcode
            )
        for name, (_industry, sites) in COMPANIES.items():
            org = Organisation.objects.create(
                name=name,
                kind=Organisation.Kind.COMPANY,
                phone=self.phone(),
                email=f"kontakt@{slug(name.split()[0])}.example.org",
            )
            self.orgs[name] = org
            for site_name, address, postcode in sites:
                site = Site.objects.create(organisation=org, name=site_name, address=address, postcode_id=postcode)
                self.sites[f"{name}|{site_name}"] = site
                self.sites.setdefault(name, site)

    def build_users(self) -> None:
        password = make_password(DEMO_PASSWORD)  # hashed once: the same demo password for every login
        for username, first, last, role, org_name in LOGINS:
            self.users[username] = User.objects.create(
                username=username,
                first_name=first or "",
                last_name=last or "",
                email=f"{username}@example.org",
                role=role,
                organisation=self.orgs[org_name] if org_name else None,
                password=password,
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
        # Staff who must log in with a second factor share the published demo authenticator.
        TOTPDevice.objects.bulk_create(
            TOTPDevice(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
            for user in self.users.values()
            if user.needs_two_factor
        )

    @staticmethod
    def new_programme(**fields) -> Programme:
        """A programme checked as the admin checks one (weights, rules, venues), then saved."""
        programme = Programme(**fields)
        programme.full_clean()
        programme.save()
        return programme

    def build_programmes(self) -> None:
        orgs = self.orgs
        p1 = self.new_programme(
            name=P1,
            kind=Programme.Kind.MENTOR_CORPS,
            description=(
                "Nordlys IT A/S låner medarbejdere ud som erhvervsmentorer for flygtninge med en videregående "
                "uddannelse eller relevant erhvervserfaring. Foreningen Nydansker udvælger og uddanner mentorerne, "
                "samarbejder med kommunerne og følger op på hvert forløb. Seks måneder, to møder om måneden på "
                "virksomheden i arbejdstiden."
            ),
            description_en=(
                "Nordlys IT A/S lends employees as business mentors to refugees with a higher education or relevant "
                "work experience. Foreningen Nydansker selects and trains the mentors, works with the municipalities "
                "and follows up on every mentorship. Six months, two meetings a month at the company, in working "
                "hours."
            ),
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
            max_distance_km=40,
            min_language_level="B1",
            refused_venues=[Programme.Venue.MUNICIPAL_OFFICE, Programme.Venue.PARTICIPANT_HOME],
            venue_rule_reason="Møderne holdes i professionelle rammer på virksomheden i arbejdstiden – ikke på "
            "kommunen eller i flygtningens midlertidige bolig.",
            venue_rule_reason_en="Meetings are held in a professional setting at the company, in working hours – "
            "not at the municipality or in the refugee's temporary home.",
            mentors_per_participant=1,
        )
        p1.partner_companies.set([orgs[NORDLYS]])
        p1.partner_municipalities.set([orgs[MUNICIPALITIES[c]] for c in (KBH, LYNGBY, GLADSAXE, BALLERUP, AARHUS)])

        p2 = self.new_programme(
            name=P2,
            kind=Programme.Kind.VOLUNTEER,
            description=(
                "Lokale erhvervsfolk giver fire timer om måneden i seks måneder som frivillige mentorer for "
                "jobparate flygtninge og familiesammenførte. Match inden for samme branche og lokalt. "
                "Foreningen Nydansker introducerer mentorerne, følger op pr. telefon og giver sparring."
            ),
            description_en=(
                "Local business people give four hours a month for six months as volunteer mentors to job-ready "
                "refugees and family-reunified people. Matched within the same industry and locally. Foreningen "
                "Nydansker introduces the mentors, follows up by phone and gives sparring."
            ),
            operator=orgs[NYDANSKER],
            duration_months=6,
            meetings_per_month=Decimal("2"),
            hours_per_month=Decimal("4"),
            participant_rules=[{"field": "job_readiness", "op": "in", "value": ["job_ready"]}],
            mentor_rules=[],
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

        p3 = self.new_programme(
            name=P3,
            kind=Programme.Kind.DUAL,
            description=(
                "Ti medarbejdere fra Ballerup Data A/S er erhvervsmentorer for ti højtuddannede flygtninge i seks "
                "måneder; hver flygtning får også en frivillig mentor fra Dansk Røde Kors til lokalsamfundet: "
                "foreninger, klubber og sport. Kommunerne udvælger deltagerne og har det formelle ansvar."
            ),
            description_en=(
                "Ten employees of Ballerup Data A/S are business mentors to ten highly educated refugees for six "
                "months; each refugee also gets a Danish Red Cross volunteer mentor for the local community: "
                "associations, clubs and sport. The municipalities select the participants and keep formal "
                "responsibility."
            ),
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

        p4 = self.new_programme(
            name=P4,
            kind=Programme.Kind.TALENT,
            description=(
                "Jobmatch for flygtninge i Aarhus: virksomheder med behov for arbejdskraft stiller konkrete "
                "jobåbninger til rådighed; kandidaterne screenes på kompetencer og motivation, og de 50 mest "
                "talentfulde får et individuelt forløb på op til 12 måneder i virksomhed med sprogundervisning, "
                "virksomhedsmentor og personlig rådgiver. Drives af Pluss med Aarhus Kommune."
            ),
            description_en=(
                "Job matching for refugees in Aarhus: companies that need staff offer concrete job openings; the "
                "candidates are screened on competences and motivation, and the 50 most talented get an individual "
                "course of up to 12 months in a company with language teaching, a company mentor and a personal "
                "adviser. Run by Pluss with Aarhus Municipality."
            ),
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
            },
            max_distance_km=40,
            min_language_level="A2",
            refused_venues=[],
            mentors_per_participant=1,
        )
        p4.partner_companies.set([orgs[name] for name in COMPANIES if name != BALLERUP_DATA])
        p4.partner_municipalities.set([orgs[MUNICIPALITIES[AARHUS]]])
        self.programmes = {P1: p1, P2: p2, P3: p3, P4: p4}

    # ------------------------------------------------------------------ programme 1, Hold 2016
    def build_mentor_corps_2016(self) -> None:
        rng = self.rng
        coordinator = self.users["koordinator"]
        programme = self.programmes[P1]
        cohort = Cohort.objects.create(
            programme=programme,
            name="Hold 2016",
            start_date=datetime.date(2016, 3, 1),
            welcome_event_date=datetime.date(2016, 3, 1),
            capacity=25,
            status=Cohort.Status.RUNNING,
        )
        self.cohorts["2016"] = cohort
        lyngby_munis = [KBH, KBH, KBH, LYNGBY, LYNGBY, GLADSAXE, GLADSAXE, BALLERUP]
        people = []
        for country, sex, profession, education, site, *_rest in HOLD_2016:
            municipality = AARHUS if site == "aarhus" else self.pick(lyngby_munis)
            years = None
            if profession == "butcher":
                years = 15
            people.append(
                self.new_participant(
                    country=country,
                    sex=sex,
                    profession=profession,
                    municipality=municipality,
                    education=education,
                    years=years,
                    da=self.weighted([("A2", 2), ("B1", 6), ("B2", 2)]),
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
        participants = self.save_participants(people)

        new_mentors = []
        for *_spec, site, _outcome, _employer, _note in HOLD_2016:
            title, isco, leadership = self.pick(MENTOR_JOBS_IT)
            new_mentors.append(
                self.new_mentor(
                    organisation=self.orgs[NORDLYS],
                    site=self.sites[f"{NORDLYS}|{'Aarhus' if site == 'aarhus' else 'Kongens Lyngby'}"],
                    title=title,
                    isco=isco,
                    industry="J",
                    years=rng.randint(6, 28),
                    leadership=leadership,
                )
            )
        mentors = self.save_mentors(new_mentors)
        self.mentors_2016 = mentors

        for mentor in mentors:
            programme_actions.record_training(
                mentor=mentor,
                completed_on=self.day_between(datetime.date(2016, 2, 1), datetime.date(2016, 2, 24)),
                by=coordinator,
            )
            programme_actions.enrol_mentor(mentor=mentor, cohort=cohort, by=coordinator, on=datetime.date(2016, 2, 1))
        end = datetime.date(2016, 8, 31)
        for index, (participant, mentor) in enumerate(zip(participants, mentors, strict=True)):
            spec = HOLD_2016[index]
            municipality = participant.municipality_id
            referral = self.refer(
                participant,
                programme,
                municipality,
                self.day_between(datetime.date(2016, 1, 4), datetime.date(2016, 1, 29)),
            )
            programme_actions.accept_referral(
                referral=referral, cohort=cohort, by=coordinator, on=datetime.date(2016, 2, 15)
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
            site = mentor.site
            adherence = 0.95 if index % 5 else 0.6
            self.log_meetings(
                mentorship,
                start=started,
                end=end,
                per_month=2,
                by=coordinator,
                adherence=adherence,
                venues=[(Programme.Venue.COMPANY_SITE, f"{NORDLYS}, {site.name}")] * 8
                + [(Programme.Venue.ONLINE, "Videomøde"), (Programme.Venue.OTHER_PROFESSIONAL, "Jobmesse")],
            )
            self.complete_calls(mentorship, until=end, by=coordinator)
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
                date=self.day_between(datetime.date(2016, 7, 1), datetime.date(2016, 9, 1))
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

    # ------------------------------------------------------------------ programme 1, Hold 2027
    def build_mentor_corps_2027(self) -> None:
        rng = self.rng
        coordinator = self.users["koordinator"]
        programme = self.programmes[P1]
        cohort = Cohort.objects.create(
            programme=programme,
            name="Hold 2027",
            start_date=datetime.date(2027, 2, 1),
            welcome_event_date=datetime.date(2027, 2, 1),
            capacity=25,
            status=Cohort.Status.PLANNING,
        )
        self.cohorts["2027"] = cohort
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
            common = dict(country=country, municipality=muni, arrived=arrived, permit_by=datetime.date(2026, 8, 31))
            if i < len(professions):
                people.append(self.new_participant(profession=professions[i], **common))
            else:
                # Not eligible, for realistic reasons the coordinator will see in screening.
                kind = i - len(professions)
                if kind == 0:  # little education, short experience
                    people.append(
                        self.new_participant(profession="warehouse", education="primary", years=1, da="B1", **common)
                    )
                elif kind == 1:  # no shared working language yet
                    people.append(self.new_participant(profession="nurse", da="A2", en="A2", **common))
                elif kind == 2:
                    people.append(
                        self.new_participant(
                            profession="cook", education="primary", years=2, da="A2", en="A1", **common
                        )
                    )
                elif kind == 3:  # young, no experience
                    people.append(
                        self.new_participant(
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
                        self.new_participant(
                            profession="civil_engineer", education="bachelor", da="A1", en="A2", **common
                        )
                    )
                else:
                    people.append(
                        self.new_participant(profession="farm_worker", education="none", years=2, da="A2", **common)
                    )
        # The eligible ones have a working language (B1) in Danish or English.
        for person in people[: len(professions)]:
            levels = dict(person.languages)
            if levels.get("en") not in ("B1", "B2", "C1") and levels.get("da") not in ("B1", "B2"):
                person.languages = [(c, "B1" if c == "da" else lvl) for c, lvl in person.languages]
        participants = self.save_participants(people)
        self.p1_2027_participants = participants
        for participant in participants:
            self.refer(
                participant,
                programme,
                participant.municipality_id,
                self.day_between(datetime.date(2026, 9, 15), datetime.date(2026, 11, 18)),
            )

        # Mentors: six from 2016 sign up again; 17 new, three of them not yet trained.
        returning = self.mentors_2016[:6]
        new_mentors = []
        for i in range(17):
            title, isco, leadership = self.pick(MENTOR_JOBS_IT)
            site_name = "Aarhus" if i % 3 == 0 else "Kongens Lyngby"
            new_mentors.append(
                self.new_mentor(
                    organisation=self.orgs[NORDLYS],
                    site=self.sites[f"{NORDLYS}|{site_name}"],
                    title=title,
                    isco=isco,
                    industry="J",
                    years=rng.randint(5, 30),
                    leadership=leadership,
                    capacity=2 if rng.random() < 0.2 else 1,
                )
            )
        created = self.save_mentors(new_mentors)
        for mentor in created[:14]:
            programme_actions.record_training(
                mentor=mentor,
                completed_on=self.day_between(datetime.date(2026, 10, 1), datetime.date(2026, 11, 12)),
                by=coordinator,
            )
        for mentor in returning + created:
            programme_actions.enrol_mentor(
                mentor=mentor,
                cohort=cohort,
                by=coordinator,
                on=self.day_between(datetime.date(2026, 9, 1), datetime.date(2026, 11, 15)),
            )

    # ------------------------------------------------------------------ programme 2
    def build_volunteer(self) -> None:
        rng = self.rng
        coordinator = self.users["koordinator"]
        programme = self.programmes[P2]
        start = datetime.date(2026, 9, 1)
        cohort = Cohort.objects.create(
            programme=programme,
            name="Efterår 2026",
            start_date=start,
            welcome_event_date=datetime.date(2026, 8, 27),
            capacity=20,
            status=Cohort.Status.RUNNING,
        )
        self.cohorts["p2"] = cohort
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
            profession = self.pick(by_industry.get(industry, ["warehouse"]))
            people.append(
                self.new_participant(
                    country=country,
                    profession=profession,
                    municipality=muni,
                    arrived=(datetime.date(2022, 1, 1), datetime.date(2025, 3, 31)),
                    permit_by=datetime.date(2026, 6, 30),
                    da=self.weighted([("A2", 5), ("B1", 4)]),
                )
            )
            new_mentors.append(
                self.new_mentor(
                    organisation=self.orgs[NYDANSKER],
                    home=muni,
                    title=title,
                    isco=isco,
                    industry=industry,
                    years=rng.randint(10, 35),
                    leadership=rng.random() < 0.7,
                )
            )
        participants = self.save_participants(people)
        mentors = self.save_mentors(new_mentors)
        for mentor in mentors:
            programme_actions.record_training(
                mentor=mentor,
                completed_on=self.day_between(datetime.date(2026, 8, 10), datetime.date(2026, 8, 27)),
                by=coordinator,
            )
            programme_actions.enrol_mentor(mentor=mentor, cohort=cohort, by=coordinator, on=datetime.date(2026, 8, 1))
        overdue = {3, 9}
        for i, (participant, mentor) in enumerate(zip(participants, mentors, strict=True)):
            referral = self.refer(
                participant,
                programme,
                participant.municipality_id,
                self.day_between(datetime.date(2026, 6, 1), datetime.date(2026, 7, 31)),
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
            self.log_meetings(
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
            self.complete_calls(mentorship, until=min(end, DEMO_TODAY), by=coordinator, skip_last=i in overdue)
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
        waiting = self.save_participants(
            [
                self.new_participant(
                    country=self.pick(["SY", "AF", "ER", "UA"]),
                    profession=self.pick(["cook", "carpenter", "accountant", "warehouse", "nurse"]),
                    municipality=AARHUS,
                    arrived=(datetime.date(2023, 1, 1), datetime.date(2025, 6, 30)),
                    permit_by=datetime.date(2026, 9, 30),
                )
                for _ in range(5)
            ]
        )
        for participant in waiting:
            self.refer(
                participant,
                programme,
                AARHUS,
                self.day_between(datetime.date(2026, 10, 15), datetime.date(2026, 11, 19)),
            )

    # ------------------------------------------------------------------ programme 3
    def build_dual(self) -> None:
        rng = self.rng
        coordinator = self.users["koordinator.rk"]
        programme = self.programmes[P3]
        start = datetime.date(2026, 10, 1)
        cohort = Cohort.objects.create(
            programme=programme,
            name="Hold efterår 2026",
            start_date=start,
            welcome_event_date=start,
            capacity=10,
            status=Cohort.Status.RUNNING,
        )
        self.cohorts["p3"] = cohort
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
                self.new_participant(
                    country=country,
                    profession=profession,
                    municipality=muni,
                    education=education,
                    arrived=(datetime.date(2022, 3, 1), datetime.date(2024, 12, 31)),
                    permit_by=datetime.date(2026, 3, 31),
                    da=self.weighted([("A2", 4), ("B1", 5)]),
                    en=self.pick(["B2", "C1"]),
                )
            )
        participants = self.save_participants(people)
        business = []
        for i in range(10):
            title, isco, leadership = MENTOR_JOBS_IT[i % len(MENTOR_JOBS_IT)]
            business.append(
                self.new_mentor(
                    organisation=self.orgs[BALLERUP_DATA],
                    site=self.sites[BALLERUP_DATA],
                    title=title,
                    isco=isco,
                    industry="J",
                    years=rng.randint(6, 25),
                    leadership=leadership,
                )
            )
        community = []
        for i, participant in enumerate(participants):
            title, isco = COMMUNITY_JOBS[i]
            community.append(
                self.new_mentor(
                    organisation=self.orgs[RED_CROSS],
                    kind=Mentor.Kind.COMMUNITY,
                    home=participant.municipality_id,
                    title=title,
                    isco=isco,
                    industry=None,
                    years=rng.randint(5, 40),
                )
            )
        business_mentors = self.save_mentors(business)
        community_mentors = self.save_mentors(community)
        # The logins: the first business mentor and the mentee.
        mentor_user, participant_user = self.users["mentor"], self.users["deltager"]
        first_mentor, first_participant = business_mentors[0], participants[0]
        for user, person in ((mentor_user, first_mentor), (participant_user, first_participant)):
            user.first_name, user.last_name = person.first_name, person.last_name
            user.save(update_fields=["first_name", "last_name"])
            person.user = user
            person.save(update_fields=["user"])

        for mentor in business_mentors + community_mentors:
            programme_actions.record_training(
                mentor=mentor,
                completed_on=self.day_between(datetime.date(2026, 9, 1), datetime.date(2026, 9, 25)),
                by=coordinator,
            )
            programme_actions.enrol_mentor(mentor=mentor, cohort=cohort, by=coordinator, on=datetime.date(2026, 9, 1))
        for i, participant in enumerate(participants):
            referral = self.refer(
                participant,
                programme,
                participant.municipality_id,
                self.day_between(datetime.date(2026, 8, 1), datetime.date(2026, 8, 31)),
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
                self.log_meetings(
                    mentorship,
                    start=start,
                    end=DEMO_TODAY,
                    per_month=2 if role == "professional" else 1.5,
                    by=by,
                    adherence=0.9,
                    venues=venues,
                )
                self.complete_calls(mentorship, until=DEMO_TODAY, by=coordinator)

    # ------------------------------------------------------------------ programme 4
    def build_talent(self) -> None:
        rng = self.rng
        coordinator = self.users["koordinator.pluss"]
        programme = self.programmes[P4]
        cohort = Cohort.objects.create(
            programme=programme,
            name="Talent 2026",
            start_date=datetime.date(2026, 9, 1),
            welcome_event_date=datetime.date(2026, 9, 1),
            capacity=50,
            status=Cohort.Status.RUNNING,
        )
        self.cohorts["p4"] = cohort
        openings_spec = [
            # company, title, isco, industry, type, positions, min education, language level
            ("Aarhus Hospitalsservice A/S", "Serviceassistent", "9112", "N", "igu", 6, "", "A2"),
            ("Aarhus Hospitalsservice A/S", "Portør", "5329", "Q", "wage_subsidy", 3, "", "A2"),
            ("Aarhus Hospitalsservice A/S", "Sygehjælper", "5321", "Q", "internship", 2, "upper_secondary", "B1"),
            ("Østjysk Byg A/S", "Tømrerlærling", "7115", "F", "apprentice", 3, "", "A2"),
            ("Østjysk Byg A/S", "Elektriker", "7411", "F", "job", 2, "vocational", "A2"),
            ("Østjysk Byg A/S", "Byggepladsmedhjælper", "9313", "F", "igu", 4, "", "A1"),
            ("Østjysk Byg A/S", "Ingeniørpraktikant", "2142", "F", "internship", 1, "bachelor", "B1"),
            ("Jysk Fødevarer A/S", "Slagter", "7511", "C", "job", 3, "", "A2"),
            ("Jysk Fødevarer A/S", "Produktionsmedarbejder", "8160", "C", "igu", 5, "", "A1"),
            ("Jysk Fødevarer A/S", "Bagerlærling", "7512", "C", "apprentice", 1, "", "A2"),
            ("Kattegat Logistik A/S", "Lagermedarbejder", "4321", "H", "wage_subsidy", 4, "", "A2"),
            ("Kattegat Logistik A/S", "Lastbilchauffør", "8332", "H", "job", 3, "", "A2"),
            # Nordlys IT also posts openings at its Aarhus site (its working language is English), so the demo's
            # company contact sees candidates; one place of each is kept open for the demo to fill.
            (NORDLYS, "Softwareudvikler", "2512", "J", "job", 2, "bachelor", "B2"),
            (NORDLYS, "IT-supporter", "3512", "J", "internship", 2, "short_cycle", "B1"),
            ("Hotel Havnefronten Aarhus", "Kok", "5120", "I", "job", 2, "", "A2"),
            ("Hotel Havnefronten Aarhus", "Rengøringsassistent", "9112", "I", "igu", 3, "", "A1"),
            ("Hotel Havnefronten Aarhus", "Receptionist", "4224", "I", "internship", 1, "upper_secondary", "B1"),
            ("Viby Auto & Værksted A/S", "Mekanikerlærling", "7231", "G", "apprentice", 3, "", "A2"),
        ]
        openings = JobOpening.objects.bulk_create(
            [
                JobOpening(
                    company=self.orgs[company],
                    site=self.sites[f"{NORDLYS}|Aarhus"] if company == NORDLYS else self.sites[company],
                    programme=programme,
                    title=title,
                    occupation_id=isco,
                    industry_id=industry,
                    type=kind,
                    positions=positions,
                    requirements=f"{title}: mødestabil, motiveret"
                    + (", erfaring fra faget." if kind == "job" else "."),
                    min_education_level=education,
                    language_id="en" if company == NORDLYS else "da",
                    min_language_level=level,
                )
                for company, title, isco, industry, kind, positions, education, level in openings_spec
            ]
        )
        # 300 candidates referred by Aarhus: mostly vocational profiles, some highly educated.
        weights = [
            ("cleaner", 20),
            ("warehouse", 20),
            ("cook", 18),
            ("carpenter", 14),
            ("driver", 10),
            ("truck_driver", 10),
            ("butcher", 10),
            ("healthcare_assistant", 14),
            ("electrician", 8),
            ("mechanic", 10),
            ("baker", 6),
            ("shop_assistant", 16),
            ("farm_worker", 12),
            ("tailor", 8),
            ("hairdresser", 6),
            ("receptionist", 6),
            ("software", 6),
            ("sysadmin", 4),
            ("civil_engineer", 6),
            ("accountant", 6),
            ("teacher_primary", 6),
            ("nurse", 6),
            ("economist", 4),
            ("doctor", 2),
            ("lawyer", 2),
        ]
        countries = [("UA", 30), ("SY", 20), ("AF", 20), ("ER", 12), ("IR", 7), ("SO", 6), ("IQ", 5)]
        people = [
            self.new_participant(
                country=self.weighted(countries),
                profession=self.weighted(weights),
                municipality=AARHUS,
                arrived=(datetime.date(2023, 1, 1), datetime.date(2026, 3, 31)),
                permit_by=datetime.date(2026, 7, 31),
                readiness=self.weighted([("job_ready", 6), ("activity_ready", 2), ("not_assessed", 2)]),
                da=self.weighted([("A1", 3), ("A2", 5), ("B1", 2)]),
                goal="job",
            )
            for _ in range(300)
        ]
        candidates = self.save_participants(people)
        for candidate in candidates:
            self.refer(
                candidate,
                programme,
                AARHUS,
                self.day_between(datetime.date(2026, 5, 1), datetime.date(2026, 8, 15)),
                scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES,
                note="",
            )

        placements, hired, used = [], [], set()
        stages = Placement.Stage
        for opening in openings:
            # The engine's ranking for the opening (its hard limits: distance, the working language), as the
            # coordinator's screen shows it; each candidate is in one opening's pipeline at most.
            ranked = [c for c in rank_opening(opening) if c.participant.pk not in used]
            keep_open = opening.company.name == NORDLYS or rng.random() < 0.3
            filled = opening.positions - (1 if keep_open else 0)
            plan = [stages.HIRED] * filled
            if filled < opening.positions:
                plan.append(stages.OFFERED)
            plan += [stages.INTERVIEW] * rng.randint(0, 2) + [stages.SHORTLISTED] * rng.randint(0, 2)
            plan += [stages.SCREENED] * rng.randint(1, 2) + [stages.REJECTED] * rng.randint(1, 2)
            for stage, ranked_candidate in zip(plan, ranked, strict=False):
                candidate = ranked_candidate.participant
                placements.append(
                    Placement(opening=opening, participant=candidate, status=stage, score=ranked_candidate.score)
                )
                used.add(candidate.pk)
                if stage in (stages.HIRED, stages.OFFERED, stages.INTERVIEW):
                    hired.append((stage, candidate))
            if filled == opening.positions:
                opening.status = JobOpening.Status.FILLED
        Placement.objects.bulk_create(placements)
        JobOpening.objects.bulk_update(openings, ["status"])
        # The 50 talents selected: hired first, then offered, then at interview.
        order = {stages.HIRED: 0, stages.OFFERED: 1, stages.INTERVIEW: 2}
        selected = [c for _stage, c in sorted(hired, key=lambda sc: (order[sc[0]], sc[1].pk))][:50]
        referrals = {r.participant_id: r for r in Referral.objects.filter(programme=programme)}
        for candidate in selected:
            programme_actions.accept_referral(
                referral=referrals[candidate.pk], cohort=cohort, by=coordinator, on=datetime.date(2026, 8, 25)
            )
        selected_ids = {c.pk for c in selected}
        rejected = [
            p.participant for p in placements if p.status == stages.REJECTED and p.participant.pk not in selected_ids
        ]
        for candidate in rejected:
            referral = referrals[candidate.pk]
            if referral.status == Referral.Status.PENDING:
                programme_actions.decline_referral(
                    referral=referral, reason=Referral.DeclineReason.NO_PLACE, by=coordinator
                )
        not_ready = [c for c in candidates if c.pk not in used and c.job_readiness == "activity_ready"][:20]
        for candidate in not_ready:
            programme_actions.decline_referral(
                referral=referrals[candidate.pk], reason=Referral.DeclineReason.NOT_READY, by=coordinator
            )

    # ------------------------------------------------------------------ summary
    def summary(self) -> dict[str, int]:
        programmes = list(self.programmes.values())
        cohorts = Cohort.objects.filter(programme__in=programmes)
        return {
            "organisations": len(self.orgs),
            "logins": len(self.users),
            "programmes": len(programmes),
            "cohorts": cohorts.count(),
            "participants": Participant.objects.filter(referrals__programme__in=programmes).distinct().count(),
            "mentors": Mentor.objects.filter(organisation__in=self.orgs.values()).count(),
            "referrals": Referral.objects.filter(programme__in=programmes).count(),
            "mentorships": Mentorship.objects.filter(cohort__in=cohorts).count(),
            "meetings": Meeting.objects.filter(mentorship__cohort__in=cohorts).count(),
            "follow_up_calls": FollowUpCall.objects.filter(mentorship__cohort__in=cohorts).count(),
            "outcomes": Outcome.objects.filter(cohort__in=cohorts).count(),
            "job_openings": JobOpening.objects.filter(programme__in=programmes).count(),
            "positions": sum(JobOpening.objects.filter(programme__in=programmes).values_list("positions", flat=True)),
            "placements": Placement.objects.filter(opening__programme__in=programmes).count(),
        }


def build_demo() -> dict[str, int]:
    """Build the demo in one transaction. Raises ReferenceDataMissing without the reference data."""
    if not reference_loaded():
        raise ReferenceDataMissing("Run manage.py load_reference first")
    with transaction.atomic():
        return DemoBuilder().build()


def remove_demo() -> None:
    """Delete what build_demo() created (the audit trail stays: it is a log)."""
    with transaction.atomic():
        programmes = Programme.objects.filter(name__in=PROGRAMME_NAMES)
        cohorts = Cohort.objects.filter(programme__in=programmes)
        org_names = list(NGOS) + list(COMPANIES)
        orgs = Organisation.objects.filter(name__in=org_names)
        participant_ids = set(Referral.objects.filter(programme__in=programmes).values_list("participant", flat=True))
        participant_ids |= set(
            ParticipantEnrolment.objects.filter(cohort__in=cohorts).values_list("participant", flat=True)
        )
        Outcome.objects.filter(cohort__in=cohorts).delete()
        Event.objects.filter(programme__in=programmes).delete()
        Mentorship.objects.filter(cohort__in=cohorts).delete()
        ParticipantEnrolment.objects.filter(cohort__in=cohorts).delete()
        MentorEnrolment.objects.filter(cohort__in=cohorts).delete()
        JobOpening.objects.filter(company__in=orgs).delete()
        JobOpening.objects.filter(programme__in=programmes).delete()
        Referral.objects.filter(programme__in=programmes).delete()
        cohorts.delete()
        Participant.objects.filter(pk__in=participant_ids).delete()
        Mentor.objects.filter(organisation__in=orgs).delete()
        programmes.delete()
        User.objects.filter(username__in=[login[0] for login in LOGINS]).delete()
        User.objects.filter(organisation__in=orgs).delete()
        orgs.delete()
        for org in Organisation.objects.filter(name__in=MUNICIPALITIES.values(), kind=Organisation.Kind.MUNICIPALITY):
            try:
                with transaction.atomic():
                    org.delete()
            except ProtectedError:
                pass  # still used by data that is not the demo's
