"""Issue 11's "How this will be checked", as one walk through the screens with the test client (no admin page):
a new mentor signs up on the public page, is screened, attends a training session (the attendance marks them
trained), is enrolled and matched by the engine, accepts the invitation, logs in with the password they chose and
logs a meeting; a company contact posts an opening; a participant accepts their invitation, edits their CV and
sees their mentor's phone number."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import Client
from django.urls import reverse

from stafet.events.models import Invitation as EventInvitation
from stafet.matches.models import MatchRun
from stafet.mentorships.models import Meeting, Mentorship
from stafet.notifications.delivery import deliver_due
from stafet.people.models import CVEntry, Mentor
from stafet.placements.models import JobOpening
from stafet.programmes.models import MentorApplication
from tests.factories import CohortFactory, SiteFactory
from tests.test_mentor_signup import form_data as signup_data
from tests.test_opening_forms import opening_data
from tests.test_profiles import own_data
from tests.test_programme_settings import settings_data

CPH = ZoneInfo("Europe/Copenhagen")
PASSWORD = "a long pass phrase 7"


class Walker(Client):
    """A browser that never opens an admin page: the walk is done on the product's own screens."""

    def request(self, **request):
        assert not request["PATH_INFO"].startswith("/admin/"), request["PATH_INFO"]
        return super().request(**request)


def at(month: int, day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=CPH)


def ok(response, status: int = 302):
    """The answer, checked: a refused form shows its page, so its start is in the failure."""
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def accept_invitation(email: str) -> None:
    """The invitation's link from the email, and a password chosen with it."""
    deliver_due()
    (message,) = [m for m in mail.outbox if email in m.to and "/accounts/invitation/" in m.body]
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/[^\s]+/)", message.body).group(1)
    browser = Walker()
    ok(browser.get(path), 200)
    ok(browser.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD}))


def log_in_with_password(email: str) -> Client:
    browser = Walker()
    ok(browser.post(reverse("login"), {"username": email, "password": PASSWORD}))
    return browser


def staff(user) -> Client:
    from tests.auth import log_in

    return log_in(Walker(), user)


