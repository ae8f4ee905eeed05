"""Erasure by pseudonymisation: a participant with a mentorship, meetings, an escalation and outcomes is erased,
and then no text column of any table holds their name, email, phone, login or birth year; their ids and coded
facts stay, so the reports still count them. The audit trail keeps ids and field names only."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.matches.models import PairRule, Proposal, UnmatchedParticipant
from stafet.mentorships.actions import raise_escalation, resolve_escalation, take_escalation
from stafet.mentorships.models import Meeting
from stafet.organisations.models import Role
from stafet.outcomes.actions import record_outcome
from stafet.people.models import Participant
from tests.auth import log_in
from tests.factories import UserFactory

NAME = ("Yusraqa", "Ølbjergsen")
EMAIL, PHONE, BIRTH_YEAR, LOGIN = "yusraqa.olbjergsen@example.org", "+45 61 72 83 94", 1979, "yusraqa.olb"


@pytest.fixture
def named(world):
    """World A's Pia, renamed before anything is written about her, so every copy carries the new name."""
    p1 = world.p1
    p1.first_name, p1.last_name, p1.email, p1.phone, p1.birth_year = *NAME, EMAIL, PHONE, BIRTH_YEAR
    p1.save()
    user = p1.user
    user.username, user.email, user.first_name, user.last_name = LOGIN, EMAIL, *NAME
    user.save()
    return p1


