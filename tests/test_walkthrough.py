"""The whole path in a real browser, on the demo data: referral to report (issue 4).

One walk, as the caseworker (sagsbehandler, Jobcenter Aarhus), the coordinator (koordinator, Foreningen
Nydansker) and a mentor of Nordlys IT, each in a browser context of their own:

1. referral: the caseworker refers a new citizen to Erhvervsmentorkorps, with consent;
2. screening: the coordinator sees the queue with eligibility reasons, accepts the citizen and five other
   eligible referrals (two more from Aarhus, three from elsewhere) into Hold 2027 and records the training of an
   untrained mentor;
3. matching: runs the engine, checks score parts and an explanation, pins the citizen's pair, excludes another
   pair, runs again and publishes; the mentorships exist and the citizen is emailed;
4. running: the mentor logs a meeting (the programme's refused venue shows its reason, then the company's site is
   accepted) and asks for help; the coordinator resolves the escalation and records the follow-up call;
5. closing: the coordinator closes the mentorship as completed and registers the outcome "job matching
   competences" at the end;
6. report: the coordinator's and the caseworker's report of Hold 2027 show what the walk did (the caseworker's
   counts only Aarhus citizens), with chart and CSV; Hold 2016 still shows the seed's 18 of 25 (72 %);
7. talent programme: the Pluss coordinator ranks, takes in and presents a candidate; the company records the interview.

The coordinator, the mentor and Pluss work in Danish (the default); the caseworker switches to English.

Hold 2027 starts on 1 February 2027 in the demo. The walk moves its start to a week ago before the browser starts,
so the pairs start at once, the first follow-up call is due today and an outcome can be dated today (an outcome
may not be dated before the cohort's start).
"""

import csv
import datetime
import io
import re
from urllib.parse import urljoin

from django.core import mail
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests import test_browser

pytestmark = test_browser.pytestmark
demo = test_browser.demo
browser = test_browser.browser

PASSWORD = "stafet-demo"
PROGRAMME = "Erhvervsmentorkorps"
CITIZEN = ("Yara", "Walkthrough")
CITIZEN_EMAIL = "yara.walkthrough@example.org"
AARHUS = "Jobcenter Aarhus"
OTHERS_FROM_AARHUS, OTHERS_ELSEWHERE = 2, 3
# What the browser's Content-Security-Policy refused on any page of the walk (an inline script or style).
CSP_REFUSED: list[str] = []


def new_context(browser, live_server, username: str, english: bool = False):
    """A browser context of its own for one role, logged in; in Danish (the default) unless ``english``, when the
    language switch is used once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("console", lambda m: CSP_REFUSED.append(f"{username}: {m.text}") if "Content Security" in m.text else None)
    test_browser.log_in(page, live_server, username)
    page.wait_for_selector("[data-testid=current-user]", timeout=60_000)  # a busy machine checks passwords slowly
    if english and page.locator("button[name=language][value=en]").count():
        page.click("[data-testid=language-menu] .select-language-button")  # the languages fold out of the top bar
        with page.expect_navigation():
            page.click("button[name=language][value=en]")
    page.wait_for_selector(f"html[lang={'en' if english else 'da'}]")
    return context, page


def tick(page, selector: str, problems: list[str]) -> None:
    """Tick a radio button or checkbox. A person clicks its label (the design system hides the input itself);
    when the label cannot be clicked, that is noted as a problem and the box is ticked from the keyboard, so
    the walk goes on and the test fails at the end with every problem found."""
    if page.is_checked(selector):
        return
    label = page.locator(f"label[for='{page.get_attribute(selector, 'id')}']")
    try:
        label.click(trial=True, timeout=2_000)
    except PlaywrightTimeout:
        problems.append(f"{page.url}: the label of {selector} cannot be clicked (hidden or covered)")
        page.focus(selector)
        page.keyboard.press("Space")
    else:
        label.click()
    assert page.is_checked(selector)


def submit(page, selector: str, problems: list[str] | None = None) -> None:
    """Click a submit button of a plain (not htmx) form and wait for the next page. With ``problems``, a button
    that cannot be clicked (covered) is noted and pressed from the keyboard instead."""
    with page.expect_navigation():
        if problems is None:
            page.click(selector)
            return
        try:
            page.click(selector, trial=True, timeout=2_000)
        except PlaywrightTimeout:
            problems.append(f"{page.url}: {selector} cannot be clicked (covered by another element)")
            page.focus(selector)
            page.keyboard.press("Enter")
        else:
            page.click(selector)


def cells(page, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        selector, "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
    )


def proposed_pairs(page) -> list[dict]:
    """The proposals on the matching page: participant and mentor ids, pinned or not."""
    return page.eval_on_selector_all(
        "[data-testid=proposals] tr[data-testid=proposal]",
        """rows => rows.map(r => ({
            participant: +r.querySelector('a[href*="/people/participants/"]').href.match(/(\\d+)\\/$/)[1],
            mentor: +r.querySelector('a[href*="/people/mentors/"]').href.match(/(\\d+)\\/$/)[1],
            pinned: !!r.querySelector('td:nth-child(2) .stafet-tag--ok'),
        }))""",
    )


def funnel(page) -> list[int]:
    """Referred, eligible, enrolled, matched, completed: the funnel table's counts in order."""
    return [int(row[1]) for row in cells(page, "[data-testid=table-funnel] tbody tr")]


