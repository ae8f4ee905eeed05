"""Job openings and their placement pipeline (talent programme): the openings list, one opening with its
candidates by stage and, for the programme's coordinators, the engine's ranking of the candidate pool."""

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
from django.views.decorators.http import require_http_methods, require_POST

from stafet.forms import add_action_error, ask_to_confirm, is_confirmed, refusal_message
from stafet.organisations.access import companies_for_user, get_one_or_404, role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import Role
from stafet.outcomes.access import (
    get_report_cohort_for_user,
    get_report_programme_for_user,
    report_cohorts_for_user,
    report_participants_for_user,
)
from stafet.outcomes.downloads import Tables, report_download
from stafet.outcomes.forms import ReportFilterForm
from stafet.outcomes.report import chart
from stafet.params import parse_id, parse_ids
from stafet.people.models import Participant
from stafet.placements import actions
from stafet.placements.access import (
    can_manage_pipeline,
    get_editable_opening_for_user,
    get_opening_for_user,
    get_pipeline_opening_for_user,
    get_placement_for_user,
    get_pool_candidate_for_user,
    get_screening_referral_for_user,
    get_selection_programme_for_user,
    openings_for_user,
    placements_for_user,
    stages_for_user,
    talent_programmes_run_by,
)
from stafet.placements.assignment import assignment_pool, plan_assignment
from stafet.placements.forms import OpeningForm, ScreeningForm, SelectionForm
from stafet.placements.models import JobOpening, OpeningRule, Placement, Screening
from stafet.placements.ranking import rank_for_selection, rank_opening
from stafet.placements.report import openings_table
from stafet.placements.report import talent_report as build_talent_report
from stafet.programmes.access import programmes_for_user, referrals_for_user
from stafet.programmes.actions import ROUTE_BACK_REASONS
from stafet.programmes.models import Cohort, ParticipantEnrolment, Referral

PRESENTED = list(Placement.PRESENTED)
RANKED_SHOWN = 15


@login_required
def opening_list(request: AuthedRequest) -> HttpResponse:
    """Openings with their pipeline in figures; filtered by programme and status (open by default)."""
    # The same figures for the NGO and the company: counts of the whole pipeline, not of the people each may see.
    openings = openings_for_user(request.user).with_counts()
    programmes = programmes_for_user(request.user).filter(openings__in=openings).distinct()
    programme = parse_id(request.GET.get("programme"))
    if programme is not None:
        openings = openings.filter(programme=programme)
    status = request.GET.get("status", JobOpening.Status.OPEN)
    if status in JobOpening.Status.values:
        openings = openings.filter(status=status)
    context = {"openings": openings, "programmes": programmes, "programme": programme, "status": status,
               "statuses": JobOpening.Status.choices,
               "company_view": role_of(request.user) == Role.COMPANY_CONTACT,
               "selections": talent_programmes_run_by(request.user),
               "can_post": companies_for_user(request.user).exists()}  # fmt: skip
    return render(request, "placements/openings.html", context)


def _opening_context(request: AuthedRequest, opening: JobOpening) -> dict:
    user = request.user
    # Only the candidates this user may see: a company sees those presented to it, not the whole pool.
    placements = list(
        placements_for_user(user)
        .filter(opening=opening)
        .select_related("participant", "opening__programme")
        .order_by("-score", "pk")
    )
    for placement in placements:
        placement.moves = [
            (s, Placement.Stage(s).label, [(r, r.label) for r in Placement.REASONS.get(Placement.Stage(s), ())])
            for s in stages_for_user(user, placement)
        ]
    manage = can_manage_pipeline(user, opening)
    counts = Placement.stage_counts(opening)
    ranked = None
    if manage:
        # One ranking of the whole pool: today's score of everyone in the pipeline, and the best not yet in it.
        ranked = rank_opening(opening)
        now = {c.participant.pk: c.score for c in ranked}
        for placement in placements:
            placement.score_now = now.get(placement.participant_id)
        ranked = [c for c in ranked if c.placement is None][:RANKED_SHOWN] if opening.status == "open" else None
    return {
        "opening": opening,
        "placements": placements,
        "stages": [(value, label, counts[value]) for value, label in Placement.Stage.choices],
        "closed_after_presented": counts["closed_after_presented"],
        "hidden": sum(counts[s] for s in Placement.PRESENTED) - sum(p.status in PRESENTED for p in placements),
        "can_manage": manage,
        "ranked": ranked,
        "can_edit": companies_for_user(user).filter(pk=opening.company_id).exists(),
    }


