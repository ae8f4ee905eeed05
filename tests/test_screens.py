"""Details of the screens that a coordinator, a mentor and a participant meet on the way: dates that the
browser's date pickers can show in Danish, forms that give every error at once, counts that add up, lists in
the order of the work, and clicks answered where they are made."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

from stafet.matches import actions as matching
from stafet.mentorships.forms import CloseForm, MeetingForm
from tests.factories import MentorEnrolmentFactory, MentorFactory, ParticipantEnrolmentFactory, ParticipantFactory


def test_date_pickers_get_iso_dates_in_danish_too(world):
    with translation.override("da"):
        html = str(MeetingForm.for_mentorship(world.mentorship)["date"]) + str(
            CloseForm(initial={"ended_on": datetime.date(2026, 12, 1)})["ended_on"]
        )
    today = timezone.localdate().isoformat()
    assert f'value="{today}"' in html and 'value="2026-12-01"' in html and 'type="date"' in html


def test_a_danish_date_from_the_picker_is_read(world):
    with translation.override("da"):
        form = CloseForm({"reason": "completed", "ended_on": "2026-08-31"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["ended_on"] == datetime.date(2026, 8, 31)


def test_english_dates_are_written_the_european_way(world, login):
    content = login(world.users["coordinator_a"]).get(reverse("mentorships:detail", args=[world.mentorship.pk]))
    assert "1 March 2026" in content.content.decode()  # the mentorship's start, not "March 1, 2026"


def test_a_refused_venue_is_reported_with_the_other_errors(world, login):
    response = login(world.users["mentor_user"]).post(
        reverse("mentorships:log_meeting", args=[world.mentorship.pk]), {"venue": "participant_home", "hours": "2"}
    )
    errors = response.context["meeting_form"].errors
    assert errors["venue"] == ["Meetings take place at the company."]
    assert "topics" in errors and "date" in errors
    assert not world.mentorship.meetings.exists()


def test_the_meeting_topics_are_design_system_checkboxes(world, login):
    content = login(world.users["mentor_user"]).get(reverse("mentorships:detail", args=[world.mentorship.pk]))
    boxes = re.findall(r'<input type="checkbox" name="topics"[^>]*>', content.content.decode())
    assert len(boxes) == 7 and all('class="form-checkbox"' in box for box in boxes)


def test_a_participant_counts_each_cohort_once(world, login):
    """Referred to and enrolled in programme P: still one cohort, not one per way in."""
    page = login(world.users["participant_user"]).get(reverse("home"))
    assert [p.cohort_count for p in page.context["programmes"]] == [1]


def test_a_mentor_sees_each_mentees_meetings_against_the_plan(world, login):
    page = login(world.users["mentor_user"]).get(reverse("home"))
    (mentorship,) = page.context["mentorships"]
    assert mentorship.held == 0 and mentorship.expected >= 1
    assert "Log a meeting" in page.content.decode()


def test_mentor_screening_lists_the_untrained_first(world, login):
    untrained = MentorFactory(
        first_name="Zoe", last_name="Zeta", organisation=world.company_c, training_completed_on=None
    )
    untrained.programmes.add(world.programme_p)
    page = login(world.users["coordinator_a"]).get(reverse("programmes:mentors", args=[world.programme_p.pk]))
    assert page.context["rows"][0].mentor == untrained


def test_the_dashboard_cards_lead_to_their_queues(world, login):
    content = login(world.users["coordinator_a"]).get(reverse("home")).content.decode()
    for name in ("programmes:referrals", "mentorships:escalations", "mentorships:follow_ups"):
        assert f'class="stafet-card stafet-card--link" href="{reverse(name)}"' in content


def test_a_pin_from_a_proposals_row_is_answered_in_that_row(world, login):
    person = ParticipantFactory()
    ParticipantEnrolmentFactory(cohort=world.cohort_k, participant=person)
    mentor = MentorFactory(organisation=world.company_c)
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=mentor)
    matching.run_matching(cohort=world.cohort_k, by=world.users["coordinator_a"])
    response = login(world.users["coordinator_a"]).post(
        reverse("matches:add_rule", args=[world.cohort_k.pk]),
        {"participant": person.pk, "mentor": mentor.pk, "kind": "pin"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert f'id="rule-state-{person.pk}-{mentor.pk}" hx-swap-oob="true"' in content
    assert "takes effect when you run the matching again" in content


def test_after_publishing_the_page_says_who_still_waits(world, login):
    coordinator = world.users["coordinator_a"]
    people = [ParticipantFactory(), ParticipantFactory()]
    for person in people:
        ParticipantEnrolmentFactory(cohort=world.cohort_k, participant=person)
    mentor = MentorFactory(organisation=world.company_c)
    MentorEnrolmentFactory(cohort=world.cohort_k, mentor=mentor, capacity=1)  # one place for two people
    run = matching.run_matching(cohort=world.cohort_k, by=coordinator)
    proposal = run.proposals.get()
    matching.approve_all_proposals(run=run, by=coordinator)
    matching.publish_match_run(run=run, by=coordinator)
    page = login(coordinator).get(reverse("matches:cohort", args=[world.cohort_k.pk]))
    assert page.context["waiting"] == [p for p in people if p != proposal.participant]
    assert "1 participant is still waiting for a mentor in this round" in page.content.decode()
    assert page.context["published_pairs"] == 1
