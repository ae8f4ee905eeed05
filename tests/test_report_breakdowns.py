"""The mentoring programmes' reports per municipality and per company: who opens which, honest denominators,
each share with its numerator and denominator, suppression in the subgroups, and the same figures downloaded."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stafet.mentorships.actions import start_mentorship
from stafet.outcomes.actions import record_outcome
from stafet.outcomes.models import Outcome
from stafet.people.models import Participant
from tests.factories import (
    CohortFactory,
    MentorEnrolmentFactory,
    MentorFactory,
    OrganisationFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    ReferralFactory,
)
from tests.test_report import EVERYONE, english
from tests.test_report_downloads import pdf_text

# Programme P runs six months: Hold 2025 ended in July 2025, cohort K (from March 2026) ends in September 2026.
TODAY = datetime.date(2026, 8, 1)

MATRIX = {
    ("outcomes:municipality_report", "programme_p"): {"admin", "coordinator_a", "caseworker_x"},
    ("outcomes:municipality_report", "programme_q"): {"admin", "coordinator_b", "caseworker_y"},
    ("outcomes:company_report", "programme_p"): {"admin", "coordinator_a", "contact_c"},
    ("outcomes:company_report", "programme_q"): {"admin", "coordinator_b"},
}


@pytest.mark.parametrize(("url_name", "obj"), list(MATRIX))
@pytest.mark.parametrize("fmt", ["html", "csv", "xlsx"])
def test_each_persona_opens_only_the_breakdowns_it_may(world, login, url_name, obj, fmt):
    params = {"format": fmt, "table": "outcomes"} if fmt != "html" else {}
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(reverse(url_name, args=[getattr(world, obj).pk]), params)
        expected = 200 if persona in MATRIX[(url_name, obj)] else 404
        assert response.status_code == expected, f"{persona} on {obj} ({fmt})"


@pytest.fixture
def corps(world):
    """Programme P's cohort 'Hold 2025' (ended long ago) with 12 participants: 7 referred by Aarhus (X), 5 by
    København (Y); 8 mentored by Company C's mentors, 4 by Company E's; outcomes at the end for 10 of them. Cohort
    K (the world's, not ended by TODAY) is not counted in the shares."""
    coordinator = world.users["coordinator_a"]
    assert world.programme_p.duration_months == 6 and world.cohort_k.start_date == datetime.date(2026, 3, 1)
    world.company_e = OrganisationFactory(name="Company E")
    cohort = CohortFactory(programme=world.programme_p, name="Hold 2025", start_date=datetime.date(2025, 1, 6))
    mentors = {
        "c": [MentorFactory(organisation=world.company_c) for _ in range(4)],
        "e": [MentorFactory(organisation=world.company_e) for _ in range(2)],
    }
    for mentor in [*mentors["c"], *mentors["e"]]:
        MentorEnrolmentFactory(cohort=cohort, mentor=mentor, capacity=2)
    kinds = ["job_matching"] * 5 + ["education"] * 2 + ["none"] * 3 + [None, None]
    world.hold = cohort
    world.hold_people = []
    for index, kind in enumerate(kinds):
        participant = ParticipantFactory(gender="woman" if index % 2 else "man")
        municipality = world.mun_x if index < 7 else world.mun_y
        referral = ReferralFactory(participant=participant, programme=world.programme_p, municipality=municipality,
                                   referred_on=datetime.date(2024, 12, 1), consent_given_on=datetime.date(2024, 11, 28),
                                   status="accepted")  # fmt: skip
        ParticipantEnrolmentFactory(cohort=cohort, participant=participant, referral=referral)
        mentor = mentors["c"][index // 2] if index < 8 else mentors["e"][(index - 8) // 2]
        start_mentorship(cohort=cohort, mentor=mentor, participant=participant, role="professional", by=coordinator,
                         started_on=datetime.date(2025, 1, 20))  # fmt: skip
        if kind:
            record_outcome(participant=participant, cohort=cohort, type=kind, date=datetime.date(2025, 9, 1),
                           measured=Outcome.Measured.END, by=coordinator)  # fmt: skip
        world.hold_people.append(participant)
    return world


def rows_of(response, key):
    return {row.cells[0]: row.cells[1:] for row in response.context["report"].table(key).rows}


@pytest.fixture
def on_today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC), tick=False)


