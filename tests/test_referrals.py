"""Referral (henvisning): a caseworker registers and refers a citizen in one step; the referral lists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stafet.audit.models import AuditEvent
from stafet.people.models import Participant
from stafet.programmes.actions import refer_new_participant
from stafet.programmes.models import Referral
from tests.factories import ParticipantFactory, ReferralFactory

EVERYONE = {
    "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
    "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
}  # fmt: skip


def referral_data(programme, **changes) -> dict:
    """A complete "Refer a citizen" form as a caseworker in Aarhus fills it in."""
    data = {
        "programme": programme.pk,
        "first_name": "Yusuf",
        "last_name": "Karimi",
        "email": "yusuf@example.org",
        "phone": "+45 20 00 00 00",
        "birth_year": "1990",
        "country_of_origin": "AF",
        "arrival_date": "2022-05-01",
        "residence_permit_date": "2022-11-01",
        "municipality": "0751",
        "home_postcode": "8000",
        "education_level": "bachelor",
        "education_field": "Civil engineering",
        "industries": ["F"],
        "job_readiness": "job_ready",
        "goal": "job",
        "competences": "Site surveys, AutoCAD",
        "occupation-TOTAL_FORMS": "3",
        "occupation-INITIAL_FORMS": "0",
        "occupation-0-code": "2142",
        "occupation-0-years": "6",
        "occupation-1-code": "",
        "occupation-1-years": "",
        "occupation-2-code": "",
        "occupation-2-years": "",
        "language-TOTAL_FORMS": "5",
        "language-INITIAL_FORMS": "0",
        "language-0-language": "en",
        "language-0-level": "B2",
        "language-1-language": "prs",
        "language-1-level": "native",
        **{f"language-{i}-{f}": "" for i in range(2, 5) for f in ("language", "level")},
        "consent_given_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "consent_scope": Referral.ConsentScope.PROGRAMME_AND_FOLLOW_UP,
        "note": "Wants to work in construction planning.",
    }
    data.update(changes)
    return data


def counts() -> tuple[int, int, int]:
    return Participant.objects.count(), Referral.objects.count(), AuditEvent.objects.count()


def test_a_caseworker_refers_a_new_citizen_in_one_step(world, login):
    client = login(world.users["caseworker_x"])
    response = client.post(reverse("programmes:refer"), referral_data(world.programme_p))
    participant = Participant.objects.get(first_name="Yusuf")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:participant", args=[participant.pk])
    referral = participant.referrals.get()
    assert (referral.programme, referral.municipality, referral.caseworker) == (
        world.programme_p,
        world.mun_x,
        world.users["caseworker_x"],
    )
    assert referral.referred_on == timezone.localdate()
    assert [(o.occupation_id, float(o.years)) for o in participant.occupations.all()] == [("2142", 6.0)]
    assert {(lang.language_id, lang.level) for lang in participant.languages.all()} == {("en", "B2"), ("prs", "native")}
    assert list(participant.industries.values_list("pk", flat=True)) == ["F"]


def test_a_referral_is_audited_with_the_new_participant(world, login):
    login(world.users["caseworker_x"]).post(reverse("programmes:refer"), referral_data(world.programme_p))
    actions = set(AuditEvent.objects.filter(actor=world.users["caseworker_x"]).values_list("action", flat=True))
    assert actions == {"participant.created", "referral.created"}


def test_the_participant_page_opens_with_a_message_after_referring(world, login):
    client = login(world.users["caseworker_x"])
    response = client.post(reverse("programmes:refer"), referral_data(world.programme_p), follow=True)
    assert "is referred to Programme P" in response.content.decode()


def test_a_bad_occupation_code_creates_nothing_and_names_the_field(world, login):
    before = counts()
    data = referral_data(world.programme_p, **{"occupation-0-code": "9999"})
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), data)
    assert response.status_code == 400
    assert "“9999” is not an ISCO-08 unit group" in response.content.decode()
    assert counts() == before


def test_a_broader_isco_group_is_refused_with_its_label(world, login):
    data = referral_data(world.programme_p, **{"occupation-0-code": "25"})
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), data)
    assert response.status_code == 400
    assert "is a broader group" in response.content.decode()


def test_years_without_an_occupation_code_are_refused(world, login):
    data = referral_data(world.programme_p, **{"occupation-1-years": "3"})
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), data)
    assert "Give the ISCO-08 code for these years." in response.content.decode()


def test_a_language_without_a_level_is_refused(world, login):
    data = referral_data(world.programme_p, **{"language-2-language": "da"})
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), data)
    assert response.status_code == 400
    assert "Give the level in" in response.content.decode()


def test_consent_after_today_is_refused(world, login):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    before = counts()
    data = referral_data(world.programme_p, consent_given_on=tomorrow)
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), data)
    assert response.status_code == 400
    assert "The consent date cannot be after today" in response.content.decode()
    assert counts() == before


def test_consent_is_required(world, login):
    data = referral_data(world.programme_p, consent_given_on="", consent_scope="")
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), data)
    assert response.status_code == 400
    assert not Participant.objects.filter(first_name="Yusuf").exists()


def test_an_unknown_postcode_is_refused(world, login):
    data = referral_data(world.programme_p, home_postcode="0042")
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), data)
    assert "“0042” is not a Danish postcode." in response.content.decode()


def test_a_postcode_in_another_municipality_is_saved_with_a_warning(world, login):
    client = login(world.users["caseworker_x"])
    response = client.post(
        reverse("programmes:refer"), referral_data(world.programme_p, home_postcode="2800"), follow=True
    )
    assert Participant.objects.filter(first_name="Yusuf", home_postcode="2800").exists()
    assert (
        "Postcode 2800 Kongens Lyngby lies mainly in Lyngby-Taarbæk Kommune, not in Aarhus Kommune."
        in response.content.decode()
    )


def test_a_caseworker_cannot_refer_to_a_programme_their_municipality_is_not_partner_of(world, login):
    before = counts()
    response = login(world.users["caseworker_x"]).post(reverse("programmes:refer"), referral_data(world.programme_q))
    assert response.status_code == 400
    assert "programme" in response.context["referral_form"].errors
    assert counts() == before


def test_the_refer_form_offers_only_partner_programmes(world, login):
    content = login(world.users["caseworker_x"]).get(reverse("programmes:refer")).content.decode()
    assert ">Programme P<" in content
    assert ">Programme Q<" not in content


def test_a_citizen_already_referred_to_the_programme_is_refused_with_a_message(world, login):
    client = login(world.users["caseworker_x"])
    client.post(reverse("programmes:refer"), referral_data(world.programme_p))
    # Stafet offers the record it holds; the caseworker says it is someone else, and the duplicate is refused.
    data = referral_data(world.programme_p, first_name="yusuf", same_person="new")
    response = client.post(reverse("programmes:refer"), data)
    assert response.status_code == 400
    assert "Yusuf Karimi (born 1990) is already referred to Programme P" in response.content.decode()
    assert Participant.objects.filter(first_name__iexact="yusuf").count() == 1


def test_the_action_refuses_a_programme_without_the_municipality_and_creates_nothing(world):
    before = counts()
    participant = ParticipantFactory.build(first_name="Lone")
    with pytest.raises(Exception, match="not a partner"):
        refer_new_participant(
            participant=participant,
            occupations=[],
            languages=[],
            industries=[],
            programme=world.programme_q,
            municipality=world.mun_x,
            caseworker=world.users["caseworker_x"],
            referred_on=timezone.localdate(),
            consent_given_on=timezone.localdate(),
            consent_scope=Referral.ConsentScope.PROGRAMME,
        )
    assert counts() == before


# The access matrices loop over the personas inside one test: the world is built once, not eleven times.
def test_only_caseworkers_open_refer_a_citizen(world, login):
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(reverse("programmes:refer"))
        assert response.status_code == (200 if persona in {"caseworker_x", "caseworker_y"} else 404), persona


def test_a_refused_referral_post_changes_nothing(world, login):
    before = counts()
    for persona in sorted(EVERYONE - {"caseworker_x", "caseworker_y"}):
        response = login(world.users[persona]).post(reverse("programmes:refer"), referral_data(world.programme_p))
        assert response.status_code == 404, persona
    assert counts() == before


# ---- The referral lists -------------------------------------------------------------------------------


@pytest.fixture
def from_copenhagen(world):
    """A citizen referred to programme P by another municipality than P's partner X."""
    return ReferralFactory(participant=ParticipantFactory(first_name="Tariq"), programme=world.programme_p,
                           municipality=world.mun_y)  # fmt: skip


