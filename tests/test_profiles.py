"""Profiles: a mentor edits their own (the sign-up page's form), a participant their contact details, languages,
goal and competences, a caseworker their citizens' whole profile; every change is audited, and each role edits
only its own, a second user of the same role included."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from stafet.audit.models import AuditEvent
from stafet.mentorships.actions import log_meeting, plan_meeting
from tests.factories import MentorFactory, ParticipantFactory, ReferralFactory, SiteFactory, UserFactory


def mentor_data(mentor, **changes):
    data = {
        "mentor-first_name": mentor.first_name, "mentor-last_name": mentor.last_name, "mentor-email": "m@example.org",
        "mentor-phone": "", "mentor-organisation": mentor.organisation_id, "mentor-site": mentor.site_id,
        "mentor-home_postcode": "", "mentor-job_title": mentor.job_title, "mentor-occupation": "2512",
        "mentor-industry": "J", "mentor-years_experience": "12", "mentor-capacity": "3",
        "mentor-availability": "Mondays", "lang-TOTAL_FORMS": "1", "lang-INITIAL_FORMS": "0",
        "lang-0-language": "da", "lang-0-level": "native",
    }  # fmt: skip
    return data | changes


def test_a_mentor_edits_their_own_profile_capacity_and_availability(world, login):
    client = login(world.users["mentor_user"])
    assert client.get(reverse("people:me")).url == reverse("people:mentor_edit", args=[world.m1.pk])
    response = client.post(reverse("people:mentor_edit", args=[world.m1.pk]), mentor_data(world.m1))
    assert response.status_code == 302
    world.m1.refresh_from_db()
    assert (world.m1.capacity, world.m1.availability) == (3, "Mondays")
    assert list(world.m1.languages.values_list("language", flat=True)) == ["da"]
    event = AuditEvent.objects.get(action="mentor.profile_changed")
    assert {"capacity", "availability", "languages"} <= set(event.details["fields"])


def test_a_mentor_cannot_move_to_another_employer_on_their_own(world, login):
    client = login(world.users["mentor_user"])
    site = SiteFactory(organisation=world.company_d)
    data = mentor_data(world.m1, **{"mentor-organisation": world.company_d.pk, "mentor-site": site.pk})
    assert client.post(reverse("people:mentor_edit", args=[world.m1.pk]), data).status_code == 400
    world.m1.refresh_from_db()
    assert world.m1.organisation == world.company_c


def test_bad_input_on_the_profile_changes_nothing(world, login):
    client = login(world.users["mentor_user"])
    data = mentor_data(world.m1, **{"mentor-capacity": "0"})
    assert client.post(reverse("people:mentor_edit", args=[world.m1.pk]), data).status_code == 400
    world.m1.refresh_from_db()
    assert world.m1.capacity == 1 and not AuditEvent.objects.filter(action="mentor.profile_changed").exists()


@pytest.mark.parametrize("persona", ["coordinator_a", "contact_c", "caseworker_x", "participant_user", "second"])
def test_nobody_else_edits_a_mentors_profile(world, login, persona):
    user = world.users.get(persona) or UserFactory(role="mentor", organisation=world.company_c)
    MentorFactory(organisation=world.company_c, user=user) if persona == "second" else None
    client = login(user)
    url = reverse("people:mentor_edit", args=[world.m1.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, mentor_data(world.m1)).status_code == 404


def own_data(**changes):
    data = {"profile-email": "pia@example.org", "profile-phone": "+45 11 22 33 44", "profile-goal": "education",
            "profile-competences": "Java", "profile-education_field": "IT", "lang-TOTAL_FORMS": "1",
            "lang-INITIAL_FORMS": "0", "lang-0-language": "da", "lang-0-level": "A2", "cv-TOTAL_FORMS": "1",
            "cv-INITIAL_FORMS": "0", "cv-0-kind": "work", "cv-0-title": "Software developer",
            "cv-0-place": "Damascus Soft", "cv-0-started_on": "2010-09-01", "cv-0-ended_on": "2015-06-30"}  # fmt: skip
    return data | changes


def test_a_participant_edits_their_contact_details_languages_and_goal(world, login):
    client = login(world.users["participant_user"])
    assert client.get(reverse("people:me")).url == reverse("people:participant_edit", args=[world.p1.pk])
    response = client.post(reverse("people:participant_edit", args=[world.p1.pk]), own_data())
    assert response.status_code == 302
    world.p1.refresh_from_db()
    assert (world.p1.phone, world.p1.goal) == ("+45 11 22 33 44", "education")
    assert world.p1.user.email == "pia@example.org"  # a password reset reaches the new address
    assert list(world.p1.languages.values_list("language", "level")) == [("da", "A2")]
    assert AuditEvent.objects.filter(
        action="participant.profile_changed", actor=world.users["participant_user"]
    ).exists()


def test_a_participant_cannot_change_what_their_caseworker_assessed(world, login):
    client = login(world.users["participant_user"])
    data = own_data(**{"profile-job_readiness": "x", "profile-birth_year": "1950"})
    client.post(reverse("people:participant_edit", args=[world.p1.pk]), data)
    world.p1.refresh_from_db()
    assert world.p1.birth_year == 1988


def test_a_caseworker_updates_their_citizens_whole_profile(world, login):
    client = login(world.users["caseworker_x"])
    page = client.get(reverse("people:participant_edit", args=[world.p1.pk]))
    assert page.status_code == 200 and b"occupation-rows" in page.content


@pytest.mark.parametrize("persona", ["outsider", "caseworker_y", "coordinator_a", "mentor_user", "contact_c", "second"])
def test_nobody_else_edits_a_participants_profile(world, login, persona):
    if persona == "second":
        user = UserFactory(role="participant")
        ReferralFactory(
            participant=ParticipantFactory(user=user), programme=world.programme_p, municipality=world.mun_x
        )
    else:
        user = world.users[persona]
    client = login(user)
    url = reverse("people:participant_edit", args=[world.p1.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, own_data()).status_code == 404
    world.p1.refresh_from_db()
    assert world.p1.phone != "+45 11 22 33 44"


@pytest.mark.parametrize("persona", ["coordinator_a", "caseworker_x", "contact_c", "admin"])
def test_your_profile_is_for_mentors_and_participants(world, login, persona):
    assert login(world.users[persona]).get(reverse("people:me")).status_code == 404


def test_a_private_meeting_note_is_read_by_its_author_and_the_coordinator_only(world, login):
    mentor = world.users["mentor_user"]
    common = {"mentorship": world.mentorship, "date": datetime.date(2026, 3, 10), "hours": 2, "by": mentor,
              "venue": "company_site", "topics": ["cv"]}  # fmt: skip
    log_meeting(**common, note="Worried about the housing", note_private=True)
    log_meeting(**common, note="Worked on the CV")
    url = reverse("mentorships:detail", args=[world.mentorship.pk])
    for persona, reads in [("mentor_user", True), ("coordinator_a", True), ("participant_user", False)]:
        page = login(world.users[persona]).get(url).content.decode()
        assert "Worked on the CV" in page, persona
        assert ("Worried about the housing" in page) is reads, persona


def test_the_pair_see_each_others_contact_details_and_the_next_meeting(world, login):
    world.m1.phone, world.p1.phone = "11 11 11 11", "22 22 22 22"
    world.m1.save()
    world.p1.save()
    plan_meeting(mentorship=world.mentorship, starts_at=timezone.now() + datetime.timedelta(days=3), hours=1,
                 venue="company_site", by=world.users["mentor_user"])  # fmt: skip
    url = reverse("mentorships:detail", args=[world.mentorship.pk])
    participant_page = login(world.users["participant_user"]).get(url).content.decode()
    mentor_page = login(world.users["mentor_user"]).get(url).content.decode()
    assert "11 11 11 11" in participant_page and "22 22 22 22" in mentor_page
    assert "planned-meeting" in participant_page and "planned-meeting" in mentor_page


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_participant_writes_a_cv_with_dates_and_uploads_it_as_a_pdf(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.users["participant_user"])
    data = own_data(**{"upload-pdf": SimpleUploadedFile("my cv.pdf", PDF, content_type="application/pdf")})
    assert client.post(reverse("people:participant_edit", args=[world.p1.pk]), data).status_code == 302
    entry = world.p1.cv_entries.get()
    assert (entry.kind, entry.title, entry.started_on) == ("work", "Software developer", datetime.date(2010, 9, 1))
    event = AuditEvent.objects.get(action="participant.profile_changed")
    assert {"cv", "cv_pdf"} <= set(event.details["fields"])
    response = client.get(reverse("people:participant_cv", args=[world.p1.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    # The mentor sees the mentee's CV, the caseworker their citizen's; a stranger gets a 404.
    for persona, status in [("mentor_user", 200), ("caseworker_x", 200), ("caseworker_y", 404), ("outsider", 404)]:
        got = login(world.users[persona]).get(reverse("people:participant_cv", args=[world.p1.pk])).status_code
        assert got == status, persona


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [("cv.pdf", b"MZ\x90\x00 not a pdf", "not a PDF"), ("cv.exe", PDF, "not a PDF"),
     ("cv.pdf", PDF + b"0" * (5 * 1024 * 1024), "at most 5 MB")],
)  # fmt: skip
def test_an_upload_that_is_not_a_small_pdf_is_refused_and_nothing_changes(world, login, settings, tmp_path, name,
                                                                            content, words):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    client = login(world.users["participant_user"])
    data = own_data(**{"upload-pdf": SimpleUploadedFile(name, content)})
    with translation.override("en"):
        response = client.post(reverse("people:participant_edit", args=[world.p1.pk]), data,
                               headers={"accept-language": "en"})  # fmt: skip
    assert response.status_code == 400 and words in response.content.decode()
    assert not world.p1.cv_entries.exists() and not list(tmp_path.rglob("*.pdf"))


def test_a_cv_line_that_ends_before_it_starts_is_refused(world, login):
    client = login(world.users["participant_user"])
    data = own_data(**{"cv-0-ended_on": "2009-01-01"})
    assert client.post(reverse("people:participant_edit", args=[world.p1.pk]), data).status_code == 400
    assert not world.p1.cv_entries.exists()


def test_a_planned_meeting_logged_as_held_can_have_a_private_note(world, login):
    mentor = world.users["mentor_user"]
    planned = plan_meeting(mentorship=world.mentorship, starts_at=timezone.now() + datetime.timedelta(days=1),
                           hours=1, venue="company_site", by=mentor)  # fmt: skip
    type(planned).objects.filter(pk=planned.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    url = reverse("mentorships:detail", args=[world.mentorship.pk])
    client = login(mentor)
    assert f'name="h{planned.pk}-note_private"' in client.get(url).content.decode()
    data = {f"h{planned.pk}-topics": "cv", f"h{planned.pk}-note": "Worried about the debt",
            f"h{planned.pk}-note_private": "on"}  # fmt: skip
    client.post(reverse("mentorships:planned_held", args=[planned.pk]), data)
    planned.refresh_from_db()
    assert planned.meeting.note_private and planned.meeting.note == "Worried about the debt"
    for persona, reads in [("mentor_user", True), ("coordinator_a", True), ("participant_user", False)]:
        pages = [login(world.users[persona]).get(url).content.decode()]
        if persona == "participant_user":
            pages.append(login(world.users[persona]).get(reverse("home")).content.decode())
        assert any("Worried about the debt" in page for page in pages) is reads, persona