def test_per_municipality_each_share_has_its_numerator_and_denominator(corps, login, on_today):
    client = english(login(corps.users["coordinator_a"]))
    response = client.get(reverse("outcomes:municipality_report", args=[corps.programme_p.pk]))
    rows = rows_of(response, "municipalities")
    # Aarhus: the 7 of Hold 2025 (5 jobs, 2 education) and Pia of cohort K (enrolled, not counted yet).
    assert rows["Aarhus job centre"] == (8, 8, 0, 7, 7, "100 %", 0)
    assert rows["København job centre"] == (5, 5, 0, 0, 5, "0 %", 2)  # 3 in none, 2 not recorded
    assert rows["Total"] == (13, 13, 0, 7, 12, "58 %", 2)
    assert "7 of 12 (58 %)" in response.content.decode()  # the headline: the same numerator and denominator


def test_the_programme_report_and_the_reports_page_link_the_breakdowns_each_role_may_open(corps, login):
    municipalities = reverse("outcomes:municipality_report", args=[corps.programme_p.pk])
    companies = reverse("outcomes:company_report", args=[corps.programme_p.pk])
    for persona, expected in (("coordinator_a", {municipalities, companies}), ("caseworker_x", {municipalities}),
                              ("contact_c", {companies})):  # fmt: skip
        client = login(corps.users[persona])
        index = client.get(reverse("outcomes:reports")).content.decode()
        assert {url for url in (municipalities, companies) if url in index} == expected, persona
        for url in expected:
            assert client.get(url).status_code == 200
    page = login(corps.users["caseworker_x"]).get(reverse("outcomes:programme_report", args=[corps.programme_p.pk]))
    assert municipalities in page.content.decode() and companies not in page.content.decode()


def test_a_caseworker_sees_only_their_municipality(corps, login, on_today):
    response = english(login(corps.users["caseworker_y"])).get(
        reverse("outcomes:municipality_report", args=[corps.programme_p.pk])
    )
    rows = rows_of(response, "municipalities")
    assert set(rows) == {"København job centre", "Total"} and rows["Total"][3:5] == (0, 5)
    assert "Only citizens referred by your municipality" in response.content.decode()


def test_per_company_counts_the_mentees_of_each_companys_mentors(corps, login, on_today):
    response = english(login(corps.users["coordinator_a"])).get(
        reverse("outcomes:company_report", args=[corps.programme_p.pk])
    )
    rows = rows_of(response, "companies")
    # Company C: 4 mentors in Hold 2025 and Mads in cohort K; 8 mentees there (5 jobs, 2 education, 1 none) and Pia.
    assert rows["Company C"] == (5, 9, 9, 0, 7, 8, "88 %", 0)
    assert rows["Company E"] == (2, 4, 4, 0, 0, 4, "0 %", 2)
    assert rows["Total"] == (6 + 1, 13, 13, 0, 7, 12, "58 %", 2)


def test_a_company_contact_sees_only_their_companys_mentees(corps, login, on_today):
    client = english(login(corps.users["contact_c"]))
    response = client.get(reverse("outcomes:company_report", args=[corps.programme_p.pk]))
    rows = rows_of(response, "companies")
    assert set(rows) == {"Company C", "Total"}
    assert rows["Total"][4:7] == (7, 8, "88 %")
    content = response.content.decode()
    assert "7 of 8 (88 %)" in content and "Company E" not in content
    assert all(p.last_name not in content for p in Participant.objects.all())  # figures, never names
    index = client.get(reverse("outcomes:reports")).content.decode()
    assert reverse("outcomes:company_report", args=[corps.programme_p.pk]) in index


