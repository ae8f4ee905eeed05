"""A CPR-like number typed into free text gets a warning before it is saved: the form comes back with the warning
on the field and a "save it anyway" checkbox; ticked, the text is saved."""

import datetime

from django.urls import reverse

from stafet.events.forms import EventForm
from stafet.forms import WarnsAboutCPR
from stafet.mentorships.forms import CallForm, CloseForm, EscalationForm, MeetingForm, PlanForm, ResolveForm
from stafet.mentorships.models import Meeting
from stafet.outcomes.forms import OutcomeForm
from stafet.people.forms import ParticipantProfileForm
from stafet.programmes.forms import ReferralForm
from tests.auth import log_in

MEETING = {"date": "2026-04-01", "hours": "2", "venue": "company_site", "topics": "cv"}
WARNING = "This looks like a CPR number"


def test_a_note_with_a_cpr_number_is_held_back_until_confirmed(world, client):
    log_in(client, world.users["mentor_user"])
    url = reverse("mentorships:log_meeting", args=[world.mentorship.pk])
    page = client.post(url, MEETING | {"note": "Her CPR is 010190-1234"})
    html = page.content.decode()
    assert page.status_code == 400 and WARNING in html
    assert 'type="checkbox" name="cpr_confirmed"' in html
    assert not Meeting.objects.exists()
    assert client.post(url, MEETING | {"note": "Her CPR is 010190-1234", "cpr_confirmed": "on"}).status_code == 302
    assert Meeting.objects.get().note == "Her CPR is 010190-1234"


def test_a_note_without_one_saves_at_once_and_shows_no_checkbox(world, client):
    log_in(client, world.users["mentor_user"])
    detail = client.get(reverse("mentorships:detail", args=[world.mentorship.pk])).content.decode()
    assert 'type="checkbox" name="cpr_confirmed"' not in detail and "save it anyway" not in detail
    url = reverse("mentorships:log_meeting", args=[world.mentorship.pk])
    assert client.post(url, MEETING | {"note": "Phone 12345678, born 1990"}).status_code == 302
    assert Meeting.objects.get(date=datetime.date(2026, 4, 1)).note == "Phone 12345678, born 1990"


def test_every_form_of_free_text_about_people_warns():
    forms = [EventForm, CallForm, CloseForm, EscalationForm, MeetingForm, PlanForm, ResolveForm, OutcomeForm,
             ParticipantProfileForm, ReferralForm]  # fmt: skip
    assert all(issubclass(form, WarnsAboutCPR) for form in forms)
