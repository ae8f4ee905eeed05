"""How each kind of notification is delivered, and who may choose how.

A kind that carries a calendar invitation, an invitation to log in, or the news of a new mentorship is always
emailed at once: a digest or an in-app entry would defeat it. Urgent escalations are always immediate too
(``notify(urgent=True)``), whatever the coordinator chose for ordinary ones.
"""

from dataclasses import dataclass

from stafet.notifications.models import Delivery, Kind
from stafet.organisations.models import Role

C, W, K, M, P, A = (
    Role.COORDINATOR,
    Role.CASEWORKER,
    Role.COMPANY_CONTACT,
    Role.MENTOR,
    Role.PARTICIPANT,
    Role.ADMINISTRATOR,
)


@dataclass(frozen=True)
class Spec:
    default: str = Delivery.IMMEDIATE
    # Roles that see the kind on their preferences page; empty: nobody chooses, it is always the default.
    choosable_by: frozenset[str] = frozenset()
    # Shown in the recipient's list of notifications (an invitation is for someone who cannot log in yet,
    # and a digest only repeats what is already listed).
    in_app: bool = True
    # The link holds a secret (an invitation's one-time token): it is wiped from the outbox once sent.
    secret_link: bool = False


SPECS: dict[str, Spec] = {
    Kind.INVITATION: Spec(in_app=False, secret_link=True),
    Kind.MENTORSHIP_PUBLISHED: Spec(),
    Kind.REFERRAL_DECIDED: Spec(choosable_by=frozenset({W, A})),
    Kind.ROUTED_BACK: Spec(choosable_by=frozenset({W, A})),
    Kind.ESCALATION_RAISED: Spec(default=Delivery.DIGEST, choosable_by=frozenset({C, A})),
    Kind.ESCALATION_TAKEN: Spec(choosable_by=frozenset({M})),
    Kind.ESCALATION_RESOLVED: Spec(choosable_by=frozenset({M})),
    Kind.NO_FIRST_MEETING: Spec(choosable_by=frozenset({C, M, A})),
    Kind.NO_RECENT_MEETING: Spec(choosable_by=frozenset({C, M, A})),
    Kind.FOLLOW_UP_CALLS_DUE: Spec(default=Delivery.DIGEST, choosable_by=frozenset({C, A})),
    Kind.OUTCOMES_DUE: Spec(choosable_by=frozenset({C, W, A})),
    Kind.EVENT_INVITATION: Spec(),
    Kind.EVENT_CHANGED: Spec(),
    Kind.EVENT_CANCELLED: Spec(),
    Kind.EVENT_REMINDER: Spec(choosable_by=frozenset({M, P})),
    Kind.MEETING_PLANNED: Spec(),
    Kind.MEETING_CHANGED: Spec(),
    Kind.MEETING_CANCELLED: Spec(),
    Kind.MEETING_REMINDER: Spec(choosable_by=frozenset({M, P})),
    Kind.CONSENT_WITHDRAWN: Spec(choosable_by=frozenset({C, A})),
    Kind.DIGEST: Spec(in_app=False),
}
IN_APP_KINDS = [kind for kind, spec in SPECS.items() if spec.in_app]


def choosable_kinds(role: str | None) -> list[str]:
    """The kinds a user of ``role`` may choose a delivery for, in the order of ``Kind``."""
    return [kind for kind in Kind.values if role in SPECS[kind].choosable_by]


def delivery_for(kind: str, chosen: str | None, *, urgent: bool = False) -> str:
    """The delivery of one notification: the recipient's choice where the kind allows one, else the default.

    >>> str(delivery_for(Kind.ESCALATION_RAISED, None))
    'digest'
    >>> str(delivery_for(Kind.ESCALATION_RAISED, Delivery.IN_APP, urgent=True))
    'immediate'
    >>> str(delivery_for(Kind.MEETING_PLANNED, Delivery.IN_APP))
    'immediate'
    """
    spec = SPECS[kind]
    if urgent or not spec.choosable_by or chosen is None:
        return Delivery.IMMEDIATE if urgent else spec.default
    return chosen