def test_everyone_does_their_part_on_the_screens(world, time_machine):
    time_machine.move_to(at(5, 1, 9), tick=False)
    w = world
    w.site_c = SiteFactory(organisation=w.company_c, name="Aarhus office")
    cohort = CohortFactory(programme=w.programme_p, name="Hold maj", start_date=datetime.date(2026, 6, 1))
    samir = w.p4
    samir.email = "samir@example.org"
    samir.save()
    coordinator = staff(w.users["coordinator_a"])

    # The coordinator opens the programme's sign-up page on its settings page and sets the rule for mentors.
    rules = {"mentor_rules-TOTAL_FORMS": 1, "mentor_rules-INITIAL_FORMS": 0, "mentor_rules-0-field": "years_experience",
             "mentor_rules-0-op": ">=", "mentor_rules-0-value": "5"}  # fmt: skip
    ok(coordinator.post(reverse("programmes:settings", args=[w.programme_p.pk]),
                        settings_data(w.programme_p, **{"recruiting-recruits_mentors": "on"}, **rules)))  # fmt: skip

    # 1. A new mentor signs up on the public page.
    visitor = Walker()
    signup = reverse("programmes:signup", args=[w.programme_p.pk])
    assert "Aarhus office" in ok(visitor.get(signup), 200).content.decode()
    assert b'data-testid="signed-up"' in ok(visitor.post(signup, signup_data(w, **{"mentor-phone": "51 52 53 54"})),
                                             200).content  # fmt: skip
    ole = Mentor.objects.get(email="ole@example.org")
    application = MentorApplication.objects.get(mentor=ole)

    # 2. Screened by the coordinator against the programme's rule for mentors (12 years: met).
    screening = ok(coordinator.get(reverse("programmes:mentors", args=[w.programme_p.pk])), 200).content.decode()
    assert "Ole Lund" in screening
    ok(coordinator.post(reverse("programmes:mentor_decide", args=[w.programme_p.pk, application.pk]),
                        {"decision": "approve"}))  # fmt: skip
    application.refresh_from_db()
    assert application.status == MentorApplication.Status.APPROVED

    # 3. A training session: scheduled, the untrained mentors invited, and attendance marks Ole trained.
    ok(coordinator.post(reverse("events:schedule"), {
        "event-programme": w.programme_p.pk, "event-cohort": "", "event-kind": "training", "event-date": "2026-05-12",
        "event-start": "16:00", "event-end": "18:00", "event-place": "NGO A", "event-capacity": "12"}))  # fmt: skip
    training = w.programme_p.events.get(kind="training")
    ok(coordinator.post(reverse("events:invite", args=[training.pk]), {"group": "untrained"}))
    invitation = EventInvitation.objects.get(event=training, mentor=ole)
    time_machine.move_to(at(5, 12, 17), tick=False)
    coordinator = staff(w.users["coordinator_a"])
    ok(coordinator.post(reverse("events:attendance", args=[training.pk]),
                        {"shown": [invitation.pk], "came": [invitation.pk]}))  # fmt: skip
    ole.refresh_from_db()
    assert ole.training_completed_on == datetime.date(2026, 5, 12)

    # 4. Enrolled in the cohort (which sends Ole's invitation), Samir accepted into it (his), and matched by the
    # engine: run, approve, publish.
    ok(coordinator.post(reverse("programmes:mentor_enrol", args=[w.programme_p.pk, ole.pk]),
                        {f"m{ole.pk}-cohort": cohort.pk, f"m{ole.pk}-capacity": 1}))  # fmt: skip
    referral = samir.referrals.get()
    ok(coordinator.post(reverse("programmes:referral_accept", args=[referral.pk]),
                        {f"r{referral.pk}-cohort": cohort.pk, f"r{referral.pk}-accept_despite": "on"}))  # fmt: skip
    ok(coordinator.post(reverse("matches:run", args=[cohort.pk]), dict(w.programme_p.weights)))
    run = MatchRun.objects.get(cohort=cohort)
    assert list(run.proposals.values_list("participant", "mentor")) == [(samir.pk, ole.pk)]
    ok(coordinator.post(reverse("matches:approve_all", args=[run.pk])))
    ok(coordinator.post(reverse("matches:publish", args=[run.pk])))
    mentorship = Mentorship.objects.get(cohort=cohort, mentor=ole, participant=samir)

    # 5. Ole accepts the invitation the next day; once the mentorship has begun he logs in and logs a meeting.
    time_machine.move_to(at(5, 13, 8), tick=False)
    accept_invitation("ole@example.org")
    accept_invitation("samir@example.org")  # Samir too (step 7)
    time_machine.move_to(at(6, 10, 18), tick=False)
    mentor = log_in_with_password("ole@example.org")
    detail = reverse("mentorships:detail", args=[mentorship.pk])
    assert "Samir" in ok(mentor.get(detail), 200).content.decode()
    ok(
        mentor.post(
            reverse("mentorships:log_meeting", args=[mentorship.pk]),
            {
                "date": "2026-06-09",
                "hours": "2",
                "venue": "company_site",
                "topics": ["cv"],
                "note": "Went through the CV",
            },
        )
    )
    ole.refresh_from_db()
    assert Meeting.objects.get(mentorship=mentorship).logged_by == ole.user

    # 6. A company contact posts an opening for their company.
    contact = Walker()
    contact.force_login(w.users["contact_c"])  # an existing company contact (their own invitation: test_invitations)
    ok(contact.post(reverse("placements:opening_new"), opening_data(w)))
    assert JobOpening.objects.get(title="Junior developer").company == w.company_c

    # 7. Samir, who accepted his invitation in May, logs in, edits his CV and sees his mentor's phone number.
    participant = log_in_with_password("samir@example.org")
    own = ok(participant.get(reverse("people:me"))).url
    ok(participant.post(own, own_data(**{"profile-email": "samir@example.org"})))
    assert CVEntry.objects.get(participant=samir).title == "Software developer"
    assert "51 52 53 54" in ok(participant.get(reverse("home")), 200).content.decode()
    assert "51 52 53 54" in ok(participant.get(detail), 200).content.decode()
