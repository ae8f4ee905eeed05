"""Withdrawing consent (GDPR art. 7(3)): the participant on their own page, or staff for a call, withdraw one scope;
it takes effect at once (a company loses sight of the candidate, follow-up outcomes stop) and is audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.outcomes.actions import record_outcome
from stafet.programmes.models import Referral
from tests.auth import log_in


def withdraw(client, referral, scope):
    return client.post(reverse("programmes:consent_withdraw", args=[referral.pk]), {"scope": scope})


def test_a_company_loses_sight_of_a_candidate_at_once(world, client):
    rana = world.p3.referrals.get()
    log_in(client, world.users["contact_c"])
    assert client.get(reverse("people:participant", args=[world.p3.pk])).status_code == 200
    log_in(client, world.users["caseworker_x"])  # Rana called her caseworker
    assert withdraw(client, rana, "programme_companies").status_code == 302
    rana.refresh_from_db()
    assert rana.consent_scope == Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP
    log_in(client, world.users["contact_c"])
    assert client.get(reverse("people:participant", args=[world.p3.pk])).status_code == 404
    event = AuditEvent.objects.get(action="referral.consent_withdrawn")
    assert event.details == {"old": "programme_companies", "new": "programme_follow_up",
                             "withdrawn": "programme_companies", "by_phone": True}  # fmt: skip
    assert event.actor == world.users["caseworker_x"]


def test_the_participant_withdraws_follow_up_and_follow_up_stops(world, client):
    pia = world.p1.referrals.get()
    log_in(client, world.users["participant_user"])
    page = client.get(reverse("privacy:me")).content.decode()
    assert "Stop follow-up on outcomes" in page
    assert withdraw(client, pia, "programme_follow_up").status_code == 302
    pia.refresh_from_db()
    assert pia.consent_scope == Referral.ConsentScope.PROGRAMME
    assert AuditEvent.objects.get(action="referral.consent_withdrawn").details["by_phone"] is False
    with pytest.raises(ValidationError):
        record_outcome(participant=world.p1, cohort=world.cohort_k, type="education", date=datetime.date(2027, 1, 1),
                       measured="plus_3", by=world.users["coordinator_a"])  # fmt: skip


def test_a_consent_not_given_cannot_be_withdrawn(world, client):
    pia = world.p1.referrals.get()
    log_in(client, world.users["participant_user"])
    withdraw(client, pia, "programme_companies")  # she never gave it
    withdraw(client, pia, "programme")  # the programme's own scope is the referral itself
    pia.refresh_from_db()
    assert pia.consent_scope == Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP
    assert not AuditEvent.objects.filter(action="referral.consent_withdrawn").exists()


@pytest.mark.parametrize(
    "persona, may",
    [("participant_user", True), ("outsider", False), ("coordinator_a", True), ("coordinator_b", False),
     ("caseworker_x", True), ("caseworker_y", False), ("contact_c", False), ("mentor_user", False), ("admin", True)],
)  # fmt: skip
def test_who_withdraws_whose_consent(world, client, persona, may):
    pia = world.p1.referrals.get()
    log_in(client, world.users[persona])
    response = withdraw(client, pia, "programme_follow_up")
    assert response.status_code == (302 if may else 404)
    pia.refresh_from_db()
    assert (pia.consent_scope == Referral.ConsentScope.PROGRAMME) == may
