"""Companies and their sites on screens: the coordinator keeps the partner companies of their programmes, the
company contact their own company. An address gives the postcode; the postcode gives the coordinates."""

import pytest
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.organisations.models import Organisation, Site
from stafet.reference.models import Postcode
from tests.factories import SiteFactory


@pytest.fixture
def w(world):
    world.site_c = SiteFactory(organisation=world.company_c, name="Lyngby office")
    world.site_d = SiteFactory(organisation=world.company_d, name="Odense office")
    return world


def test_the_coordinator_lists_the_partner_companies_of_their_programmes(w, login):
    page = login(w.users["coordinator_a"]).get(reverse("companies:list")).content.decode()
    assert "Company C" in page and "Company D" not in page
    assert 'data-testid="new-company"' in page


def test_a_company_contact_sees_only_their_own_company(w, login):
    page = login(w.users["contact_c"]).get(reverse("companies:list")).content.decode()
    assert "Company C" in page and "Company D" not in page
    assert 'data-testid="new-company"' not in page
    assert login(w.users["contact_c"]).get(reverse("companies:new")).status_code == 404


def test_the_coordinator_adds_a_company_as_partner_of_their_programme(w, login):
    client = login(w.users["coordinator_a"])
    page = client.get(reverse("companies:new")).content.decode()
    assert "Programme P" in page and "Programme Q" not in page
    data = {"name": "Nordlys IT", "cvr": "12345678", "email": "hr@nordlys.example", "phone": "",
            "partner_of": [w.programme_p.pk]}  # fmt: skip
    response = client.post(reverse("companies:new"), data)
    company = Organisation.objects.get(name="Nordlys IT")
    assert response.status_code == 302 and response.url == reverse("companies:detail", args=[company.pk])
    assert company.kind == "company" and list(company.company_programmes.all()) == [w.programme_p]
    assert AuditEvent.objects.get(action="company.added").details["programmes"] == [w.programme_p.pk]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"partner_of": []}, "Choose the programmes the company is a partner of."),
        ({"cvr": "1234"}, "cvr"),
        ({"name": "Company D"}, "already exists"),
    ],
)
def test_a_bad_company_is_refused_and_nothing_is_added(w, login, changes, message):
    data = {"name": "Nordlys IT", "cvr": "12345678", "email": "", "phone": "", "partner_of": [w.programme_p.pk]}
    data.update(changes)
    response = login(w.users["coordinator_a"]).post(reverse("companies:new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.filter(kind="company").count() == 2
    assert not AuditEvent.objects.filter(action="company.added").exists()


def test_another_ngos_programme_is_not_a_choice(w, login):
    data = {"name": "Nordlys IT", "cvr": "", "email": "", "phone": "", "partner_of": [w.programme_q.pk]}
    assert login(w.users["coordinator_a"]).post(reverse("companies:new"), data).status_code == 400
    assert not Organisation.objects.filter(name="Nordlys IT").exists()


def test_a_site_added_from_an_address_gets_its_postcode_and_coordinates(w, login):
    client = login(w.users["contact_c"])
    data = {"new_site-name": "Aarhus office", "new_site-address": "Åboulevarden 1, 8000 Aarhus C",
            "new_site-postcode": ""}  # fmt: skip
    response = client.post(reverse("companies:site_add", args=[w.company_c.pk]), data)
    assert response.status_code == 302
    site = Site.objects.get(name="Aarhus office")
    aarhus = Postcode.objects.get(pk="8000")
    assert site.organisation == w.company_c and site.postcode == aarhus
    assert (site.lat, site.lng) == (aarhus.lat, aarhus.lng)
    assert AuditEvent.objects.get(action="site.added").details == {"postcode": "8000"}


@pytest.mark.parametrize(
    ("address", "postcode", "message"),
    [
        ("Åboulevarden 1", "", "Write the postcode in the address"),
        ("Åboulevarden 1, 0000 Nowhere", "", "“0000” is not a Danish postcode."),
        ("Åboulevarden 1", "12", "“12” is not a Danish postcode."),
    ],
)
def test_a_site_without_a_postcode_is_refused(w, login, address, postcode, message):
    data = {"new_site-name": "Aarhus office", "new_site-address": address, "new_site-postcode": postcode}
    response = login(w.users["contact_c"]).post(reverse("companies:site_add", args=[w.company_c.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Site.objects.filter(name="Aarhus office").exists()


def test_a_site_name_twice_in_one_company_is_refused(w, login):
    before = w.company_c.sites.count()
    data = {"new_site-name": "Lyngby office", "new_site-address": "Hovedgaden 2, 2800 Kongens Lyngby"}
    response = login(w.users["contact_c"]).post(reverse("companies:site_add", args=[w.company_c.pk]), data)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert w.company_c.sites.count() == before


def test_moving_a_site_moves_its_coordinates_htmx(w, login):
    w.site_c.lat, w.site_c.lng = 1.0, 2.0  # geocoded once, better than the postcode
    w.site_c.save()
    client = login(w.users["coordinator_a"])
    prefix = f"site{w.site_c.pk}"
    data = {f"{prefix}-name": "Aarhus office", f"{prefix}-address": "Åboulevarden 1, 8000 Aarhus C"}
    response = client.post(reverse("companies:site_change", args=[w.company_c.pk, w.site_c.pk]), data,
                           headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200
    assert "<html" not in response.content.decode() and "Aarhus office" in response.content.decode()
    w.site_c.refresh_from_db()
    aarhus = Postcode.objects.get(pk="8000")
    assert (w.site_c.postcode_id, w.site_c.lat, w.site_c.lng) == ("8000", aarhus.lat, aarhus.lng)
    assert set(AuditEvent.objects.get(action="site.changed").details["changed"]) >= {"name", "postcode"}


def test_the_coordinator_changes_details_and_partnership(w, login):
    client = login(w.users["coordinator_a"])
    data = {"name": "Company C A/S", "cvr": "87654321", "email": "", "phone": "", "partner_of": []}
    assert client.post(reverse("companies:detail", args=[w.company_c.pk]), data).status_code == 302
    w.company_c.refresh_from_db()
    assert w.company_c.name == "Company C A/S" and not w.company_c.company_programmes.exists()
    event = AuditEvent.objects.get(action="company.changed")
    assert event.details == {"changed": ["cvr", "name"], "programmes": [w.programme_p.pk]}


def test_the_company_contact_changes_details_but_not_partnerships(w, login):
    client = login(w.users["contact_c"])
    data = {"name": "Company C", "cvr": "", "email": "jobs@c.example", "phone": "", "partner_of": []}
    assert 'name="partner_of"' not in client.get(reverse("companies:detail", args=[w.company_c.pk])).content.decode()
    assert client.post(reverse("companies:detail", args=[w.company_c.pk]), data).status_code == 302
    w.company_c.refresh_from_db()
    assert w.company_c.email == "jobs@c.example"
    assert list(w.company_c.company_programmes.all()) == [w.programme_p]


def test_another_ngos_partnership_is_left_as_it_was(w, login):
    w.programme_q.partner_companies.add(w.company_c)
    data = {"name": "Company C", "cvr": "", "email": "", "phone": "", "partner_of": []}
    assert (
        login(w.users["coordinator_a"]).post(reverse("companies:detail", args=[w.company_c.pk]), data).status_code
        == 302
    )
    assert list(w.company_c.company_programmes.all()) == [w.programme_q]


@pytest.mark.parametrize("persona", ["coordinator_b", "coordinator_idle", "contact_d", "caseworker_x", "mentor_user",
                                     "participant_user"])  # fmt: skip
def test_no_one_else_reaches_the_company_or_its_sites(w, login, persona):
    client = login(w.users[persona])
    detail = reverse("companies:detail", args=[w.company_c.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"name": "Leak", "cvr": "", "email": "", "phone": ""}).status_code == 404
    add = reverse("companies:site_add", args=[w.company_c.pk])
    assert (
        client.post(add, {"new_site-name": "Leak", "new_site-address": "Hovedgaden 1, 8000 Aarhus C"}).status_code
        == 404
    )
    change = reverse("companies:site_change", args=[w.company_c.pk, w.site_c.pk])
    prefix = f"site{w.site_c.pk}"
    assert client.post(change, {f"{prefix}-name": "Leak", f"{prefix}-address": "X 1, 8000 Aarhus C"}).status_code == 404
    w.company_c.refresh_from_db()
    assert w.company_c.name == "Company C" and not Site.objects.filter(name="Leak").exists()
    assert not AuditEvent.objects.filter(action__startswith="site.").exists()


def test_a_site_of_another_company_is_a_404_through_this_company(w, login):
    client = login(w.users["coordinator_a"])
    prefix = f"site{w.site_d.pk}"
    url = reverse("companies:site_change", args=[w.company_c.pk, w.site_d.pk])
    assert client.post(url, {f"{prefix}-name": "Leak", f"{prefix}-address": "X 1, 8000 Aarhus C"}).status_code == 404


@pytest.mark.parametrize("odd", ["99999999999999999999999", "²", "0"])
def test_a_programme_id_no_database_holds_is_an_invalid_choice(w, login, odd):
    data = {"name": "Company C", "cvr": "", "email": "", "phone": "", "partner_of": [odd]}
    response = login(w.users["coordinator_a"]).post(reverse("companies:detail", args=[w.company_c.pk]), data)
    assert response.status_code == 400
    assert "is not a valid value" in response.content.decode()
    assert list(w.company_c.company_programmes.all()) == [w.programme_p]


def test_the_site_form_says_where_the_address_lies_as_it_is_typed(w, login):
    client = login(w.users["contact_c"])
    page = client.get(reverse("companies:detail", args=[w.company_c.pk])).content.decode()
    assert f'hx-get="{reverse("companies:site_place")}"' in page and 'id="place-new_site"' in page
    place = reverse("companies:site_place")
    found = client.get(place, {"new_site-address": "Åboulevarden 1, 8000 Aarhus C", "new_site-postcode": ""},
                       headers={"HX-Request": "true"}).content.decode()  # fmt: skip
    assert "8000 Aarhus C" in found and "56.1" in found
    wrong = client.get(place, {"new_site-address": "Åboulevarden 1", "new_site-postcode": "0000"}).content.decode()
    assert "“0000” is not a Danish postcode." in wrong
    nothing = client.get(place, {"new_site-address": "Åboulevarden 1"}).content.decode()
    assert "No postcode in the address yet." in nothing


@pytest.mark.parametrize("persona", ["caseworker_x", "mentor_user", "participant_user", "coordinator_idle"])
def test_the_place_preview_is_for_those_who_keep_companies(w, login, persona):
    response = login(w.users[persona]).get(reverse("companies:site_place"), {"new_site-address": "X 1, 8000 Aarhus"})
    assert response.status_code == 404