def test_the_whole_path_from_referral_to_report(demo, live_server, browser, settings):
    from stafet.mentorships.models import Escalation, FollowUpCall, Mentorship
    from stafet.organisations.models import Role, User
    from stafet.outcomes.models import Outcome
    from stafet.people.models import Participant
    from stafet.programmes.models import Cohort, Programme

    # Publishing emails mentor and participant from a task: run tasks at once, in the live server's thread.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox = []
    today = timezone.localdate()
    programme = Programme.objects.get(name=PROGRAMME)
    cohort = programme.cohorts.get(name="Hold 2027")
    Cohort.objects.filter(pk=cohort.pk).update(
        start_date=today - datetime.timedelta(days=7), welcome_event_date=today - datetime.timedelta(days=7)
    )
    hold_2016 = programme.cohorts.get(name="Hold 2016")
    problems: list[str] = []  # what a person could not do in the browser; the walk goes on, the test fails
    base = live_server.url

    # The caseworker works in English; the coordinator and the mentor in Danish, as a new user finds it.
    caseworker, cw = new_context(browser, live_server, "sagsbehandler", english=True)
    coordinator, co = new_context(browser, live_server, "koordinator")

    # ---- 1 Referral: the caseworker refers a new citizen with consent --------------------------------------------
    cw.goto(f"{base}/programmes/referrals/new/")
    cw.select_option("#id_programme", label=PROGRAMME)
    cw.fill("#id_first_name", CITIZEN[0])
    cw.fill("#id_last_name", CITIZEN[1])
    cw.fill("#id_birth_year", "1988")
    cw.select_option("#id_country_of_origin", "SY")
    cw.fill("#id_email", CITIZEN_EMAIL)
    assert cw.input_value("#id_municipality") == "0751"  # the caseworker's own municipality, Aarhus
    cw.fill("#id_home_postcode", "8000")
    cw.select_option("#id_job_readiness", "job_ready")
    cw.select_option("#id_education_level", "bachelor")
    cw.fill("#id_occupation-0-code", "2512")
    cw.fill("#id_occupation-0-years", "6")
    cw.select_option("#id_language-0-language", "en")
    cw.select_option("#id_language-0-level", "B2")
    cw.fill("#id_consent_given_on", today.isoformat())
    tick(cw, "#id_consent_scope_0", problems)
    submit(cw, "form[action$='/referrals/new/'] button[type=submit]", problems)
    match = re.search(r"/people/participants/(\d+)/$", cw.url)
    assert match, f"not on the citizen's page after referring: {cw.url}"
    citizen = Participant.objects.get(pk=int(match.group(1)))
    assert (citizen.first_name, citizen.last_name, citizen.home_postcode_id) == (*CITIZEN, "8000")
    referral = citizen.referrals.get()
    assert (referral.programme, referral.status, referral.consent_given_on) == (programme, "pending", today)

    # ---- 2 Screening: the queue with its reasons; accept into Hold 2027; record a mentor's training --------------
    co.goto(f"{base}/programmes/referrals/?programme={programme.pk}&status=pending")
    rows = co.eval_on_selector_all(
        "tr[data-testid=referral-row]",
        """rows => rows.map(r => ({
            id: +r.id.replace('referral-', ''),
            text: r.cells[0].innerText,
            eligible: !!r.querySelector('[data-testid=verdict] .stafet-tag--ok'),
            reasons: r.querySelectorAll('[data-testid=verdict] li').length,
        }))""",
    )
    assert len(rows) == 31  # the demo's 30 pending referrals for Hold 2027 and the new one
    mine = next(r for r in rows if r["id"] == referral.pk)
    assert mine["eligible"] and " ".join(CITIZEN) in mine["text"]
    refused = [r for r in rows if not r["eligible"]]
    assert len(refused) == 6 and all(r["reasons"] >= 1 for r in refused)  # each says which rule it fails
    others = [r for r in rows if r["eligible"] and r["id"] != referral.pk]
    from_aarhus = [r["id"] for r in others if AARHUS in r["text"]][:OTHERS_FROM_AARHUS]
    elsewhere = [r["id"] for r in others if AARHUS not in r["text"]][:OTHERS_ELSEWHERE]
    accepted = [referral.pk, *from_aarhus, *elsewhere]
    assert len(accepted) == 1 + OTHERS_FROM_AARHUS + OTHERS_ELSEWHERE
    for pk in accepted:
        row = f"#referral-{pk}"
        co.select_option(f"{row} select[name=r{pk}-cohort]", str(cohort.pk))
        co.click(f"{row} form[data-testid=accept] button[type=submit]")  # htmx swaps the row
        co.wait_for_selector(f"{row} [data-testid=status] .stafet-tag--ok")
        assert "Hold 2027" in co.inner_text(f"{row} [data-testid=status]")
    assert cohort.participant_enrolments.filter(status="enrolled").count() == len(accepted)

    co.goto(f"{base}/programmes/{programme.pk}/mentors/?cohort={cohort.pk}")
    untrained = co.locator("tr[data-testid=mentor-row]:has([data-testid=training-form])")
    assert untrained.count() == 3
    trainee = untrained.first.get_attribute("id")
    co.click(f"#{trainee} [data-testid=training-form] button[type=submit]")
    co.wait_for_selector(f"#{trainee} [data-testid=training] .stafet-tag--ok")
    assert co.locator("tr[data-testid=mentor-row]:has([data-testid=training-form])").count() == 2

    # ---- 3 Matching: run, look, pin and exclude, run again, publish ----------------------------------------------
    co.goto(f"{base}/matching/cohorts/{cohort.pk}/")
    submit(co, "[data-testid=weights-form] button[type=submit]")
    co.wait_for_selector("[data-testid=stats]")
    assert co.inner_text("[data-testid=stats] .stafet-figure >> nth=0").endswith(f"/{len(accepted)}")
    pairs = proposed_pairs(co)
    ours = next(p for p in pairs if p["participant"] == citizen.pk)
    our_row = co.locator("tr[data-testid=proposal]").filter(has=co.locator(f'a[href$="/participants/{citizen.pk}/"]'))
    assert our_row.locator("[data-testid=score-parts] li").count() >= 1  # each weighted part's share
    assert 0 <= int(our_row.locator("[data-testid=score] .stafet-figure-small").inner_text()) <= 100
    explanation = our_row.locator("[data-testid=explanation]").inner_text().strip()
    assert "km fra" in explanation and "ISCO" in explanation, explanation  # in Danish, occupations too
    assert "developers" not in explanation and "Professionals" not in explanation, explanation
    our_row.locator("form:has(input[name=kind][value=pin]) button").click()  # htmx refreshes the rules
    co.wait_for_selector("#pair-rules .stafet-tag--ok >> nth=0")
    assert our_row.locator("[data-testid=rule-state] .stafet-tag--ok").count() == 1  # the row answers the click
    other = next(p for p in pairs if p["participant"] != citizen.pk)
    other_row = co.locator("tr[data-testid=proposal]").filter(
        has=co.locator(f'a[href$="/participants/{other["participant"]}/"]')
    )
    other_row.locator("form:has(input[name=kind][value=exclude]) button").click()
    co.wait_for_selector("#pair-rules .stafet-tag--bad")
    assert co.locator("#pair-rules tbody tr").count() == 2
    submit(co, "[data-testid=weights-form] button[type=submit]")
    pairs = proposed_pairs(co)
    assert {"participant": citizen.pk, "mentor": ours["mentor"], "pinned": True} in pairs
    assert not any(p["participant"] == other["participant"] and p["mentor"] == other["mentor"] for p in pairs)
    assert "0 af" in co.inner_text("[data-testid=approvals]")  # a proposal starts unapproved
    submit(co, "[data-testid=approve-all]")  # the coordinator's explicit, audited choice
    submit(co, "button[form=publish-form]")
    mentorship = Mentorship.objects.select_related("mentor").get(cohort=cohort, participant=citizen)
    assert mentorship.mentor_id == ours["mentor"] and mentorship.status == Mentorship.Status.ACTIVE
    matched = cohort.mentorships.count()
    assert matched == len(pairs) >= 1
    assert CITIZEN_EMAIL in {to for message in mail.outbox for to in message.to}
    assert co.locator("#publish-form").count() == 0  # the page now shows the published run
    waiting = len(accepted) - matched
    notice = co.inner_text("[data-testid=after-publish]")
    assert f"{matched} par fra dette forslag er offentliggjort" in notice
    assert (f"{waiting} deltager" in notice) if waiting else "Alle tilmeldte deltagere har en mentor" in notice

    # ---- 4 Running: the mentor logs a meeting and asks for help --------------------------------------------------
    mentor = mentorship.mentor
    user = mentor.user or User(username="walkthrough-mentor", first_name=mentor.first_name, last_name=mentor.last_name)
    user.role, user.organisation = Role.MENTOR, mentor.organisation
    user.set_password(PASSWORD)
    user.save()
    if mentor.user_id != user.pk:
        mentor.user = user
        mentor.save(update_fields=["user"])
    mentor_context, me = new_context(browser, live_server, user.username)
    me.goto(f"{base}/mentorships/{mentorship.pk}/")
    me.select_option("#id_venue", "participant_home")
    tick(me, "[data-testid=meeting-form] input[name=topics][value=cv]", problems)
    me.click("[data-testid=meeting-form] button[type=submit]")  # htmx answers with the form and its error
    assert me.inner_text("[data-testid=error-venue]").strip() == programme.venue_rule_reason["da"]
    assert not mentorship.meetings.exists()  # refused: nothing logged
    me.select_option("#id_venue", "company_site")
    me.fill("#id_venue_detail", "Nordlys IT, Aarhus")
    tick(me, "[data-testid=meeting-form] input[name=topics][value=cv]", problems)
    me.click("[data-testid=meeting-form] button[type=submit]")
    me.wait_for_selector("[data-testid=meetings] :text('Nordlys IT, Aarhus')")
    assert me.locator("[data-testid=error-venue]").count() == 0
    assert me.inner_text("[data-testid=plan-progress] .stafet-figure") == "1"
    assert mentorship.meetings.get().venue == "company_site"

    me.click("[data-testid=escalation-form] summary")
    me.select_option("[data-testid=escalation-form] select[name=topic]", "housing")
    me.fill("[data-testid=escalation-form] textarea[name=text]", "The family must leave the temporary housing.")
    submit(me, "[data-testid=escalation-form] button[type=submit]")
    me.wait_for_selector("[data-testid=escalations]")
    escalation = Escalation.objects.get(mentorship=mentorship)
    assert escalation.status == Escalation.Status.OPEN

    # ---- 4 Running: the coordinator resolves it and records the follow-up call -----------------------------------
    co.goto(f"{base}/mentorships/escalations/")
    row = f"#escalation-{escalation.pk}"
    co.fill(f"{row} textarea[name=resolution_note]", "Called the housing office; a flat from 1 December.")
    co.click(f"{row} form[action$='/resolve/'] button[type=submit]")
    co.wait_for_selector(f"{row} [data-testid=escalation-status]")
    co.wait_for_function(
        "id => !document.querySelector(`#escalation-${id} textarea`)", arg=escalation.pk
    )  # the row came back resolved
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED

    call = mentorship.follow_up_calls.order_by("due_on").first()
    assert call.due_on == today  # a week after the start
    co.goto(f"{base}/mentorships/follow-ups/")
    row = f"[data-testid=due] #call-{call.pk}"
    co.select_option(f"{row} select[name=result]", "going_well")
    co.fill(f"{row} input[name=note]", "Both content; first meeting held.")
    co.click(f"{row} button[type=submit]")
    co.wait_for_selector(f"#call-{call.pk} [data-testid=call-done]")
    call.refresh_from_db()
    assert (call.done_on, call.result) == (today, FollowUpCall.Result.GOING_WELL)

    # ---- 5 Closing and outcome -----------------------------------------------------------------------------------
    co.goto(f"{base}/mentorships/{mentorship.pk}/")
    co.click("[data-testid=close-form] summary")
    co.select_option("[data-testid=close-form] select[name=reason]", "completed")
    assert co.input_value("[data-testid=close-form] input[name=ended_on]") == today.isoformat()
    submit(co, "[data-testid=close-form] button[type=submit]")
    # Completed before the programme's planned months: the page asks before closing for good.
    submit(co, "[data-testid=confirm-form] button[type=submit]")
    co.wait_for_selector("[data-testid=closing]")
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.closing_reason, mentorship.ended_on) == ("closed", "completed", today)

    co.goto(f"{base}/outcomes/cohort/{cohort.pk}/participant/{citizen.pk}/?measured=end")
    co.select_option("#id_measured", "end")
    co.select_option("#id_type", "job_matching")
    assert co.input_value("#id_date") == today.isoformat()  # the suggested date
    co.fill("#id_employer", "Nordlys IT A/S")
    submit(co, "form:has(#id_type) button[type=submit]")
    co.wait_for_selector("[data-testid=recorded-outcomes] :text('Nordlys IT A/S')")
    outcome = Outcome.objects.get(participant=citizen, cohort=cohort)
    assert (outcome.measured, outcome.type, outcome.date) == ("end", "job_matching", today)

    # ---- 6 Report: the coordinator's figures are what the walk did -----------------------------------------------
    enrolled = len(accepted)
    share = round(100 / enrolled)
    co.goto(f"{base}/outcomes/cohort/{cohort.pk}/report/")
    assert co.locator("[data-testid=restricted]").count() == 0
    assert co.inner_text("[data-testid=headline] .stafet-figure").startswith(f"1 af {enrolled} ({share} %)")
    assert "heraf 1 i job, der matcher kompetencer" in co.inner_text("[data-testid=breakdown]")
    # Referred: the demo's 30 and the new one; eligible: the 24 eligible of the demo and the new one.
    assert funnel(co) == [31, 25, enrolled, matched, 1]
    assert co.locator("[data-testid=chart] svg rect").count() >= 10
    assert f"1 ({share} %)" in co.text_content("[data-testid=chart] svg")
    meetings = cells(co, "[data-testid=table-meetings] tbody tr")
    ours_line = next(r for r in meetings if " ".join(CITIZEN) in r[0])
    assert ours_line[4] == "1"  # meetings held
    csv_link = co.get_attribute("[data-testid=table-outcomes] a[download]", "href")
    response = co.request.get(urljoin(co.url, csv_link))
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff")), delimiter=";"))  # Danish Excel's
    assert table[1][1:] == ["1", str(share)] and table[-1][1] == str(enrolled)

    # ---- 6 Report: the caseworker counts only the citizens Aarhus referred ---------------------------------------
    aarhus_enrolled = 1 + OTHERS_FROM_AARHUS
    aarhus_share = round(100 / aarhus_enrolled)
    cw.goto(f"{base}/outcomes/reports/")
    cw.click(f"a[href*='/outcomes/cohort/{cohort.pk}/report/']")
    cw.wait_for_selector("[data-testid=restricted]")
    assert cw.inner_text("[data-testid=headline] .stafet-figure").startswith(
        f"1 of {aarhus_enrolled} ({aarhus_share} %)"
    )
    referred, eligible, enrolled_here, matched_here, completed = funnel(cw)
    assert (enrolled_here, completed) == (aarhus_enrolled, 1)
    assert matched_here <= aarhus_enrolled and referred == 11 and eligible == 5  # 10 + 1 referred; 4 + 1 eligible
    cw.goto(f"{base}/programmes/referrals/?sort=newest")
    mine = cw.locator("tr[data-testid=referral-row]").filter(has=cw.locator(f'a[href$="/participants/{citizen.pk}/"]'))
    assert "Hold 2027" in mine.locator("[data-testid=status]").inner_text()

    # ---- 6 Report: Hold 2016, the seed's figure ------------------------------------------------------------------
    co.goto(f"{base}/outcomes/cohort/{hold_2016.pk}/report/")
    assert co.inner_text("[data-testid=headline] .stafet-figure").startswith(
        "18 af 25 (72 %) i job, uddannelse eller praktik"
    )
    assert co.inner_text("[data-testid=breakdown]").startswith(
        '8 i job, heraf 4 i job, der matcher kompetencer, og 4 i "et skridt på vejen"-job; 4 i uddannelse; '
        "4 i praktik; 1 elev/lærling; 1 selvstændig."
    )

    for context in (caseworker, coordinator, mentor_context):
        context.close()

    walk_the_talent_pipeline(live_server, browser)
    assert not problems, "\n".join(problems)
    assert CSP_REFUSED == []


