"""What each workflow tells whom: one function per event, called by the workflow's action inside its transaction.

Each builds the recipients, the words' ingredients (``params``) and the link, and hands them to
:func:`stafet.notifications.outbox.notify`. Names, dates and codes are copied into ``params`` as they are at the
event; the templates translate the codes into the recipient's language. Free text that may hold health or other
special-category data (an escalation's text, a resolution note) is never put in an email: the link leads to it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stafet.notifications import ics
from stafet.notifications.models import Kind
from stafet.notifications.outbox import Message, Recipient, notify, recipient_for, write
from stafet.notifications.render import absolute
from stafet.organisations.models import Organisation, Role, User

if TYPE_CHECKING:
    from stafet.events.models import Event, Invitation
    from stafet.mentorships.models import Escalation, Mentorship, PlannedMeeting
    from stafet.programmes.models import Programme, Referral


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
            found[user.organisation_id].append(user)
    return found


def referring_caseworkers(referral: Referral) -> list[User]:
    """The caseworker who referred the citizen; if they have left, their job centre's caseworkers."""
    if referral.caseworker_id and referral.caseworker.is_active:
        return [referral.caseworker]
    return caseworkers_of([referral.municipality_id]).get(referral.municipality_id, [])


def contact_of(organisation: Organisation) -> dict[str, str]:
    return {"name": organisation.name, "email": organisation.email, "phone": organisation.phone}


def user_contact(user: User | None, organisation: Organisation | None = None) -> dict[str, str]:
    if user is None:
        return contact_of(organisation) if organisation else {}
    phone = organisation.phone if organisation else ""
    return {"name": user.get_full_name() or user.username, "email": user.email, "phone": phone}


def _number(value: object) -> str:
    """A number as people write it: 2, 1.5 (not 2.0 or 2E+1)."""
    return f"{Decimal(str(value)).normalize():f}"


def _local_iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat()


# ------------------------------------------------------------------------------------------------- accounts


