"""Factories for tests. Reference data (postcodes, occupations…) is loaded once per test database."""

import datetime

import factory

from stafet.mentorships.models import Mentorship
from stafet.organisations.models import Organisation, Role, Site, User
from stafet.people.models import Mentor, MentorLanguage, Participant, ParticipantLanguage, ParticipantOccupation
from stafet.placements.models import JobOpening, Placement
from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment, Programme, Referral
from stafet.reference.models import Country, Industry, Language, Municipality, Occupation, Postcode


def ref(model, pk):
    return factory.LazyFunction(lambda: model.objects.get(pk=pk))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COMPANY


class MunicipalityOrgFactory(OrganisationFactory):
    kind = Organisation.Kind.MUNICIPALITY
    municipality = ref(Municipality, "0751")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    address = "Hovedgaden 1"
    postcode = ref(Postcode, "2800")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    role = Role.PARTICIPANT
    # Tests log in with force_login; hashing a real password per user would cost a second each.
    password = "!unusable"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Amal{n}")
    last_name = "Haddad"
    birth_year = 1988
    country_of_origin = ref(Country, "SY")
    arrival_date = datetime.date(2015, 9, 1)
    residence_permit_date = datetime.date(2016, 1, 10)
    municipality = ref(Municipality, "0173")
    home_postcode = ref(Postcode, "2800")
    education_level = "bachelor"
    education_field = "Software engineering"
    job_readiness = Participant.JobReadiness.JOB_READY
    competences = "Java, databases, project work"

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if not create:
            return
        ParticipantOccupation.objects.create(participant=obj, occupation_id="2512", years=4)
        ParticipantLanguage.objects.create(participant=obj, language_id="en", level="B2")
        ParticipantLanguage.objects.create(participant=obj, language_id="ar", level="native")
        obj.industries.add(Industry.objects.get(pk="J"))


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Mette{n}")
    last_name = "Jensen"
    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.LazyAttribute(lambda o: SiteFactory(organisation=o.organisation))
    job_title = "Software architect"
    occupation = ref(Occupation, "2512")
    industry = ref(Industry, "J")
    years_experience = 12
    capacity = 1
    training_completed_on = datetime.date(2026, 1, 15)

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create:
            MentorLanguage.objects.create(mentor=obj, language_id="en", level="C1")
            MentorLanguage.objects.create(mentor=obj, language_id="da", level="native")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.MENTOR_CORPS
    operator = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.NGO)
    refused_venues = ["municipal_office", "participant_home"]
    venue_rule_reason = {"da": "Møderne holdes på virksomheden.", "en": "Meetings take place at the company."}


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = datetime.date(2026, 3, 1)
    capacity = 25


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    participant = factory.SubFactory(ParticipantFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityOrgFactory)
    referred_on = datetime.date(2026, 2, 1)
    consent_given_on = datetime.date(2026, 1, 28)
    consent_scope = Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP


class ParticipantEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantEnrolment

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.SubFactory(ParticipantFactory)
    enrolled_on = datetime.date(2026, 2, 15)


class MentorEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorEnrolment

    cohort = factory.SubFactory(CohortFactory)
    mentor = factory.SubFactory(MentorFactory)
    capacity = 1
    enrolled_on = datetime.date(2026, 2, 15)


class JobOpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOpening

    company = factory.SubFactory(OrganisationFactory)
    site = factory.LazyAttribute(
        lambda o: SiteFactory(organisation=o.company, postcode=Postcode.objects.get(pk="8000"))
    )
    title = factory.Sequence(lambda n: f"Developer {n}")
    occupation = ref(Occupation, "2512")
    industry = ref(Industry, "J")
    positions = 2


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    opening = factory.SubFactory(JobOpeningFactory)
    participant = factory.SubFactory(ParticipantFactory)


__all__ = [
    "CohortFactory",
    "JobOpeningFactory",
    "Language",
    "MentorEnrolmentFactory",
    "MentorFactory",
    "Mentorship",
    "MunicipalityOrgFactory",
    "OrganisationFactory",
    "ParticipantEnrolmentFactory",
    "ParticipantFactory",
    "PlacementFactory",
    "ProgrammeFactory",
    "ReferralFactory",
    "SiteFactory",
    "UserFactory",
]
