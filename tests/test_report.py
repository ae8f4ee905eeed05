"""The cohort and programme report: the seed's figures, honest denominators, scoping, chart and CSV."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from stafet.outcomes.actions import record_outcome
from stafet.outcomes.models import Outcome
from stafet.outcomes.report import NOT_RECORDED, cohort_report, percent, programme_report
from stafet.programmes.models import Referral
from stafet.reference.models import Municipality
from tests.factories import (
    CohortFactory,
    MunicipalityOrgFactory,
    ParticipantEnrolmentFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ReferralFactory,
)

TODAY = datetime.date(2026, 9, 1)
# The seed (IBM cohort 2016): 25 mentees; after six months 8 jobs (4 matching, 4 stepping-stone), 4 education,
# 1 self-employed, 1 apprentice, 4 internships: 18 of 25. The other 7 in none of these.
SEED = ["job_matching"] * 4 + ["stepping_stone"] * 4 + ["education"] * 4 + ["self_employed", "apprentice"]
SEED += ["internship"] * 4 + ["none"] * 7

EVERYONE = {
    "admin", "coordinator_a", "coordinator_b", "coordinator_idle", "caseworker_x", "caseworker_y",
    "contact_c", "contact_d", "mentor_user", "participant_user", "outsider",
}  # fmt: skip


@pytest.fixture
def seed(world):
    """A cohort of programme P built like the seed: 25 enrolled through referrals from Aarhus (X), with the
    seed's outcomes at the end; the first 5 referred from København (Y) instead."""
    cohort = CohortFactory(programme=world.programme_p, name="Hold 2016", start_date=datetime.date(2026, 1, 5))
    coordinator = world.users["coordinator_a"]
    for index, kind in enumerate(SEED):
        participant = ParticipantFactory()
        municipality = world.mun_y if index in (0, 8, 12, 14, 16) else world.mun_x
        referral = ReferralFactory(
            participant=participant,
            programme=world.programme_p,
            municipality=municipality,
            referred_on=datetime.date(2025, 12, 1),
            consent_given_on=datetime.date(2025, 11, 28),
            status=Referral.Status.ACCEPTED,
        )
        ParticipantEnrolmentFactory(cohort=cohort, participant=participant, referral=referral)
        record_outcome(
            participant=participant,
            cohort=cohort,
            type=kind,
            date=datetime.date(2026, 7, 1),
            measured=Outcome.Measured.END,
            by=coordinator,
        )
    return cohort


def report_for(cohort, world, persona="coordinator_a", measured="end"):
    from stafet.outcomes.access import report_participants_for_user
    from stafet.programmes.access import referrals_for_user

    user = world.users[persona]
    return cohort_report(
        cohort,
        referrals=referrals_for_user(user),
        participants=report_participants_for_user(user),
        measured=measured,
        today=TODAY,
    )


@pytest.fixture(autouse=True)
def in_english():
    """The figures are checked in the English source words; the Danish translation is filled in later."""
    with translation.override("en"):
        yield


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_percent_rounds_half_up():
    assert (percent(18, 25), percent(1, 8), percent(1, 3), percent(0, 0)) == (72, 13, 33, None)


def test_seed_cohort_reads_18_of_25_72_percent(seed, world):
    report = report_for(seed, world)
    assert report.outcomes.headline() == "18 of 25 (72 %) in job, education or internship"


def test_seed_cohort_breakdown_has_each_figure(seed, world):
    c = report_for(seed, world).outcomes.counts
    assert (c["job_matching"], c["stepping_stone"], c["education"], c["internship"]) == (4, 4, 4, 4)
    assert (c["apprentice"], c["self_employed"], c["none"], c[NOT_RECORDED]) == (1, 1, 7, 0)
    assert (c["wage_subsidy"], c["igu"]) == (0, 0)


def test_seed_breakdown_sentence_is_in_the_seeds_form(seed, world):
    assert report_for(seed, world).outcomes.breakdown() == (
        "8 in jobs, of which 4 matching competences and 4 stepping-stone; 4 in education; 4 in internships; "
        "1 apprentice; 1 self-employed. 7 in none of these; 0 not recorded."
    )


