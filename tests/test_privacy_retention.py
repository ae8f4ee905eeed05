"""Retention: each programme keeps a participant's data for its retention period after the last follow-up; the
DPO sees who is due and why; the daily schedule pseudonymises them and records it."""

import datetime

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.mentorships.models import Mentorship
from stafet.notifications.schedule import run_daily
from stafet.organisations.models import Role
from stafet.people.models import Participant
from stafet.privacy.retention import due_for_pseudonymisation, retention_of
from stafet.programmes.models import Referral
from tests.auth import log_in
from tests.factories import UserFactory

CPH = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def ended(world):
    """Pia's mentorship is closed (cohort K: 1 March 2026, six months; +12 months follow-up on 1 September 2027);
    Samir's referral was declined on 1 February 2026; Rana's and Qasim's referrals await screening."""
    Mentorship.objects.filter(pk=world.mentorship.pk).update(
        status=Mentorship.Status.CLOSED, closing_reason="completed", ended_on=datetime.date(2026, 9, 1)
    )
    Referral.objects.filter(participant=world.p1).update(status=Referral.Status.ACCEPTED)
    Referral.objects.filter(participant=world.p4).update(
        status=Referral.Status.DECLINED,
        decline_reason="not_ready",
        decided_at=datetime.datetime(2026, 2, 1, 12, tzinfo=CPH),
    )
    return world


def until(world, person) -> datetime.date | None:
    (retention,) = retention_of(Participant.objects.filter(pk=person.pk))
    return retention.until


def test_the_period_runs_from_the_last_follow_up(ended):
    w = ended
    assert until(w, w.p1) == datetime.date(2028, 9, 1)  # +12 months follow-up, then 12 months kept
    assert until(w, w.p4) == datetime.date(2027, 2, 1)  # the referral's decision, then 12 months
    w.programme_p.retention_months = 6
    w.programme_p.save()
    assert until(w, w.p1) == datetime.date(2028, 3, 1)


def test_nobody_is_due_while_their_data_is_in_use(world):
    far = datetime.date(2040, 1, 1)
    # Pia's mentorship is open; the others' referrals await screening.
    assert due_for_pseudonymisation(Participant.objects.all(), far) == []


def test_due_once_every_programme_has_passed(ended):
    w = ended
    everyone = Participant.objects.all()
    assert [r.participant for r in due_for_pseudonymisation(everyone, datetime.date(2027, 2, 1))] == [w.p4]
    assert [r.participant for r in due_for_pseudonymisation(everyone, datetime.date(2027, 1, 31))] == []
    due = {r.participant for r in due_for_pseudonymisation(everyone, datetime.date(2028, 9, 1))}
    assert due == {w.p1, w.p4}


def test_the_daily_schedule_pseudonymises_whoever_is_due_and_records_it(ended, time_machine):
    w = ended
    time_machine.move_to(datetime.datetime(2027, 2, 2, 6, tzinfo=CPH), tick=False)
    assert run_daily()["retention"] == 1
    assert run_daily()["retention"] == 0  # a second run the same day does nothing
    w.p4.refresh_from_db()
    assert w.p4.pseudonymised_at is not None and w.p4.first_name == "Pseudonym"
    event = AuditEvent.objects.get(action="participant.pseudonymised")
    assert (event.target_id, event.details, event.actor) == (str(w.p4.pk), {"reason": "retention"}, None)
    w.p1.refresh_from_db()
    assert w.p1.pseudonymised_at is None  # her follow-up is still to come


@pytest.mark.parametrize(
    "persona, sees",
    [("admin", True), ("dpo_a", True), ("dpo_x", True), ("dpo_b", False), ("dpo_y", False)],
)
def test_the_dpo_sees_who_is_due_and_why(ended, client, time_machine, persona, sees):
    w = ended
    users = w.users | {
        name: UserFactory(username=name, role=Role.DATA_PROTECTION_OFFICER, organisation=org)
        for name, org in (("dpo_a", w.ngo_a), ("dpo_b", w.ngo_b), ("dpo_x", w.mun_x), ("dpo_y", w.mun_y))
    }
    time_machine.move_to(datetime.datetime(2027, 3, 1, 12, tzinfo=CPH), tick=False)
    log_in(client, users[persona])
    page = client.get(reverse("privacy:retention")).content.decode()
    due_now = page.split("<h2>")[1]
    assert (w.p4.name in due_now) == sees
    if sees:
        assert "Programme P" in due_now and "2026-02-01" in due_now and "2027-02-01" in due_now
    assert w.p1.name not in due_now and w.p2.name not in due_now


@pytest.mark.parametrize("persona", ["coordinator_a", "caseworker_x", "contact_c", "mentor_user", "participant_user"])
def test_only_data_protection_staff_open_the_retention_list(world, client, persona):
    log_in(client, world.users[persona])
    assert client.get(reverse("privacy:retention")).status_code == 404