def invitation(
    *,
    user: User,
    accept_url: str,
    expires_at: datetime.datetime,
    invitation_id: object,
    invited_by: User | None = None,
    programme: Programme | None = None,
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
        "expires_at": _local_iso(expires_at),
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


# ------------------------------------------------------------------------------------------------- mentorships


def mentorship_published(mentorship: Mentorship) -> int:
    """Tell mentor and participant who the other is, how to reach them, and what happens next."""
    cohort = mentorship.cohort
    programme = cohort.programme
    mentor, participant = mentorship.mentor, mentorship.participant
    common = {
        "programme": programme.name,
        "cohort": cohort.name,
        "starts_on": (mentorship.started_on or cohort.start_date).isoformat(),
        "mentorship_role": mentorship.role,
        "meetings_per_month": _number(programme.meetings_per_month),
        "duration_months": programme.duration_months,
        "contact": contact_of(programme.operator),
    }
    event, url = f"mentorship:{mentorship.pk}", reverse("mentorships:detail", args=[mentorship.pk])
    to_mentor = {
        **common,
        "as": "mentor",
        "to": mentor.first_name,
        "other": participant.name,
        "other_phone": participant.phone,
        "other_email": participant.email,
    }
    to_participant = {
        **common,
        "as": "participant",
        "to": participant.first_name,
        "other": mentor.name,
        "other_organisation": mentor.organisation.name,
        "other_phone": mentor.phone,
        "other_email": mentor.email,
    }
    kind = Kind.MENTORSHIP_PUBLISHED
    return notify(
        kind=kind, event=event, recipients=[mentor], params=to_mentor, url=url, participant=participant
    ) + notify(
        kind=kind, event=event, recipients=[participant], params=to_participant, url=url, participant=participant
    )


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


def routed_back(referral: Referral) -> int:
    """Tell the referring caseworker that the talent programme did not select their citizen, who continues in the
    municipality's ordinary integration programme, and why (coded)."""
    params = {
        "participant": referral.participant.name,
        "programme": referral.programme.name,
        "decline_reason": referral.decline_reason,
        "contact": contact_of(referral.programme.operator),
    }
    url = reverse("programmes:referrals") + f"?status={referral.status}&programme={referral.programme_id}"
    return notify(
        kind=Kind.ROUTED_BACK,
        event=f"referral:{referral.pk}:routed_back",
        recipients=referring_caseworkers(referral),
        params=params,
        url=url,
        participant=referral.participant,
    )


def escalation_raised(escalation: Escalation) -> int:
    """Tell the programme's coordinators; a high-urgency escalation is emailed at once, whatever they chose."""
    mentorship = escalation.mentorship
    programme = mentorship.cohort.programme
    mentor = mentorship.mentor
    params = {
        "mentor": mentor.name,
        "participant": mentorship.participant.name,
        "programme": programme.name,
        "topic": escalation.topic,
        "urgency": escalation.urgency,
        "contact": {"name": mentor.name, "phone": mentor.phone, "email": mentor.email},
    }
    return notify(
        kind=Kind.ESCALATION_RAISED,
        event=f"escalation:{escalation.pk}:raised:{escalation.raised_at.isoformat()}",
        recipients=coordinators_of([programme.operator_id]).get(programme.operator_id, []),
        params=params,
        url=reverse("mentorships:escalations") + f"#escalation-{escalation.pk}",
        participant=mentorship.participant_id,
        urgent=escalation.urgency == "high",
    )


def escalation_changed(escalation: Escalation, kind: str, by: User) -> int:
    """Tell the mentor who asked for help that a coordinator took it (``ESCALATION_TAKEN``) or resolved it."""
    mentorship = escalation.mentorship
    at = escalation.taken_at if kind == Kind.ESCALATION_TAKEN else escalation.resolved_at
    params = {
        "to": mentorship.mentor.first_name,
        "participant": mentorship.participant.name,
        "topic": escalation.topic,
        "by": by.get_full_name() or by.username,
        "contact": user_contact(by, by.organisation),
    }
    return notify(
        kind=kind,
        event=f"escalation:{escalation.pk}:{kind}:{at.isoformat() if at else ''}",
        recipients=[mentorship.mentor],
        params=params,
        url=reverse("mentorships:detail", args=[mentorship.pk]),
        participant=mentorship.participant_id,
    )


# ------------------------------------------------------------------------------------------------- meetings


def meeting_vevent(planned: PlannedMeeting, *, cancelled: bool, invitation: bool):
    """A planned meeting as a calendar entry, in the active language. In an ``invitation`` it has an organiser
    (the programme's NGO) and both people as attendees; in a feed, neither."""
    mentorship = planned.mentorship
    mentor, participant = mentorship.mentor, mentorship.participant
    operator = mentorship.cohort.programme.operator if invitation else None
    return ics.vevent(
        uid=f"meeting-{planned.uid}",
        sequence=planned.sequence,
        start=planned.starts_at,
        end=planned.ends_at,
        summary=_("Mentor meeting: %(mentor)s and %(participant)s")
        % {"mentor": mentor.first_name, "participant": participant.first_name},
        location=planned.get_venue_display() + (f": {planned.venue_detail}" if planned.venue_detail else ""),
        description=planned.note if invitation else "",
        url=absolute(reverse("mentorships:detail", args=[mentorship.pk])),
        cancelled=cancelled,
        organizer_of=ics.organizer(operator.name, operator.email) if operator else None,
        attendees=[(mentor.email, mentor.name), (participant.email, participant.name)] if invitation else (),
    )


def meeting_calendar(planned: PlannedMeeting, language: str, *, cancel: bool = False) -> str:
    """The calendar file of a planned meeting, with both people as attendees, in ``language``."""
    with translation.override(language):
        return ics.invitation(meeting_vevent(planned, cancelled=cancel, invitation=True), cancel=cancel)


def meeting_messages(planned: PlannedMeeting, kind: str, by: User | None) -> list[Message]:
    """Mentor's and participant's message about a planned meeting (``kind``: planned, changed, cancelled, or the
    reminder), each with the calendar file in their own language (not with the reminder)."""
    mentorship = planned.mentorship
    programme = mentorship.cohort.programme
    pairs = [(mentorship.mentor, mentorship.participant), (mentorship.participant, mentorship.mentor)]
    url = reverse("mentorships:detail", args=[mentorship.pk]) + "#next-meeting"
    messages = []
    for person, other in pairs:
        recipient = recipient_for(person)
        if recipient is None:
            continue
        params = {
            "to": person.first_name,
            "other": other.name,
            "starts_at": _local_iso(planned.starts_at),
            "hours": _number(planned.hours),
            "venue": planned.venue,
            "venue_detail": planned.venue_detail,
            "note": planned.note,
            "programme": programme.name,
            "by": (by.get_full_name() or by.username) if by else "",
            "contact": contact_of(programme.operator),
        }
        calendar = (
            ""
            if kind == Kind.MEETING_REMINDER
            else meeting_calendar(planned, recipient.language, cancel=kind == Kind.MEETING_CANCELLED)
        )
        messages.append(
            Message(
                kind,
                f"planned:{planned.pk}:{planned.sequence}",
                recipient,
                params,
                url,
                mentorship.participant_id,
                ics=calendar,
            )
        )
    return messages


def meeting_planned(planned: PlannedMeeting, kind: str, by: User) -> int:
    """Send mentor and participant the invitation, its update or its cancellation (``kind``)."""
    return write(meeting_messages(planned, kind, by))


# ------------------------------------------------------------------------------------------------- events


def event_vevent(event: Event, *, cancelled: bool, attendee: Any = None):
    """An event as a calendar entry. In an invitation (``attendee``) it names the organiser and that one invitee
    only: invitees do not see each other's addresses."""
    operator = event.programme.operator
    return ics.vevent(
        uid=f"event-{event.uid}",
        sequence=event.sequence,
        start=event.starts_at,
        end=event.ends_at,
        summary=f"{event.name} ({event.programme.name})",
        location=event.place,
        description=event.description if attendee else "",
        url=absolute(reverse("events:detail", args=[event.pk])),
        cancelled=cancelled,
        organizer_of=ics.organizer(operator.name, operator.email) if attendee else None,
        attendees=[(attendee.email, attendee.name)] if attendee else (),
    )


def event_calendar(event: Event, person: Any, language: str, *, cancel: bool = False) -> str:
    """The calendar file of an event for one invitee, in ``language``."""
    with translation.override(language):
        return ics.invitation(event_vevent(event, cancelled=cancel, attendee=person), cancel=cancel)


def _event_params(event: Event, person: Any) -> dict[str, Any]:
    return {
        "to": person.first_name,
        "event": event.name,
        "event_kind": event.kind,
        "starts_at": _local_iso(event.starts_at),
        "ends_at": _local_iso(event.ends_at),
        "place": event.place,
        "description": event.description,
        "programme": event.programme.name,
        "cohort": event.cohort.name if event.cohort_id else "",
        "contact": contact_of(event.programme.operator),
    }


def event_invitations(invitations: Iterable[Invitation], kind: str, event_key: str) -> int:
    """Invitations to an event, its changes or its cancellation (``kind``), one message per invitee with their
    own calendar file; ``event_key`` names the occasion (``"event:4:invited"``, ``"event:4:3"``...)."""
    messages = []
    for invitation in invitations:
        event, person = invitation.event, invitation.person
        recipient = recipient_for(person)
        if recipient is None:
            continue
        calendar = (
            ""
            if kind == Kind.EVENT_REMINDER
            else event_calendar(event, person, recipient.language, cancel=kind == Kind.EVENT_CANCELLED)
        )
        messages.append(
            Message(
                kind,
                event_key,
                recipient,
                _event_params(event, person),
                reverse("events:detail", args=[event.pk]),
                invitation.participant_id,
                ics=calendar,
            )
        )
    return write(messages)