def text_columns() -> list[tuple[str, str]]:
    """Every text-like column of every table in the database (read from the database, not the models)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = connection.introspection.get_field_type(column.type_code, column)
                if kind in ("CharField", "TextField", "JSONField", "SlugField", "EmailField", "GenericIPAddressField"):
                    found.append((table, column.name))
    return found


def hits(needle: str) -> list[str]:
    out = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {qn(table)} WHERE CAST({qn(column)} AS TEXT) LIKE %s",  # noqa: S608
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                out.append(f"{table}.{column}")
    return out


def identifiers() -> list[str]:
    first, last = NAME
    # JSON columns may hold the escaped spelling of a non-ASCII name.
    return [f"{first} {last}", first, last, "lbjergsen", EMAIL, PHONE, LOGIN, str(BIRTH_YEAR)]


def write_about_her(w, p1):
    coordinator = w.users["coordinator_a"]
    full = f"{NAME[0]} {NAME[1]}"
    Meeting.objects.create(mentorship=w.mentorship, date="2026-04-02", hours=2, venue="company_site",
                           note=f"{full} brought her CV", venue_detail=f"at {NAME[1]}'s")  # fmt: skip
    ref = p1.referrals.get()
    ref.note = f"{full} ({PHONE}) prefers mornings"
    ref.save()
    escalation = raise_escalation(mentorship=w.mentorship, topic="housing", urgency="normal",
                                  text=f"{NAME[0]} is moving", by=w.users["mentor_user"])  # fmt: skip
    # Resolved, so its note may not be empty: the erasure must still take the name out of it.
    take_escalation(escalation=escalation, by=coordinator)
    resolve_escalation(escalation=escalation, note=f"{full} found a flat", by=coordinator)
    record_outcome(participant=p1, cohort=w.cohort_k, type="job_matching", date=datetime.date(2027, 3, 1),
                   measured="plus_6", employer="Ølbjergsen ApS", note=f"{NAME[0]} is happy",
                   by=coordinator)  # fmt: skip
    PairRule.objects.filter(participant=p1).update(reason=f"{NAME[0]} asked for a woman mentor")
    Proposal.objects.filter(participant=p1).update(explanation_da=f"{full} og Mads deler sprog")
    run = Proposal.objects.filter(participant=p1).first().run
    UnmatchedParticipant.objects.create(run=run, participant=w.p3, reason_en=f"Mads is needed for {full}")


def test_erasing_a_participant_leaves_no_trace_of_who_they_were(named, full_world, client):
    w, p1 = full_world, named
    write_about_her(w, p1)
    admin = w.users["admin"]
    log_in(client, admin)
    # The admin changes her in Django's admin too: its log and the audit trail would name her.
    client.get(reverse("people:participant", args=[p1.pk]))
    client.get(reverse("admin:people_participant_change", args=[p1.pk]))
    for needle in (f"{NAME[0]} {NAME[1]}", EMAIL):
        assert hits(needle), f"the test's data should hold {needle} before the erasure"
    facts = (p1.country_of_origin_id, p1.municipality_id, p1.education_level, p1.referrals.get().consent_scope)
    outcomes = list(p1.outcomes.values_list("measured", "type", "date"))

    response = client.post(reverse("privacy:erase", args=[p1.pk]), {"reason": "request", "confirm": "on"})
    assert response.status_code == 302

    for needle in identifiers():
        assert hits(needle) == [], needle
    p1.refresh_from_db()
    assert p1.first_name == "Pseudonym" and p1.last_name.startswith("P-") and p1.pseudonymised_at
    assert (p1.email, p1.phone, p1.competences, p1.education_field, p1.birth_year) == ("", "", "", "", 1970)
    # Kept: the ids and coded facts, so the report still counts her.
    assert (p1.country_of_origin_id, p1.municipality_id, p1.education_level, p1.referrals.get().consent_scope) == facts
    assert list(p1.outcomes.values_list("measured", "type", "date")) == outcomes
    assert w.mentorship.meetings.count() == 1 and p1.mentorships.get().pk == w.mentorship.pk
    assert not p1.user.is_active and not p1.user.has_usable_password()
    event = AuditEvent.objects.get(action="participant.pseudonymised")
    assert (event.target_id, event.details, event.actor) == (str(p1.pk), {"reason": "request"}, admin)


def test_only_an_administrator_erases_and_only_once(named, world, client):
    url = reverse("privacy:erase", args=[named.pk])
    dpo = UserFactory(username="dpo_a", role=Role.DATA_PROTECTION_OFFICER, organisation=world.ngo_a)
    for user in (world.users["coordinator_a"], world.users["participant_user"], dpo):
        log_in(client, user)
        assert client.post(url, {"reason": "request", "confirm": "on"}).status_code in (403, 404)
    assert Participant.objects.get(pk=named.pk).pseudonymised_at is None
    log_in(client, world.users["admin"])
    assert client.post(url, {"reason": "request"}).status_code == 200  # not confirmed: the form again
    assert Participant.objects.get(pk=named.pk).pseudonymised_at is None
    client.post(url, {"reason": "request", "confirm": "on"})
    assert Participant.objects.get(pk=named.pk).pseudonymised_at is not None
    page = client.post(url, {"reason": "request", "confirm": "on"}, follow=True)
    assert "already been pseudonymised" in page.content.decode()


def test_the_audit_trail_names_objects_by_kind_and_id(named, full_world):
    names = {f"{NAME[0]} {NAME[1]}", NAME[0], NAME[1]}
    for event in AuditEvent.objects.all():
        assert not any(name in event.target_repr or name in str(event.details) for name in names), event.action


def test_the_migration_scrubs_names_already_in_the_audit_trail(named, world):
    old = AuditEvent.objects.create(action="mentorship.started", target_type="mentorships.mentorship",
                                    target_id=str(world.mentorship.pk), target_repr=f"{NAME[0]} {NAME[1]} – Mads",
                                    details={"role": "professional"})  # fmt: skip
    rule = AuditEvent.objects.create(action="pair_rule.exclude", target_type="matches.pairrule", target_id="7",
                                     target_repr="x", details={"reason": f"{NAME[0]} asked", "old": None})  # fmt: skip
    change = f'[{{"changed": {{"fields": ["Email"]}}}}, {{"added": {{"name": "language", "object": "{NAME[0]} Ar"}}}}]'
    admin = AuditEvent.objects.create(action="admin.changed", target_type="people.participant", target_id="1",
                                      target_repr=NAME[1], details={"change": change})  # fmt: skip
    migration = importlib.import_module("stafet.audit.migrations.0003_names_out_of_the_audit_trail")
    migration.scrub(django_apps, None)
    for event in (old, rule, admin):
        event.refresh_from_db()
    assert old.target_repr == f"mentorship {world.mentorship.pk}" and old.details == {"role": "professional"}
    assert rule.details == {"reason_given": True, "old": None}
    assert admin.details == {"change": [{"changed": {"fields": ["Email"]}}, {"added": {"name": "language"}}]}
