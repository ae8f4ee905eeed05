"""A mentor's rights too (the issue says "a person"): the export of everything held about a mentor, which the
mentor downloads themselves, and erasure by pseudonymisation that leaves no trace of their name, email, phone or
login in any text column of any table, while their ids and coded facts stay."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from stafet.audit.models import AuditEvent
from stafet.events.actions import invite_to_event, record_attendance, schedule_event
from stafet.events.models import Event
from stafet.mentorships.actions import log_meeting, raise_escalation
from stafet.mentorships.models import Meeting
from stafet.organisations.models import Role
from stafet.people.models import Mentor
from tests.auth import log_in
from tests.factories import UserFactory
from tests.test_privacy_erasure import hits

NAME = ("Mikkelqo", "Ærtebjergsen")
EMAIL, PHONE, LOGIN = "mikkelqo.aertebjergsen@example.org", "+45 29 38 47 56", "mikkelqo.aer"


@pytest.fixture
def mentor(full_world):
    """World A's mentor Mads, renamed before anything is written by or about him, with a training session he came
    to, meetings he logged (one naming him) and one the participant logged as private."""
    w = full_world
    m1 = w.m1
    m1.first_name, m1.last_name, m1.email, m1.phone = *NAME, EMAIL, PHONE
    m1.job_title, m1.availability = "Data engineer", "Tuesdays"
    m1.save()
    user = m1.user
    user.username, user.email, user.first_name, user.last_name = LOGIN, EMAIL, *NAME
    user.save()
    coordinator, full = w.users["coordinator_a"], f"{NAME[0]} {NAME[1]}"
    w.mentor_meeting = log_meeting(mentorship=w.mentorship, date=datetime.date(2026, 4, 2), hours=2,
                                   venue="company_site", topics=["cv"], by=user, note=f"{full} went through the CV",
                                   venue_detail=f"{NAME[1]}'s office")  # fmt: skip
    w.private_meeting = log_meeting(mentorship=w.mentorship, date=datetime.date(2026, 4, 9), hours=1,
                                    venue="company_site", topics=[], by=w.users["participant_user"],
                                    note="Only for me and the coordinator", note_private=True)  # fmt: skip
    raise_escalation(mentorship=w.mentorship, topic="housing", urgency="normal", text=f"{NAME[0]} here: call me",
                     by=user)  # fmt: skip
    soon = timezone.now() + datetime.timedelta(days=2)
    w.training = schedule_event(programme=w.programme_p, cohort=None, kind="training", starts_at=soon,
                                ends_at=soon + datetime.timedelta(hours=2), place="NGO A", by=coordinator)  # fmt: skip
    (w.training_invitation,) = invite_to_event(event=w.training, by=coordinator, mentors=[m1])
    return m1


def test_the_mentors_export_holds_everything_held_about_them(mentor, full_world, client):
    w = full_world
    log_in(client, w.users["coordinator_a"])
    client.get(reverse("people:mentor", args=[mentor.pk]))  # a read, to find in the export
    response = client.get(reverse("privacy:mentor_export_json", args=[mentor.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["kind"] == "mentor"
    profile = data["mentor"]
    assert (profile["first_name"], profile["last_name"], profile["email"], profile["phone"]) == (*NAME, EMAIL, PHONE)
    assert (profile["job_title"], profile["availability"]) == ("Data engineer", "Tuesdays")
    assert profile["organisation"]["id"] == w.company_c.pk
    assert profile["programmes_signed_up_for"] == ["Programme P"]
    assert [e["cohort"]["id"] for e in data["enrolments"]] == [w.cohort_k.pk]
    assert [m["id"] for m in data["mentorships"]] == [w.mentorship.pk]
    notes = {m["id"]: m["note"] for m in data["meetings"]}
    assert notes[w.mentor_meeting.pk] == f"{NAME[0]} {NAME[1]} went through the CV"
    # The participant's private note stays theirs, as on the pair's page.
    assert notes[w.private_meeting.pk] != "Only for me and the coordinator"
    assert "Only for me and the coordinator" not in response.content.decode()
    assert sorted(e["text"] for e in data["escalations"]) == ["Help", f"{NAME[0]} here: call me"]  # both his
    assert [i["id"] for i in data["event_invitations"]] == [w.training_invitation.pk]
    assert [p["id"] for p in data["match_proposals"]] == [w.proposal.pk]
    assert {"page": "people:mentor", "method": "GET"}.items() <= data["read_log"][0].items()
    assert data["read_log"][0]["by"] == {"role": "coordinator", "organisation": "NGO A"}
    assert {"mentorship.started", "escalation.raised"} <= {c["action"] for c in data["change_log"]}


def test_the_mentors_readable_document_as_html_and_pdf(mentor, client):
    log_in(client, mentor.user)
    html = client.get(reverse("privacy:mentor_export_html", args=[mentor.pk]))
    assert html.status_code == 200 and EMAIL in html.content.decode() and "<h2>" in html.content.decode()
    pdf = client.get(reverse("privacy:mentor_export_pdf", args=[mentor.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_the_mentor_finds_their_own_download(mentor, full_world, client):
    log_in(client, mentor.user)
    page = client.get(reverse("privacy:me"))
    assert page.status_code == 200
    assert reverse("privacy:mentor_export_json", args=[mentor.pk]) in page.content.decode()
    assert client.get(reverse("privacy:mentor_export_json", args=[full_world.m2.pk])).status_code == 404


@pytest.mark.parametrize(
    "persona, may",
    [
        ("mentor_user", {"m1"}),
        ("participant_user", set()),  # sees their mentor, but does not answer his requests
        ("coordinator_a", {"m1"}),
        ("coordinator_b", {"m2"}),
        ("caseworker_x", set()),
        ("contact_c", set()),
        ("outsider", set()),
        ("admin", {"m1", "m2"}),
        ("dpo_a", {"m1"}),
        ("dpo_b", {"m2"}),
        ("dpo_x", set()),  # a municipality holds no data about mentors
    ],
)
def test_who_downloads_whose_mentor_export(world, client, persona, may):
    users = world.users | {
        "dpo_a": UserFactory(username="dpo_a", role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_a),
        "dpo_b": UserFactory(username="dpo_b", role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_b),
        "dpo_x": UserFactory(username="dpo_x", role=Role.DATA_PROTECTION_OFFICER, organisation=world.mun_x),
    }
    log_in(client, users[persona])
    for name in ("m1", "m2"):
        status = client.get(reverse("privacy:mentor_export_json", args=[getattr(world, name).pk])).status_code
        assert status == (200 if name in may else 404), (persona, name)


def test_erasing_a_mentor_leaves_no_trace_of_who_they_were(mentor, full_world, client):
    w = full_world
    # The session has been held (invitations go out only before it starts).
    ended = timezone.now() - datetime.timedelta(hours=1)
    Event.objects.filter(pk=w.training.pk).update(starts_at=ended - datetime.timedelta(hours=2), ends_at=ended)
    record_attendance(event=w.training, came={w.training_invitation.pk: True}, by=w.users["coordinator_a"])
    admin = w.users["admin"]
    log_in(client, admin)
    client.get(reverse("admin:people_mentor_change", args=[mentor.pk]))
    full = f"{NAME[0]} {NAME[1]}"
    for needle in (full, EMAIL, LOGIN):
        assert hits(needle), f"the test's data should hold {needle} before the erasure"
    mentor.refresh_from_db()
    facts = (mentor.organisation_id, mentor.site_id, mentor.occupation_id, mentor.kind, mentor.training_completed_on)
    assert facts[-1] is not None

    response = client.post(reverse("privacy:mentor_erase", args=[mentor.pk]), {"reason": "request", "confirm": "on"})
    assert response.status_code == 302

    for needle in (full, NAME[0], NAME[1], "rtebjergsen", EMAIL, PHONE, LOGIN):
        assert hits(needle) == [], needle
    mentor = Mentor.objects.get(pk=mentor.pk)
    assert mentor.first_name == "Pseudonym" and mentor.last_name.startswith("P-") and mentor.pseudonymised_at
    assert (mentor.email, mentor.phone, mentor.job_title, mentor.availability) == ("", "", "", "")
    # Kept: the ids and coded facts, so reports still count him and his pair.
    assert (mentor.organisation_id, mentor.site_id, mentor.occupation_id, mentor.kind,
            mentor.training_completed_on) == facts  # fmt: skip
    assert w.mentorship.meetings.count() == 2 and mentor.mentorships.get().pk == w.mentorship.pk
    assert Meeting.objects.get(pk=w.private_meeting.pk).note == "Only for me and the coordinator"  # not his
    assert not mentor.user.is_active and not mentor.user.has_usable_password()
    event = AuditEvent.objects.get(action="mentor.pseudonymised")
    assert (event.target_id, event.details, event.actor) == (str(mentor.pk), {"reason": "request"}, admin)


def test_only_an_administrator_erases_a_mentor(mentor, full_world, client):
    w = full_world
    url = reverse("privacy:mentor_erase", args=[mentor.pk])
    dpo = UserFactory(username="dpo_a", role=Role.DATA_PROTECTION_OFFICER, organisation=w.ngo_a)
    for user in (w.users["coordinator_a"], mentor.user, dpo):
        log_in(client, user)
        assert client.post(url, {"reason": "request", "confirm": "on"}).status_code in (403, 404)
    assert Mentor.objects.get(pk=mentor.pk).pseudonymised_at is None
