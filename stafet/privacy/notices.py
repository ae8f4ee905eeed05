"""What the data-protection workflows tell whom: the programme's coordinators hear that a participant withdrew the
consent to take part, and what Stafet closed because of it (never why: no free text)."""

from django.urls import reverse

from stafet.notifications.models import Kind
from stafet.notifications.notices import coordinators_of
from stafet.notifications.outbox import notify
from stafet.programmes.models import Referral


def consent_withdrawn(referral: Referral, *, closed: dict[str, int], by_phone: bool) -> int:
    """Tell the coordinators of the programme's NGO; ``closed`` counts what was closed, by kind."""
    programme = referral.programme
    return notify(
        kind=Kind.CONSENT_WITHDRAWN,
        event=f"referral:{referral.pk}:consent_withdrawn",
        recipients=coordinators_of([programme.operator_id]).get(programme.operator_id, []),
        params={
            "participant": referral.participant.name,
            "programme": programme.name,
            "by_phone": by_phone,
            **closed,
        },
        url=reverse("people:participant", args=[referral.participant_id]),
        participant=referral.participant,
    )
