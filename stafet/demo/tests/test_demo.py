"""The demo data: built once for the module (rolled back at the end), then checked against the seeds."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Sum
from django_otp.plugins.otp_totp.models import TOTPDevice

from stafet.audit.models import AuditEvent
from stafet.demo import builder, data
from stafet.matching import PARTS
from stafet.mentorships.models import Escalation, FollowUpCall, Mentorship
from stafet.organisations.models import Role, User
from stafet.outcomes.models import Outcome
from stafet.outcomes.report import programme_report
from stafet.people.models import Mentor, Participant
from stafet.placements.models import JobOpening, Placement
from stafet.placements.report import talent_report
from stafet.programmes.eligibility import evaluate, mentor_facts, participant_facts
from stafet.programmes.models import Cohort, MentorEnrolment, ParticipantEnrolment, Programme, Referral
from stafet.programmes.weights import JUDGED_PARTS, validate_weights
from stafet.reference.loaders import load_reference


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for this module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_reference()
            yield builder.build_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def cohort(programme: str, name: str | None = None) -> Cohort:
    cohorts = Cohort.objects.filter(programme__name=programme)
    return cohorts.get(name=name) if name else cohorts.get()


@pytest.mark.django_db
def test_without_reference_data_the_command_says_what_to_do(monkeypatch):
    monkeypatch.setattr("stafet.web.management.commands.load_demo.reference_loaded", lambda: False)
    with pytest.raises(CommandError, match="Run manage.py load_reference first"):
        call_command("load_demo", stdout=StringIO())


@pytest.mark.django_db
def test_the_four_programmes(demo):
    kinds = dict(Programme.objects.filter(name__in=data.PROGRAMME_NAMES).values_list("name", "kind"))
    assert kinds == {data.P1: "mentor_corps", data.P2: "volunteer", data.P3: "dual", data.P4: "talent"}
    p1 = Programme.objects.get(name=data.P1)
    assert p1.mentors_per_participant == 1 and p1.duration_months == 6 and p1.max_distance_km == 40
    assert set(p1.refused_venues) == {"municipal_office", "participant_home"}
    assert p1.venue_rule_reason["da"].startswith("Møderne holdes i professionelle rammer")
    assert Programme.objects.get(name=data.P2).partner_municipalities.count() == 13
    assert Programme.objects.get(name=data.P3).mentors_per_participant == 2


@pytest.mark.django_db
def test_every_programme_weighs_every_part_the_engine_scores(demo):
    """A part missing from a programme's weights weighs 0 without anyone choosing it (work experience did)."""
    for programme in Programme.objects.all():
        # jsonb keeps no key order; a talent programme also weighs what its screening interviews judge.
        judged = set(JUDGED_PARTS) if programme.is_talent else set()
        assert set(programme.weights) == set(PARTS) | judged, programme.name
        validate_weights(programme.weights)
        assert programme.weights["experience"] > 0, programme.name


@pytest.mark.django_db
def test_hold_2016_has_25_mentees_and_25_trained_business_mentors(demo):
    hold = cohort(data.P1, "Hold 2016")
    assert hold.status == Cohort.Status.CLOSED
    assert hold.participant_enrolments.count() == 25
    assert hold.mentor_enrolments.count() == 25
    mentors = Mentor.objects.filter(enrolments__cohort=hold)
    assert all(m.kind == "business" and m.is_trained and m.years_experience >= 5 for m in mentors)
    mentorships = hold.mentorships.all()
    assert mentorships.count() == 25
    assert set(mentorships.values_list("status", "closing_reason")) == {("closed", "completed")}
    meetings = Counter(mentorships.annotate(n=Count("meetings")).values_list("n", flat=True))
    assert min(meetings) >= 5 and max(meetings) <= 14  # about two a month for six months, fewer for some


@pytest.mark.django_db
def test_hold_2016_outcomes_are_the_seeds(demo):
    outcomes = Outcome.objects.filter(cohort=cohort(data.P1, "Hold 2016"), measured="end")
    types = Counter(outcomes.values_list("type", flat=True))
    assert sum(types.values()) == 25
    assert sum(types[t] for t in Outcome.POSITIVE) == 18
    assert types["job_matching"] == 4 and types["stepping_stone"] == 4
    assert types["education"] == 4
    assert types["self_employed"] == 1
    assert types["apprentice"] == 1
    assert types["none"] == 7
    self_employed = outcomes.get(type="self_employed").participant
    assert self_employed.occupations.filter(occupation_id="7511").exists()  # the butcher


