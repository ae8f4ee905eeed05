"""Project-wide pytest set-up: the reference data is loaded once per test database, as in production."""

import datetime
from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from stafet.reference.loaders import load_reference

    with django_db_blocker.unblock():
        load_reference()


# Personas: one user per role in two separate worlds (A and B), and the people each may or may not see.
@pytest.fixture
def world(db):
    # Imported here: the app registry is ready only once pytest-django has set Django up.
    from stafet.mentorships.actions import start_mentorship
    from stafet.organisations.models import Organisation, Role
    from stafet.reference.models import Municipality
    from tests.factories import (
        CohortFactory,
        JobOpeningFactory,
        MentorEnrolmentFactory,
        MentorFactory,
        MunicipalityOrgFactory,
        OrganisationFactory,
        ParticipantEnrolmentFactory,
        ParticipantFactory,
        PlacementFactory,
        ProgrammeFactory,
        ReferralFactory,
        UserFactory,
    )

    w = SimpleNamespace()
    w.ngo_a = OrganisationFactory(name="NGO A", kind=Organisation.Kind.NGO)
    w.ngo_b = OrganisationFactory(name="NGO B", kind=Organisation.Kind.NGO)
    w.ngo_idle = OrganisationFactory(name="NGO without programmes", kind=Organisation.Kind.NGO)
    w.mun_x = MunicipalityOrgFactory(name="Aarhus job centre", municipality=Municipality.objects.get(pk="0751"))
    w.mun_y = MunicipalityOrgFactory(name="København job centre", municipality=Municipality.objects.get(pk="0101"))
    w.company_c = OrganisationFactory(name="Company C")
    w.company_d = OrganisationFactory(name="Company D")

    w.programme_p = ProgrammeFactory(name="Programme P", operator=w.ngo_a)
    w.programme_p.partner_companies.add(w.company_c)
    w.programme_p.partner_municipalities.add(w.mun_x)
    w.programme_q = ProgrammeFactory(name="Programme Q", operator=w.ngo_b)
    w.programme_q.partner_companies.add(w.company_d)
    w.programme_q.partner_municipalities.add(w.mun_y)
    w.cohort_k = CohortFactory(programme=w.programme_p, name="Cohort K")
    w.cohort_q = CohortFactory(programme=w.programme_q, name="Cohort Q")

    users = {
        "admin": dict(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
        "coordinator_a": dict(role=Role.COORDINATOR, organisation=w.ngo_a),
        "coordinator_b": dict(role=Role.COORDINATOR, organisation=w.ngo_b),
        "coordinator_idle": dict(role=Role.COORDINATOR, organisation=w.ngo_idle),
        "caseworker_x": dict(role=Role.CASEWORKER, organisation=w.mun_x),
        "caseworker_y": dict(role=Role.CASEWORKER, organisation=w.mun_y),
        "contact_c": dict(role=Role.COMPANY_CONTACT, organisation=w.company_c),
        "contact_d": dict(role=Role.COMPANY_CONTACT, organisation=w.company_d),
        "mentor_user": dict(role=Role.MENTOR, organisation=w.company_c),
        "participant_user": dict(role=Role.PARTICIPANT),
        "outsider": dict(role=Role.PARTICIPANT),
    }
    w.users = {name: UserFactory(username=name, **fields) for name, fields in users.items()}

    w.p1 = ParticipantFactory(first_name="Pia", user=w.users["participant_user"])
    w.p2 = ParticipantFactory(first_name="Qasim")
    w.p3 = ParticipantFactory(first_name="Rana")
    w.p4 = ParticipantFactory(first_name="Samir")
    ReferralFactory(participant=w.p1, programme=w.programme_p, municipality=w.mun_x)
    ReferralFactory(participant=w.p2, programme=w.programme_q, municipality=w.mun_y)
    # Rana is shortlisted for company C's opening below, and consented to companies seeing her profile.
    ReferralFactory(
        participant=w.p3, programme=w.programme_p, municipality=w.mun_x, consent_scope="programme_companies"
    )
    ReferralFactory(participant=w.p4, programme=w.programme_p, municipality=w.mun_x)
    ParticipantEnrolmentFactory(cohort=w.cohort_k, participant=w.p1)

    w.m1 = MentorFactory(first_name="Mads", organisation=w.company_c, user=w.users["mentor_user"])
    w.m2 = MentorFactory(first_name="Nina", organisation=w.company_d)
    w.m1.programmes.add(w.programme_p)
    w.m2.programmes.add(w.programme_q)
    MentorEnrolmentFactory(cohort=w.cohort_k, mentor=w.m1, capacity=1)
    w.mentorship = start_mentorship(
        cohort=w.cohort_k,
        mentor=w.m1,
        participant=w.p1,
        role="professional",
        by=w.users["coordinator_a"],
        started_on=datetime.date(2026, 3, 1),
    )

    w.opening_c = JobOpeningFactory(company=w.company_c, programme=w.programme_p, title="Opening C")
    w.opening_d = JobOpeningFactory(company=w.company_d, programme=w.programme_q, title="Opening D")
    PlacementFactory(opening=w.opening_c, participant=w.p3, status="shortlisted")
    PlacementFactory(opening=w.opening_c, participant=w.p4, status="screened")
    return w


@pytest.fixture
def full_world(world):
    """The world with one of everything a URL can name: a match run with a proposal, a pair rule, a follow-up
    call, an escalation, a placement, an outcome, an event with an invitation, a planned meeting, a notification
    and a calendar-feed secret."""
    from django.utils import timezone

    from stafet.events.actions import invite_to_event, schedule_event
    from stafet.matches.models import MatchRun, PairRule, Proposal
    from stafet.mentorships.actions import plan_meeting, raise_escalation
    from stafet.notifications.feed import new_secret
    from stafet.outcomes.actions import record_outcome
    from stafet.placements.models import Placement
    from tests.factories import CohortFactory, ProgrammeFactory, ReferralFactory

    w = world
    coordinator = w.users["coordinator_a"]
    w.run = MatchRun.objects.create(cohort=w.cohort_k, role="professional", created_by=coordinator)
    w.proposal = Proposal.objects.create(run=w.run, participant=w.p1, mentor=w.m1, score=500)
    w.rule = PairRule.objects.create(cohort=w.cohort_k, participant=w.p1, mentor=w.m1, kind="exclude")
    w.call = w.mentorship.follow_up_calls.first()
    w.escalation = raise_escalation(mentorship=w.mentorship, topic="housing", urgency="normal", text="Help",
                                    by=w.users["mentor_user"])  # fmt: skip
    w.referral = w.p3.referrals.get()
    w.placement = Placement.objects.get(participant=w.p3)
    record_outcome(participant=w.p1, cohort=w.cohort_k, type="education", date=datetime.date(2026, 9, 1),
                   measured="end", by=coordinator)  # fmt: skip
    soon = timezone.now() + datetime.timedelta(days=7)
    w.event = schedule_event(programme=w.programme_p, cohort=w.cohort_k, kind="welcome", starts_at=soon,
                             ends_at=soon + datetime.timedelta(hours=2), place="NGO A", by=coordinator)  # fmt: skip
    (w.invitation,) = invite_to_event(event=w.event, by=coordinator, participants=[w.p1])
    w.planned = plan_meeting(mentorship=w.mentorship, starts_at=soon, hours=2, venue="company_site", by=coordinator)
    # A talent programme of NGO A's, with Samir referred to it too: its selection, screening and report.
    w.talent = ProgrammeFactory(name="Talent T", operator=w.ngo_a, kind="talent")
    w.talent.partner_municipalities.add(w.mun_x)
    w.talent_referral = ReferralFactory(participant=w.p4, programme=w.talent, municipality=w.mun_x)
    w.talent_cohort = CohortFactory(programme=w.talent, name="Talent cohort")
    w.notification = coordinator.notifications.first()
    w.secret = new_secret(coordinator)
    return w


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in as ``user`` past the password and the second factor (see
    ``tests.auth.log_in``, which tests that need a client of their own call directly) and returns the client."""
    from tests.auth import log_in

    def as_user(user, *, verified=True):
        return log_in(client, user, verified=verified)

    return as_user


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """A transactional test (live server, concurrency) starts from tables that the previous one emptied;
    pytest-django runs these after all ordinary database tests, so each loads the reference data itself."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )
    if transactional:
        from stafet.reference.loaders import load_reference

        request.getfixturevalue("transactional_db")
        load_reference()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Django's advice for tests: a fast hasher. The demo's logins are hashed when a browser test loads the demo,
    and each browser login checks one; with the production hasher that is a second each on an idle machine, and
    long enough on a busy CI machine to time a login out."""
    from django.conf import global_settings

    # The others after it, so a password hashed before this fixture (a module's demo) still checks.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _english():
    """Tests read the English source strings; the Danish default has its own test."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
