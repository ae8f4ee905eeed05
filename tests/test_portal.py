"""The participant's page: their mentor and how to reach them, the next meeting, the meetings held without the
mentor's notes, their goal and programme, their consents and their notifications; nobody else's."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from stafet.audit.models import AuditEvent
from stafet.mentorships.actions import log_meeting, plan_meeting, start_mentorship
from stafet.mentorships.models import Escalation, Meeting
from stafet.notifications import delivery
from stafet.notifications.models import Notification
from stafet.notifications.render import summary
from tests.factories import (
    CohortFactory,
    MentorEnrolmentFactory,
    MentorFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    ReferralFactory,
    UserFactory,
)

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def pia(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 1, 10, tzinfo=CPH), tick=False)
    world.m1.phone, world.m1.email = "+45 12 34 56 78", "mads@example.org"
    world.m1.save()
    mentor = world.users["mentor_user"]
    with transaction.atomic():
        log_meeting(
            mentorship=world.mentorship,
            date=datetime.date(2026, 3, 20),
            hours=2,
            venue="company_site",
            topics=["cv"],
            by=mentor,
            note="Private: Pia seemed tired",
        )
        plan_meeting(
            mentorship=world.mentorship,
            starts_at=datetime.datetime(2026, 4, 8, 15, tzinfo=CPH),
            hours=2,
            venue="company_site",
            venue_detail="Room 2",
            by=mentor,
        )
    return world


def test_a_participant_sees_their_mentor_next_meeting_meetings_goal_consents_and_news(pia, login):
    page = login(pia.users["participant_user"]).get(reverse("home"))
    html = page.content.decode()
    assert "web/portal.html" in [t.name for t in page.templates]
    assert "Mads" in html and 'href="tel:+45 12 34 56 78"' in html and "mailto:mads@example.org" in html
    assert page.context["next_meeting"].venue_detail == "Room 2" and "Room 2" in html
    assert [m.date for m in page.context["meetings"]] == [datetime.date(2026, 3, 20)]
    assert "CV" in html and "Meetings so far: 1." in html
    assert "Your goal is: job." in html and "Your programme: Programme P." in html
    assert "Share profile with the programme" in html
    assert Notification.objects.filter(recipient=pia.users["participant_user"]).exists()
    assert len(page.context["notifications"]) >= 1 and page.context["notifications"][0].text in html


def test_the_mentors_private_note_is_not_on_the_participants_page(pia, login):
    html = login(pia.users["participant_user"]).get(reverse("home")).content.decode()
    assert Meeting.objects.filter(note__startswith="Private").exists()
    assert "Pia seemed tired" not in html


def test_a_second_participant_sees_nothing_of_the_first(pia, login):
    other_user = UserFactory(username="other_participant", role="participant")
    other = ParticipantFactory(first_name="Omar", user=other_user)
    ReferralFactory(participant=other, programme=pia.programme_q, municipality=pia.mun_y)
    page = login(other_user).get(reverse("home"))
    html = page.content.decode()
    assert page.context["mentorships"] == [] and page.context["next_meeting"] is None
    assert list(page.context["meetings"]) == [] and page.context["notifications"] == []
    assert [r.participant for r in page.context["consents"]] == [other]
    assert "Mads" not in html and "Room 2" not in html and "Programme P" not in html and "Pia" not in html
    assert "You do not have a mentor yet." in html


def test_a_participant_in_two_cohorts_sees_both_mentors(pia, login):
    cohort = CohortFactory(programme=pia.programme_p, name="Cohort L")
    ParticipantEnrolmentFactory(cohort=cohort, participant=pia.p1)
    mentor = MentorFactory(first_name="Noor", organisation=pia.company_c)
    mentor.programmes.add(pia.programme_p)
    MentorEnrolmentFactory(cohort=cohort, mentor=mentor, capacity=1)
    start_mentorship(
        cohort=cohort,
        mentor=mentor,
        participant=pia.p1,
        role="community",
        by=pia.users["coordinator_a"],
        started_on=datetime.date(2026, 3, 1),
    )
    html = login(pia.users["participant_user"]).get(reverse("home")).content.decode()
    assert "Mads" in html and "Noor" in html


@pytest.mark.parametrize(
    ("lang", "subject_word", "body_word"),
    [("ar", "اجتماع", "متى:"), ("ti", "ርክብ", "መዓስ፦"), ("uk", "Зустріч", "Коли:")],
)
def test_a_participant_gets_the_meeting_email_in_their_language(world, time_machine, lang, subject_word, body_word):
    time_machine.move_to(datetime.datetime(2026, 4, 1, 10, tzinfo=CPH), tick=False)
    world.p1.email = "pia@example.org"
    world.p1.save()
    world.users["participant_user"].preferred_language = lang
    world.users["participant_user"].save()
    with transaction.atomic():
        plan_meeting(
            mentorship=world.mentorship,
            starts_at=datetime.datetime(2026, 4, 8, 15, tzinfo=CPH),
            hours=2,
            venue="company_site",
            by=world.users["mentor_user"],
        )
    delivery.deliver_due()
    (email,) = [m for m in mail.outbox if m.to == [world.users["participant_user"].email or "pia@example.org"]]
    assert subject_word in email.subject and body_word in email.body


def test_a_participant_asks_the_coordinator_for_help_in_their_language(world, login):
    client = login(world.users["participant_user"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.post(reverse("ask_for_help", args=[world.mentorship.pk]), {"text": "أحتاج مساعدة"})
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert (escalation.language, escalation.raised_by, escalation.topic) == (
        "ar",
        world.users["participant_user"],
        "other",
    )
    assert AuditEvent.objects.filter(action="escalation.raised", target_id=str(escalation.pk)).exists()
    (news,) = Notification.objects.filter(kind="escalation_raised", recipient=world.users["coordinator_a"])
    with translation.override("en"):
        assert summary(news) == "Pia Haddad asks for help, in Arabic."
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    queue = login(world.users["coordinator_a"]).get(reverse("mentorships:escalations")).content.decode()
    assert "Language: Arabic" in queue and "أحتاج مساعدة" in queue


def test_help_without_a_text_is_refused_and_writes_nothing(world, login):
    response = login(world.users["participant_user"]).post(
        reverse("ask_for_help", args=[world.mentorship.pk]), {"text": ""}
    )
    assert response.status_code == 400 and not Escalation.objects.exists()
    assert 'href="#id_text"' in response.content.decode()  # the error summary links to the field


def test_nobody_else_asks_for_help_through_a_participants_mentorship(world, login):
    other_user = UserFactory(username="other_participant", role="participant")
    ParticipantFactory(first_name="Omar", user=other_user)
    for user in (other_user, world.users["mentor_user"], world.users["caseworker_x"]):
        response = login(user).post(reverse("ask_for_help", args=[world.mentorship.pk]), {"text": "x"})
        assert response.status_code == 404
    assert not Escalation.objects.exists()
