"""The talent programme to its result: a hire becomes the candidate's outcome, the pipeline's exits carry a
coded reason, a filled opening closes the rest, and the talent report counts it in its own form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stafet.outcomes.models import Outcome
from stafet.placements import actions
from stafet.placements.models import JobOpening, Placement
from stafet.programmes.models import Programme, Referral
from tests.factories import JobOpeningFactory, ParticipantEnrolmentFactory

DAY = datetime.date(2026, 10, 1)


@pytest.fixture
def t(world):
    """Programme P as a talent programme; Rana (p3) and Samir (p4) selected into cohort K; everyone consents to
    companies seeing their profile."""
    w = world
    Programme.objects.filter(pk=w.programme_p.pk).update(kind=Programme.Kind.TALENT)
    w.programme_p.refresh_from_db()
    Referral.objects.filter(programme=w.programme_p).update(consent_scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES)
    ParticipantEnrolmentFactory(cohort=w.cohort_k, participant=w.p3)
    ParticipantEnrolmentFactory(cohort=w.cohort_k, participant=w.p4)
    w.coordinator = w.users["coordinator_a"]
    w.rana = Placement.objects.get(participant=w.p3, opening=w.opening_c)
    w.samir = Placement.objects.get(participant=w.p4, opening=w.opening_c)
    return w


def hire(placement: Placement, by, on=DAY) -> Placement:
    for stage in ("shortlisted", "interview", "offered", "hired"):
        if Placement.objects.get(pk=placement.pk).can_transition_to(stage):
            actions.move_placement(placement=placement, stage=stage, by=by, on=on if stage == "hired" else None)
    placement.refresh_from_db()
    return placement


def test_a_hire_becomes_the_candidates_dated_outcome_without_a_second_entry(t):
    hire(t.rana, t.coordinator)
    outcome = Outcome.objects.get(participant=t.p3, cohort=t.cohort_k, measured="end")
    # Opening C asks for a software developer (2512), Rana's own occupation: a job matching her competences.
    assert (outcome.type, outcome.date, outcome.employer) == ("job_matching", DAY, "Company C")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("internship", "internship"), ("wage_subsidy", "wage_subsidy"), ("apprentice", "apprentice"), ("igu", "igu")],
)
def test_a_start_is_an_outcome_of_the_openings_type(t, kind, expected):
    JobOpening.objects.filter(pk=t.opening_c.pk).update(type=kind)
    hire(t.rana, t.coordinator)
    assert Outcome.objects.get(participant=t.p3, measured="end").type == expected


def test_a_job_outside_the_candidates_occupation_is_a_stepping_stone(t):
    JobOpening.objects.filter(pk=t.opening_c.pk).update(occupation_id="9112")
    hire(t.rana, t.coordinator)
    assert Outcome.objects.get(participant=t.p3, measured="end").type == "stepping_stone"


def test_a_hire_of_a_candidate_not_in_a_cohort_records_no_outcome_yet(t):
    t.p3.enrolments.all().delete()
    placement = hire(t.rana, t.coordinator)
    assert placement.status == "hired" and placement.hired_on == DAY
    assert not Outcome.objects.filter(participant=t.p3).exists()


def test_leaving_the_pipeline_needs_a_coded_reason(t):
    with pytest.raises(ValidationError, match="Choose why"):
        actions.move_placement(placement=t.samir, stage="rejected", by=t.coordinator)
    with pytest.raises(ValidationError, match="Choose why"):  # a reason for withdrawing is no reason for rejecting
        actions.move_placement(placement=t.samir, stage="rejected", reason="declined_offer", by=t.coordinator)
    actions.move_placement(placement=t.samir, stage="withdrawn", reason="other_job", by=t.coordinator)
    t.samir.refresh_from_db()
    assert (t.samir.status, t.samir.reason, t.samir.reached) == ("withdrawn", "other_job", "screened")


def test_the_company_records_not_selected_with_a_reason_on_the_page(t, login):
    client = login(t.users["contact_c"])
    page = client.get(reverse("placements:opening", args=[t.opening_c.pk])).content.decode()
    assert 'name="reason"' in page and "another candidate was preferred" in page
    client.post(reverse("placements:move", args=[t.rana.pk]), {"stage": "rejected", "confirmed": "yes"})
    t.rana.refresh_from_db()
    assert t.rana.status == "shortlisted"  # no reason: refused, nothing changed
    client.post(
        reverse("placements:move", args=[t.rana.pk]), {"stage": "rejected", "reason": "competences", "confirmed": "yes"}
    )
    t.rana.refresh_from_db()
    assert (t.rana.status, t.rana.reason, t.rana.reached) == ("rejected", "competences", "shortlisted")


def test_filling_the_last_position_closes_the_offers_and_the_rest(t):
    opening = JobOpeningFactory(company=t.company_c, programme=t.programme_p, positions=1)
    first = actions.add_candidate(opening=opening, participant=t.p3, by=t.coordinator)
    second = actions.add_candidate(opening=opening, participant=t.p4, by=t.coordinator)
    for stage in ("shortlisted", "interview", "offered"):
        actions.move_placement(placement=second, stage=stage, by=t.coordinator)
    hire(first, t.coordinator)
    second.refresh_from_db()
    opening.refresh_from_db()
    assert opening.status == "filled"
    assert (second.status, second.reason, second.reached) == ("rejected", "opening_filled", "offered")


def test_the_hired_date_comes_from_the_form(t, login):
    client = login(t.coordinator)
    for stage in ("interview", "offered"):
        client.post(reverse("placements:move", args=[t.rana.pk]), {"stage": stage})
    client.post(reverse("placements:move", args=[t.rana.pk]), {"stage": "hired", "on": "2026-11-02"})
    t.rana.refresh_from_db()
    assert t.rana.hired_on == datetime.date(2026, 11, 2)
    assert Outcome.objects.get(participant=t.p3).date == datetime.date(2026, 11, 2)


def test_an_odd_hired_date_is_refused_and_changes_nothing(t, login):
    client = login(t.coordinator)
    for stage in ("interview", "offered"):
        client.post(reverse("placements:move", args=[t.rana.pk]), {"stage": stage})
    client.post(reverse("placements:move", args=[t.rana.pk]), {"stage": "hired", "on": "2. november"})
    t.rana.refresh_from_db()
    assert t.rana.status == "offered" and not Outcome.objects.filter(participant=t.p3).exists()


# ---------------------------------------------------------------------------------------------- the report


def test_the_talent_report_counts_the_hire_as_in_job(t, login):
    hire(t.rana, t.coordinator)
    actions.move_placement(placement=t.samir, stage="rejected", reason="language", by=t.coordinator)
    page = login(t.coordinator).get(reverse("placements:talent_report", args=[t.programme_p.pk]))
    report = page.context["report"]
    # Pia, Rana and Samir are in cohort K: Rana is hired.
    assert report.headline() == "1 of 3 (33 %) in job, education or internship"
    funnel = {row.cells[0]: row.cells[1] for row in report.table("funnel").rows}
    assert funnel == {"Referred": 3, "Screened": 2, "Selected": 3, "Presented": 1, "Interviewed": 1,
                      "Offered": 1, "Hired": 1}  # fmt: skip
    companies = {row.cells[0]: row.cells[1:] for row in report.table("companies").rows}
    assert companies["Company C"] == (1, 2, 1, 1, "50 %")
    assert "1 opening with 2 positions, 1 filled." in page.content.decode()


def test_the_outcomes_report_of_a_talent_programme_is_the_talent_report(t, login):
    client = login(t.coordinator)
    response = client.get(reverse("outcomes:programme_report", args=[t.programme_p.pk]))
    assert response.status_code == 302 and response.url == reverse("placements:talent_report", args=[t.programme_p.pk])
    response = client.get(reverse("outcomes:cohort_report", args=[t.cohort_k.pk]))
    assert response.url.endswith(f"?cohort={t.cohort_k.pk}")


def test_a_caseworker_counts_only_their_own_citizens(t, login):
    hire(t.rana, t.coordinator)
    report = (
        login(t.users["caseworker_x"])
        .get(reverse("placements:talent_report", args=[t.programme_p.pk]))
        .context["report"]
    )
    assert report.restricted and report.outcomes.denominator == 3  # all three were referred by X


@pytest.mark.parametrize(
    "persona", ["coordinator_b", "caseworker_y", "contact_c", "contact_d", "mentor_user", "outsider"]
)
def test_others_do_not_see_the_talent_report(t, login, persona):
    client = login(t.users[persona])
    assert client.get(reverse("placements:talent_report", args=[t.programme_p.pk])).status_code == 404


def test_the_report_of_a_programme_that_is_not_a_talent_programme_is_a_404(t, login):
    response = login(t.users["coordinator_b"]).get(reverse("placements:talent_report", args=[t.programme_q.pk]))
    assert response.status_code == 404


def test_the_talent_csv_is_the_screens_table(t, login):
    hire(t.rana, t.coordinator)
    client = login(t.coordinator)
    url = reverse("placements:talent_report", args=[t.programme_p.pk])
    response = client.get(url, {"format": "csv", "table": "companies"})
    assert response["Content-Type"].startswith("text/csv") and "Company C" in response.content.decode("utf-8-sig")
    assert client.get(url, {"format": "csv", "table": "salaries"}).status_code == 404


def test_the_coordinator_and_the_company_see_the_same_counts_for_an_opening(t, login):
    hire(t.rana, t.coordinator)
    # Samir is presented, then his referral (and with it the consent) is withdrawn: the company no longer sees him.
    actions.move_placement(placement=t.samir, stage="shortlisted", by=t.coordinator)
    Referral.objects.filter(participant=t.p4).update(status=Referral.Status.WITHDRAWN)
    seen = {}
    for persona in ("coordinator_a", "contact_c"):
        client = login(t.users[persona])
        listed = {o.pk: o for o in client.get(reverse("placements:openings")).context["openings"]}[t.opening_c.pk]
        page = client.get(reverse("placements:opening", args=[t.opening_c.pk]))
        stages = {value: n for value, _label, n in page.context["stages"] if value in Placement.PRESENTED}
        seen[persona] = (listed.presented, listed.hired, stages, page.context["closed_after_presented"])
    assert seen["coordinator_a"] == seen["contact_c"] == (2, 1, {"shortlisted": 1, "interview": 0, "offered": 0,
                                                                  "hired": 1}, 0)  # fmt: skip
    company_page = login(t.users["contact_c"]).get(reverse("placements:opening", args=[t.opening_c.pk]))
    assert [p.participant for p in company_page.context["placements"]] == [t.p3]
    assert company_page.context["hidden"] == 1


def test_subgroups_under_five_people_are_suppressed():
    from stafet.outcomes.report import SUPPRESSED, subgroup_table

    # Twelve with a bachelor (six in job), three with a master, one with a doctorate: the two small groups are
    # suppressed; with only one small group the next smallest would go too.
    members = {pk: "bachelor" for pk in range(12)} | {12: "master", 13: "master", 14: "master", 15: "doctorate"}
    table = subgroup_table({"education": members}, positive=set(range(6)), noun="Selected")
    rows = {row.cells[1]: row.cells[2:] for row in table.rows}
    assert rows["bachelor"] == (12, 6, "50 %")
    assert rows["master"] == rows["doctorate"] == (SUPPRESSED, SUPPRESSED, "–")
    members = {pk: "bachelor" for pk in range(12)} | {12: "master"} | {pk: "vocational" for pk in range(13, 20)}
    one_small = subgroup_table({"education": members}, positive=set(), noun="Selected")
    rows = {row.cells[1]: row.cells[2:] for row in one_small.rows}
    assert rows["master"][0] == rows["vocational"][0] == SUPPRESSED  # else 20 - 12 - 7 gives the master away
    assert rows["bachelor"] == (12, SUPPRESSED, "–")  # nobody in job: a count under 5


def test_no_subgroup_cell_on_the_talent_report_is_under_five(t, login):
    report = login(t.coordinator).get(reverse("placements:talent_report", args=[t.programme_p.pk])).context["report"]
    cells = [c for row in report.table("subgroups").rows for c in row.cells[2:4]]
    assert cells and all(c == "< 5" or (isinstance(c, int) and c >= 5) for c in cells)


def test_the_report_for_a_municipality_and_a_period(t, login):
    client = login(t.coordinator)
    url = reverse("placements:talent_report", args=[t.programme_p.pk])
    everyone = client.get(url).context["report"]
    assert everyone.funnel.referred == 3
    other = client.get(url, {"municipality": t.mun_y.pk})  # not a partner of P: the form refuses it
    assert other.context["report"].funnel.referred == 3 and other.context["filters"].errors
    Referral.objects.filter(participant=t.p4).update(
        referred_on=datetime.date(2025, 1, 5), consent_given_on=datetime.date(2025, 1, 5)
    )
    period = client.get(url, {"start": "2025-01-01", "end": "2025-01-31"}).context["report"]
    assert period.funnel.referred == 1 and period.funnel.selected == 1 and not period.restricted
    mine = client.get(url, {"municipality": t.mun_x.pk}).context["report"]
    assert mine.funnel.referred == 3


def test_a_company_sees_its_own_openings_report_only(t, login):
    hire(t.rana, t.coordinator)
    client = login(t.users["contact_c"])
    table = client.get(reverse("placements:company_report")).context["report"].table("openings")
    rows = {row.cells[0]: row.cells[3:] for row in table.rows}
    assert rows["Opening C"] == (2, 1, 1, 1, 1, "50 %") and "Opening D" not in rows
    url = reverse("placements:company_report")
    csv = client.get(url, {"format": "csv", "table": "openings"}).content.decode("utf-8-sig")
    assert "Opening C;" in csv and "Opening D" not in csv
    from tests.test_report_downloads import pdf_text

    text = pdf_text(client.get(url, {"format": "pdf"}))
    assert "Opening C" in text and "Opening D" not in text


@pytest.mark.parametrize("persona", ["coordinator_a", "caseworker_x", "mentor_user", "outsider"])
def test_only_company_contacts_have_a_company_report(t, login, persona):
    assert login(t.users[persona]).get(reverse("placements:company_report")).status_code == 404


def test_the_report_downloads_as_xlsx_with_numbers_and_the_chart(t, login):
    import io

    from openpyxl import load_workbook

    hire(t.rana, t.coordinator)
    response = login(t.coordinator).get(reverse("placements:talent_report", args=[t.programme_p.pk]),
                                        {"format": "xlsx"})  # fmt: skip
    workbook = load_workbook(io.BytesIO(response.content))
    outcomes = workbook.worksheets[0]
    assert [c.value for c in outcomes[1]] == ["Outcome", "Participants", "Share of enrolled (%)"]
    assert [c.value for c in outcomes[2]] == ["In job, education or internship", 1, 33]
    assert len(outcomes._charts) == 1
    assert {"Funnel", "Positions filled per company", "Subgroups"} <= set(workbook.sheetnames)


def test_a_formula_in_a_name_reaches_the_xlsx_as_text(t, login):
    import io

    from openpyxl import load_workbook

    t.company_c.name = "=HYPERLINK(1)"
    t.company_c.save()
    response = login(t.coordinator).get(reverse("placements:talent_report", args=[t.programme_p.pk]),
                                        {"format": "xlsx"})  # fmt: skip
    sheet = load_workbook(io.BytesIO(response.content))["Positions filled per company"]
    assert sheet["A2"].value == "'=HYPERLINK(1)" and sheet["A2"].data_type == "s"


def test_the_trend_across_years_counts_each_years_cohorts(t, login):
    from tests.factories import CohortFactory

    hire(t.rana, t.coordinator)
    later = CohortFactory(programme=t.programme_p, name="Cohort 2027", start_date=datetime.date(2027, 3, 1))
    ParticipantEnrolmentFactory(cohort=later, participant=t.p2)
    report = login(t.coordinator).get(reverse("placements:talent_report", args=[t.programme_p.pk])).context["report"]
    years = {row.cells[0]: row.cells[1:4] for row in report.table("years").rows}
    assert years == {"2026": (3, 1, "33 %"), "2027": (1, 0, "0 %")}
