"""Job openings posted and edited on screens: by the company contact for their own company, or by a coordinator
for a partner company of their programmes; nobody else, and every change audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stafet.audit.models import AuditEvent
from stafet.placements.models import JobOpening, Placement
from tests.factories import SiteFactory


@pytest.fixture
def w(world):
    world.site_c = SiteFactory(organisation=world.company_c, name="Aarhus office")
    world.site_d = SiteFactory(organisation=world.company_d, name="Odense office")
    return world


def opening_data(w, **changes) -> dict[str, object]:
    data = {
        "company": w.company_c.pk,
        "site": w.site_c.pk,
        "programme": w.programme_p.pk,
        "title": "Junior developer",
        "type": "internship",
        "positions": 2,
        "occupation": "2512",
        "industry": "J",
        "requirements": "Python; English B2.",
        "min_education_level": "bachelor",
        "language": "en",
        "min_language_level": "B2",
        "starts_on": "2027-02-01",
        "ends_on": "2027-07-31",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_company_contact_posts_an_opening_for_their_company(w, login):
    client = login(w.users["contact_c"])
    assert 'data-testid="new-opening"' in client.get(reverse("placements:openings")).content.decode()
    page = client.get(reverse("placements:opening_new")).content.decode()
    assert "Company D" not in page and "Odense office" not in page and "Programme Q" not in page
    response = client.post(reverse("placements:opening_new"), opening_data(w))
    opening = JobOpening.objects.get(title="Junior developer")
    assert response.status_code == 302 and response.url == reverse("placements:opening", args=[opening.pk])
    assert (opening.company, opening.site, opening.type, opening.positions) == (w.company_c, w.site_c, "internship", 2)
    assert str(opening.starts_on) == "2027-02-01" and str(opening.ends_on) == "2027-07-31"
    event = AuditEvent.objects.get(action="opening.posted")
    assert event.actor == w.users["contact_c"] and event.target_id == str(opening.pk)


def test_a_company_contact_cannot_post_for_another_company(w, login):
    client = login(w.users["contact_c"])
    response = client.post(reverse("placements:opening_new"), opening_data(w, company=w.company_d.pk))
    assert response.status_code == 400
    response = client.post(reverse("placements:opening_new"), opening_data(w, site=w.site_d.pk))
    assert response.status_code == 400
    assert not JobOpening.objects.filter(title="Junior developer").exists()
    assert not AuditEvent.objects.filter(action="opening.posted").exists()


def test_a_coordinator_posts_for_a_partner_company(w, login):
    response = login(w.users["coordinator_a"]).post(reverse("placements:opening_new"), opening_data(w))
    assert response.status_code == 302
    assert JobOpening.objects.get(title="Junior developer").company == w.company_c


def test_a_coordinator_cannot_post_for_another_ngos_partner(w, login):
    data = opening_data(w, company=w.company_d.pk, site=w.site_d.pk, programme=w.programme_q.pk)
    assert login(w.users["coordinator_a"]).post(reverse("placements:opening_new"), data).status_code == 400
    assert not JobOpening.objects.filter(title="Junior developer").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2027-01-01"}, "ends_on", "The opening ends on or after the day it starts."),
        ({"positions": 0}, "positions", "Ensure this value is greater than or equal to 1."),
        ({"min_language_level": ""}, "min_language_level", "Give the working language and the level"),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(w, login, changes, field, message):
    response = login(w.users["contact_c"]).post(reverse("placements:opening_new"), opening_data(w, **changes))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not JobOpening.objects.filter(company=w.company_c, type="internship").exists()


def test_an_opening_in_a_programme_the_company_is_not_partner_of_is_refused(w, login):
    data = opening_data(w, programme=w.programme_q.pk)
    assert login(w.users["contact_c"]).post(reverse("placements:opening_new"), data).status_code == 400
    assert not JobOpening.objects.filter(title="Junior developer").exists()


def test_the_model_refuses_a_programme_the_company_is_not_partner_of(w):
    opening = JobOpening(company=w.company_c, site=w.site_c, programme=w.programme_q, title="X", occupation_id="2512",
                         industry_id="J")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        opening.full_clean()
    assert "is not a partner of Programme Q" in str(refused.value)


def test_the_company_edits_and_closes_its_opening(w, login):
    client = login(w.users["contact_c"])
    url = reverse("placements:opening_edit", args=[w.opening_c.pk])
    assert (
        'data-testid="edit-opening"'
        in client.get(reverse("placements:opening", args=[w.opening_c.pk])).content.decode()
    )
    data = opening_data(w, title="Opening C, renamed", status="closed")
    assert client.post(url, data).status_code == 302
    w.opening_c.refresh_from_db()
    assert w.opening_c.title == "Opening C, renamed" and w.opening_c.status == "closed"
    changed = AuditEvent.objects.get(action="opening.changed").details["changed"]
    assert "title" in changed and "status" in changed


def test_fewer_positions_than_hires_is_refused(w, login):
    Placement.objects.filter(opening=w.opening_c).update(status="hired")
    assert w.opening_c.placements.filter(status="hired").count() == 2
    data = opening_data(w, title=w.opening_c.title, positions=1, status="open")
    response = login(w.users["contact_c"]).post(reverse("placements:opening_edit", args=[w.opening_c.pk]), data)
    assert response.status_code == 400
    assert "2 positions are filled by hires already" in response.content.decode()
    w.opening_c.refresh_from_db()
    assert w.opening_c.positions == 2


@pytest.mark.parametrize("persona", ["contact_d", "coordinator_b", "coordinator_idle", "caseworker_x", "mentor_user",
                                     "participant_user"])  # fmt: skip
def test_no_one_else_edits_the_opening(w, login, persona):
    client = login(w.users[persona])
    url = reverse("placements:opening_edit", args=[w.opening_c.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, opening_data(w, title="Leak")).status_code == 404
    w.opening_c.refresh_from_db()
    assert w.opening_c.title == "Opening C"


@pytest.mark.parametrize("persona", ["caseworker_x", "mentor_user", "participant_user", "coordinator_idle"])
def test_those_without_a_company_cannot_post(w, login, persona):
    client = login(w.users[persona])
    assert client.get(reverse("placements:opening_new")).status_code == 404
    assert client.post(reverse("placements:opening_new"), opening_data(w)).status_code == 404
    assert not JobOpening.objects.filter(title="Junior developer").exists()