def names_listed(client, **params) -> set[str]:
    response = client.get(reverse("programmes:referrals"), params)
    assert response.status_code == 200
    return {row.referral.participant.first_name for row in response.context["rows"]}


def test_the_coordinator_sees_the_programmes_referrals_from_any_municipality(world, login, from_copenhagen):
    assert names_listed(login(world.users["coordinator_a"]), status="") == {"Pia", "Rana", "Samir", "Tariq"}


def test_the_coordinators_queue_shows_what_awaits_screening_by_default(world, login):
    world.p3.referrals.update(status=Referral.Status.DECLINED, decline_reason="other")
    assert names_listed(login(world.users["coordinator_a"])) == {"Pia", "Samir"}


def test_a_caseworker_sees_only_their_municipalitys_referrals(world, login, from_copenhagen):
    assert names_listed(login(world.users["caseworker_x"])) == {"Pia", "Rana", "Samir"}
    assert names_listed(login(world.users["caseworker_y"])) == {"Qasim", "Tariq"}


def test_the_queue_filters_by_municipality(world, login, from_copenhagen):
    client = login(world.users["coordinator_a"])
    assert names_listed(client, municipality=world.mun_y.pk, status="") == {"Tariq"}


def test_the_queue_filters_by_programme(world, login):
    assert names_listed(login(world.users["admin"]), programme=world.programme_q.pk) == {"Qasim"}