@pytest.mark.django_db
def test_hold_2027_is_ready_for_screening_and_matching(demo):
    hold = cohort(data.P1, "Hold 2027")
    programme = hold.programme
    assert hold.status == Cohort.Status.PLANNING
    assert not hold.mentorships.exists()
    referrals = Referral.objects.filter(programme=programme, status="pending").select_related("participant")
    assert 25 <= referrals.count() <= 35
    eligible = [r for r in referrals if not evaluate(programme.participant_rules, participant_facts(r.participant))]
    assert 20 <= len(eligible) < referrals.count()  # some are not eligible
    assert referrals.filter(municipality__municipality_id=data.AARHUS).exists()
    mentors = [e.mentor for e in hold.mentor_enrolments.select_related("mentor")]
    trained = [m for m in mentors if m.is_trained]
    assert len(trained) >= 20 and len(mentors) - len(trained) == 3
    assert all(not evaluate(programme.mentor_rules, mentor_facts(m)) for m in mentors)


@pytest.mark.django_db
def test_volunteer_cohort_is_running_with_calls_overdue_and_an_open_escalation(demo):
    running = cohort(data.P2, "Efterår 2026")
    assert running.status == Cohort.Status.RUNNING
    assert 14 <= running.mentorships.filter(status="active").count() <= 16
    overdue = FollowUpCall.objects.filter(mentorship__cohort=running, done_on__isnull=True, due_on__lt=data.DEMO_TODAY)
    assert overdue.values("mentorship").distinct().count() == 2
    assert Escalation.objects.filter(mentorship__cohort=running, status="open").count() == 1
    assert Referral.objects.filter(
        programme=running.programme, status="pending", municipality__municipality_id=data.AARHUS
    ).exists()


@pytest.mark.django_db
def test_dual_cohort_has_two_mentors_per_participant(demo):
    dual = cohort(data.P3, "Hold efterår 2026")
    assert dual.status == Cohort.Status.RUNNING and dual.welcome_event_date
    assert dual.participant_enrolments.count() == 10
    active = dual.mentorships.filter(status="active")
    roles = Counter(active.values_list("role", flat=True))
    assert roles == {"professional": 10, "community": 10}
    assert set(active.filter(role="professional").values_list("mentor__organisation__name", flat=True)) == {
        data.BALLERUP_DATA
    }
    community = Mentor.objects.filter(mentorships__in=active.filter(role="community"))
    assert set(community.values_list("kind", "organisation__name")) == {("community", data.RED_CROSS)}
    per_participant = active.values("participant").annotate(n=Count("id")).values_list("n", flat=True)
    assert set(per_participant) == {2}
    participants = Participant.objects.filter(enrolments__cohort=dual)
    assert all(p.education_level in ("bachelor", "master", "doctorate") for p in participants)


@pytest.mark.django_db
def test_talent_programme_pool_openings_and_pipeline(demo):
    programme = Programme.objects.get(name=data.P4)
    assert Referral.objects.filter(programme=programme, municipality__municipality_id=data.AARHUS).count() >= 250
    openings = JobOpening.objects.filter(programme=programme)
    assert openings.aggregate(n=Sum("positions"))["n"] == 50
    assert set(openings.values_list("type", flat=True)) == {t.value for t in JobOpening.Type}
    placements = Placement.objects.filter(opening__programme=programme)
    assert placements.values("participant").distinct().count() >= 100
    assert {"screened", "shortlisted", "interview", "offered", "hired", "rejected"} <= set(
        placements.values_list("status", flat=True)
    )
    for opening in openings:
        assert opening.placements.filter(status="hired").count() <= opening.positions
    talent = cohort(data.P4)
    assert talent.capacity == 50 and talent.participant_enrolments.count() <= 50


@pytest.mark.django_db
def test_the_talent_programmes_hires_are_its_outcomes(demo):
    programme = Programme.objects.get(name=data.P4)
    hires = Placement.objects.filter(opening__programme=programme, status="hired")
    talent = cohort(data.P4)
    outcomes = Outcome.objects.filter(cohort=talent, measured="end")
    assert hires.count() > 30 and outcomes.count() == hires.count()
    assert all(p.hired_on for p in hires)
    assert not Placement.objects.filter(status__in=["rejected", "withdrawn"], reason="").exists()
    report = talent_report(programme, referrals=Referral.objects.all(), participants=None, today=datetime.date.today())
    assert report.headline().startswith(f"{hires.count()} of {talent.participant_enrolments.count()} (")
    assert report.filled == hires.count() and report.positions == 50