def walk_the_talent_pipeline(live_server, browser) -> None:
    """7. The talent programme: the coordinator at Pluss ranks the candidates for Nordlys IT's IT-supporter opening,
    takes the best one into the pipeline and presents them to the company; the company contact sees that candidate
    (and no candidate the programme has not presented) and records the interview. Run at the end of the walk above,
    on the same demo data, to load the demo once."""
    from playwright.sync_api import expect

    from stafet.placements.models import JobOpening, Placement

    opening = JobOpening.objects.get(title="IT-supporter", company__name="Nordlys IT A/S")
    screened = set(opening.placements.filter(status="screened").values_list("participant__last_name", flat=True))
    base = live_server.url

    coordinator, co = new_context(browser, live_server, "koordinator.pluss")
    co.goto(f"{base}/openings/")
    co.click("[data-testid=openings] a:text-is('IT-supporter')")
    co.wait_for_selector("[data-testid=ranking]")
    best = co.locator("tr[data-testid=ranked]").first
    name = best.locator("td:nth-child(2) a").inner_text()
    assert int(best.locator("td:nth-child(3)").inner_text()) > 0
    assert "km fra Nordlys IT A/S, Aarhus" in best.inner_text()  # the engine's explanation, in Danish
    with co.expect_navigation():
        best.locator("button").click()
    row = co.locator("tr[data-testid=placement]").filter(has=co.locator(f"a:text-is('{name}')"))
    expect(row.locator("[data-testid=stage]")).to_have_text("visiteret")
    with co.expect_navigation():
        row.locator("button[data-stage=shortlisted]").click()
    expect(row.locator("[data-testid=stage]")).to_have_text("præsenteret for virksomheden")
    placement = opening.placements.get(participant__first_name=name.split()[0], participant__last_name=name.split()[-1])
    assert placement.status == Placement.Stage.SHORTLISTED

    company, cc = new_context(browser, live_server, "virksomhed")
    cc.goto(f"{base}/openings/")
    cc.click("[data-testid=openings] a:text-is('IT-supporter')")
    candidates = cc.inner_text("[data-testid=candidates]")
    assert name in candidates
    assert not any(last in candidates for last in screened)  # screened, not presented: the company does not see them
    assert cc.locator("[data-testid=ranking]").count() == 0
    ours = cc.locator("tr[data-testid=placement]").filter(has=cc.locator(f"a:text-is('{name}')"))
    assert ours.locator("button[data-stage=withdrawn]").count() == 0  # the programme withdraws, not the company
    with cc.expect_navigation():
        ours.locator("button[data-stage=interview]").click()
    placement.refresh_from_db()
    assert placement.status == Placement.Stage.INTERVIEW
    for context in (coordinator, company):
        context.close()