def test_outcome_table_gives_count_and_share_of_the_same_denominator(seed, world):
    rows = {row.cells[0]: row.cells[1:] for row in report_for(seed, world).table("outcomes").rows}
    assert rows["In job, education or internship"] == (18, "72 %")
    assert rows["Jobs"] == (8, "32 %")
    assert rows["… of which matching competences"] == (4, "16 %")
    assert rows["… of which stepping-stone jobs"] == (4, "16 %")
    assert rows["Education"] == (4, "16 %")
    assert rows["Internship (praktik)"] == (4, "16 %")
    assert rows["Self-employed"] == (1, "4 %")
    assert rows["Apprentice (elev/lærling)"] == (1, "4 %")
    assert rows["None of these"] == (7, "28 %")
    assert rows["Not recorded"] == (0, "0 %")
    assert rows["Enrolled (the denominator)"] == (25, "100 %")


def test_participants_without_an_outcome_count_as_not_recorded_not_none(seed, world):
    for outcome in Outcome.objects.filter(cohort=seed, type="none")[:3]:
        outcome.delete()
    figures = report_for(seed, world).outcomes
    assert (figures.counts["none"], figures.not_recorded, figures.denominator) == (4, 3, 25)


def test_a_later_measuring_point_without_outcomes_is_all_not_recorded(seed, world):
    figures = report_for(seed, world, measured="plus_6").outcomes
    assert (figures.positive, figures.not_recorded, figures.denominator) == (0, 25, 25)


def test_a_withdrawn_participant_stays_in_the_denominator(seed, world):
    enrolment = seed.participant_enrolments.first()
    enrolment.status = "withdrawn"
    enrolment.save()
    report = report_for(seed, world)
    assert (report.outcomes.denominator, report.funnel.withdrawn) == (25, 1)


def test_caseworker_report_counts_only_their_citizens_denominator_too(seed, world):
    figures = report_for(seed, world, persona="caseworker_x").outcomes
    # Y referred five: one matching job, one education, self-employed, internship… see the fixture's indexes.
    assert figures.denominator == 20
    assert figures.positive == 13
    assert figures.headline() == "13 of 20 (65 %) in job, education or internship"


def test_caseworker_funnel_counts_only_their_municipalitys_referrals(seed, world):
    funnel = report_for(seed, world, persona="caseworker_y").funnel
    assert (funnel.referred, funnel.enrolled) == (5, 5)


def test_funnel_counts_pending_referrals_in_the_cohorts_intake(seed, world):
    # Referred before Hold 2016's start (2026-01-05): its intake. The world's p1, p3 and p4 (2026-02-01) fall
    # in cohort K's. Pending and passing the (empty) rules: eligible; declined: not.
    ReferralFactory(programme=world.programme_p, municipality=world.mun_x, referred_on=datetime.date(2025, 12, 20),
                    consent_given_on=datetime.date(2025, 12, 1))  # fmt: skip
    ReferralFactory(programme=world.programme_p, municipality=world.mun_x, referred_on=datetime.date(2025, 12, 21),
                    consent_given_on=datetime.date(2025, 12, 1), status="declined",
                    decline_reason="no_place")  # fmt: skip
    funnel = report_for(seed, world).funnel
    assert (funnel.referred, funnel.eligible, funnel.enrolled) == (27, 26, 25)


def test_funnel_matched_and_completed(world):
    report = report_for(world.cohort_k, world)
    assert (report.funnel.enrolled, report.funnel.matched, report.funnel.completed) == (1, 1, 0)


def test_referrals_after_the_last_start_fall_in_the_latest_cohorts_intake(world):
    # The world's p1 (enrolled without a linked referral), p3 and p4: pending, referred 2026-02-01.
    assert report_for(world.cohort_k, world).funnel.referred == 3


def test_meeting_adherence_planned_from_the_programme_plan(world):
    from stafet.mentorships.actions import log_meeting

    log_meeting(mentorship=world.mentorship, date=datetime.date(2026, 3, 10), hours=2, venue="company_site",
                topics=[], by=world.users["coordinator_a"])  # fmt: skip
    pair = report_for(world.cohort_k, world).adherence.pairs[0]
    # Started 2026-03-01; 'today' 2026-09-01 is 184 days: capped at the programme's 6 months → 12 meetings.
    assert (pair.held, pair.planned, pair.hours_held, pair.hours_planned) == (1, 12, 2, 24)