def test_a_period_and_a_cohort_narrow_the_figures(corps, login, on_today):
    client = english(login(corps.users["coordinator_a"]))
    url = reverse("outcomes:municipality_report", args=[corps.programme_p.pk])
    one = client.get(url, {"cohort": corps.cohort_k.pk})
    assert rows_of(one, "municipalities")["Total"][0] == 1  # Pia only
    assert "not reach" in one.content.decode() or "reaches this measuring point" in one.content.decode()
    period = client.get(url, {"start": "2024-11-01", "end": "2024-12-31"})
    assert rows_of(period, "municipalities")["Total"][:5] == (12, 12, 0, 7, 12)
    assert "referred" in period.content.decode()


def test_the_breakdowns_downloads_are_the_screens_figures(corps, login, on_today):
    client = english(login(corps.users["coordinator_a"]))
    url = reverse("outcomes:company_report", args=[corps.programme_p.pk])
    screen = rows_of(client.get(url), "companies")
    response = client.get(url, {"format": "csv", "table": "companies"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][-2] == "Share (%)" and [r for r in lines if r[0] == "Company C"][0][1:] == [
        str(c).removesuffix(" %") for c in screen["Company C"]
    ]
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = next(s for s in book.worksheets if s.title == "Per company")
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Company C"][:8] == (5, 9, 9, 0, 7, 8, 88, 0)
    assert any(s._charts for s in book.worksheets)
    text = pdf_text(client.get(url, {"format": "pdf"}))
    assert "7 of 12 (58 %)" in text and "Company C 5 9 9 0 7 8 88 % 0" in text


def test_no_subgroup_cell_of_a_breakdown_is_under_five(corps, login, on_today):
    for persona, name in (("coordinator_a", "outcomes:company_report"), ("contact_c", "outcomes:company_report"),
                          ("caseworker_x", "outcomes:municipality_report")):  # fmt: skip
        client = english(login(corps.users[persona]))
        url = reverse(name, args=[corps.programme_p.pk])
        table = client.get(url).context["report"].table("subgroups")
        cells = [c for row in table.rows for c in row.cells[2:4]]
        assert cells and all(c == "< 5" or (isinstance(c, int) and c >= 5) for c in cells), persona
        assert {row.cells[0] for row in table.rows} >= {"Gender", "Region of origin"}
        response = client.get(url, {"format": "csv", "table": "subgroups"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]
        assert all(c in ("< 5", "") or int(c) >= 5 for row in rows if len(row) > 3 for c in row[2:4]), persona


# ------------------------------------------------------------------------------ gender and region of origin


def test_the_referral_form_and_the_caseworkers_edit_record_the_coded_gender(world, login):
    from tests.test_referrals import referral_data

    client = login(world.users["caseworker_x"])
    assert 'name="gender"' in client.get(reverse("programmes:refer")).content.decode()
    client.post(reverse("programmes:refer"), referral_data(world.programme_p, gender="woman"))
    yusuf = Participant.objects.get(first_name="Yusuf")
    assert yusuf.gender == "woman"
    client.post(
        reverse("programmes:refer"),
        referral_data(
            world.programme_p,
            first_name="Ali",
            last_name="Nazari",
            email="a@example.org",
            phone="+45 20 00 00 01",
            birth_year="1984",
        ),
    )
    assert Participant.objects.get(first_name="Ali").gender == "not_stated"  # optional: not given is "not stated"
    page = client.get(reverse("people:participant_edit", args=[yusuf.pk]))
    form = page.context["profile"]
    data = {
        f"profile-{name}": value for name, value in form.initial.items() if value is not None and name in form.fields
    }
    data |= {"profile-gender": "other", "profile-home_postcode": yusuf.home_postcode_id,
             "profile-industries": [i.pk for i in yusuf.industries.all()]}  # fmt: skip
    for prefix in ("lang", "occ", "cv"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(reverse("people:participant_edit", args=[yusuf.pk]), data)
    assert response.status_code == 302, response.context["profile"].errors if response.context else response
    yusuf.refresh_from_db()
    assert yusuf.gender == "other"


def test_the_subgroups_break_down_by_gender_and_un_region_of_origin(world):
    from stafet.outcomes.report import subgroup_table, subgroups_of

    people = [ParticipantFactory(gender="woman", country_of_origin_id="SY") for _ in range(10)]
    people += [ParticipantFactory(gender="man", country_of_origin_id="IQ") for _ in range(6)]
    people += [ParticipantFactory(gender="man", country_of_origin_id="ER") for _ in range(6)]
    groups = subgroups_of(Participant.objects.filter(pk__in=[p.pk for p in people]))
    positive = {p.pk for p in people[:5]} | {p.pk for p in people[10:15]} | {people[16].pk}
    table = subgroup_table(groups, positive, noun="Enrolled")
    rows = {(row.cells[0], row.cells[1]): row.cells[2:] for row in table.rows}
    assert rows[("Gender", "woman")] == (10, 5, "50 %")
    assert rows[("Gender", "man")] == (12, 6, "50 %")
    # Syria and Iraq are both Western Asia (M49 145): one group of 16; Eritrea is Eastern Africa, with one in job
    # (hidden), so Western Asia's count is hidden too: the headline's 11 would give it away.
    assert rows[("Region of origin", "Western Asia")] == (16, "< 5", "–")
    assert rows[("Region of origin", "Eastern Africa")] == (6, "< 5", "–")


def test_a_lone_hidden_count_hides_a_second_so_the_total_does_not_give_it_away():
    from stafet.outcomes.report import SUPPRESSED, subgroup_table

    # Women 10 (3 in job: hidden), men 20 (12 in job): the headline's 15 would give the women's 3 away.
    members = {pk: "woman" for pk in range(10)} | {pk: "man" for pk in range(10, 30)}
    positive = set(range(3)) | set(range(10, 22))
    rows = {row.cells[1]: row.cells[2:] for row in subgroup_table({"gender": members}, positive, noun="n").rows}
    assert rows["woman"] == (10, SUPPRESSED, "–") and rows["man"] == (20, SUPPRESSED, "–")


def test_the_demo_gives_participants_a_plausible_gender():
    from stafet.demo.base import demo_gender

    names = [(f"Name{i}", "Haddad", "f" if i % 3 else "m") for i in range(200)]
    genders = [demo_gender(*n) for n in names]
    assert {"woman", "man", "not_stated"} == set(genders)
    assert all(g in ("woman", "not_stated") for g, n in zip(genders, names, strict=True) if n[2] == "f")
    assert 2 <= genders.count("not_stated") <= 25


# ------------------------------------------------------------------------------ the funnel's words


def test_the_funnel_uses_each_programme_types_own_words(world):
    from django.utils import translation

    from stafet.outcomes.report import programme_report
    from stafet.placements.report import talent_report
    from stafet.programmes.models import Programme, Referral

    with translation.override("da"):
        mentoring = programme_report(world.programme_p, referrals=Referral.objects.all(), participants=None,
                                     today=TODAY)  # fmt: skip
        talent = ProgrammeFactoryTalent(world)
        report = talent_report(talent, referrals=Referral.objects.all(), participants=None, today=TODAY)
        assert [row.cells[0] for row in mentoring.table("funnel").rows] == [
            "Henvist", "Opfylder kriterierne", "Tilmeldt", "Matchet", "Gennemført"]  # fmt: skip
        assert [row.cells[0] for row in report.table("funnel").rows] == [
            "Henvist", "Screenet", "Udvalgt", "Præsenteret", "Til jobsamtale", "Tilbudt stilling", "Ansat"]  # fmt: skip
    assert talent.kind == Programme.Kind.TALENT


def ProgrammeFactoryTalent(world):  # noqa: N802 - reads as the factory it wraps
    from tests.factories import ProgrammeFactory

    return ProgrammeFactory(name="Talent T", operator=world.ngo_a, kind="talent")
