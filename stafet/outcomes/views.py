"""Registering outcomes (coordinators of the operating NGO, administrators, and caseworkers for their own
citizens, since the job centre follows them up at +3/+6/+12 months) and the cohort and programme reports."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stafet.forms import add_action_error
from stafet.organisations.access import read_role_of, role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import Role
from stafet.outcomes import report as reports
from stafet.outcomes.access import (
    COMPANIES,
    MUNICIPALITIES,
    breakdown_companies_for_user,
    breakdown_participants_for_user,
    breakdown_programmes_for_user,
    get_breakdown_programme_for_user,
    get_enrolment_for_outcome,
    get_report_cohort_for_user,
    get_report_programme_for_user,
    report_cohorts_for_user,
    report_participants_for_user,
    report_programmes_for_user,
)
from stafet.outcomes.actions import record_outcome
from stafet.outcomes.breakdown import breakdown_report
from stafet.outcomes.downloads import report_download
from stafet.outcomes.due import due_outcomes
from stafet.outcomes.forms import BreakdownFilterForm, MeasuredForm, OutcomeForm
from stafet.outcomes.models import Outcome, measuring_date
from stafet.programmes.access import referrals_for_user
from stafet.programmes.models import Cohort, ParticipantEnrolment, Programme


def suggested_date(cohort: Cohort, measured: str) -> datetime.date:
    """The day a measuring point falls on (the cohort's planned end, then 3, 6 or 12 months later), or today
    if that is still to come: the date field's starting value."""
    return min(measuring_date(cohort, measured), timezone.localdate())


# ---------------------------------------------------------------------------------------------- outcomes


def _rows(cohort: Cohort, enrolments: list[ParticipantEnrolment], measured: str) -> list[dict]:
    outcomes: dict[int, dict[str, Outcome]] = {}
    for outcome in cohort.outcomes.filter(participant__in=[e.participant_id for e in enrolments]):
        outcomes.setdefault(outcome.participant_id, {})[outcome.measured] = outcome
    return [_row(cohort, e, outcomes.get(e.participant_id, {}), measured) for e in enrolments]


def _row(cohort: Cohort, enrolment: ParticipantEnrolment, outcomes: dict[str, Outcome], measured: str,
         form: OutcomeForm | None = None, saved: bool = False) -> dict:  # fmt: skip
    current = outcomes.get(measured)
    if form is None:
        initial = {"measured": measured, "type": current.type if current else "",
                   "date": current.date if current else suggested_date(cohort, measured),
                   "employer": current.employer if current else ""}  # fmt: skip
        form = OutcomeForm(initial=initial, cohort=cohort, prefix=f"p{enrolment.participant_id}")
    points = [(value, label, outcomes.get(value)) for value, label in Outcome.Measured.choices
              if value in cohort.programme.measuring_points]  # fmt: skip
    return {"enrolment": enrolment, "points": points, "current": current, "form": form, "saved": saved}


@login_required
def cohort_outcomes(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every enrolled participant with their outcome at each measuring point, and an inline form per row for
    the chosen measuring point, so 25 outcomes are registered from one page."""
    cohort = get_report_cohort_for_user(request.user, pk)
    measured = MeasuredForm(request.GET).measured_or_default()
    enrolments = cohort.participant_enrolments.select_related("participant").order_by(
        "participant__last_name", "participant__first_name"
    )
    participants = report_participants_for_user(request.user)
    if participants is not None:
        enrolments = enrolments.filter(participant__in=participants)
    context = {
        "cohort": cohort,
        "measured": measured,
        "measured_label": Outcome.Measured(measured).label,
        "measured_form": MeasuredForm(initial={"measured": measured}),
        "rows": _rows(cohort, list(enrolments), measured),
        "points": Outcome.Measured.choices,
        "restricted": participants is not None,
    }
    return render(request, "outcomes/cohort_outcomes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register_outcome(request: AuthedRequest, pk: int, participant: int) -> HttpResponse:
    """Register or correct one participant's outcome at a measuring point. The inline row form of the
    outcomes list posts here too (with ``row``): htmx gets the row back, a plain browser the list."""
    cohort = get_report_cohort_for_user(request.user, pk)
    enrolment = get_enrolment_for_outcome(request.user, cohort, participant)
    inline = "row" in request.POST
    prefix = f"p{enrolment.participant_id}" if inline else None
    measured = request.POST.get(f"{prefix}-measured" if prefix else "measured") or request.GET.get("measured")
    measured = measured if measured in Outcome.Measured.values else Outcome.Measured.END
    existing = {o.measured: o for o in cohort.outcomes.filter(participant=enrolment.participant)}
    form = OutcomeForm(request.POST or None, cohort=cohort, prefix=prefix, initial=_initial(cohort, existing, measured))
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            record_outcome(participant=enrolment.participant, cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            saved = True
            measured = form.cleaned_data["measured"]
            existing = {o.measured: o for o in cohort.outcomes.filter(participant=enrolment.participant)}
            if not request.htmx:
                messages.success(request, _("Outcome saved for %(p)s.") % {"p": enrolment.participant})
                target = reverse("outcomes:cohort", args=[cohort.pk]) if inline else request.path
                return redirect(f"{target}?{urlencode({'measured': measured})}")
    if inline and request.htmx:
        row = _row(cohort, enrolment, existing, measured, form=None if saved else form, saved=saved)
        return render(request, "outcomes/cohort_outcomes.html#row", {"cohort": cohort, "row": row,
                                                                    "measured": measured})  # fmt: skip
    if inline:  # a plain browser's inline form with errors: show them on the full form, which posts unprefixed
        data = {name: request.POST.get(f"{prefix}-{name}", "") for name in OutcomeForm.base_fields}
        form = OutcomeForm(data, cohort=cohort)
        form.is_valid()
    context = {"cohort": cohort, "enrolment": enrolment, "form": form, "outcomes": sorted(
        existing.values(), key=lambda o: list(Outcome.MONTHS_AFTER_END).index(o.measured))}  # fmt: skip
    return render(request, "outcomes/register.html", context, status=400 if request.method == "POST" else 200)


def _initial(cohort: Cohort, existing: dict[str, Outcome], measured: str) -> dict:
    current = existing.get(measured)
    if current is None:
        return {"measured": measured, "date": suggested_date(cohort, measured)}
    return {"measured": measured, "type": current.type, "date": current.date, "employer": current.employer,
            "note": current.note}  # fmt: skip


@login_required
def outcomes_due(request: AuthedRequest) -> HttpResponse:
    """The follow-up measurements (+3, +6, +12 months) due and not recorded: the coordinator's whole cohorts, the
    caseworker's own citizens; each row links to where the outcome is registered."""
    if role_of(request.user) not in (Role.COORDINATOR, Role.CASEWORKER, Role.ADMINISTRATOR):
        raise Http404
    today = timezone.localdate()
    due = due_outcomes(report_cohorts_for_user(request.user), today, report_participants_for_user(request.user))
    due.sort(key=lambda d: (d.due_on, d.cohort.name, d.participant_name))
    return render(request, "outcomes/due.html", {"due": due, "today": today})


# ---------------------------------------------------------------------------------------------- reports


@login_required
def report_index(request: AuthedRequest) -> HttpResponse:
    """The reports a user may open: each programme and its cohorts, and the mentoring programmes' reports per
    municipality and per company (a company contact: only their company's)."""
    role = read_role_of(request.user)
    if role not in (Role.COORDINATOR, Role.CASEWORKER, Role.ADMINISTRATOR, Role.COMPANY_CONTACT):
        raise Http404
    cohorts = report_cohorts_for_user(request.user).order_by("-start_date")
    by_municipality = set(breakdown_programmes_for_user(request.user, MUNICIPALITIES).values_list("pk", flat=True))
    by_company = set(breakdown_programmes_for_user(request.user, COMPANIES).values_list("pk", flat=True))
    programmes = report_programmes_for_user(request.user)
    if role == Role.COMPANY_CONTACT:
        programmes = breakdown_programmes_for_user(request.user, COMPANIES)
    rows = [
        {"programme": p, "cohorts": [c for c in cohorts if c.programme_id == p.pk],
         "municipalities": p.pk in by_municipality, "companies": p.pk in by_company}
        for p in programmes.order_by("name")
    ]  # fmt: skip
    context = {"rows": rows, "restricted": report_participants_for_user(request.user) is not None,
               "company_contact": role == Role.COMPANY_CONTACT}  # fmt: skip
    return render(request, "outcomes/index.html", context)


@login_required
def cohort_report(request: AuthedRequest, pk: int) -> HttpResponse:
    cohort = get_report_cohort_for_user(request.user, pk)
    if cohort.programme.is_talent:  # the talent programme's report is in its own form
        return redirect(reverse("placements:talent_report", args=[cohort.programme_id]) + f"?cohort={cohort.pk}")
    measured = MeasuredForm(request.GET).measured_or_default()
    report = reports.cohort_report(cohort, measured=measured, today=timezone.localdate(), **_scope(request))
    return _render_report(request, report, {"cohort": cohort, "programme": cohort.programme})


@login_required
def programme_report(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_report_programme_for_user(request.user, pk)
    if programme.is_talent:
        return redirect("placements:talent_report", programme.pk)
    measured = MeasuredForm(request.GET).measured_or_default()
    report = reports.programme_report(programme, measured=measured, today=timezone.localdate(), **_scope(request))
    links = report_cohorts_for_user(request.user).filter(programme=programme).order_by("start_date")
    breakdowns = [
        (name, label)
        for by, name, label in ((MUNICIPALITIES, "outcomes:municipality_report", _("Per municipality")),
                                (COMPANIES, "outcomes:company_report", _("Per company")))
        if breakdown_programmes_for_user(request.user, by).filter(pk=programme.pk).exists()
    ]  # fmt: skip
    return _render_report(request, report, {"programme": programme, "cohort_links": links, "breakdowns": breakdowns})


def _scope(request: AuthedRequest) -> dict:
    return {"referrals": referrals_for_user(request.user), "participants": report_participants_for_user(request.user)}


def _render_report(request: AuthedRequest, report: reports.Report, context: dict) -> HttpResponse:
    query = {"measured": report.measured}
    context |= {
        "downloads": {kind: "?" + urlencode({**query, "format": kind}) for kind in ("xlsx", "pdf")},
        "report": report,
        "tables": [(t, "?" + urlencode({**query, "format": "csv", "table": t.key})) for t in report.tables],
        "chart": reports.chart(report.outcomes),
        "measured_form": MeasuredForm(initial={"measured": report.measured}),
        "measured_label": Outcome.Measured(report.measured).label,
    }
    stem = f"report-{slugify(report.title)}-{report.measured}"
    download = report_download(request, report, stem=stem, body="outcomes/report.html#report-body", context=context)
    return download or render(request, "outcomes/report.html", context)


@login_required
def municipality_report(request: AuthedRequest, pk: int) -> HttpResponse:
    """A mentoring programme's figures per referring municipality (a caseworker: their municipality's)."""
    return _breakdown(request, get_breakdown_programme_for_user(request.user, pk, MUNICIPALITIES), MUNICIPALITIES)


@login_required
def company_report(request: AuthedRequest, pk: int) -> HttpResponse:
    """A mentoring programme's figures per company lending mentors (a company contact: their company's)."""
    return _breakdown(request, get_breakdown_programme_for_user(request.user, pk, COMPANIES), COMPANIES)


def _breakdown(request: AuthedRequest, programme: Programme, by: str) -> HttpResponse:
    scope = breakdown_participants_for_user(request.user)
    filters = BreakdownFilterForm(request.GET, programme=programme, municipalities=scope is None and by == COMPANIES)
    report = breakdown_report(
        programme, by=by, referrals=referrals_for_user(request.user), participants=filters.narrow(scope, programme),
        companies=breakdown_companies_for_user(request.user), measured=filters.measured_or_default(),
        today=timezone.localdate(), cohort=filters.chosen().get("cohort"),
    )  # fmt: skip
    query = {k: v for k, v in request.GET.items() if k in filters.fields and v}
    context = {
        "programme": programme,
        "by": by,
        "report": report,
        "filters": filters,
        "scope_note": _scope_note(request) if scope is not None else "",
        "downloads": {kind: "?" + urlencode({**query, "format": kind}) for kind in ("xlsx", "pdf")},
        "tables": [(t, "?" + urlencode({**query, "format": "csv", "table": t.key})) for t in report.tables],
        "chart": reports.chart(report.outcomes),
        "measured_label": Outcome.Measured(report.measured).label,
    }
    stem = f"{by}-report-{slugify(programme.name)}-{report.measured}"
    download = report_download(request, report, stem=stem, body="outcomes/breakdown.html#report-body", context=context)
    return download or render(request, "outcomes/breakdown.html", context)


def _scope_note(request: AuthedRequest) -> str:
    if role_of(request.user) == Role.COMPANY_CONTACT:
        return _("Only the mentees of your company's mentors are counted, in every figure and every denominator.")
    return _("Only citizens referred by your municipality are counted, in every figure and every denominator.")