@pytest.mark.django_db
def test_no_mentor_is_over_capacity(demo):
    assert not MentorEnrolment.objects.filter(open_mentorships__gt=F("capacity")).exists()
    for enrolment in MentorEnrolment.objects.all():
        open_count = Mentorship.objects.open().filter(cohort=enrolment.cohort, mentor=enrolment.mentor).count()
        assert open_count == enrolment.open_mentorships <= enrolment.capacity


@pytest.mark.django_db
def test_every_home_postcode_lies_in_the_municipality(demo):
    assert Participant.objects.count() >= 350
    assert not Participant.objects.exclude(home_postcode__municipality=F("municipality")).exists()
    # And a referral comes from the participant's own municipality.
    assert not Referral.objects.exclude(municipality__municipality=F("participant__municipality")).exists()


@pytest.mark.django_db
def test_homes_lie_near_the_partner_companies_sites(demo):
    """Where a programme works with companies, each citizen referred to it lives within its maximum distance of
    one of their sites (the engine's hard limit), in the municipalities the programme works with."""
    from stafet.organisations.models import Site
    from stafet.reference.geo import haversine_km

    for programme in Programme.objects.filter(partner_companies__isnull=False).distinct():
        sites = list(Site.objects.filter(organisation__in=programme.partner_companies.all()))
        partners = set(programme.partner_municipalities.values_list("municipality", flat=True))
        for referral in programme.referrals.select_related("participant__home_postcode"):
            home = referral.participant.home_postcode
            nearest = min(haversine_km(home.lat, home.lng, *site.location) for site in sites)
            assert nearest <= programme.max_distance_km, (programme.name, referral.participant, home, nearest)
            assert referral.participant.municipality_id in partners, (programme.name, referral.participant)


@pytest.mark.django_db
def test_mother_tongues_fit_the_country_of_origin(demo):
    spoken = {"SY": {"ar", "kmr"}, "AF": {"prs", "ps"}, "ER": {"ti"}, "IR": {"fa"}, "UA": {"uk"},
              "IQ": {"ar", "ckb"}, "SO": {"so"}}  # fmt: skip
    for participant in Participant.objects.prefetch_related("languages"):
        native = {lang.language_id for lang in participant.languages.all() if lang.level == "native"}
        assert len(native) == 1 and native <= spoken[participant.country_of_origin_id], participant


@pytest.mark.django_db
def test_people_look_like_refugees_in_denmark(demo):
    countries = Counter(Participant.objects.values_list("country_of_origin_id", flat=True))
    assert set(countries) <= {"SY", "AF", "ER", "IR", "UA", "IQ", "SO"} and len(countries) == 7
    for participant in Participant.objects.prefetch_related("languages")[:60]:
        levels = {lang.language_id: lang.level for lang in participant.languages.all()}
        assert "native" in levels.values() and "da" in levels
        assert participant.competences
    assert Participant.objects.filter(arrival_date__gt=F("residence_permit_date")).count() == 0


@pytest.mark.django_db
def test_one_login_per_role_with_the_demo_password(demo):
    users = {u.username: u for u in User.objects.filter(username__in=[login[0] for login in data.LOGINS])}
    assert {u.role for u in users.values()} == set(Role.values)
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["koordinator"].check_password(data.DEMO_PASSWORD)
    municipality, company = users["sagsbehandler"].organisation, users["virksomhed"].organisation
    assert municipality is not None and municipality.municipality_id == data.AARHUS
    assert company is not None and company.name == data.NORDLYS
    two_factor = set(TOTPDevice.objects.filter(key=data.DEMO_TOTP_KEY).values_list("user__username", flat=True))
    assert two_factor == {"admin", "koordinator", "koordinator.rk", "koordinator.pluss", "sagsbehandler",
                          "sagsbehandler.kbh", "databeskyttelse"}  # fmt: skip
    mentor, participant = users["mentor"].mentor, users["deltager"].participant
    assert Mentorship.objects.filter(mentor=mentor, participant=participant, status="active").exists()
    assert all(u.email.endswith("@example.org") for u in users.values())