def test_the_queue_filters_by_eligibility(world, login):
    world.programme_p.participant_rules = [{"field": "age", "op": ">=", "value": 30}]
    world.programme_p.save()
    Participant.objects.filter(pk=world.p1.pk).update(birth_year=1985)
    Participant.objects.filter(pk__in=[world.p3.pk, world.p4.pk]).update(birth_year=1999)
    client = login(world.users["coordinator_a"])
    assert names_listed(client, eligibility="eligible") == {"Pia"}
    assert names_listed(client, eligibility="ineligible") == {"Rana", "Samir"}
    assert names_listed(client) == {"Pia", "Rana", "Samir"}


def test_the_queue_sorts_newest_first_on_request(world, login):
    world.p4.referrals.update(referred_on=datetime.date(2026, 2, 20))
    client = login(world.users["coordinator_a"])
    newest = client.get(reverse("programmes:referrals"), {"sort": "newest"}).context["rows"]
    oldest = client.get(reverse("programmes:referrals"), {"sort": "oldest"}).context["rows"]
    assert newest[0].referral.participant == world.p4
    assert oldest[-1].referral.participant == world.p4


def test_the_queue_shows_the_reasons_in_words(world, login):
    world.programme_p.participant_rules = [{"field": "max_occupation_years", "op": ">=", "value": 5}]
    world.programme_p.save()
    content = login(world.users["coordinator_a"]).get(reverse("programmes:referrals")).content.decode()
    assert "work experience in an occupation 4 years; the programme asks 5" in content


def test_the_queue_reads_eligibility_without_a_query_per_row(world, login, django_assert_max_num_queries):
    for _ in range(10):
        ReferralFactory(participant=ParticipantFactory(), programme=world.programme_p, municipality=world.mun_x)
    client = login(world.users["coordinator_a"])
    with django_assert_max_num_queries(20):
        client.get(reverse("programmes:referrals"))


def test_my_referrals_show_the_decline_reason(world, login):
    world.p3.referrals.update(status=Referral.Status.DECLINED, decline_reason=Referral.DeclineReason.NOT_READY)
    content = login(world.users["caseworker_x"]).get(reverse("programmes:referrals")).content.decode()
    assert "not ready for the programme now" in content


def test_a_caseworker_is_offered_no_decision(world, login):
    response = login(world.users["caseworker_x"]).get(reverse("programmes:referrals"))
    assert 'data-testid="accept"' not in response.content.decode()


def test_the_referral_list_opens_for_coordinators_caseworkers_and_admins_only(world, login):
    allowed = {"admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y"}
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(reverse("programmes:referrals"))
        assert response.status_code == (200 if persona in allowed else 404), persona


def test_the_menu_offers_refer_a_citizen_to_caseworkers(world, login):
    content = login(world.users["caseworker_x"]).get(reverse("programmes:referrals")).content.decode()
    assert f'href="{reverse("programmes:refer")}"' in content