def test_programme_report_adds_up_its_cohorts(seed, world):
    from stafet.programmes.access import referrals_for_user

    report = programme_report(
        world.programme_p,
        referrals=referrals_for_user(world.users["coordinator_a"]),
        participants=None,
        measured="end",
        today=TODAY,
    )
    assert report.outcomes.denominator == 26  # Hold 2016's 25 and p1 in K (no outcome: not recorded)
    assert (report.outcomes.positive, report.outcomes.not_recorded) == (18, 1)
    assert [row.cells[0] for row in report.table("cohorts").rows] == ["Hold 2016", "Cohort K", "Total"]


# ------------------------------------------------------------------------------------------------ the page


def test_report_page_reads_the_seed_sentence(seed, world, login):
    client = english(login(world.users["coordinator_a"]))
    content = client.get(reverse("outcomes:cohort_report", args=[seed.pk])).content.decode()
    assert "18 of 25 (72 %) in job, education or internship" in content
    assert "8 in jobs, of which 4 matching competences and 4 stepping-stone" in content


def test_report_page_has_an_svg_chart_with_a_text_alternative(seed, world, login):
    content = login(world.users["coordinator_a"]).get(reverse("outcomes:cohort_report", args=[seed.pk])).content
    content = content.decode()
    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in content
    assert re.search(r'<desc id="chart-desc">[^<]*18[^<]*25', content)


def screen_headers(content: str, key: str) -> list[str]:
    table = re.search(rf'<table[^>]*data-table="{key}".*?</thead>', content, re.S).group(0)
    return re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", table)


def screen_rows(content: str, key: str) -> list[list[str]]:
    body = re.search(rf'<table[^>]*data-table="{key}".*?<tbody>(.*?)</tbody>', content, re.S).group(1)
    return [re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S) for tr in re.findall(r"<tr.*?</tr>", body, re.S)]


def read_csv(response) -> list[list[str]]:
    """As Danish Excel reads it: ``;`` between the columns, after a byte-order mark."""
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def as_in_danish_excel(cell: str) -> str:
    """A cell of the screen as the CSV holds it: "72 %" as 72, 22.5 with a decimal comma, "–" as nothing."""
    if cell == "–":
        return ""
    if cell.endswith(" %") and cell[:-2].isdigit():
        return cell[:-2]
    if re.fullmatch(r"\d+[.,]\d+", cell):
        return cell.replace(".", ",")
    return cell


@pytest.mark.parametrize("key", ["outcomes", "funnel", "meetings"])
def test_cohort_csv_columns_and_rows_equal_the_screens(seed, world, login, key):
    import html

    client = english(login(world.users["coordinator_a"]))
    url = reverse("outcomes:cohort_report", args=[seed.pk])
    content = client.get(url).content.decode()
    exported = read_csv(client.get(url, {"format": "csv", "table": key}))
    assert [h.removesuffix(" (%)") for h in exported[0]] == [html.unescape(h) for h in screen_headers(content, key)]
    assert exported[1:] == [[as_in_danish_excel(html.unescape(c)) for c in row] for row in screen_rows(content, key)]


@pytest.mark.parametrize("key", ["outcomes", "funnel", "cohorts"])
def test_programme_csv_columns_equal_the_screens(seed, world, login, key):
    import html

    client = english(login(world.users["coordinator_a"]))
    url = reverse("outcomes:programme_report", args=[world.programme_p.pk])
    content = client.get(url).content.decode()
    exported = read_csv(client.get(url, {"format": "csv", "table": key}))
    assert [h.removesuffix(" (%)") for h in exported[0]] == [html.unescape(h) for h in screen_headers(content, key)]
    assert len(exported) - 1 == len(screen_rows(content, key))


def test_the_csv_holds_shares_as_numbers_for_danish_excel(seed, world, login):
    client = english(login(world.users["coordinator_a"]))
    url = reverse("outcomes:cohort_report", args=[seed.pk])
    exported = read_csv(client.get(url, {"format": "csv", "table": "outcomes"}))
    assert exported[0] == ["Outcome", "Participants", "Share of enrolled (%)"]
    assert exported[1] == ["In job, education or internship", "18", "72"]


def test_csv_of_an_unknown_table_is_a_404(seed, world, login):
    client = login(world.users["coordinator_a"])
    url = reverse("outcomes:cohort_report", args=[seed.pk])
    assert client.get(url, {"format": "csv", "table": "salaries"}).status_code == 404


def test_caseworker_page_says_it_is_restricted_and_counts_theirs(seed, world, login):
    client = english(login(world.users["caseworker_x"]))
    content = client.get(reverse("outcomes:cohort_report", args=[seed.pk])).content.decode()
    assert 'data-testid="restricted"' in content
    assert "13 of 20 (65 %)" in content