@login_required
def opening_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = get_opening_for_user(request.user, pk)
    return render(request, "placements/opening.html", _opening_context(request, opening))


@login_required
@require_POST
def add_candidate(request: AuthedRequest, pk: int) -> HttpResponse:
    """Take a ranked candidate into the opening's pipeline (the coordinators of its programme)."""
    opening = get_pipeline_opening_for_user(request.user, pk)
    participant = get_pool_candidate_for_user(request.user, opening, request.POST.get("participant"))
    # The score the engine gives the pair now (none if it fails the opening's hard limits), not one from the form.
    score = next((c.score for c in rank_opening(opening) if c.participant.pk == participant.pk), None)
    try:
        actions.add_candidate(opening=opening, participant=participant, by=request.user, score=score)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("%(p)s is in the pipeline of %(o)s.") % {"p": participant, "o": opening.title})
    return redirect("placements:opening", opening.pk)


@login_required
@require_POST
def move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a candidate to another stage: the coordinators any stage, the company those it records itself."""
    placement = get_placement_for_user(request.user, pk)
    stage, allowed = request.POST.get("stage", ""), stages_for_user(request.user, placement)
    if not allowed and not can_manage_pipeline(request.user, placement.opening):
        raise Http404  # sees the candidate (a caseworker, say) but does not run the pipeline
    if stage not in allowed:
        messages.error(request, _("%(p)s cannot be moved to that stage.") % {"p": placement.participant})
        return redirect("placements:opening", placement.opening_id)
    if stage == Placement.Stage.REJECTED and not is_confirmed(request):
        # The answer sends the same request again, the reason chosen on the opening's page with it.
        return ask_to_confirm(
            request,
            question=_("%(p)s not selected for %(o)s?") % {"p": placement.participant, "o": placement.opening.title},
            consequence=_("%(p)s leaves this opening's pipeline for good.") % {"p": placement.participant},
            button=_("Not selected"),
            back=reverse("placements:opening", args=[placement.opening_id]),
        )
    try:
        on = datetime.date.fromisoformat(request.POST["on"]) if request.POST.get("on") else None
    except ValueError:
        messages.error(request, _("Give the day of the hire or start as a date, e.g. 2026-09-01."))
        return redirect("placements:opening", placement.opening_id)
    try:
        actions.move_placement(
            placement=placement, stage=stage, by=request.user, reason=request.POST.get("reason", ""), on=on
        )
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("%(p)s: %(s)s.") % {"p": placement.participant, "s": Placement.Stage(stage).label})
    return redirect("placements:opening", placement.opening_id)


@login_required
def talent_report(request: AuthedRequest, pk: int) -> HttpResponse:
    """The talent programme's report (or one cohort's, ``?cohort=``): openings and positions, the funnel from
    referred to hired, "N af 50 i job, uddannelse eller praktik", the positions filled per company."""
    programme = get_report_programme_for_user(request.user, pk)
    if not programme.is_talent:
        raise Http404
    cohort = None
    if request.GET.get("cohort"):
        cohort = get_report_cohort_for_user(request.user, parse_id(request.GET["cohort"]))
        if cohort.programme_id != programme.pk:
            raise Http404
    scope = report_participants_for_user(request.user)
    filters = ReportFilterForm(request.GET, programme=programme, municipalities=scope is None)
    report = build_talent_report(programme, referrals=referrals_for_user(request.user), cohort=cohort,
                                 participants=filters.narrow(scope, programme), today=timezone.localdate(),
                                 restricted=scope is not None)  # fmt: skip
    query = {k: v for k, v in request.GET.items() if k in ("cohort", "municipality", "start", "end") and v}
    downloads = {kind: "?" + urlencode({**query, "format": kind}) for kind in ("xlsx", "pdf")}
    tables = [(t, "?" + urlencode({**query, "format": "csv", "table": t.key})) for t in report.tables]
    cohorts = report_cohorts_for_user(request.user).filter(programme=programme).order_by("start_date")
    context = {"programme": programme, "cohort": cohort, "report": report, "downloads": downloads, "tables": tables,
               "cohorts": cohorts, "filters": filters, "chart": chart(report.outcomes)}  # fmt: skip
    stem = f"talent-report-{slugify(report.title)}"
    body = "placements/talent_report.html#report-body"
    if download := report_download(request, report, stem=stem, body=body, context=context):
        return download
    return render(request, "placements/talent_report.html", context)


# ---------------------------------------------------------------------------------------------- selection


@login_required
@require_http_methods(["GET", "POST"])
def screening(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record (or correct) a referred candidate's screening interview: motivation and the competences judged."""
    referral = get_screening_referral_for_user(request.user, pk)
    current = Screening.objects.filter(referral=referral).first()
    initial = {"screened_on": timezone.localdate()}
    form = ScreeningForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_screening(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("Screening saved for %(p)s.") % {"p": referral.participant})
            return redirect("placements:selection", referral.programme_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "placements/screening.html", {"referral": referral, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def selection(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coordinator selects the top N of the referred into a cohort from a ranked list that says why each ranks
    where they do; each of the others goes back to the ordinary integration programme with a coded reason."""
    programme = get_selection_programme_for_user(request.user, pk)
    first = programme.cohorts.exclude(status=Cohort.Status.CLOSED).order_by("-start_date").first()
    data = request.POST or request.GET or ({"cohort": first.pk} if first else None)
    form = SelectionForm(data, programme=programme)
    cohort = form.cleaned_data["cohort"] if form.is_valid() else None
    talents = rank_for_selection(programme, referrals_for_user(request.user))
    if request.method == "POST" and cohort is not None and _select(request, cohort, talents):
        return redirect(f"{request.path}?{urlencode({'cohort': cohort.pk})}")
    free = _free_places(cohort) if cohort else 0
    chosen_n = form.cleaned_data.get("n") if form.is_valid() else None
    n: int = chosen_n if isinstance(chosen_n, int) else free
    ticked = set(parse_ids(request.POST.getlist("selected"))) if request.method == "POST" else None
    for rank, talent in enumerate(talents, start=1):
        talent.rank = rank
        talent.ticked = talent.referral.pk in ticked if ticked is not None else rank <= n
    context = {"programme": programme, "form": form, "cohort": cohort, "talents": talents, "free": free, "n": n,
               "reasons": [(r, Referral.DeclineReason(r).label) for r in ROUTE_BACK_REASONS]}  # fmt: skip
    return render(request, "placements/selection.html", context, status=400 if request.method == "POST" else 200)


def _free_places(cohort: Cohort) -> int:
    taken = cohort.participant_enrolments.exclude(status=ParticipantEnrolment.Status.WITHDRAWN).count()
    return max(cohort.capacity - taken, 0)


def _select(request: AuthedRequest, cohort: Cohort, talents: list) -> bool:
    """Carry out the selection posted: the ticked are selected, every other candidate shown is routed back."""
    shown = {t.referral.pk: t.referral for t in talents}
    posted = set(parse_ids(request.POST.getlist("shown")))
    if posted != set(shown):
        messages.error(request, _("The list of candidates has changed since the page was loaded; look again."))
        return False
    chosen = set(parse_ids(request.POST.getlist("selected")))
    selected = [r for pk, r in shown.items() if pk in chosen]
    back = [(r, request.POST.get(f"reason-{pk}", "")) for pk, r in shown.items() if pk not in chosen]
    try:
        actions.select_talents(cohort=cohort, selected=selected, routed_back=back, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
        return False
    messages.success(request, _("%(s)s selected into %(c)s; %(b)s routed back to the ordinary integration programme.")
                     % {"s": len(selected), "c": cohort.name, "b": len(back)})  # fmt: skip
    return True


# ---------------------------------------------------------------------------------------------- assignment


@login_required
def assignment(request: AuthedRequest, pk: int) -> HttpResponse:
    """The engine's assignment of the candidates to the open openings' free positions, with the score parts, the
    coordinator's pins and exclusions, and a button that takes the plan into the pipelines."""
    programme = get_selection_programme_for_user(request.user, pk)
    try:
        plan, error = plan_assignment(programme), None
    except ValidationError as refused:
        plan, error = None, " ".join(refused.messages)
    rules = OpeningRule.objects.filter(opening__programme=programme).select_related("opening", "participant")
    context = {"programme": programme, "plan": plan, "error": error, "rules": rules,
               "kinds": OpeningRule.Kind.choices}  # fmt: skip
    return render(request, "placements/assignment.html", context)


@login_required
@require_POST
def assignment_rule(request: AuthedRequest, pk: int) -> HttpResponse:
    """Pin or exclude a pair of the plan (a candidate of the pool and an open opening of the programme)."""
    programme = get_selection_programme_for_user(request.user, pk)
    opening = get_one_or_404(programme.openings.filter(status=JobOpening.Status.OPEN), request.POST.get("opening"))
    participant = get_one_or_404(
        Participant.objects.filter(pk__in=[p.pk for p in assignment_pool(programme)]), request.POST.get("participant")
    )
    try:
        actions.set_opening_rule(opening=opening, participant=participant, kind=request.POST.get("kind", ""),
                                 by=request.user)  # fmt: skip
    except ValidationError as error:
        refusal_message(request, error)
    return redirect("placements:assignment", programme.pk)


@login_required
@require_POST
def assignment_rule_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_selection_programme_for_user(request.user, pk)
    rule = get_one_or_404(OpeningRule.objects.filter(opening__programme=programme), request.POST.get("rule"))
    actions.remove_opening_rule(rule=rule, by=request.user)
    return redirect("placements:assignment", programme.pk)


@login_required
@require_POST
def assignment_take(request: AuthedRequest, pk: int) -> HttpResponse:
    """Take the plan (made again now, not read from the form) into the openings' pipelines."""
    programme = get_selection_programme_for_user(request.user, pk)
    try:
        plan = plan_assignment(programme)
        placements = actions.take_plan(pairs=[(p.opening, p.participant, p.score) for p in plan.pairs],
                                       by=request.user)  # fmt: skip
    except ValidationError as error:
        refusal_message(request, error)
        return redirect("placements:assignment", programme.pk)
    messages.success(request, _("%(n)s candidates taken into the openings' pipelines.") % {"n": len(placements)})
    return redirect("placements:openings")


@login_required
def company_report(request: AuthedRequest) -> HttpResponse:
    """A company contact's report: their company's openings, positions and how far the candidates came."""
    if role_of(request.user) != Role.COMPANY_CONTACT:
        raise Http404
    report = Tables(_("Your company's report"), (openings_table(openings_for_user(request.user)),))
    downloads = {kind: "?" + urlencode({"format": kind}) for kind in ("xlsx", "pdf")}
    tables = [(t, "?" + urlencode({"format": "csv", "table": t.key})) for t in report.tables]
    context = {"report": report, "tables": tables, "downloads": downloads}
    body = "placements/company_report.html#report-body"
    if download := report_download(request, report, stem="openings", body=body, context=context):
        return download
    return render(request, "placements/company_report.html", context)


@login_required
def opening_new(request: AuthedRequest) -> HttpResponse:
    """Post a job opening: a company contact for their company, a coordinator for a partner company."""
    if not companies_for_user(request.user).exists():
        raise Http404
    form = OpeningForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            opening = actions.post_opening(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("The opening %(o)s is posted.") % {"o": opening.title})
            return redirect("placements:opening", opening.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "placements/opening_form.html", {"form": form, "opening": None}, status=status)


@login_required
def opening_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = get_editable_opening_for_user(request.user, pk)
    with_status = opening.status != JobOpening.Status.FILLED
    initial = {name: getattr(opening, name) for name in (*actions.OPENING_FIELDS, "status")}
    form = OpeningForm(
        request.POST if request.method == "POST" else None, user=request.user, with_status=with_status, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_opening(opening=opening, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("The opening %(o)s is saved.") % {"o": form.cleaned_data["title"]})
            return redirect("placements:opening", opening.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "placements/opening_form.html", {"form": form, "opening": opening}, status=status)
