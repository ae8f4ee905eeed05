"""Screening (visitation): eligibility in words, accept into a cohort or decline, mentor training and enrolment."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stafet.audit.models import AuditEvent
from stafet.programmes.eligibility import describe_rule
from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment, Referral
from tests.factories import CohortFactory, MentorFactory, ParticipantEnrolmentFactory, ParticipantFactory

EVERYONE = {
    "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
    "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
}  # fmt: skip
SCREENERS_OF_P = {"admin", "coordinator_a"}


def referral_of(participant) -> Referral:
    return participant.referrals.get()


def accept(client, referral, cohort, **extra):
    data = {f"r{referral.pk}-cohort": cohort.pk, **{f"r{referral.pk}-{k}": v for k, v in extra.items()}}
    return client.post(reverse("programmes:referral_accept", args=[referral.pk]), data)


def decline(client, referral, reason):
    return client.post(reverse("programmes:referral_decline", args=[referral.pk]), {f"r{referral.pk}-reason": reason})


@pytest.fixture
def strict_p(world):
    """Programme P asks five years in an occupation; the factory's citizens have four."""
    world.programme_p.participant_rules = [{"field": "max_occupation_years", "op": ">=", "value": 5}]
    world.programme_p.mentor_rules = [{"field": "years_experience", "op": ">=", "value": 15}]
    world.programme_p.save()
    return world.programme_p


# ---- Eligibility in words -------------------------------------------------------------------------------


def test_a_rule_is_described_in_words():
    assert describe_rule({"field": "years_experience", "op": ">=", "value": 5}) == "work experience at least 5 years"


def test_alternatives_are_described_as_either_or():
    rule = {"any_of": [{"field": "education_level", "op": ">=", "value": "bachelor"},
                       {"field": "max_occupation_years", "op": ">=", "value": 3}]}  # fmt: skip
    assert describe_rule(rule) == (
        "either education at least bachelor or professional bachelor"
        " or work experience in an occupation at least 3 years"
    )


def test_a_choice_rule_names_the_choice_as_users_know_it():
    rule = {"field": "job_readiness", "op": "in", "value": ["job_ready"]}
    assert describe_rule(rule) == "job-readiness is job-ready (jobparat)"


def test_the_programme_page_shows_its_rules_in_words(world, login, strict_p):
    content = login(world.users["caseworker_x"]).get(reverse("programmes:detail", args=[strict_p.pk])).content.decode()
    assert "Work experience in an occupation at least 5 years" in content
    assert "Work experience at least 15 years" in content


# ---- Accept and decline ---------------------------------------------------------------------------------


def test_accepting_enrols_the_citizen_in_the_cohort(world, login):
    referral = referral_of(world.p3)
    response = accept(login(world.users["coordinator_a"]), referral, world.cohort_k)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert ParticipantEnrolment.objects.filter(cohort=world.cohort_k, participant=world.p3, referral=referral).exists()


def test_accepting_is_audited(world, login):
    referral = referral_of(world.p3)
    accept(login(world.users["coordinator_a"]), referral, world.cohort_k)
    event = AuditEvent.objects.get(action="referral.accepted", target_id=str(referral.pk))
    assert event.actor == world.users["coordinator_a"]
    assert event.details == {"cohort": world.cohort_k.pk}


def test_accepting_with_htmx_returns_the_row(world, login):
    referral = referral_of(world.p3)
    client = login(world.users["coordinator_a"])
    data = {f"r{referral.pk}-cohort": world.cohort_k.pk}
    response = client.post(
        reverse("programmes:referral_accept", args=[referral.pk]), data, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith(f'<tr id="referral-{referral.pk}"')
    assert "Cohort K" in content


def test_a_full_cohort_is_refused(world, login):
    full = CohortFactory(programme=world.programme_p, name="Cohort Full", capacity=1)
    ParticipantEnrolmentFactory(cohort=full, participant=ParticipantFactory())
    referral = referral_of(world.p3)
    response = accept(login(world.users["coordinator_a"]), referral, full)
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert not ParticipantEnrolment.objects.filter(participant=world.p3).exists()


def test_the_accept_form_shows_the_places_left(world, login):
    content = login(world.users["coordinator_a"]).get(reverse("programmes:referrals")).content.decode()
    assert "Cohort K (24 of 25 places left)" in content


def test_a_cohort_of_another_programme_is_refused(world, login):
    referral = referral_of(world.p3)
    response = accept(login(world.users["admin"]), referral, world.cohort_q)
    assert response.status_code == 400
    assert not ParticipantEnrolment.objects.filter(participant=world.p3).exists()


def test_a_closed_cohort_is_not_offered(world, login):
    Cohort.objects.filter(pk=world.cohort_k.pk).update(status=Cohort.Status.CLOSED)
    content = login(world.users["coordinator_a"]).get(reverse("programmes:referrals")).content.decode()
    assert "No cohort of this programme has a free place." in content


def test_an_ineligible_citizen_needs_the_explicit_override(world, login, strict_p):
    referral = referral_of(world.p3)
    response = accept(login(world.users["coordinator_a"]), referral, world.cohort_k)
    assert response.status_code == 400
    assert "accept despite" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING


def test_an_ineligible_row_lists_the_failed_rules_beside_the_override(world, login, strict_p):
    response = login(world.users["coordinator_a"]).get(reverse("programmes:referrals"))
    row = next(r for r in response.context["rows"] if r.referral.participant == world.p3)
    assert row.failures == ["work experience in an occupation 4 years; the programme asks 5"]
    content = response.content.decode()
    assert "<li>work experience in an occupation 4 years; the programme asks 5</li>" in content
    assert "Accept despite the failed rules" in content


def test_accepting_despite_the_rules_records_them_in_the_audit(world, login, strict_p):
    referral = referral_of(world.p3)
    response = accept(login(world.users["coordinator_a"]), referral, world.cohort_k, accept_despite="on")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="referral.accepted", target_id=str(referral.pk))
    assert event.details["accepted_despite"] == ["work experience in an occupation 4 years; the programme asks 5"]