def test_an_unknown_measuring_point_falls_back_to_the_end(seed, world, login):
    client = english(login(world.users["coordinator_a"]))
    response = client.get(reverse("outcomes:cohort_report", args=[seed.pk]), {"measured": "plus_99"})
    assert "18 of 25 (72 %)" in response.content.decode()


# ------------------------------------------------------------------------------------------------ access

REPORT_MATRIX = {
    ("outcomes:cohort_report", "cohort_k"): {"admin", "coordinator_a", "caseworker_x"},
    ("outcomes:cohort_report", "cohort_q"): {"admin", "coordinator_b", "caseworker_y"},
    ("outcomes:programme_report", "programme_p"): {"admin", "coordinator_a", "caseworker_x"},
    ("outcomes:programme_report", "programme_q"): {"admin", "coordinator_b", "caseworker_y"},
}


# One world per view and format; every persona is tried against it (a world costs more than a request).
@pytest.mark.parametrize(("url_name", "obj"), list(REPORT_MATRIX))
@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_each_persona_opens_only_the_reports_it_may(world, login, url_name, obj, fmt):
    params = {"format": "csv", "table": "outcomes"} if fmt == "csv" else {}
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(reverse(url_name, args=[getattr(world, obj).pk]), params)
        expected = 200 if persona in REPORT_MATRIX[(url_name, obj)] else 404
        assert response.status_code == expected, f"{persona} on {obj}"


def test_reports_index_is_for_coordinators_caseworkers_company_contacts_and_admins(world, login):
    for persona in sorted(EVERYONE):
        response = login(world.users[persona]).get(reverse("outcomes:reports"))
        allowed = persona.startswith(("coordinator", "caseworker", "contact")) or persona == "admin"
        assert response.status_code == (200 if allowed else 404), persona


def test_reports_index_lists_only_what_the_persona_may_open(world, login):
    content = login(world.users["coordinator_b"]).get(reverse("outcomes:reports")).content.decode()
    assert "Programme Q" in content and "Programme P" not in content


def test_caseworker_of_another_municipality_reaches_a_cohort_with_their_citizen(world, login):
    """A citizen of København enrolled in P's cohort: København's caseworker sees that cohort's report with
    only that citizen counted, though København is not P's partner."""
    participant = ParticipantFactory()
    ReferralFactory(participant=participant, programme=world.programme_p, municipality=world.mun_y)
    ParticipantEnrolmentFactory(cohort=world.cohort_k, participant=participant)
    client = english(login(world.users["caseworker_y"]))
    content = client.get(reverse("outcomes:cohort_report", args=[world.cohort_k.pk])).content.decode()
    assert "0 of 1 (0 %)" in content


def test_other_municipalitys_referrals_stay_out_of_a_caseworkers_funnel(world):
    other = MunicipalityOrgFactory(name="Frederiksberg job centre", municipality=Municipality.objects.get(pk="0147"))
    ReferralFactory(programme=world.programme_p, municipality=other)
    assert report_for(world.cohort_k, world, persona="caseworker_x").funnel.referred == 3
    assert report_for(world.cohort_k, world).funnel.referred == 4


def test_programme_without_cohorts_has_an_empty_report(world, login):
    programme = ProgrammeFactory(operator=world.ngo_a)
    client = english(login(world.users["coordinator_a"]))
    response = client.get(reverse("outcomes:programme_report", args=[programme.pk]))
    assert response.status_code == 200
    assert "No participants enrolled yet." in response.content.decode()


# ------------------------------------------------------------------------------------ which cohorts are counted


def programme_report_for(world, today=TODAY):
    from stafet.programmes.access import referrals_for_user

    return programme_report(world.programme_p, referrals=referrals_for_user(world.users["coordinator_a"]),
                            participants=None, measured="end", today=today)  # fmt: skip


