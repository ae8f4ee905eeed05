"""What each workflow tells whom: one function per event, called by the workflow's action inside its transaction.

This module holds what every app's notices share (who the coordinators and caseworkers are, how a contact and a
number are written) and the invitation; each app's own ``notices`` module tells its own news (``mentorships``,
``programmes``, ``events``, ``outcomes``). Each builds the recipients, the words' ingredients (``params``) and
the link, and hands them to :func:`stafet.notifications.outbox.notify`. Names, dates and codes are copied into
``params`` as they are at the event; the templates translate the codes into the recipient's language. Free text
that may hold health or other special-category data (an escalation's text, a resolution note) is never put in
an email: the link leads to it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from stafet.notifications.models import Kind
from stafet.notifications.outbox import Recipient, notify
from stafet.organisations.models import Organisation, Role, User

# ------------------------------------------------------------------------------------------------- recipients


def coordinators_of(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active coordinators of each NGO, in one query."""
    return _staff(Role.COORDINATOR, organisation_ids)


def caseworkers_of(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active caseworkers of each job centre, in one query."""
    return _staff(Role.CASEWORKER, organisation_ids)


def _staff(role: str, organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    ids = set(organisation_ids)
    if ids:
        for user in User.objects.filter(role=role, organisation_id__in=ids, is_active=True).order_by("pk"):
            if user.organisation_id is not None:
                found[user.organisation_id].append(user)
    return found


def contact_of(organisation: Organisation) -> dict[str, str]:
    return {"name": organisation.name, "email": organisation.email, "phone": organisation.phone}


def user_contact(user: User | None, organisation: Organisation | None = None) -> dict[str, str]:
    if user is None:
        return contact_of(organisation) if organisation else {}
    phone = organisation.phone if organisation else ""
    return {"name": user.get_full_name() or user.username, "email": user.email, "phone": phone}


def number(value: object) -> str:
    """A number as people write it: 2, 1.5 (not 2.0 or 2E+1)."""
    return f"{Decimal(str(value)).normalize():f}"


def local_iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat()


# ------------------------------------------------------------------------------------------------- accounts


def invitation(
    *,
    user: User,
    accept_url: str,
    expires_at: datetime.datetime,
    invitation_id: object,
    invited_by: User | None = None,
    programme: Any = None,
) -> int:
    """Invite a new user to set their password and log in: the accounts workflow calls this when it creates a
    login for a mentor (enrolled), a participant (accepted), a company contact or a caseworker.

    ``accept_url`` is the one-time link (a path or an absolute URL); it is wiped from the outbox once the email is
    sent. ``invitation_id`` identifies this invitation (a resent invitation has a new id and is sent again).
    The user is emailed even while inactive, since accepting is what activates them.
    """
    org = user.organisation
    contact = contact_of(programme.operator) if programme else user_contact(invited_by, org)
    params = {
        "to": user.first_name or user.username,
        "username": user.username,
        "role": user.role,
        "organisation": org.name if org else "",
        "programme": programme.name if programme else "",
        "expires_at": local_iso(expires_at),
        "invited_by": (invited_by.get_full_name() or invited_by.username) if invited_by else "",
        "contact": contact,
    }
    return notify(
        kind=Kind.INVITATION,
        event=f"invitation:{invitation_id}",
        recipients=[Recipient.of_user(user)],
        params=params,
        url=accept_url,
    )
