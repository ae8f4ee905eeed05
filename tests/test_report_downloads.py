"""The reports as PDF and XLSX: the same figures as the screen, the chart in both, numbers as numbers."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.test_report import english, seed  # noqa: F401 - the seed cohort fixture


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_cohort_reports_pdf_reads_the_screens_figures(seed, world, login):  # noqa: F811
    client = english(login(world.users["coordinator_a"]))
    url = reverse("outcomes:cohort_report", args=[seed.pk])
    screen = client.get(url).content.decode()
    assert "18 of 25 (72 %)" in screen and "?measured=end&amp;format=pdf" in screen
    text = pdf_text(client.get(url, {"format": "pdf"}))
    assert "18 of 25 (72 %) in job, education or internship" in text
    assert "Enrolled (the denominator) 25" in text  # the outcome table's denominator row
    assert "Hold 2016" in text
    # The chart: each bar's count and share, as the SVG on the screen has them.
    assert "4 (16 %)" in text and "7 (28 %)" in text
    assert "Download" not in text and "Show" not in text  # the page's links and form are not printed


def test_a_caseworkers_pdf_counts_only_their_citizens(seed, world, login):  # noqa: F811
    client = english(login(world.users["caseworker_y"]))
    text = pdf_text(client.get(reverse("outcomes:cohort_report", args=[seed.pk]), {"format": "pdf"}))
    assert "5 of 5 (100 %)" in text and "Only citizens referred by your municipality" in text


def test_the_cohort_reports_xlsx_has_numbers_as_numbers_and_the_chart(seed, world, login):  # noqa: F811
    client = english(login(world.users["coordinator_a"]))
    response = client.get(reverse("outcomes:cohort_report", args=[seed.pk]), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[book.sheetnames[0]]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["In job, education or internship"][:2] == (18, 72)
    assert rows["Enrolled (the denominator)"][0] == 25
    assert len(sheet._charts) == 1


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_no_one_outside_downloads_a_report(seed, world, login, fmt):  # noqa: F811
    for persona in ("coordinator_b", "coordinator_idle", "contact_c", "mentor_user", "participant_user"):
        response = login(world.users[persona]).get(reverse("outcomes:cohort_report", args=[seed.pk]), {"format": fmt})
        assert response.status_code == 404, persona


def test_the_talent_reports_pdf_has_the_chart_the_headline_and_the_period(world, login):
    from stafet.programmes.models import Programme, Referral
    from tests.factories import ParticipantEnrolmentFactory

    Programme.objects.filter(pk=world.programme_p.pk).update(kind=Programme.Kind.TALENT)
    ParticipantEnrolmentFactory(cohort=world.cohort_k, participant=world.p3)
    client = english(login(world.users["coordinator_a"]))
    url = reverse("placements:talent_report", args=[world.programme_p.pk])
    query = {"start": "2020-01-01", "end": "2030-12-31"}
    page = client.get(url, query)
    report = page.context["report"]
    assert "format=pdf" in page.content.decode()
    text = pdf_text(client.get(url, {**query, "format": "pdf"}))
    selected = report.outcomes.denominator
    assert selected >= 1 and f"0 of {selected} (0 %) in job, education or internship" in text
    assert "referred 1 January 2020 – 31 December 2030" in text  # the period the figures are narrowed to
    assert f"Not recorded {selected} (100 %)" in text  # the chart's bar: nothing recorded yet
    # A period before anyone was referred: the PDF counts no one, as the page does.
    Referral.objects.filter(programme=world.programme_p).update(referred_on="2030-06-01")
    text = pdf_text(client.get(url, {"start": "2020-01-01", "end": "2020-12-31", "format": "pdf"}))
    assert "No participants enrolled yet." in text


def test_the_talent_reports_xlsx_has_the_chart(world, login):
    from stafet.programmes.models import Programme

    Programme.objects.filter(pk=world.programme_p.pk).update(kind=Programme.Kind.TALENT)
    client = english(login(world.users["coordinator_a"]))
    response = client.get(reverse("placements:talent_report", args=[world.programme_p.pk]), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert any(sheet._charts for sheet in book.worksheets)
    funnel = next(s for s in book.worksheets if s.title == "Funnel")
    steps = [row[:3] for row in funnel.iter_rows(min_row=2, max_row=8, values_only=True)]
    assert [s[0] for s in steps] == ["Referred", "Screened", "Selected", "Presented", "Interviewed", "Offered", "Hired"]
    assert all(isinstance(n, int) and isinstance(of, int) for _step, n, of in steps)


def test_no_subgroup_cell_under_five_in_the_xlsx_or_the_pdf(seed, world, login):  # noqa: F811
    client = english(login(world.users["coordinator_a"]))
    url = reverse("outcomes:cohort_report", args=[seed.pk])
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = book["Subgroups"]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[1] is not None]
    assert {row[0] for row in rows} >= {"Gender", "Region of origin", "Education level"}
    assert all(c == "< 5" or (isinstance(c, int) and c >= 5) for row in rows for c in row[2:4])
    screen = client.get(url).context["report"].table("subgroups")
    assert [tuple(r.cells[:4]) for r in screen.rows] == [tuple(row[:4]) for row in rows]
    text = pdf_text(client.get(url, {"format": "pdf"}))
    for row in screen.rows:  # the PDF prints the same rows: group, count, count in job (or "< 5")
        assert f"{row.cells[1]} {row.cells[2]} {row.cells[3]}" in text
