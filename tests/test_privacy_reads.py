"""The read log: every page that shows a person records who saw whom, what and when, in one insert; the
data-protection page lists who read and who changed a person's data; the DPO reads everything in scope and
changes nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.organisations.models import Role
from stafet.privacy.middleware import OWN_ACCOUNT_URLS
from stafet.privacy.models import PersonRead
from tests.auth import log_in
from tests.factories import ParticipantFactory, ReferralFactory, UserFactory
from tests.test_protected_urls import every_url


@pytest.fixture
def dpo_a(world):
    return UserFactory(username="dpo_a", role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_a)


def reads(**filters):
    return list(PersonRead.objects.filter(**filters).values_list("actor__username", "kind", "person_id", "what"))


def test_a_participant_page_records_who_read_whom(world, client):
    log_in(client, world.users["coordinator_a"])
    assert client.get(reverse("people:participant", args=[world.p1.pk])).status_code == 200
    assert ("coordinator_a", "participant", world.p1.pk, "people:participant") in reads()
    # The page names Pia's mentor too: he was shown, so he was read.
    assert ("coordinator_a", "mentor", world.m1.pk, "people:participant") in reads()
    record = PersonRead.objects.filter(person_id=world.p1.pk).latest("at")
    assert record.path == f"/people/participants/{world.p1.pk}/" and record.method == "GET"


def test_a_list_records_exactly_the_people_it_shows(world, client):
    log_in(client, world.users["caseworker_x"])
    client.get(reverse("people:participants"))
    shown = {pk for _, kind, pk, _ in reads(actor=world.users["caseworker_x"]) if kind == "participant"}
    assert shown == {world.p1.pk, world.p3.pk, world.p4.pk}  # Aarhus's citizens, not København's Qasim
    PersonRead.objects.all().delete()
    client.get(reverse("people:participants"), {"q": "Rana"})
    assert {pk for _, _, pk, _ in reads()} == {world.p3.pk}


def test_a_partial_and_a_refused_page_record_what_they_showed(world, client):
    log_in(client, world.users["coordinator_b"])
    assert client.get(reverse("people:participant", args=[world.p1.pk])).status_code == 404
    assert reads() == []  # nobody was shown
    client.get(reverse("people:participants"), HTTP_HX_REQUEST="true")
    assert {pk for _, _, pk, _ in reads()} == {world.p2.pk}


def _list_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:participants")).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_the_read_log_costs_one_insert_whatever_the_rows(world, client):
    log_in(client, world.users["caseworker_x"])
    few = _list_queries(client)
    for n in range(30):
        p = ParticipantFactory(first_name=f"Extra{n}")
        ReferralFactory(participant=p, programme=world.programme_p, municipality=world.mun_x)
    many = _list_queries(client)
    assert len(many) == len(few)  # no query per row
    inserts = [sql for sql in many if "privacy_personread" in sql]
    assert len(inserts) == 1 and inserts[0].startswith("INSERT")
    assert PersonRead.objects.filter(actor=world.users["caseworker_x"]).count() == 3 + 33


def test_the_data_protection_page_lists_reads_and_changes(world, client, dpo_a):
    log_in(client, world.users["coordinator_a"])
    client.get(reverse("people:participant", args=[world.p1.pk]))
    log_in(client, dpo_a)
    page = client.get(reverse("privacy:participant", args=[world.p1.pk]))
    assert page.status_code == 200
    reads_table = page.content.decode().split('data-testid="reads"')[1].split("</table>")[0]
    assert "coordinator_a" in reads_table and "people:participant" in reads_table
    changes = page.content.decode().split('data-testid="changes"')[1]
    assert "mentorship.started" in changes  # the mentorship world A started for Pia
    # The DPO's own reading is on the log too.
    assert ("dpo_a", "participant", world.p1.pk, "privacy:participant") in reads()


@pytest.mark.parametrize(
    "persona, sees_p1, sees_p2",
    [
        ("admin", True, True),
        ("dpo_a", True, False),
        ("dpo_b", False, True),
        ("dpo_x", True, False),
        ("coordinator_a", False, False),
        ("caseworker_x", False, False),
        ("contact_c", False, False),
        ("mentor_user", False, False),
        ("participant_user", False, False),
    ],
)
def test_who_opens_a_data_protection_page(world, client, dpo_a, persona, sees_p1, sees_p2):
    users = world.users | {
        "dpo_a": dpo_a,
        "dpo_b": UserFactory(username="dpo_b", role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_b),
        "dpo_x": UserFactory(username="dpo_x", role=Role.DATA_PROTECTION_OFFICER, organisation=world.mun_x),
    }
    log_in(client, users[persona])
    for participant, sees in ((world.p1, sees_p1), (world.p2, sees_p2)):
        status = client.get(reverse("privacy:participant", args=[participant.pk])).status_code
        assert status == (200 if sees else 404), (persona, participant.first_name)
    listed = client.get(reverse("privacy:index"))
    if persona in ("admin", "dpo_a", "dpo_b", "dpo_x"):
        names = listed.content.decode()
        assert ("Pia" in names) == sees_p1 and ("Qasim" in names) == sees_p2
    else:
        assert listed.status_code == 404


def test_mentor_data_protection_pages_by_organisation(world, client, dpo_a):
    log_in(client, dpo_a)
    assert client.get(reverse("privacy:mentor", args=[world.m1.pk])).status_code == 200  # signed up to P
    assert client.get(reverse("privacy:mentor", args=[world.m2.pk])).status_code == 404
    dpo_x = UserFactory(username="dpo_x", role=Role.DATA_PROTECTION_OFFICER, organisation=world.mun_x)
    log_in(client, dpo_x)
    assert client.get(reverse("privacy:mentor", args=[world.m1.pk])).status_code == 404


def test_every_post_by_a_dpo_is_refused(full_world, client, dpo_a):
    log_in(client, dpo_a)
    events, notifications = AuditEvent.objects.count(), dpo_a.notifications.count()
    for name, url in sorted(every_url(full_world).items()):
        if name.split(":")[-1] in OWN_ACCOUNT_URLS or name.startswith("/admin/"):
            continue
        assert client.post(url, {"anything": "1"}).status_code == 403, name
    assert AuditEvent.objects.count() == events and dpo_a.notifications.count() == notifications
