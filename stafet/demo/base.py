"""The demo builder's state and helpers: a seeded random generator, new people and mentors in bulk, and the
workflow steps (referral, meetings, follow-up calls) through the apps' actions."""

import datetime
import random
import unicodedata
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from stafet.demo.data import (
    AARHUS,
    CASEWORKER_NOTES,
    KBH,
    MUNICIPALITIES,
    PREFERRED_POSTCODES,
    SEED,
)
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
from stafet.mentorships import actions as mentorship_actions
from stafet.mentorships.models import FollowUpCall, Mentorship
from stafet.organisations.models import Organisation, Site, User
from stafet.outcomes import actions as outcome_actions
from stafet.outcomes.models import Outcome
from stafet.people.models import Mentor, MentorLanguage, Participant, ParticipantLanguage, ParticipantOccupation
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, ParticipantEnrolment, Programme, Referral
from stafet.reference.models import Language, Postcode


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ø", "oe").replace("æ", "ae").replace("å", "aa"))
    return "".join(c for c in text.lower() if c.isalnum() or c in ".-").strip(".-")


def demo_gender(first: str, last: str, sex: str) -> str:
    """The coded gender from the name's sex; about one in twenty has not stated it. Taken from the name, not the
    random generator, so the rest of the demo comes out as before.

    >>> [str(demo_gender(*person)) for person in [("Sara", "Haddad", "f"), ("Omar", "Haddad", "m")]]
    ['woman', 'man']
    >>> str(demo_gender("Amira", "Haddad", "f"))
    'not_stated'
    """
    if zlib.crc32(f"{first} {last}".encode()) % 20 == 0:
        return Participant.Gender.NOT_STATED
    return Participant.Gender.WOMAN if sex == "f" else Participant.Gender.MAN


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
    # Kept by the mentor corps' 2016 hold for the 2027 hold, where six of its mentors return and the
    # participants are screened (stafet.demo.mentor_corps).
    mentors_2016: list[Mentor]
    p1_2027_participants: list[Participant]

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
            gender=demo_gender(first, last, sex),
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

    def train_and_enrol(self, mentors, cohort, *, trained: tuple[datetime.date, datetime.date], by) -> None:
        """Each mentor trained on a day between ``trained``, and enrolled in ``cohort`` on the first of them."""
        for mentor in mentors:
            programme_actions.record_training(mentor=mentor, completed_on=self.day_between(*trained), by=by)
            # The demo's past cohorts: their people were never sent an invitation to a login.
            programme_actions.enrol_mentor(mentor=mentor, cohort=cohort, by=by, on=trained[0], invite=False)

    def refer_and_accept(self, participant, cohort, *, municipality, referred, accepted_on, by) -> None:
        """Referred by ``municipality`` on a day between ``referred``, accepted into ``cohort`` on ``accepted_on``."""
        referral = self.refer(participant, cohort.programme, municipality, self.day_between(*referred))
        programme_actions.accept_referral(referral=referral, cohort=cohort, by=by, on=accepted_on, invite=False)

    def close_with_outcome(self, mentorships, cohort, *, reason, ended_on, outcome, outcome_on, by, **notes) -> None:
        """Close the participant's ``mentorships`` on ``ended_on``, their enrolment as completed (or withdrawn when
        ended early), and record the ``outcome`` at the end (none recorded when ``outcome`` is None)."""
        for mentorship in mentorships:
            mentorship_actions.close_mentorship(mentorship=mentorship, reason=reason, ended_on=ended_on, by=by)
        participant = mentorships[0].participant
        enrolment = cohort.participant_enrolments.get(participant=participant)
        completed = reason == Mentorship.ClosingReason.COMPLETED
        enrolment.transition_to(
            ParticipantEnrolment.Status.COMPLETED if completed else ParticipantEnrolment.Status.WITHDRAWN
        )
        enrolment.save(update_fields=["status"])
        if outcome is not None:
            outcome_actions.record_outcome(participant=participant, cohort=cohort, type=outcome,
                                           measured=Outcome.Measured.END, date=outcome_on, by=by, **notes)  # fmt: skip

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
