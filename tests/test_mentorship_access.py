"""The access matrix of the mentorship screens: every persona on every new page and every POST. What a persona
may not see or do is a 404, and a refused POST writes nothing."""

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.mentorships.models import Escalation, Meeting, Mentorship

EVERYONE = sorted(
    {
        "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
        "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
    }
)  # fmt: skip
STAFF = {"admin", "coordinator_a", "coordinator_b", "coordinator_idle"}


def _escalation(world):
    return Escalation.objects.create(
        mentorship=world.mentorship, topic="housing", urgency="normal", text="Lost the flat", raised_by=world.m1.user
    )


GETS = {
    # url name → (args from the world, personas who get a 200)
    "mentorships:follow_ups": (lambda w: [], STAFF),
    "mentorships:escalations": (lambda w: [], STAFF | {"mentor_user"}),
    "mentorships:cohort_health": (lambda w: [w.cohort_k.pk], {"admin", "coordinator_a"}),
}


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("url_name", sorted(GETS))
def test_pages_open_only_for_those_allowed(world, login, url_name, persona):
    args, allowed = GETS[url_name]
    response = login(world.users[persona]).get(reverse(url_name, args=args(world)))
    assert response.status_code == (200 if persona in allowed else 404), persona


def _meeting(w):
    return reverse("mentorships:log_meeting", args=[w.mentorship.pk]), {
        "date": "2026-03-10", "hours": "2", "venue": "company_site", "topics": ["cv"],
    }  # fmt: skip


def _pause(w):
    return reverse("mentorships:status", args=[w.mentorship.pk]), {"status": "paused"}


def _close(w):
    return reverse("mentorships:close", args=[w.mentorship.pk]), {"reason": "completed", "ended_on": "2026-09-01"}


def _raise(w):
    return reverse("mentorships:raise_escalation", args=[w.mentorship.pk]), {
        "topic": "housing", "urgency": "high", "text": "He has to move out on Friday.",
    }  # fmt: skip


def _call(w):
    call = w.mentorship.follow_up_calls.first()
    return reverse("mentorships:record_call", args=[call.pk]), {"result": "going_well"}


def _take(w):
    return reverse("mentorships:take_escalation", args=[_escalation(w).pk]), {}


def _resolve(w):
    return reverse("mentorships:resolve_escalation", args=[_escalation(w).pk]), {"resolution_note": "Called them."}


POSTS = {
    "log_meeting": (_meeting, {"admin", "coordinator_a", "mentor_user"}),
    "pause": (_pause, {"admin", "coordinator_a"}),
    "close": (_close, {"admin", "coordinator_a"}),
    "raise_escalation": (_raise, {"mentor_user"}),
    "record_call": (_call, {"admin", "coordinator_a"}),
    "take_escalation": (_take, {"admin", "coordinator_a"}),
    "resolve_escalation": (_resolve, {"admin", "coordinator_a"}),
}


def _state(w):
    m = Mentorship.objects.get(pk=w.mentorship.pk)
    return (
        Meeting.objects.count(),
        m.status,
        Escalation.objects.count(),
        sorted(Escalation.objects.values_list("status", flat=True)),
        w.mentorship.follow_up_calls.filter(done_on__isnull=False).count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("action", sorted(POSTS))
def test_changes_are_made_only_by_those_allowed(world, login, action, persona):
    make, allowed = POSTS[action]
    url, data = make(world)
    before = _state(world)
    response = login(world.users[persona]).post(url, data)
    if persona in allowed:
        assert response.status_code == 302, (persona, response.content[:2000])
        assert _state(world)[-1] == before[-1] + 1, "one audit record"
    else:
        assert response.status_code == 404, persona
        assert _state(world) == before


def test_a_get_on_a_change_url_is_refused(world, login):
    url, _ = _meeting(world)
    assert login(world.users["coordinator_a"]).get(url).status_code == 405


def test_anonymous_users_are_sent_to_log_in(world, client):
    url, data = _meeting(world)
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Meeting.objects.exists()