def test_enrolling_a_future_cohort_does_not_change_the_programmes_shares(seed, world, login):
    """ "18 of 25 (72 %)" stays 18 of 25 when 25 people are enrolled in a cohort that starts next year."""
    # Cohort K (Pia, no outcome) has not started: not counted at the end yet, by TODAY or by the real today.
    world.cohort_k.start_date = timezone.localdate() + datetime.timedelta(days=30)
    world.cohort_k.save()
    before = programme_report_for(world)
    assert before.headline() == "18 of 25 (72 %) in job, education or internship"
    future = CohortFactory(programme=world.programme_p, name="Hold 2027", start_date=world.cohort_k.start_date)
    for _ in range(25):
        ParticipantEnrolmentFactory(cohort=future)
    after = programme_report_for(world)
    assert after.headline() == before.headline()
    assert after.outcomes == before.outcomes
    assert [name for name, _ in after.counted.cohorts] == ["Hold 2016"]
    assert [name for name, _ in after.counted.waiting] == ["Cohort K", "Hold 2027"]
    assert after.funnel.enrolled == before.funnel.enrolled + 25  # the funnel counts every cohort's people
    rows = {row.cells[0]: row.cells for row in after.table("cohorts").rows}
    assert rows["Hold 2027"][6].startswith("from ") and rows["Hold 2027"][7:10] == ("–", "–", "–")
    assert rows["Total"][7:9] == (18, "72 %")

    page = english(login(world.users["coordinator_a"])).get(
        reverse("outcomes:programme_report", args=[world.programme_p.pk])
    )
    content = page.content.decode()
    assert "18 of 25 (72 %) in job, education or internship" in content
    counted = re.search(r'data-testid="counted">(.*?)</p>', content).group(1)
    assert "Counted: Hold 2016" in counted and "Not counted yet: Cohort K" in counted and "Hold 2027" in counted


def test_the_danish_report_reads_18_af_25(seed, world, login):
    world.cohort_k.start_date = timezone.localdate() + datetime.timedelta(days=30)
    world.cohort_k.save()
    ParticipantEnrolmentFactory(cohort=CohortFactory(programme=world.programme_p, start_date=world.cohort_k.start_date))
    client = login(world.users["coordinator_a"])
    client.cookies["django_language"] = "da"
    content = client.get(reverse("outcomes:programme_report", args=[world.programme_p.pk])).content.decode()
    assert "18 af 25 (72 %)" in content


def test_a_programme_whose_cohorts_have_not_reached_the_point_says_so(seed, world):
    report = programme_report_for(world, today=datetime.date(2026, 5, 1))
    assert report.headline() == "No cohort has reached this measuring point yet."
    assert report.outcomes.denominator == 0 and not report.counted.cohorts


def _complete(cohort, count):
    """The first ``count`` enrolled participants (by id) completed their mentorship."""
    for enrolment in cohort.participant_enrolments.order_by("participant_id")[:count]:
        enrolment.status = "completed"
        enrolment.save()


def test_the_share_of_those_who_completed_a_mentorship_counts_only_them(seed, world):
    """'Hjælp en flygtning NU' counts "65 % of those who completed": the denominator is who completed."""
    _complete(seed, 20)  # the first 20 of SEED: all 18 who moved on, and 2 of the 7 in none of these
    figures = report_for(seed, world).outcomes
    assert (figures.completed, figures.completed_positive) == (20, 18)
    assert figures.completed_headline() == (
        "18 of 20 (90 %) who completed a mentorship moved on to a job, education, a wage-subsidy job or an internship"
    )
    assert figures.headline() == "18 of 25 (72 %) in job, education or internship"  # every enrolled, unchanged


def test_the_municipalities_table_names_each_referring_municipality_with_its_own_figures(seed, world):
    _complete(seed, 25)
    rows = {row.cells[0]: row.cells[1:] for row in report_for(seed, world).table("municipalities").rows}
    assert rows[world.mun_x.name] == (20, 20, 13, "65 %") and rows[world.mun_y.name] == (5, 5, 5, "100 %")
    assert rows["Total"] == (25, 25, 18, "72 %")


def test_a_caseworker_sees_only_their_own_municipality_in_the_municipalities_table(seed, world):
    _complete(seed, 25)
    rows = [row.cells for row in report_for(seed, world, persona="caseworker_y").table("municipalities").rows]
    assert rows == [(world.mun_y.name, 5, 5, 5, "100 %"), ("Total", 5, 5, 5, "100 %")]


def test_the_subgroups_hide_every_cell_under_five(seed, world, login):
    client = english(login(world.users["coordinator_a"]))
    report = client.get(reverse("outcomes:cohort_report", args=[seed.pk])).context["report"]
    rows = report.table("subgroups").rows
    assert rows and {row.cells[0] for row in rows} >= {"Education level", "Municipality"}
    assert all(c == "< 5" or (isinstance(c, int) and c >= 5) for row in rows for c in row.cells[2:4])
