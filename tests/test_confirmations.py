"""Actions that cannot be taken back ask first, on a page that works without JavaScript: withdrawing someone
from a cohort, "not selected" (with a coded reason), and closing a mentorship as completed before its planned
end. The first POST changes nothing; the confirmed one acts."""

import datetime

from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.mentorships.actions import close_mentorship
from stafet.mentorships.models import Mentorship
from stafet.placements.models import Placement
from stafet.programmes.models import ParticipantEnrolment


def test_withdrawing_asks_first_then_withdraws(world, login):
    close_mentorship(mentorship=world.mentorship, reason="ended_by_participant", ended_on=datetime.date(2026, 5, 1),
                     by=world.users["coordinator_a"])  # fmt: skip
    client = login(world.users["coordinator_a"])
    url = reverse("programmes:withdraw", args=[world.cohort_k.pk, world.p1.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Has Pia" in page and "cannot be undone" in page and 'name="confirmed" value="yes"' in page
    enrolment = ParticipantEnrolment.objects.get(cohort=world.cohort_k, participant=world.p1)
    assert enrolment.status == "enrolled"
    assert not AuditEvent.objects.filter(action="enrolment.withdrawn").exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"


def test_not_selected_asks_first_and_keeps_what_was_sent(world, login):
    placement = Placement.objects.get(opening=world.opening_c, participant=world.p3)  # shortlisted
    client = login(world.users["contact_c"])
    url = reverse("placements:move", args=[placement.pk])
    asked = client.post(url, {"stage": "rejected", "reason": "language"})
    assert asked.status_code == 200
    page = asked.content.decode()
    # The answer sends the same request again: the stage and the reason chosen on the opening's page.
    assert 'name="stage" value="rejected"' in page and 'name="reason" value="language"' in page
    placement.refresh_from_db()
    assert placement.status == "shortlisted"
    assert not AuditEvent.objects.filter(action="placement.stage", target_id=str(placement.pk)).exists()
    assert client.post(url, {"stage": "rejected", "reason": "language", "confirmed": "yes"}).status_code == 302
    placement.refresh_from_db()
    assert placement.status == "rejected"


def test_a_stage_that_can_be_undone_asks_nothing(world, login):
    placement = Placement.objects.get(opening=world.opening_c, participant=world.p3)
    client = login(world.users["contact_c"])
    assert client.post(reverse("placements:move", args=[placement.pk]), {"stage": "interview"}).status_code == 302
    placement.refresh_from_db()
    assert placement.status == "interview"


def test_closing_as_completed_before_the_planned_end_asks_first(world, login):
    client = login(world.users["coordinator_a"])
    url = reverse("mentorships:close", args=[world.mentorship.pk])  # started 1 March, six months
    asked = client.post(url, {"reason": "completed", "ended_on": "2026-06-15"})
    assert asked.status_code == 200
    assert "until 2026-09-01" in asked.content.decode()
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == "active"
    done = client.post(url, {"reason": "completed", "ended_on": "2026-06-15", "confirmed": "yes"})
    assert done.status_code == 302
    mentorship = Mentorship.objects.get(pk=world.mentorship.pk)
    assert (mentorship.status, str(mentorship.ended_on)) == ("closed", "2026-06-15")


def test_closing_as_completed_at_the_planned_end_asks_nothing(world, login):
    response = login(world.users["coordinator_a"]).post(
        reverse("mentorships:close", args=[world.mentorship.pk]), {"reason": "completed", "ended_on": "2026-09-01"}
    )
    assert response.status_code == 302
    assert Mentorship.objects.get(pk=world.mentorship.pk).status == "closed"


def test_the_confirmation_page_is_still_behind_the_access_rules(world, login):
    client = login(world.users["coordinator_b"])
    assert client.post(reverse("programmes:withdraw", args=[world.cohort_k.pk, world.p1.pk])).status_code == 404
    placement = Placement.objects.get(opening=world.opening_c, participant=world.p3)
    assert client.post(reverse("placements:move", args=[placement.pk]), {"stage": "rejected"}).status_code == 404
    close = reverse("mentorships:close", args=[world.mentorship.pk])
    assert client.post(close, {"reason": "completed", "ended_on": "2026-06-15"}).status_code == 404
