"""One person, one record: a caseworker registering a citizen Stafet already holds (the same name and birth year,
email or phone, from any municipality) is offered that record, and referring it keeps one person; each
municipality still sees only its own referrals."""

from django.urls import reverse

from stafet.people.models import Participant
from stafet.programmes.access import referrals_for_user
from stafet.programmes.models import Referral
from tests.auth import log_in
from tests.test_referrals import referral_data


def pia_again(world, **changes):
    """Pia (referred by Aarhus to programme P) as København's caseworker types her in for programme Q."""
    p1 = world.p1
    fields = {"first_name": f" {p1.first_name.upper()} ", "last_name": p1.last_name.lower(),
              "birth_year": str(p1.birth_year), "email": "", "phone": "",
              "municipality": "0101", "home_postcode": "2100"}  # fmt: skip
    return referral_data(world.programme_q, **(fields | changes))


def test_the_same_citizen_from_another_municipality_is_offered_not_duplicated(world, client):
    log_in(client, world.users["caseworker_y"])
    before = Participant.objects.count()
    page = client.post(reverse("programmes:refer"), pia_again(world))
    assert page.status_code == 200 and 'data-testid="likely-same-person"' in page.content.decode()
    assert f'name="same_person" value="{world.p1.pk}"' in page.content.decode()
    assert Participant.objects.count() == before

    response = client.post(reverse("programmes:refer"), pia_again(world, same_person=str(world.p1.pk)))
    assert response.status_code == 302 and response.url == reverse("people:participant", args=[world.p1.pk])
    assert Participant.objects.count() == before
    assert set(world.p1.referrals.values_list("municipality__name", flat=True)) == {
        "Aarhus job centre", "København job centre"}  # fmt: skip
    # Each municipality sees its own referral of her, not the other's.
    for caseworker, municipality in (("caseworker_y", "København job centre"), ("caseworker_x", "Aarhus job centre")):
        mine = referrals_for_user(world.users[caseworker]).filter(participant=world.p1)
        assert [r.municipality.name for r in mine] == [municipality]
    assert client.get(reverse("people:participant", args=[world.p1.pk])).status_code == 200


def test_someone_else_with_the_same_name_gets_a_record_of_their_own(world, client):
    log_in(client, world.users["caseworker_y"])
    before = Participant.objects.count()
    response = client.post(reverse("programmes:refer"), pia_again(world, same_person="new"))
    assert response.status_code == 302
    assert Participant.objects.count() == before + 1


def test_the_same_phone_number_written_otherwise_is_a_likely_match(world, client):
    world.p2.phone = "+45 61 72 83 94"
    world.p2.save()
    log_in(client, world.users["caseworker_x"])
    data = referral_data(world.programme_p, phone="61-72-83-94", first_name="Q.", last_name="Other")
    page = client.post(reverse("programmes:refer"), data).content.decode()
    assert f'name="same_person" value="{world.p2.pk}"' in page


def test_only_a_likely_match_can_be_linked(world, client):
    log_in(client, world.users["caseworker_y"])
    referrals = Referral.objects.count()
    response = client.post(reverse("programmes:refer"), pia_again(world, same_person=str(world.p3.pk)))
    assert response.status_code == 404 and Referral.objects.count() == referrals
