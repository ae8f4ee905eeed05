"""Escalations: the mentor asks the NGO's help desk; the coordinators take and resolve them."""

import datetime

from django.urls import reverse
from django.utils import timezone

from stafet.audit.models import AuditEvent
from stafet.mentorships.models import Escalation


def _raise(client, world, **changes):
    data = {"topic": "housing", "urgency": "high", "text": "He must leave the flat on Friday."} | changes
    return client.post(reverse("mentorships:raise_escalation", args=[world.mentorship.pk]), data)


def _escalation(world, **fields):
    data = {"topic": "health", "urgency": "normal", "text": "Often ill", "raised_by": world.users["mentor_user"]}
    return Escalation.objects.create(mentorship=world.mentorship, **(data | fields))


def test_the_mentors_escalation_lands_in_coordinator_a_queue_not_bs(world, login):
    response = _raise(login(world.users["mentor_user"]), world)
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert (escalation.topic, escalation.urgency, escalation.status) == ("housing", "high", "open")
    assert AuditEvent.objects.filter(action="escalation.raised").exists()
    queue_a = login(world.users["coordinator_a"]).get(reverse("mentorships:escalations")).context["escalations"]
    queue_b = login(world.users["coordinator_b"]).get(reverse("mentorships:escalations")).context["escalations"]
    assert list(queue_a) == [escalation]
    assert list(queue_b) == []


def test_an_escalation_needs_a_text(world, login):
    response = _raise(login(world.users["mentor_user"]), world, text="   ")
    assert response.status_code == 400
    assert "Say what happened." in response.content.decode()
    assert not Escalation.objects.exists()


def test_an_unknown_urgency_is_refused(world, login):
    response = _raise(login(world.users["mentor_user"]), world, urgency="yesterday")
    assert response.status_code == 400
    assert not Escalation.objects.exists()


def test_the_queue_puts_the_urgent_first_then_the_oldest(world, login):
    old_normal = _escalation(world, urgency="normal")
    new_high = _escalation(world, urgency="high")
    new_normal = _escalation(world, urgency="normal")
    low = _escalation(world, urgency="low")
    Escalation.objects.filter(pk=old_normal.pk).update(raised_at=timezone.now() - datetime.timedelta(days=3))
    queue = login(world.users["coordinator_a"]).get(reverse("mentorships:escalations")).context["escalations"]
    assert list(queue) == [new_high, old_normal, new_normal, low]


def test_the_status_filter_shows_only_that_status(world, login):
    _escalation(world)
    resolved = _escalation(world, status="resolved", resolution_note="Done")
    client = login(world.users["coordinator_a"])
    assert list(client.get(reverse("mentorships:escalations"), {"status": "resolved"}).context["escalations"]) == [
        resolved
    ]
    assert resolved not in client.get(reverse("mentorships:escalations")).context["escalations"]


def test_taking_puts_it_in_progress_and_audits(world, login):
    escalation = _escalation(world)
    login(world.users["coordinator_a"]).post(reverse("mentorships:take_escalation", args=[escalation.pk]))
    escalation.refresh_from_db()
    assert escalation.status == "in_progress"
    assert AuditEvent.objects.filter(action="escalation.taken", target_id=str(escalation.pk)).exists()


def test_colleagues_see_who_took_it(world, login):
    escalation = _escalation(world)
    coordinator = world.users["coordinator_a"]
    coordinator.first_name, coordinator.last_name = "Mette", "Kjær"
    coordinator.save()
    client = login(coordinator)
    client.post(reverse("mentorships:take_escalation", args=[escalation.pk]))
    escalation.refresh_from_db()
    assert escalation.taken_by == coordinator and escalation.taken_at is not None
    page = client.get(reverse("mentorships:escalations"), {"status": "in_progress"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "taken by Mette Kjær" in page.content.decode()


def test_resolving_needs_a_note(world, login):
    escalation = _escalation(world)
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:resolve_escalation", args=[escalation.pk]), {"resolution_note": "  "}
    )
    assert response.status_code == 400
    assert "Write how it was resolved." in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.status == "open"


def test_resolving_with_a_note_closes_it_and_audits(world, login):
    escalation = _escalation(world)
    login(world.users["coordinator_a"]).post(
        reverse("mentorships:resolve_escalation", args=[escalation.pk]), {"resolution_note": "Housing office called"}
    )
    escalation.refresh_from_db()
    assert (escalation.status, escalation.resolution_note) == ("resolved", "Housing office called")
    assert escalation.resolved_by == world.users["coordinator_a"]
    assert AuditEvent.objects.filter(action="escalation.resolved").exists()


def test_htmx_resolve_swaps_the_row(world, login):
    escalation = _escalation(world)
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:resolve_escalation", args=[escalation.pk]),
        {"resolution_note": "Sorted"},
        headers={"HX-Request": "true"},
    )
    assert response.content.decode().lstrip().startswith(f'<tr id="escalation-{escalation.pk}"')


def test_the_mentor_sees_the_status_of_their_escalations_without_buttons(world, login):
    _escalation(world, status="in_progress")
    client = login(world.users["mentor_user"])
    html = client.get(reverse("mentorships:escalations")).content.decode()
    assert "In progress" in html or "in progress" in html
    assert "take_escalation" not in html and "/take/" not in html
    page = client.get(reverse("mentorships:detail", args=[world.mentorship.pk])).content.decode()
    assert 'data-testid="escalations"' in page


def test_the_participant_and_caseworker_do_not_see_escalations_on_the_page(world, login):
    _escalation(world)
    for persona in ("participant_user", "caseworker_x"):
        page = login(world.users[persona]).get(reverse("mentorships:detail", args=[world.mentorship.pk]))
        assert 'data-testid="escalations"' not in page.content.decode(), persona
