"""An administrator merges two records of one person: every reference moves to the record kept, in one
transaction, audited, and the audit trail of both ids is kept.

The world: Pia (p1) is referred by Aarhus to programme P, enrolled in cohort K, mentored by Mads, with a match
proposal. A second record of her was made when København referred her to programme Q.
"""

import datetime

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.matches.models import MatchRun, Proposal
from stafet.mentorships.models import Mentorship
from stafet.people.actions import merge_participants
from stafet.people.models import Participant
from stafet.programmes.models import ParticipantEnrolment, Referral
from tests.factories import ParticipantFactory, ReferralFactory

CHANGELIST = "admin:people_participant_changelist"


@pytest.fixture
def second_pia(world):
    pia = ParticipantFactory(first_name="Pia", last_name=world.p1.last_name, birth_year=world.p1.birth_year,
                             email="", phone="+45 40 00 00 00")  # fmt: skip
    pia.industries.add("F")
    ReferralFactory(participant=pia, programme=world.programme_q, municipality=world.mun_y)
    AuditEvent.objects.create(action="participant.created", target_type="people.participant", target_id=str(pia.pk))
    return pia


def test_the_admin_merges_two_records_after_choosing_which_to_keep(world, second_pia, login):
    run = MatchRun.objects.create(cohort=world.cohort_k, created_by=world.users["coordinator_a"])
    Proposal.objects.create(run=run, participant=second_pia, mentor=world.m1, score=1)
    client = login(world.users["admin"])
    selection = {"action": "merge", helpers.ACTION_CHECKBOX_NAME: [world.p1.pk, second_pia.pk]}
    confirm = client.post(reverse(CHANGELIST), selection)
    assert confirm.status_code == 200 and "Keep this record" in confirm.content.decode()
    assert Participant.objects.filter(pk=second_pia.pk).exists()  # nothing merged before the choice

    done = client.post(reverse(CHANGELIST), selection | {"keep": world.p1.pk})

    assert done.status_code == 302
    assert not Participant.objects.filter(pk=second_pia.pk).exists()
    assert set(Referral.objects.filter(participant=world.p1).values_list("programme", flat=True)) == {
        world.programme_p.pk,
        world.programme_q.pk,
    }
    assert Proposal.objects.filter(participant=world.p1).count() == 1  # a relation the people app never names
    assert Mentorship.objects.filter(participant=world.p1).count() == 1
    world.p1.refresh_from_db()
    assert world.p1.phone == "+45 40 00 00 00"  # an empty field filled from the duplicate
    assert "F" in world.p1.industries.values_list("pk", flat=True)
    merged = AuditEvent.objects.get(action="participant.merged")
    assert (merged.target_id, merged.actor, merged.details["merged"]) == (str(world.p1.pk), world.users["admin"],
                                                                          second_pia.pk)  # fmt: skip
    assert merged.details["moved"] == {"programmes.referral": 1, "matches.proposal": 1}
    into = AuditEvent.objects.get(action="participant.merged_into")
    assert (into.target_id, into.details["into"]) == (str(second_pia.pk), world.p1.pk)
    # The duplicate's own history stays under its id, tied to the kept record by the record above.
    assert AuditEvent.objects.filter(target_type="people.participant", target_id=str(second_pia.pk)).count() == 2


def test_records_that_both_hold_the_same_thing_are_not_merged_and_nothing_changes(world, second_pia):
    ParticipantEnrolment.objects.create(cohort=world.cohort_k, participant=second_pia,
                                        enrolled_on=datetime.date(2026, 3, 1))  # fmt: skip
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Both records have participant enrolments"):
        merge_participants(keep=world.p1, duplicate=second_pia, by=world.users["admin"])
    assert Participant.objects.filter(pk=second_pia.pk).exists()
    assert second_pia.referrals.count() == 1 and AuditEvent.objects.count() == events


def test_only_two_records_are_merged_at_a_time(world, second_pia, login):
    client = login(world.users["admin"])
    selection = {"action": "merge", helpers.ACTION_CHECKBOX_NAME: [world.p1.pk, second_pia.pk, world.p2.pk]}
    response = client.post(reverse(CHANGELIST), selection, follow=True)
    assert "Select exactly two records of the same person." in response.content.decode()
    assert Participant.objects.filter(pk=second_pia.pk).exists()


def test_nobody_but_an_administrator_reaches_the_merge(world, second_pia, login):
    selection = {"action": "merge", helpers.ACTION_CHECKBOX_NAME: [world.p1.pk, second_pia.pk], "keep": world.p1.pk}
    for persona in ("coordinator_a", "caseworker_x", "contact_c", "mentor_user", "participant_user"):
        assert login(world.users[persona]).post(reverse(CHANGELIST), selection).status_code == 404, persona
    assert Participant.objects.filter(pk=second_pia.pk).exists()
