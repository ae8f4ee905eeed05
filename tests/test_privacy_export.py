"""Access and portability (GDPR art. 15 and 20): one export of everything Stafet holds about a participant, as
JSON and as a readable HTML and PDF document; the participant downloads their own, staff in scope for a request."""

import json

import pytest
from django.urls import reverse

from stafet.mentorships.models import Meeting
from stafet.organisations.models import Role
from stafet.privacy.models import PersonRead
from tests.auth import log_in
from tests.factories import UserFactory


def export(client, pk, fmt="json"):
    return client.get(reverse(f"privacy:export_{fmt}", args=[pk]))


def test_the_export_holds_every_part_of_the_record_as_stored(full_world, client):
    w = full_world
    Meeting.objects.create(mentorship=w.mentorship, date="2026-04-02", hours=2, venue="company_site",
                           note="Talked about the CV")  # fmt: skip
    log_in(client, w.users["coordinator_a"])
    client.get(reverse("people:participant", args=[w.p1.pk]))  # a read, to find in the export
    response = export(client, w.p1.pk)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    p1 = w.p1
    profile = data["participant"]
    assert (profile["id"], profile["first_name"], profile["last_name"]) == (p1.pk, p1.first_name, p1.last_name)
    assert (profile["email"], profile["phone"], profile["birth_year"]) == (p1.email, p1.phone, p1.birth_year)
    assert profile["country_of_origin"]["id"] == p1.country_of_origin_id
    referral = p1.referrals.get()
    assert [r["id"] for r in data["referrals_and_consents"]] == [referral.pk]
    assert data["referrals_and_consents"][0]["consent_scope"]["code"] == referral.consent_scope
    assert data["referrals_and_consents"][0]["consent_given_on"] == referral.consent_given_on.isoformat()
    assert [e["id"] for e in data["enrolments"]] == list(p1.enrolments.values_list("pk", flat=True))
    assert [m["id"] for m in data["mentorships"]] == [w.mentorship.pk]
    assert [m["note"] for m in data["meetings"]] == ["Talked about the CV"]
    assert [m["id"] for m in data["planned_meetings"]] == [w.planned.pk]
    assert [c["id"] for c in data["follow_up_calls"]] == list(w.mentorship.follow_up_calls.values_list("pk", flat=True))
    assert [e["text"] for e in data["escalations"]] == ["Help"]
    assert [(o["type"]["code"], o["date"]) for o in data["outcomes"]] == [("education", "2026-09-01")]
    assert [i["id"] for i in data["event_invitations"]] == [w.invitation.pk]
    assert [pr["id"] for pr in data["match_proposals"]] == [w.proposal.pk]
    assert {"page": "people:participant", "method": "GET"}.items() <= data["read_log"][0].items()
    assert data["read_log"][0]["by"] == {"role": "coordinator", "organisation": "NGO A"}  # no employee's name
    assert "coordinator_a" not in response.content.decode()
    assert "mentorship.started" in {c["action"] for c in data["change_log"]}


def test_the_readable_document_as_html_and_pdf(world, client):
    log_in(client, world.users["coordinator_a"])
    html = export(client, world.p1.pk, "html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    text = html.content.decode()
    assert world.p1.name in text and world.p1.email in text and "<h2>" in text
    pdf = export(client, world.p1.pk, "pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 2000


def test_the_export_is_itself_on_the_read_log(world, client):
    log_in(client, world.users["caseworker_x"])
    export(client, world.p1.pk)
    assert PersonRead.objects.filter(person_id=world.p1.pk, what="privacy:export_json").exists()


@pytest.mark.parametrize(
    "persona, may",
    [
        ("participant_user", {"p1"}),
        ("outsider", set()),
        ("coordinator_a", {"p1", "p3"}),
        ("coordinator_b", {"p2"}),
        ("caseworker_x", {"p1", "p3"}),
        ("caseworker_y", {"p2"}),
        ("contact_c", set()),  # a company sees Rana's profile, but does not answer her requests
        ("mentor_user", set()),
        ("admin", {"p1", "p2", "p3"}),
        ("dpo_a", {"p1", "p3"}),
        ("dpo_y", {"p2"}),
    ],
)
def test_who_downloads_whose_export(world, client, persona, may):
    users = world.users | {
        "dpo_a": UserFactory(username="dpo_a", role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_a),
        "dpo_y": UserFactory(username="dpo_y", role=Role.DATA_PROTECTION_OFFICER, organisation=world.mun_y),
    }
    log_in(client, users[persona])
    for name in ("p1", "p2", "p3"):
        status = export(client, getattr(world, name).pk).status_code
        assert status == (200 if name in may else 404), (persona, name)


def test_the_participant_finds_their_own_download(world, client):
    log_in(client, world.users["participant_user"])
    page = client.get(reverse("privacy:me"))
    assert page.status_code == 200
    assert reverse("privacy:export_pdf", args=[world.p1.pk]) in page.content.decode()
    log_in(client, world.users["coordinator_a"])
    assert client.get(reverse("privacy:me")).status_code == 404
