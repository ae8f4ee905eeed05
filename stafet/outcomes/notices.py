"""What the outcomes tell whom: when a cohort reaches a measuring point (+3, +6, +12 months), the coordinators and
the referring caseworkers are told that outcomes are due (a daily rule)."""

import datetime
from collections import defaultdict

from django.urls import reverse

from stafet.notifications.models import Kind, Notification
from stafet.notifications.notices import caseworkers_of, coordinators_of
from stafet.notifications.outbox import Message, Recipient, write
from stafet.notifications.render import register_labels
from stafet.notifications.schedule import register_rule
from stafet.organisations.models import User
from stafet.outcomes.due import DueOutcome, due_outcomes
from stafet.outcomes.models import Outcome
from stafet.programmes.models import Cohort

register_labels(measured=Outcome.Measured)


def outcomes_due(today: datetime.date) -> int:
    """When a cohort reaches +3, +6 or +12 months after its end: its coordinators (every participant due) and
    each referring caseworker (their own citizens), once per cohort and measuring point."""
    due = due_outcomes(Cohort.objects.all(), today)
    groups: dict[tuple[int, str], list[DueOutcome]] = defaultdict(list)
    for item in due:
        groups[(item.cohort.pk, item.measured)].append(item)
    events = {key: f"cohort:{key[0]}:{key[1]}" for key in groups}
    done = set(
        Notification.objects.filter(kind=Kind.OUTCOMES_DUE, event__in=list(events.values())).values_list(
            "event", "recipient_key"
        )
    )
    coordinators = coordinators_of(items[0].cohort.programme.operator_id for items in groups.values())
    caseworkers = caseworkers_of(i.municipality_id for i in due if i.municipality_id)
    active = {u.pk for users in caseworkers.values() for u in users}
    url = reverse("outcomes:due")
    messages = []
    for key, items in groups.items():
        cohort, event = items[0].cohort, events[key]
        common = {
            "cohort": cohort.name,
            "programme": cohort.programme.name,
            "measured": key[1],
            "due_on": items[0].due_on.isoformat(),
        }
        audience: dict[int, tuple[User, int]] = {}
        for user in coordinators.get(cohort.programme.operator_id, []):
            audience[user.pk] = (user, len(items))
        per_caseworker: dict[int, int] = defaultdict(int)
        for item in items:
            if item.caseworker_id in active:
                per_caseworker[item.caseworker_id] += 1
            elif item.municipality_id is not None:  # the referring caseworker has left: their job centre's follow up
                for user in caseworkers.get(item.municipality_id, []):
                    per_caseworker[user.pk] += 1
        users = {u.pk: u for group in caseworkers.values() for u in group}
        for pk, n in per_caseworker.items():
            audience[pk] = (users[pk], n)
        for user, n in audience.values():
            recipient = Recipient.of_user(user)
            if (event, recipient.key) not in done:
                params = {**common, "to": user.first_name, "count": n}
                messages.append(Message(Kind.OUTCOMES_DUE, event, recipient, params, url))
    return write(messages)


register_rule("outcomes_due", outcomes_due)
