"""The one way Stafet tells people things: the outbox, its unique key, delivery with retries, the recipient's
language and choices, and the in-app list with its unread count."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.tasks import default_task_backend
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from stafet.audit.models import AuditEvent
from stafet.mentorships import notices as mentorship_notices
from stafet.mentorships.actions import raise_escalation, resolve_escalation, take_escalation
from stafet.notifications import delivery, notices, render
from stafet.notifications.kinds import SPECS
from stafet.notifications.models import Delivery, Kind, Notification, Preference
from stafet.notifications.outbox import notify
from stafet.notifications.tasks import deliver_outbox
from stafet.organisations.models import Role
from stafet.programmes.actions import accept_referral, decline_referral
from stafet.programmes.models import Referral
from tests.auth import log_in
from tests.factories import UserFactory


def tell(world, event="test:1", **kwargs):
    params = {
        "mentor": "Mads",
        "participant": "Pia",
        "programme": "Programme P",
        "topic": "housing",
        "urgency": "normal",
    }
    with transaction.atomic():
        return notify(
            kind=kwargs.pop("kind", Kind.ESCALATION_RAISED),
            event=event,
            params=params,
            recipients=kwargs.pop("recipients", [world.users["coordinator_a"]]),
            url=kwargs.pop("url", "/mentorships/escalations/"),
            **kwargs,
        )


@pytest.fixture
def coordinator(world):
    user = world.users["coordinator_a"]
    user.email, user.first_name = "coordinator@example.org", "Cecilie"
    user.save()
    return user


# ---------------------------------------------------------------------------------------------- the outbox


def test_the_same_event_reaches_the_same_person_once(world, coordinator):
    tell(world, urgent=True)
    tell(world, urgent=True)
    tell(world, recipients=[coordinator, coordinator], urgent=True)
    assert Notification.objects.filter(kind=Kind.ESCALATION_RAISED, event="test:1").count() == 1
    tell(world, event="test:2", urgent=True)
    assert Notification.objects.filter(kind=Kind.ESCALATION_RAISED).count() == 2


def test_the_database_refuses_a_duplicate_whoever_writes_it(world, coordinator):
    tell(world)
    row = Notification.objects.get()
    row.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_rolled_back_action_leaves_no_notification(world, coordinator):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        tell(world)
        1 / 0  # noqa: B018 - the action fails after notifying
    assert not Notification.objects.exists()


def test_a_person_without_a_login_is_emailed_at_their_address(world):
    world.m2.email = "nina@example.org"
    world.m2.save()
    tell(world, recipients=[world.m2], urgent=True)
    row = Notification.objects.get()
    assert (row.recipient_id, row.email, row.recipient_key) == (None, "nina@example.org", "email:nina@example.org")
    assert delivery.deliver_due() == 1
    assert mail.outbox[0].to == ["nina@example.org"]


def test_nobody_to_reach_is_skipped(world):
    world.users["outsider"].is_active = False
    world.users["outsider"].save()
    assert tell(world, recipients=[world.m2, world.users["outsider"], None]) == 0  # no email, inactive, nobody


# ---------------------------------------------------------------------------------------------- delivery


@override_settings(STAFET_SITE_URL="http://testserver.example")
def test_an_email_is_html_and_plain_text_with_the_link_and_whom_to_contact(world, coordinator):
    world.ngo_a.email, world.ngo_a.phone = "help@ngo-a.example.org", "+45 11 22 33 44"
    world.ngo_a.save()
    escalation = raise_escalation(
        mentorship=world.mentorship, topic="housing", urgency="high", text="Evicted", by=world.users["mentor_user"]
    )
    assert delivery.deliver_due() == 1
    message = mail.outbox[0]
    assert message.to == ["coordinator@example.org"]
    html = message.alternatives[0][0]
    link = f"http://testserver.example/mentorships/escalations/#escalation-{escalation.pk}"
    for part in (message.body, html):
        assert "Cecilie" in part and link in part
    assert "Evicted" not in message.body + html  # the escalation's own words stay in Stafet
    assert message.subject.startswith("Haster:")  # Danish, the coordinator's language
    assert "Mads" in message.subject


def test_the_email_is_in_the_recipients_language(world, coordinator):
    coordinator.preferred_language = "en"
    coordinator.save()
    other = UserFactory(role=Role.COORDINATOR, organisation=world.ngo_a, email="other@example.org")
    tell(world, recipients=[coordinator, other], urgent=True)
    delivery.deliver_due()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "coordinator@example.org": "Mads asks for help (housing)",
        "other@example.org": "Mads beder om hjælp (bolig)",
    }


def test_a_language_stafet_does_not_have_falls_back_to_danish(world, coordinator):
    coordinator.preferred_language = "xx"
    coordinator.save()
    tell(world, urgent=True)
    assert Notification.objects.get().language == "da"


def test_a_duplicated_delivery_task_sends_each_email_once(world, coordinator):
    tell(world, urgent=True)
    pk = Notification.objects.get().pk
    assert delivery.deliver_one(pk) is True
    assert delivery.deliver_one(pk) is False  # the second task finds nothing left to claim
    assert delivery.deliver_due() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == Notification.Status.SENT


def failing(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)


def test_a_failed_send_is_retried_with_backoff_and_then_given_up(world, coordinator, monkeypatch, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False)
    tell(world, urgent=True)
    failing(monkeypatch)
    assert delivery.deliver_due() == 0
    row = Notification.objects.get()
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 1)
    assert row.next_attempt_at == timezone.now() + datetime.timedelta(minutes=1)
    assert "ConnectionRefusedError" in row.last_error
    assert delivery.deliver_due() == 0  # not due yet: nothing tried
    assert Notification.objects.get().attempts == 1
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        time_machine.shift(delivery.MAX_BACKOFF)
        delivery.deliver_due()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (Notification.Status.FAILED, delivery.MAX_ATTEMPTS, None)


def test_the_failed_ones_are_listed_on_the_admin_page_and_sent_again(world, coordinator, monkeypatch, client):
    tell(world, urgent=True)
    Notification.objects.update(status=Notification.Status.FAILED, attempts=8, last_error="SMTPException: 451")
    log_in(client, world.users["admin"])
    page = client.get(reverse("admin:notifications_notification_changelist"), {"status__exact": "failed"})
    assert "SMTPException: 451" in page.content.decode()
    row = Notification.objects.get()
    client.post(
        reverse("admin:notifications_notification_changelist"), {"action": "send_again", "_selected_action": [row.pk]}
    )
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.PENDING, 0)
    assert AuditEvent.objects.filter(action="notification.retried", target_id=str(row.pk)).exists()
    assert delivery.deliver_due() == 1


def test_the_delivery_task_queues_one_retry_for_the_earliest_failure(world, coordinator, monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the worker's backend
    assert default_task_backend.supports_defer
    tell(world, urgent=True)
    tell(world, event="test:2", urgent=True)
    failing(monkeypatch)
    deliver_outbox.call()
    deliver_outbox.call()
    waiting = DBTaskResult.objects.filter(task_path=deliver_outbox.module_path, status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after is not None


def test_each_notifying_transaction_queues_one_delivery(world, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        tell(world, urgent=True)
        tell(world, event="test:2", urgent=True)
    assert len(callbacks) == 1


# ---------------------------------------------------------------------------------------------- choices


def test_the_recipients_choice_decides_email_digest_or_in_app(world, coordinator):
    assert tell(world, event="default") == 1
    Preference.objects.create(user=coordinator, kind=Kind.ESCALATION_RAISED, delivery=Delivery.IN_APP)
    tell(world, event="chosen")
    statuses = dict(Notification.objects.values_list("event", "status"))
    assert statuses == {"default": "in_digest", "chosen": "not_emailed"}


def test_an_urgent_escalation_is_emailed_at_once_whatever_was_chosen(world, coordinator):
    Preference.objects.create(user=coordinator, kind=Kind.ESCALATION_RAISED, delivery=Delivery.IN_APP)
    raise_escalation(
        mentorship=world.mentorship, topic="health", urgency="high", text="Ill", by=world.users["mentor_user"]
    )
    raise_escalation(
        mentorship=world.mentorship, topic="housing", urgency="normal", text="Flat", by=world.users["mentor_user"]
    )
    assert sorted(Notification.objects.values_list("status", flat=True)) == ["not_emailed", "pending"]


def test_the_settings_page_saves_the_choices_the_role_may_make(world, coordinator, login):
    client = login(coordinator)
    page = client.get(reverse("notifications:settings"))
    assert list(page.context["form"].fields) == [k for k in Kind.values if Role.COORDINATOR in SPECS[k].choosable_by]
    data = {kind: "in_app" for kind in page.context["form"].fields}
    assert client.post(reverse("notifications:settings"), data).status_code == 302
    assert Preference.objects.filter(user=coordinator, delivery="in_app").count() == len(data)
    assert AuditEvent.objects.filter(action="notification.preferences", target_id=str(coordinator.pk)).exists()
    # A kind the role does not choose is not on the form, so it cannot be saved through it.
    client.post(reverse("notifications:settings"), {**data, Kind.MEETING_PLANNED: "in_app"})
    assert not Preference.objects.filter(kind=Kind.MEETING_PLANNED).exists()


# ---------------------------------------------------------------------------------------------- what is sent


def test_publishing_tells_mentor_and_participant_who_the_other_is(world):
    world.m1.phone, world.p1.phone = "+45 20 20 20 20", "+45 30 30 30 30"
    world.m1.save()
    world.p1.save()
    with transaction.atomic():
        mentorship_notices.mentorship_published(world.mentorship)
    rows = {n.recipient_id: n for n in Notification.objects.filter(kind=Kind.MENTORSHIP_PUBLISHED)}
    to_mentor, to_participant = rows[world.users["mentor_user"].pk], rows[world.users["participant_user"].pk]
    with translation.override("en"):
        assert "You are now the mentor of Pia" in render.summary(to_mentor)
        mentor_text = render.email_parts(to_mentor)[1]
        participant_text = render.email_parts(to_participant)[1]
    assert "+45 30 30 30 30" in mentor_text and "+45 20 20 20 20" in participant_text
    assert to_mentor.url == reverse("mentorships:detail", args=[world.mentorship.pk])


def test_a_decided_referral_tells_the_referring_caseworker_with_the_coded_reason(world, login):
    caseworker = world.users["caseworker_x"]
    caseworker.preferred_language = "en"
    caseworker.save()
    referral = Referral.objects.get(participant=world.p4)
    referral.caseworker = caseworker
    referral.save()
    decline_referral(referral=referral, reason="language", by=world.users["coordinator_a"])
    row = Notification.objects.get(kind=Kind.REFERRAL_DECIDED)
    assert row.recipient == caseworker and row.params["decline_reason"] == "language"
    assert "Reason: no shared working language yet." in render.email_parts(row)[1]
    # The caseworker's own list of referrals gives the reason too.
    page = login(caseworker).get(reverse("programmes:referrals"), {"status": "declined"}).content.decode()
    assert "no shared working language yet" in page


def test_an_accepted_referral_goes_to_the_job_centre_when_the_caseworker_has_left(world):
    other = UserFactory(role=Role.CASEWORKER, organisation=world.mun_x)
    referral = Referral.objects.get(participant=world.p4)
    referral.caseworker = world.users["caseworker_y"]  # gone: deactivated below
    referral.save()
    world.users["caseworker_y"].is_active = False
    world.users["caseworker_y"].save()
    accept_referral(referral=referral, cohort=world.cohort_k, by=world.users["coordinator_a"])
    recipients = set(Notification.objects.filter(kind=Kind.REFERRAL_DECIDED).values_list("recipient", flat=True))
    assert recipients == {world.users["caseworker_x"].pk, other.pk}


def test_an_escalation_reaches_its_programmes_coordinators_and_then_the_mentor(world, coordinator):
    mentor = world.users["mentor_user"]
    escalation = raise_escalation(
        mentorship=world.mentorship, topic="legal", urgency="normal", text="Permit", by=mentor
    )
    raised = Notification.objects.get(kind=Kind.ESCALATION_RAISED)
    assert raised.recipient == coordinator  # not NGO B's coordinator
    take_escalation(escalation=escalation, by=coordinator)
    resolve_escalation(escalation=escalation, note="Called the lawyer", by=coordinator)
    kinds = set(Notification.objects.filter(recipient=mentor).values_list("kind", flat=True))
    assert kinds == {Kind.ESCALATION_TAKEN, Kind.ESCALATION_RESOLVED}


@override_settings(STAFET_SITE_URL="https://stafet.example.org")
def test_an_invitation_reaches_a_new_inactive_login_and_its_one_time_link_is_not_kept(world):
    user = UserFactory(
        username="new.mentor", email="new@example.org", role=Role.MENTOR, organisation=world.company_c, is_active=False
    )
    expires = timezone.now() + datetime.timedelta(days=7)
    with transaction.atomic():
        notices.invitation(
            user=user,
            accept_url="/accounts/invite/s3cret/",
            expires_at=expires,
            invitation_id=1,
            invited_by=world.users["coordinator_a"],
            programme=world.programme_p,
        )
    delivery.deliver_due()
    assert "https://stafet.example.org/accounts/invite/s3cret/" in mail.outbox[0].body
    assert Notification.objects.get().url == ""


def test_every_kind_reads_in_danish_and_in_english(world):
    """Each kind's subject and summary exist in both languages (the Danish catalogue has them)."""
    params = {
        "to": "Mads",
        "participant": "Pia",
        "mentor": "Mads",
        "other": "Pia",
        "programme": "P",
        "cohort": "K",
        "status": "declined",
        "decline_reason": "other",
        "topic": "housing",
        "urgency": "high",
        "by": "Cecilie",
        "as": "mentor",
        "days": 14,
        "started_on": "2026-03-01",
        "since_on": "2026-03-01",
        "overdue": 2,
        "due_today": 1,
        "count": 3,
        "measured": "plus_3",
        "due_on": "2026-12-01",
        "event": "Velkomst",
        "event_kind": "welcome",
        "starts_at": "2026-12-01T16:00:00+01:00",
        "ends_at": "2026-12-01T18:00:00+01:00",
        "place": "Aarhus",
        "hours": "2",
        "venue": "company_site",
        "role": "mentor",
        "username": "mads",
        "expires_at": "2026-12-08T16:00:00+01:00",
        "date": "2026-12-01",
        "meetings_per_month": "2",
        "duration_months": 6,
        "starts_on": "2026-03-01",
        "mentorships": 1,
        "enrolments": 1,
        "proposals": 0,
        "placements": 2,
        "by_phone": True,
    }
    for kind in Kind.values:
        row = Notification(kind=kind, params=params, language="da", url="/x/", recipient=world.users["admin"])
        with translation.override("en"):
            english = (render.subject(row), render.summary(row))
        with translation.override("da"):
            danish = (render.subject(row), render.summary(row))
        assert all(english) and all(danish), kind
        assert english[0] != danish[0], f"{kind}: the subject is not translated"


# ---------------------------------------------------------------------------------------------- in the app


def test_the_header_counts_the_unread_and_the_list_opens_them(world, coordinator, login):
    tell(world)
    tell(world, event="test:2")
    client = login(coordinator)
    assert client.get(reverse("home")).context["unread_notifications"]() == 2
    page = client.get(reverse("notifications:list"))
    assert 'data-testid="unread-count">2' in page.content.decode()
    first = Notification.objects.order_by("pk").first()
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response.url == first.url
    first.refresh_from_db()
    assert first.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read", target_id=str(first.pk)).exists()
    client.post(reverse("notifications:read_all"))
    assert 'data-testid="unread-count"' not in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize("persona", ["coordinator_b", "mentor_user", "participant_user", "outsider", "caseworker_x"])
def test_nobody_opens_anyone_elses_notification(world, coordinator, login, persona):
    tell(world)
    row = Notification.objects.get()
    client = login(world.users[persona])
    assert client.get(reverse("notifications:open", args=[row.pk])).status_code == 404
    assert not client.get(reverse("notifications:list")).context["page"].object_list
    row.refresh_from_db()
    assert row.read_at is None
