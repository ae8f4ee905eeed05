"""Withdrawing the consent to take part (the referral's own consent, GDPR art. 7(3)): in the withdrawal's one
transaction the participant's open mentorships close with a coded reason, their cohort place, unpublished match
proposals and job-opening candidacies are withdrawn, the programme's coordinators are told what was closed (not
why), and all of it is on the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from stafet.audit.models import AuditEvent
from stafet.matches.models import Proposal
from stafet.mentorships.models import Mentorship, PlannedMeeting
from stafet.notifications.models import Kind, Notification
from stafet.notifications.render import email_parts
from stafet.placements.models import Placement
from stafet.privacy import actions
from stafet.programmes.models import ParticipantEnrolment, Referral
from tests.auth import log_in
from tests.factories import PlacementFactory


@pytest.fixture
def pia(full_world):
    """Pia: referred, enrolled, in an open mentorship with a meeting planned, in a draft match run, and offered a
    job in one of the programme's openings."""
    w = full_world
    w.offer = PlacementFactory(opening=w.opening_c, participant=w.p1, status="offered")
    w.pia_referral = w.p1.referrals.get()
    return w


def leave(client, referral, **data):
    return client.post(reverse("privacy:withdraw_consent", args=[referral.pk]), {"confirm": "on", **data})


def test_withdrawing_the_consent_to_take_part_closes_what_rests_on_it(pia, client):
    w = pia
    log_in(client, w.users["participant_user"])
    assert "Withdraw all consent and leave the programme" in client.get(reverse("privacy:me")).content.decode()
    assert leave(client, w.pia_referral)["Location"] == reverse("privacy:me")

    w.pia_referral.refresh_from_db()
    assert w.pia_referral.status == Referral.Status.WITHDRAWN
    pair = Mentorship.objects.get(pk=w.mentorship.pk)
    assert (pair.status, pair.closing_reason, pair.ended_on) == ("closed", "consent_withdrawn", timezone.localdate())
    assert pair.closing_note == ""
    assert PlannedMeeting.objects.get(pk=w.planned.pk).status == PlannedMeeting.Status.CANCELLED
    assert set(ParticipantEnrolment.objects.filter(participant=w.p1).values_list("status", flat=True)) == {"withdrawn"}
    assert not Proposal.objects.filter(participant=w.p1, run=w.run).exists()
    w.offer.refresh_from_db()
    assert (w.offer.status, w.offer.reason) == ("withdrawn", "consent_withdrawn")

    notice = Notification.objects.get(kind=Kind.CONSENT_WITHDRAWN)
    assert notice.recipient == w.users["coordinator_a"] and notice.participant == w.p1
    assert {
        "participant": w.p1.name,
        "programme": "Programme P",
        "by_phone": False,
        "mentorships": 1,
        "enrolments": 1,
        "proposals": 1,
        "placements": 1,
    }.items() <= notice.params.items()
    with translation.override("da"):
        subject, text, _html = email_parts(notice)
    assert "har trukket samtykket til at deltage i Programme P tilbage" in subject
    assert "1 åbent mentorforløb afsluttet" in text and "1 forløb til en jobåbning trukket tilbage" in text
    # The mentor hears of the cancelled meeting.
    assert Notification.objects.filter(kind=Kind.MEETING_CANCELLED, recipient=w.users["mentor_user"]).exists()

    event = AuditEvent.objects.get(action="referral.consent_withdrawn")
    assert event.actor == w.users["participant_user"]
    assert event.details == {"old": "pending", "new": "withdrawn", "withdrawn": "programme", "by_phone": False,
                             "mentorships": [w.mentorship.pk], "enrolments": list(
                                 ParticipantEnrolment.objects.filter(participant=w.p1).values_list("pk", flat=True)),
                             "proposals": 1, "placements": [w.offer.pk]}  # fmt: skip
    assert AuditEvent.objects.filter(action="mentorship.closed", details__reason="consent_withdrawn").count() == 1


def test_staff_record_a_withdrawal_made_by_phone(pia, client):
    log_in(client, pia.users["caseworker_x"])
    assert leave(client, pia.pia_referral)["Location"] == reverse("people:participant", args=[pia.p1.pk])
    assert AuditEvent.objects.get(action="referral.consent_withdrawn").details["by_phone"] is True
    assert Notification.objects.get(kind=Kind.CONSENT_WITHDRAWN).params["by_phone"] is True


def test_a_failure_midway_changes_nothing(pia, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(actions.notices, "consent_withdrawn", broken)
    with pytest.raises(RuntimeError):
        actions.withdraw_consent_to_take_part(referral=pia.pia_referral, by=pia.users["coordinator_a"], by_phone=True)
    assert Referral.objects.get(pk=pia.pia_referral.pk).status != Referral.Status.WITHDRAWN
    assert Mentorship.objects.get(pk=pia.mentorship.pk).status != "closed"
    assert Placement.objects.get(pk=pia.offer.pk).status == "offered"
    assert Proposal.objects.filter(pk=pia.proposal.pk).exists()
    assert not AuditEvent.objects.filter(action="referral.consent_withdrawn").exists()


def test_without_the_box_ticked_or_twice_nothing_changes(pia, client):
    log_in(client, pia.users["participant_user"])
    client.post(reverse("privacy:withdraw_consent", args=[pia.pia_referral.pk]), {})
    assert Referral.objects.get(pk=pia.pia_referral.pk).status != Referral.Status.WITHDRAWN
    leave(client, pia.pia_referral)
    page = leave(client, pia.pia_referral)
    assert page.status_code == 302
    assert AuditEvent.objects.filter(action="referral.consent_withdrawn").count() == 1


@pytest.mark.parametrize("persona", ["coordinator_b", "caseworker_y", "contact_c", "mentor_user", "outsider"])
def test_nobody_else_withdraws_it(pia, client, persona):
    log_in(client, pia.users[persona])
    assert leave(client, pia.pia_referral).status_code == 404
    assert Referral.objects.get(pk=pia.pia_referral.pk).status != Referral.Status.WITHDRAWN


def test_a_pair_that_starts_later_is_closed_on_its_start_day(pia):
    later = timezone.localdate() + datetime.timedelta(days=20)
    Mentorship.objects.filter(pk=pia.mentorship.pk).update(started_on=later, status="planned")
    actions.withdraw_consent_to_take_part(referral=pia.pia_referral, by=pia.users["coordinator_a"], by_phone=True)
    pair = Mentorship.objects.get(pk=pia.mentorship.pk)
    assert (pair.status, pair.closing_reason, pair.ended_on) == ("closed", "consent_withdrawn", later)
