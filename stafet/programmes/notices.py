"""What the programmes' workflows tell whom: the referring caseworker hears of the decision on their citizen."""

from typing import Any

from django.urls import reverse

from stafet.notifications.models import Kind
from stafet.notifications.notices import caseworkers_of, contact_of
from stafet.notifications.outbox import notify
from stafet.notifications.render import register_labels
from stafet.organisations.models import User
from stafet.programmes.models import Programme, Referral

register_labels(decline_reason=Referral.DeclineReason, venue=Programme.Venue)


def referring_caseworkers(referral: Referral) -> list[User]:
    """The caseworker who referred the citizen; if they have left, their job centre's caseworkers."""
    if referral.caseworker is not None and referral.caseworker.is_active:
        return [referral.caseworker]
    return caseworkers_of([referral.municipality_id]).get(referral.municipality_id, [])


def referral_decided(referral: Referral, cohort: Any = None) -> int:
    """Tell the referring caseworker that the NGO accepted (into which cohort) or declined (with the coded
    reason) their citizen."""
    params = {
        "participant": referral.participant.name,
        "programme": referral.programme.name,
        "status": referral.status,
        "decline_reason": referral.decline_reason,
        "cohort": cohort.name if cohort is not None else "",
        "contact": contact_of(referral.programme.operator),
    }
    url = reverse("programmes:referrals") + f"?status={referral.status}&programme={referral.programme_id}"
    decided = referral.decided_at.isoformat() if referral.decided_at else ""
    return notify(
        kind=Kind.REFERRAL_DECIDED,
        event=f"referral:{referral.pk}:{referral.status}:{decided}",
        recipients=referring_caseworkers(referral),
        params=params,
        url=url,
        participant=referral.participant,
    )
