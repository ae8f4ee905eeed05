"""The demo data: the four programmes of DOMAIN.md with synthetic people, built deterministically.

``build_demo()`` creates everything in one transaction and returns counts; workflow steps (referral,
enrolment, training, mentorships, meetings, follow-up calls, escalations, outcomes) go through the actions
so counters and the audit trail are right. Everything else is created with the ORM, in bulk where it is big.
No person in the demo exists; the names are typical of refugees in Denmark, the places are real.
"""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from stafet.demo import dual, mentor_corps, talent, volunteer
from stafet.demo.base import DemoBuilder
from stafet.demo.data import COMPANIES, LOGINS, MUNICIPALITIES, NGOS, P1, PROGRAMME_NAMES
from stafet.demo.events import build_events
from stafet.demo.organisations import build_organisations, build_users
from stafet.demo.programmes import build_programmes
from stafet.events.models import Event
from stafet.mentorships.models import FollowUpCall, Meeting, Mentorship
from stafet.organisations.models import Organisation, User
from stafet.outcomes.models import Outcome
from stafet.people.models import Mentor, Participant
from stafet.placements.models import JobOpening, Placement
from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment, Programme, Referral
from stafet.reference.models import Country, Language, Municipality, Occupation, Postcode


class ReferenceDataMissing(Exception):
    pass


def reference_loaded() -> bool:
    return all(m.objects.exists() for m in (Municipality, Postcode, Occupation, Language, Country)) and all(
        Municipality.objects.filter(code=code).exists() for code in MUNICIPALITIES
    )


def demo_loaded() -> bool:
    return Programme.objects.filter(name=P1).exists()


def build() -> dict[str, int]:
    """Build every programme of the demo, in order (each draws on the one random generator), and count it."""
    demo = DemoBuilder()
    build_organisations(demo)
    build_users(demo)
    build_programmes(demo)
    mentor_corps.build_mentor_corps_2016(demo)
    mentor_corps.build_mentor_corps_2027(demo)
    volunteer.build_volunteer(demo)
    dual.build_dual(demo)
    talent.build_talent(demo)
    build_events(demo.rng, demo.users, timezone.localdate())
    return summary(demo)


def summary(demo: DemoBuilder) -> dict[str, int]:
    programmes = list(demo.programmes.values())
    cohorts = Cohort.objects.filter(programme__in=programmes)
    return {
        "organisations": len(demo.orgs),
        "logins": len(demo.users),
        "programmes": len(programmes),
        "cohorts": cohorts.count(),
        "participants": Participant.objects.filter(referrals__programme__in=programmes).distinct().count(),
        "mentors": Mentor.objects.filter(organisation__in=demo.orgs.values()).count(),
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
        return build()


def remove_demo() -> None:
    """Delete what build_demo() created (the audit trail stays: it is a log)."""
    with transaction.atomic():
        programmes = Programme.objects.filter(name__in=PROGRAMME_NAMES)
        cohorts = Cohort.objects.filter(programme__in=programmes)
        org_names = list(NGOS) + list(COMPANIES)
        orgs = Organisation.objects.filter(name__in=org_names)
        # The volunteers' own businesses: companies whose every mentor is in the demo's programmes.
        businesses = set(
            Organisation.objects.filter(kind=Organisation.Kind.COMPANY, mentors__programmes__in=programmes)
            .exclude(mentors__in=Mentor.objects.exclude(programmes__in=programmes))
            .exclude(name__in=org_names)
            .values_list("pk", flat=True)
        )
        orgs = Organisation.objects.filter(pk__in=set(orgs.values_list("pk", flat=True)) | businesses)
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
