"""What the mentorships' workflows tell whom: a published pair, an escalation raised, taken and resolved, a meeting
planned, changed or cancelled (with its calendar file). The daily reminders about pairs are in ``reminders``."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from stafet.mentorships.models import Escalation, Mentorship, PlannedMeeting
from stafet.notifications import ics
from stafet.notifications.models import Kind
from stafet.notifications.notices import contact_of, coordinators_of, local_iso, number, user_contact
from stafet.notifications.outbox import Message, notify, recipient_for, write
from stafet.notifications.render import absolute, register_labels
from stafet.organisations.models import User

register_labels(topic=Escalation.Topic, urgency=Escalation.Urgency, mentorship_role=Mentorship.Role)


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
        "meetings_per_month": number(programme.meetings_per_month),
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


def meeting_vevent(planned: PlannedMeeting, *, cancelled: bool, invitation: bool) -> VEvent:
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
            "starts_at": local_iso(planned.starts_at),
            "hours": number(planned.hours),
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