@pytest.mark.django_db
def test_workflows_went_through_the_actions(demo):
    started = AuditEvent.objects.filter(action="mentorship.started").count()
    assert started == Mentorship.objects.count()
    assert AuditEvent.objects.filter(action="referral.created").count() == Referral.objects.count()
    assert AuditEvent.objects.filter(action="outcome.recorded").count() == Outcome.objects.count()


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_reset_rebuilds(demo):
    counts = (Participant.objects.count(), Mentor.objects.count(), Mentorship.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data already loaded" in out.getvalue()
    assert (Participant.objects.count(), Mentor.objects.count(), Mentorship.objects.count()) == counts
    names = sorted(Participant.objects.values_list("first_name", "last_name", "birth_year"))
    out = StringIO()
    call_command("load_demo", "--reset", stdout=out)
    assert "Demo data loaded" in out.getvalue() and "koordinator" in out.getvalue()
    assert (Participant.objects.count(), Mentor.objects.count(), Mentorship.objects.count()) == counts
    # Deterministic: the same people again.
    assert sorted(Participant.objects.values_list("first_name", "last_name", "birth_year")) == names


def test_demo_today_is_not_in_the_future():
    assert datetime.date.today() >= data.DEMO_TODAY


@pytest.mark.django_db
def test_the_mentor_corps_report_counts_hold_2016_and_not_the_cohort_still_to_come(demo):
    """ "18 af 25 (72 %)": Hold 2027 has not reached the end, so enrolling its participants changes nothing."""
    programme = Programme.objects.get(name=data.P1)

    def headline() -> str:
        return programme_report(programme, referrals=Referral.objects.all(), participants=None, measured="end",
                                today=data.DEMO_TODAY).headline()  # fmt: skip

    assert headline() == "18 of 25 (72 %) in job, education or internship"
    hold_2027 = cohort(data.P1, "Hold 2027")
    for participant in Participant.objects.exclude(enrolments__cohort__programme=programme)[:10]:
        ParticipantEnrolment.objects.create(cohort=hold_2027, participant=participant, enrolled_on=data.DEMO_TODAY)
    assert headline() == "18 of 25 (72 %) in job, education or internship"


def report_of(programme_name: str, lang: str = "en"):
    from django.utils import translation

    with translation.override(lang):
        report = programme_report(Programme.objects.get(name=programme_name), referrals=Referral.objects.all(),
                                  participants=None, measured="end", today=data.DEMO_TODAY)  # fmt: skip
        return report, report.headline(), report.outcomes.completed_headline()


@pytest.mark.django_db
def test_seed_2_65_percent_of_those_who_completed_moved_on_with_the_municipalities_that_referred(demo):
    """'Hjælp en flygtning NU': 65 % of those who completed a mentorship moved on to a job, education, a
    wage-subsidy job or an internship, counted from the outcomes recorded in the spring 2026 cohort."""
    report, headline, completed = report_of(data.P2)
    assert completed == (
        "13 of 20 (65 %) who completed a mentorship moved on to a job, education, a wage-subsidy job or an internship"
    )
    assert headline == "13 of 23 (57 %) in job, education or internship"  # every enrolled, the S1 form
    assert report_of(data.P2, "da")[2] == (
        "13 af 20 (65 %), der har afsluttet et mentorforløb, er kommet videre i job, uddannelse, løntilskud eller "
        "praktik"
    )
    rows = report.table("municipalities").rows
    assert len(rows) - 1 >= 10 and rows[-1].cells == ("Total", 23, 20, 13, "65 %")
    assert sum(row.cells[3] for row in rows[:-1]) == 13
    assert [name for name, _ in report.counted.cohorts] == ["Forår 2026"]


@pytest.mark.django_db
def test_seed_3_8_of_10_in_the_aalborg_round_of_kmd_and_the_red_cross(demo):
    report, headline, _completed = report_of(data.P3)
    assert headline == "8 of 10 (80 %) in job, education or internship"
    assert report_of(data.P3, "da")[1] == "8 af 10 (80 %) i job, uddannelse eller praktik"
    aalborg = cohort(data.P3, "Aalborg 2016")
    assert aalborg.status == Cohort.Status.CLOSED
    roles = Counter(aalborg.mentorships.values_list("role", flat=True))
    assert roles == {"professional": 10, "community": 10}
    assert [name for name, _ in report.counted.cohorts] == ["Aalborg 2016"]


@pytest.mark.django_db
def test_seed_1_still_18_of_25(demo):
    assert report_of(data.P1)[1] == "18 of 25 (72 %) in job, education or internship"


@pytest.mark.django_db
def test_the_volunteers_are_local_business_people_with_their_own_employers_and_industries(demo):
    volunteers = Mentor.objects.filter(programmes__name=data.P2).select_related("organisation")
    assert volunteers.count() >= 30
    employers = {m.organisation for m in volunteers}
    assert all(org.kind == "company" for org in employers)
    assert data.NYDANSKER not in {org.name for org in employers}
    assert len(employers) == volunteers.count()  # each their own business
    assert all(m.industry_id and m.occupation_id and m.home_postcode_id for m in volunteers)
    assert len({m.industry_id for m in volunteers}) >= 8
