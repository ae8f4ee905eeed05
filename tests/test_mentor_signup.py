"""Mentor recruitment: the public sign-up page of a programme that recruits (Danish and English, consent on the
page, clear errors, a honeypot and a limit per address), and the coordinator's screening of the sign-ups against
the programme's mentor rules, with the reasons in words."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from stafet.audit.models import AuditEvent
from stafet.people.models import Mentor
from stafet.programmes import signup
from stafet.programmes.actions import enrol_mentor
from stafet.programmes.models import MentorApplication
from tests.factories import SiteFactory


@pytest.fixture
def recruiting(world):
    world.programme_p.recruits_mentors = True
    world.programme_p.mentor_rules = [{"field": "years_experience", "op": ">=", "value": 5}]
    world.programme_p.save()
    world.site_c = SiteFactory(organisation=world.company_c, name="Aarhus office")
    return world


def form_data(w, **changes):
    data = {
        "mentor-first_name": "Ole", "mentor-last_name": "Lund", "mentor-email": "ole@example.org",
        "mentor-phone": "12345678", "mentor-organisation": w.company_c.pk, "mentor-site": w.site_c.pk,
        "mentor-home_postcode": "", "mentor-job_title": "Project manager", "mentor-occupation": "2421",
        "mentor-industry": "J", "mentor-years_experience": "12", "mentor-leadership_experience": "on",
        "mentor-capacity": "2", "mentor-availability": "Tuesdays after 15",
        "lang-TOTAL_FORMS": "2", "lang-INITIAL_FORMS": "0", "lang-0-language": "da", "lang-0-level": "native",
        "lang-1-language": "en", "lang-1-level": "C1", "consent-consent": "on", "consent-website": "",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def url(w):
    return reverse("programmes:signup", args=[w.programme_p.pk])


def test_a_mentor_signs_up_with_the_whole_profile_and_consent(recruiting):
    response = Client().post(url(recruiting), form_data(recruiting))
    assert response.status_code == 200 and b'data-testid="signed-up"' in response.content
    mentor = Mentor.objects.get(email="ole@example.org")
    assert (mentor.site, mentor.occupation_id, mentor.industry_id, mentor.years_experience) == (
        recruiting.site_c, "2421", "J", 12)  # fmt: skip
    assert mentor.leadership_experience and mentor.capacity == 2 and mentor.availability == "Tuesdays after 15"
    assert sorted(mentor.languages.values_list("language", "level")) == [("da", "native"), ("en", "C1")]
    assert mentor.kind == Mentor.Kind.BUSINESS and mentor.user is None
    application = MentorApplication.objects.get(mentor=mentor)
    assert application.programme == recruiting.programme_p and application.consent_given_at
    assert application.status == MentorApplication.Status.PENDING
    assert AuditEvent.objects.filter(action="mentor.signed_up").exists()


def test_a_volunteer_gives_a_home_postcode_and_signs_up_as_a_community_mentor(recruiting):
    data = form_data(recruiting, **{"mentor-organisation": recruiting.ngo_a.pk, "mentor-site": "",
                                    "mentor-home_postcode": "8000"})  # fmt: skip
    assert Client().post(url(recruiting), data).status_code == 200
    assert Mentor.objects.get(email="ole@example.org").kind == Mentor.Kind.COMMUNITY


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"consent-consent": None}, "consent-consent", "consent"),
        ({"mentor-occupation": "99"}, "mentor-occupation", "ISCO-08"),
        ({"mentor-home_postcode": "0000", "mentor-organisation": "NGO", "mentor-site": ""}, "mentor-home_postcode",
         "postcode"),
        ({"mentor-site": ""}, "mentor-site", "site"),
        ({"mentor-capacity": "11"}, "mentor-capacity", "10"),
        ({"mentor-email": "not an address"}, "mentor-email", "email"),
        ({"lang-0-level": ""}, "lang-0-level", "level"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_error_at_its_field_and_keeps_nothing(recruiting, changes, field, words):
    if changes.get("mentor-organisation") == "NGO":
        changes["mentor-organisation"] = recruiting.ngo_a.pk
    with translation.override("en"):
        response = Client(headers={"accept-language": "en"}).post(url(recruiting), form_data(recruiting, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}"' in html and 'aria-invalid="true"' in html
    assert words.lower() in html.lower()
    assert not Mentor.objects.filter(email="ole@example.org").exists()


def test_a_site_of_another_company_is_refused(recruiting):
    other = SiteFactory(organisation=recruiting.company_d)
    response = Client().post(url(recruiting), form_data(recruiting, **{"mentor-site": other.pk}))
    assert response.status_code == 400 and not MentorApplication.objects.exists()


def test_the_page_is_in_danish_and_in_english(recruiting):
    assert "Bliv mentor" in Client(headers={"accept-language": "da"}).get(url(recruiting)).content.decode()
    client = Client()
    client.post(reverse("set_language"), {"language": "en"})
    assert "Become a mentor" in client.get(url(recruiting)).content.decode()


def test_a_programme_that_does_not_recruit_has_no_sign_up_page(world):
    assert Client().get(reverse("programmes:signup", args=[world.programme_q.pk])).status_code == 404
    assert Client().post(reverse("programmes:signup", args=[world.programme_q.pk])).status_code == 404


@pytest.mark.parametrize("consent", ["on", None])
def test_a_bot_that_fills_the_honeypot_is_thanked_and_nothing_is_kept(recruiting, consent):
    data = form_data(recruiting, **{"consent-website": "http://spam", "consent-consent": consent})
    response = Client().post(url(recruiting), data)
    assert response.status_code == 200 and b'data-testid="signed-up"' in response.content
    assert not Mentor.objects.filter(email="ole@example.org").exists()


def test_too_many_sign_ups_from_one_address_wait_an_hour(recruiting, monkeypatch):
    monkeypatch.setattr(signup, "SIGNUPS_PER_HOUR", 2)
    client = Client()
    for n in range(2):
        assert (
            client.post(url(recruiting), form_data(recruiting, **{"mentor-email": f"m{n}@example.org"})).status_code
            == 200
        )
    response = client.post(url(recruiting), form_data(recruiting, **{"mentor-email": "m3@example.org"}))
    assert response.status_code == 429
    assert MentorApplication.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(url(recruiting), form_data(recruiting, **{"mentor-email": "m4@example.org"})).status_code == 200


def test_signing_up_twice_keeps_one_sign_up(recruiting):
    Client().post(url(recruiting), form_data(recruiting))
    assert Client().post(url(recruiting), form_data(recruiting)).status_code == 200
    assert MentorApplication.objects.count() == 1


# ------------------------------------------------------------------------------------------------ screening


def signed_up(w, years="12"):
    Client().post(url(w), form_data(w, **{"mentor-years_experience": years}))
    return MentorApplication.objects.get()


def decide(client, w, application, **data):
    prefix = f"m{application.mentor_id}-"
    body = {"decision": data.pop("decision")} | {prefix + k: v for k, v in data.items()}
    return client.post(reverse("programmes:mentor_decide", args=[w.programme_p.pk, application.pk]), body)


def test_the_coordinator_sees_the_sign_up_with_the_failed_rule_in_words(recruiting, login):
    signed_up(recruiting, years="3")
    client = login(recruiting.users["coordinator_a"])
    with translation.override("en"):
        page = client.get(
            reverse("programmes:mentors", args=[recruiting.programme_p.pk]), headers={"accept-language": "en"}
        )
    html = page.content.decode()
    assert "Lund" in html and "work experience 3 years; the programme asks 5" in html
    assert 'data-testid="decision-form"' in html


def test_a_mentor_who_fails_a_rule_is_approved_only_when_overruled(recruiting, login):
    application = signed_up(recruiting, years="3")
    client = login(recruiting.users["coordinator_a"])
    assert decide(client, recruiting, application, decision="approve").status_code == 400
    application.refresh_from_db()
    assert application.status == "pending"
    assert decide(client, recruiting, application, decision="approve", accept_despite="on").status_code == 302
    application.refresh_from_db()
    assert application.status == "approved" and application.rules_overruled


def test_an_eligible_mentor_is_approved_and_can_then_be_enrolled(recruiting, login):
    application = signed_up(recruiting)
    coordinator = recruiting.users["coordinator_a"]
    with translation.override("en"), pytest.raises(ValidationError, match="not approved"):
        enrol_mentor(mentor=application.mentor, cohort=recruiting.cohort_k, by=coordinator)
    assert decide(login(coordinator), recruiting, application, decision="approve").status_code == 302
    enrolment = enrol_mentor(mentor=application.mentor, cohort=recruiting.cohort_k, by=coordinator)
    assert enrolment.mentor.user.email == "ole@example.org"  # the invitation's login


def test_declining_needs_a_reason(recruiting, login):
    application = signed_up(recruiting)
    client = login(recruiting.users["coordinator_a"])
    assert decide(client, recruiting, application, decision="decline").status_code == 400
    assert decide(client, recruiting, application, decision="decline", reason="no_need").status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decline_reason) == ("declined", "no_need")


@pytest.mark.parametrize("persona", ["coordinator_b", "caseworker_x", "contact_c", "mentor_user", "participant_user"])
def test_only_the_programmes_coordinators_screen_its_sign_ups(recruiting, login, persona):
    application = signed_up(recruiting)
    response = decide(login(recruiting.users[persona]), recruiting, application, decision="approve")
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "pending"