def test_declining_needs_a_reason(world, login):
    referral = referral_of(world.p3)
    response = decline(login(world.users["coordinator_a"]), referral, "")
    assert response.status_code == 400
    assert "Choose the reason for declining." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING


def test_declining_with_a_coded_reason_is_audited(world, login):
    referral = referral_of(world.p3)
    response = decline(login(world.users["coordinator_a"]), referral, Referral.DeclineReason.LANGUAGE)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (Referral.Status.DECLINED, "language")
    assert AuditEvent.objects.filter(action="referral.declined", target_id=str(referral.pk)).exists()


def test_a_decided_referral_cannot_be_declined_again(world, login):
    referral = referral_of(world.p1)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ACCEPTED)
    response = decline(login(world.users["coordinator_a"]), referral, Referral.DeclineReason.OTHER)
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


def test_a_failed_decision_with_htmx_returns_the_row_with_the_error(world, login):
    referral = referral_of(world.p3)
    client = login(world.users["coordinator_a"])
    url = reverse("programmes:referral_decline", args=[referral.pk])
    response = client.post(url, {f"r{referral.pk}-reason": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.content.decode().lstrip().startswith("<tr")
    assert "Choose the reason for declining." in response.content.decode()


def test_only_the_programmes_screeners_accept_or_decline(world, login):
    referral = referral_of(world.p3)
    for persona in sorted(EVERYONE - SCREENERS_OF_P):
        client = login(world.users[persona])
        assert accept(client, referral, world.cohort_k).status_code == 404, persona
        assert decline(client, referral, Referral.DeclineReason.OTHER).status_code == 404, persona
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert not AuditEvent.objects.filter(target_id=str(referral.pk), action__startswith="referral.").exists()


def test_the_screeners_of_the_programme_may_decide(world, login):
    for persona, participant in (("coordinator_a", world.p3), ("admin", world.p4)):
        response = decline(login(world.users[persona]), referral_of(participant), Referral.DeclineReason.OTHER)
        assert response.status_code == 302, persona


def test_accepting_needs_a_post(world, login):
    url = reverse("programmes:referral_accept", args=[referral_of(world.p3).pk])
    assert login(world.users["coordinator_a"]).get(url).status_code == 405


# ---- Mentor screening -----------------------------------------------------------------------------------


@pytest.fixture
def untrained(world):
    """A mentor of company C signed up to programme P, not yet trained."""
    mentor = MentorFactory(first_name="Ulla", organisation=world.company_c, training_completed_on=None)
    mentor.programmes.add(world.programme_p)
    return mentor


def mentors_url(world) -> str:
    return reverse("programmes:mentors", args=[world.programme_p.pk])


def test_the_mentor_screening_opens_for_the_programmes_screeners_only(world, login):
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(reverse("programmes:mentors", args=[world.programme_p.pk]))
        assert response.status_code == (200 if persona in SCREENERS_OF_P else 404), persona


def test_mentor_screening_lists_the_programmes_mentors_only(world, login, untrained):
    response = login(world.users["coordinator_a"]).get(mentors_url(world))
    assert {row.mentor.first_name for row in response.context["rows"]} == {"Mads", "Ulla"}


def test_mentor_screening_filters_by_cohort(world, login, untrained):
    client = login(world.users["coordinator_a"])
    response = client.get(mentors_url(world), {"cohort": world.cohort_k.pk})
    assert {row.mentor.first_name for row in response.context["rows"]} == {"Mads"}


def test_mentor_rules_are_shown_with_the_reason_in_words(world, login, strict_p):
    content = login(world.users["coordinator_a"]).get(mentors_url(world)).content.decode()
    assert "work experience 12 years; the programme asks 15" in content


def test_an_untrained_mentor_is_flagged_as_not_matchable(world, login, untrained):
    content = login(world.users["coordinator_a"]).get(mentors_url(world)).content.decode()
    assert "not trained: cannot be matched until trained" in content


def test_recording_training_is_audited(world, login, untrained):
    url = reverse("programmes:mentor_training", args=[world.programme_p.pk, untrained.pk])
    response = login(world.users["coordinator_a"]).post(url, {f"m{untrained.pk}-completed_on": "2026-03-02"})
    assert response.status_code == 302
    untrained.refresh_from_db()
    assert untrained.training_completed_on == datetime.date(2026, 3, 2)
    assert AuditEvent.objects.filter(action="mentor.trained", target_id=str(untrained.pk)).exists()


def test_training_in_the_future_is_refused(world, login, untrained):
    url = reverse("programmes:mentor_training", args=[world.programme_p.pk, untrained.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = login(world.users["coordinator_a"]).post(url, {f"m{untrained.pk}-completed_on": tomorrow})
    assert response.status_code == 400
    untrained.refresh_from_db()
    assert untrained.training_completed_on is None


def test_recording_training_with_htmx_returns_the_row(world, login, untrained):
    url = reverse("programmes:mentor_training", args=[world.programme_p.pk, untrained.pk])
    client = login(world.users["coordinator_a"])
    response = client.post(url, {f"m{untrained.pk}-completed_on": "2026-03-02"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<tr id="mentor-{untrained.pk}"')


def test_enrolling_a_mentor_in_a_cohort(world, login, untrained):
    url = reverse("programmes:mentor_enrol", args=[world.programme_p.pk, untrained.pk])
    data = {f"m{untrained.pk}-cohort": world.cohort_k.pk, f"m{untrained.pk}-capacity": 2}
    response = login(world.users["coordinator_a"]).post(url, data)
    assert response.status_code == 302
    enrolment = MentorEnrolment.objects.get(mentor=untrained, cohort=world.cohort_k)
    assert enrolment.capacity == 2
    assert AuditEvent.objects.filter(action="mentor.enrolled", target_id=str(enrolment.pk)).exists()


def test_a_mentor_already_in_the_cohort_is_not_enrolled_twice(world, login):
    url = reverse("programmes:mentor_enrol", args=[world.programme_p.pk, world.m1.pk])
    data = {f"m{world.m1.pk}-cohort": world.cohort_k.pk, f"m{world.m1.pk}-capacity": 1}
    response = login(world.users["coordinator_a"]).post(url, data)
    assert response.status_code == 400
    assert MentorEnrolment.objects.filter(mentor=world.m1).count() == 1


def test_a_mentor_cannot_be_enrolled_in_another_programmes_cohort(world, login, untrained):
    url = reverse("programmes:mentor_enrol", args=[world.programme_p.pk, untrained.pk])
    data = {f"m{untrained.pk}-cohort": world.cohort_q.pk, f"m{untrained.pk}-capacity": 1}
    assert login(world.users["coordinator_a"]).post(url, data).status_code == 400
    assert not MentorEnrolment.objects.filter(mentor=untrained).exists()


def test_a_mentor_of_another_programme_is_a_404(world, login):
    url = reverse("programmes:mentor_training", args=[world.programme_p.pk, world.m2.pk])
    response = login(world.users["admin"]).post(url, {f"m{world.m2.pk}-completed_on": "2026-03-02"})
    assert response.status_code == 404


def test_only_the_programmes_screeners_record_training_or_enrol(world, login, untrained):
    training = reverse("programmes:mentor_training", args=[world.programme_p.pk, untrained.pk])
    enrol = reverse("programmes:mentor_enrol", args=[world.programme_p.pk, untrained.pk])
    events = AuditEvent.objects.count()
    for persona in sorted(EVERYONE - SCREENERS_OF_P):
        client = login(world.users[persona])
        assert client.post(training, {f"m{untrained.pk}-completed_on": "2026-03-02"}).status_code == 404, persona
        data = {f"m{untrained.pk}-cohort": world.cohort_k.pk, f"m{untrained.pk}-capacity": 1}
        assert client.post(enrol, data).status_code == 404, persona
    untrained.refresh_from_db()
    assert untrained.training_completed_on is None
    assert not MentorEnrolment.objects.filter(mentor=untrained).exists()
    assert AuditEvent.objects.count() == events


def test_the_screeners_of_the_programme_may_record_training(world, login, untrained):
    url = reverse("programmes:mentor_training", args=[world.programme_p.pk, untrained.pk])
    for persona in sorted(SCREENERS_OF_P):
        response = login(world.users[persona]).post(url, {f"m{untrained.pk}-completed_on": "2026-03-02"})
        assert response.status_code == 302, persona
