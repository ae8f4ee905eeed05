"""The absolute rules live in the database, not only in forms: constraints, lifecycles and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from stafet.audit.models import AuditEvent
from stafet.lifecycle import IllegalTransition
from stafet.mentorships.actions import close_mentorship, start_mentorship
from stafet.mentorships.models import Mentorship
from stafet.programmes.actions import decline_referral
from stafet.programmes.models import MentorEnrolment, Referral
from tests.factories import MentorEnrolmentFactory, MentorFactory, ParticipantEnrolmentFactory, ReferralFactory


def test_the_database_refuses_a_mentor_over_capacity(world):
    enrolment = MentorEnrolment.objects.get(cohort=world.cohort_k, mentor=world.m1)
    assert enrolment.open_mentorships == enrolment.capacity == 1
    with pytest.raises(IntegrityError, match="mentor_never_over_capacity"), transaction.atomic():
        MentorEnrolment.objects.filter(pk=enrolment.pk).update(open_mentorships=F("open_mentorships") + 1)


def test_a_full_mentor_cannot_get_another_mentee(world):
    other = ParticipantEnrolmentFactory(cohort=world.cohort_k).participant
    with pytest.raises(ValidationError, match="no free place"):
        start_mentorship(cohort=world.cohort_k, mentor=world.m1, participant=other, role="professional",
                         by=world.users["coordinator_a"])  # fmt: skip
    assert not Mentorship.objects.filter(participant=other).exists()


def test_the_database_refuses_two_open_professional_mentorships_in_one_cohort(world):
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=world.m2, capacity=2)  # a free place: only the rule refuses
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        Mentorship.objects.create(cohort=world.cohort_k, mentor=world.m2, participant=world.p1, role="professional")
    # A closed one beside the open one is history, and allowed.
    pair = {"cohort": world.cohort_k, "mentor": world.m2, "participant": world.p1, "role": "professional"}
    Mentorship.objects.create(**pair, status="closed", closing_reason="rematch", ended_on=datetime.date(2026, 4, 1))


def test_a_second_mentor_of_the_other_role_is_allowed(world):
    volunteer = MentorFactory(kind="community")
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=volunteer)
    start_mentorship(cohort=world.cohort_k, mentor=volunteer, participant=world.p1, role="community",
                     by=world.users["coordinator_a"])  # fmt: skip
    assert world.p1.mentorships.open().count() == 2


def test_the_database_refuses_a_second_referral_to_the_same_programme(world):
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        ReferralFactory(participant=world.p1, programme=world.programme_p, municipality=world.mun_x)


def test_an_untrained_mentor_cannot_be_matched(world):
    untrained = MentorFactory(training_completed_on=None)
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=untrained)
    with pytest.raises(ValidationError, match="training"):
        start_mentorship(cohort=world.cohort_k, mentor=untrained, participant=world.p3, role="professional",
                         by=world.users["coordinator_a"])  # fmt: skip


def test_closing_frees_the_mentors_place_and_is_audited(world):
    close_mentorship(mentorship=world.mentorship, reason="completed", ended_on=datetime.date(2026, 9, 1),
                     by=world.users["coordinator_a"])  # fmt: skip
    assert MentorEnrolment.objects.get(cohort=world.cohort_k, mentor=world.m1).open_mentorships == 0
    event = AuditEvent.objects.filter(action="mentorship.closed").get()
    assert event.actor == world.users["coordinator_a"]
    assert event.target_id == str(world.mentorship.pk)


def test_a_closed_mentorship_cannot_be_closed_again(world):
    by = world.users["coordinator_a"]
    close_mentorship(mentorship=world.mentorship, reason="completed", ended_on=datetime.date(2026, 9, 1), by=by)
    with pytest.raises(IllegalTransition):
        close_mentorship(mentorship=world.mentorship, reason="rematch", ended_on=datetime.date(2026, 9, 2), by=by)
    assert MentorEnrolment.objects.get(cohort=world.cohort_k, mentor=world.m1).open_mentorships == 0


def test_a_refused_action_leaves_no_audit_record_and_no_change(world):
    referral = Referral.objects.get(participant=world.p3)
    with pytest.raises(ValidationError):
        decline_referral(referral=referral, reason="not-a-reason", by=world.users["coordinator_a"])
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert not AuditEvent.objects.filter(action="referral.declined").exists()


def test_the_database_refuses_a_closed_mentorship_without_a_reason(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.filter(pk=world.mentorship.pk).update(status="closed")


def test_the_admin_covers_every_domain_model():
    from django.apps import apps
    from django.contrib import admin

    ours = [m for m in apps.get_models() if m.__module__.startswith("stafet.")]
    inlines = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    missing = [m.__name__ for m in ours if m not in admin.site._registry and m not in inlines]
    assert missing == []


def test_activating_a_planned_pair_plans_the_calls_from_the_real_start(world):
    from django.utils import timezone

    from stafet.mentorships.actions import change_mentorship_status, follow_up_dates

    volunteer = MentorFactory(kind="community")
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=volunteer)
    planned = start_mentorship(cohort=world.cohort_k, mentor=volunteer, participant=world.p1, role="community",
                               by=world.users["coordinator_a"], status="planned")  # fmt: skip
    change_mentorship_status(mentorship=planned, status="active", by=world.users["coordinator_a"])
    today = timezone.localdate()
    due = list(planned.follow_up_calls.order_by("due_on").values_list("due_on", flat=True))
    assert due == follow_up_dates(today, world.programme_p.duration_months)


def test_accepting_a_referral_of_someone_already_in_the_cohort_is_refused_not_a_crash(world):
    from stafet.programmes.actions import accept_referral

    referral = Referral.objects.get(participant=world.p3)
    ParticipantEnrolmentFactory(cohort=world.cohort_k, participant=world.p3)  # enrolled by hand, say
    with pytest.raises(ValidationError, match="already enrolled"):
        accept_referral(referral=referral, cohort=world.cohort_k, by=world.users["coordinator_a"])
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert not AuditEvent.objects.filter(action="referral.accepted").exists()


def test_a_mentors_site_belongs_to_their_employer(world):
    world.m1.site = world.m2.site
    with pytest.raises(ValidationError, match="sites"):
        world.m1.full_clean()


def test_an_openings_site_belongs_to_its_company(world):
    world.opening_c.full_clean()  # at one of its own company's sites
    world.opening_c.site = world.opening_d.site
    with pytest.raises(ValidationError, match="sites"):
        world.opening_c.full_clean()


def test_a_programme_is_run_by_an_ngo_and_a_referral_comes_from_a_municipality(world):
    world.programme_p.operator = world.company_c
    with pytest.raises(ValidationError, match="NGO"):
        world.programme_p.full_clean()
    referral = Referral.objects.get(participant=world.p3)
    referral.municipality = world.ngo_a
    with pytest.raises(ValidationError, match="municipality"):
        referral.full_clean(exclude=["municipality"])
