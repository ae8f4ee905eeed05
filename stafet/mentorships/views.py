"""Running a mentorship: the pair's page, meetings, status and closing, the NGO's follow-up calls,
escalations and the cohort's pair health. What a user may not see or do is a 404."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stafet.forms import add_action_error, ask_to_confirm, is_confirmed
from stafet.mentorships import actions
from stafet.mentorships.access import (
    can_log_meetings,
    can_raise_escalation,
    escalations_for_user,
    follow_up_calls_for_user,
    get_escalating_mentorship_for_user,
    get_follow_up_call_for_user,
    get_loggable_mentorship_for_user,
    get_managed_escalation_for_user,
    get_managed_mentorship_for_user,
    get_mentorship_for_user,
    get_plannable_meeting_for_user,
    is_programme_staff,
)
from stafet.mentorships.forms import CallForm, CloseForm, EscalationForm, HeldForm, MeetingForm, PlanForm, ResolveForm
from stafet.mentorships.health import FLAG_ORDER, cohort_health
from stafet.mentorships.models import OPEN_STATUSES, Escalation, FollowUpCall, Mentorship, PlannedMeeting
from stafet.organisations.access import role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import Role
from stafet.programmes.access import get_cohort_for_user
from stafet.programmes.models import Programme
from stafet.programmes.plan import add_months, plan_so_far, whole_plan

# ---------------------------------------------------------------------------------------------------------
# The mentorship page


def _detail_context(request: AuthedRequest, mentorship: Mentorship, **forms: Any) -> dict[str, Any]:
    user, programme, today = request.user, mentorship.cohort.programme, timezone.localdate()
    meetings = list(mentorship.meetings.select_related("logged_by"))
    manage = is_programme_staff(user)
    for meeting in meetings:
        meeting.shown_note = meeting.note_for(user, is_staff=manage)  # type: ignore[attr-defined]
    return {
        "mentorship": mentorship,
        "programme": programme,
        "meetings": meetings,
        "held": len(meetings),
        "hours_held": sum((m.hours for m in meetings), start=0),
        "expected": plan_so_far(programme, mentorship.started_on, mentorship.ended_on, today).meetings,
        "whole_plan": whole_plan(programme),
        "refused_venues": [label for value, label in Programme.Venue.choices if value in programme.refused_venues],
        "calls": _with_forms(mentorship.follow_up_calls.all()) if manage else [],
        "escalations": escalations_for_user(user).filter(mentorship=mentorship),
        "can_log": can_log_meetings(user, mentorship),
        "can_manage": manage,
        "can_escalate": can_raise_escalation(user, mentorship),
        "status_choices": [
            (s, Mentorship.Status(s).label) for s in mentorship.allowed_transitions() if s != Mentorship.Status.CLOSED
        ],
        "meeting_form": forms.get("meeting_form") or MeetingForm.for_mentorship(mentorship),
        "close_form": forms.get("close_form") or CloseForm(initial={"ended_on": today}),
        "escalation_form": forms.get("escalation_form") or EscalationForm(),
        "status_error": forms.get("status_error"),
        "today": today,
        **_planning_context(mentorship, forms),
    }


def _with_forms(calls: QuerySet[FollowUpCall]) -> list[FollowUpCall]:
    """The calls, each not yet made with its own form to record it."""
    listed = list(calls)
    for call in listed:
        if not call.done_on:
            call.form = CallForm.for_call(call)
    return listed


@login_required
def mentorship_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for_user(request.user, pk)
    return render(request, "mentorships/detail.html", _detail_context(request, mentorship))


@login_required
@require_POST
def log_meeting(request: AuthedRequest, pk: int) -> HttpResponse:
    """One step: the form posts, the meetings list and a fresh form come back (htmx) or the page reloads."""
    mentorship = get_loggable_mentorship_for_user(request.user, pk)
    form = MeetingForm.for_mentorship(mentorship, request.POST)
    logged = None
    if form.is_valid():
        try:
            logged = actions.log_meeting(mentorship=mentorship, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
    if logged and not request.htmx:
        messages.success(request, _("Meeting on %(d)s logged.") % {"d": logged.date})
        return redirect("mentorships:detail", mentorship.pk)
    context = _detail_context(request, mentorship, meeting_form=None if logged else form)
    context["logged"] = logged
    if request.htmx:
        # htmx swaps only 2xx answers, so a refused meeting comes back as 200 with the errors on the form.
        return render(request, "mentorships/detail.html#meetings", context)
    return render(request, "mentorships/detail.html", context, status=400)


@login_required
@require_POST
def change_status(request: AuthedRequest, pk: int) -> HttpResponse:
    mentorship = get_managed_mentorship_for_user(request.user, pk)
    try:
        actions.change_mentorship_status(mentorship=mentorship, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as error:
        context = _detail_context(request, mentorship, status_error=" ".join(error.messages))
        return render(request, "mentorships/detail.html", context, status=400)
    mentorship.refresh_from_db()
    messages.success(request, _("The mentorship is now %(s)s.") % {"s": mentorship.get_status_display()})
    return redirect("mentorships:detail", mentorship.pk)


@login_required
@require_POST
def close(request: AuthedRequest, pk: int) -> HttpResponse:
    """Close with a coded reason; the mentor's place in the cohort is freed and later calls are dropped."""
    mentorship = get_managed_mentorship_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid() and not is_confirmed(request) and (early := _closed_early(mentorship, **form.cleaned_data)):
        return ask_to_confirm(
            request,
            question=_("Close the mentorship as completed already?"),
            consequence=_(
                "The programme plans %(months)s months, until %(end)s; closed as completed on %(day)s, the pair "
                "stops meeting and its follow-up calls after that day are dropped. A closed mentorship cannot be "
                "opened again."
            )
            % {
                "months": mentorship.cohort.programme.duration_months,
                "end": early,
                "day": form.cleaned_data["ended_on"],
            },
            button=_("Yes, close it as completed"),
            back=reverse("mentorships:detail", args=[mentorship.pk]),
        )
    if form.is_valid():
        try:
            actions.close_mentorship(mentorship=mentorship, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("The mentorship is closed."))
            return redirect("mentorships:detail", mentorship.pk)
    return render(request, "mentorships/detail.html", _detail_context(request, mentorship, close_form=form), status=400)


def _closed_early(mentorship: Mentorship, *, reason: str, ended_on: datetime.date, **_: Any) -> datetime.date | None:
    """The planned end, when ``mentorship`` would be closed as completed before it (and after its start)."""
    if reason != Mentorship.ClosingReason.COMPLETED or mentorship.started_on is None:
        return None
    planned_end = add_months(mentorship.started_on, mentorship.cohort.programme.duration_months)
    return planned_end if mentorship.started_on <= ended_on < planned_end else None


@login_required
@require_POST
def raise_escalation(request: AuthedRequest, pk: int) -> HttpResponse:
    mentorship = get_escalating_mentorship_for_user(request.user, pk)
    form = EscalationForm(request.POST)
    if form.is_valid():
        try:
            actions.raise_escalation(mentorship=mentorship, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("Your coordinator has been asked for help and will contact you."))
            return redirect("mentorships:detail", mentorship.pk)
    context = _detail_context(request, mentorship, escalation_form=form)
    return render(request, "mentorships/detail.html", context, status=400)


# ---------------------------------------------------------------------------------------------------------
# Follow-up calls (the NGO phones mentor and participant)


def _calls_context(request: AuthedRequest, failed: FollowUpCall | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    calls = list(
        follow_up_calls_for_user(request.user)
        .filter(done_on__isnull=True, mentorship__status__in=OPEN_STATUSES, due_on__lte=today + datetime.timedelta(6))
        .order_by("due_on", "mentorship__participant__last_name", "pk")
    )
    for call in calls:
        call.form = failed.form if failed is not None and call.pk == failed.pk else CallForm.for_call(call)
    # A call no longer on the list (say, recorded by a colleague meanwhile) gets its error at the top.
    call_error = None
    if failed is not None and not any(c.pk == failed.pk for c in calls):
        call_error = " ".join(str(e) for errors in failed.form.errors.values() for e in errors)
    return {
        "call_error": call_error,
        "overdue": [c for c in calls if c.due_on < today],
        "due": [c for c in calls if c.due_on >= today],
        "today": today,
        "week_end": today + datetime.timedelta(6),
    }


@login_required
def follow_ups(request: AuthedRequest) -> HttpResponse:
    if not is_programme_staff(request.user):
        raise Http404
    return render(request, "mentorships/follow_ups.html", _calls_context(request))


@login_required
@require_POST
def record_call(request: AuthedRequest, pk: int) -> HttpResponse:
    call = get_follow_up_call_for_user(request.user, pk)
    form = CallForm.for_call(call, request.POST)
    if form.is_valid():
        try:
            call = actions.complete_follow_up(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
    if not form.errors:
        if request.htmx:
            return render(request, "mentorships/follow_ups.html#row", {"call": call})
        messages.success(request, _("Call with %(p)s recorded.") % {"p": call.mentorship})
        if request.POST.get("next") == "mentorship":  # recorded from the pair's own page
            return redirect("mentorships:detail", call.mentorship_id)
        return redirect("mentorships:follow_ups")
    call.form = form
    if request.htmx:
        return render(request, "mentorships/follow_ups.html#row", {"call": call})
    return render(request, "mentorships/follow_ups.html", _calls_context(request, failed=call), status=400)


# ---------------------------------------------------------------------------------------------------------
# Escalations: the coordinators' queue (and the mentor's own, read-only)

STATUS_FILTERS = {
    "": (Escalation.Status.OPEN, Escalation.Status.IN_PROGRESS),
    "open": (Escalation.Status.OPEN,),
    "in_progress": (Escalation.Status.IN_PROGRESS,),
    "resolved": (Escalation.Status.RESOLVED,),
}
URGENCY_RANK = Case(
    When(urgency=Escalation.Urgency.HIGH, then=Value(0)),
    When(urgency=Escalation.Urgency.NORMAL, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _queue(request: AuthedRequest, status: str) -> QuerySet[Escalation]:
    return (
        escalations_for_user(request.user)
        .filter(status__in=STATUS_FILTERS[status])
        .select_related("mentorship__cohort__programme", "raised_by", "resolved_by")
        .annotate(urgency_rank=URGENCY_RANK)
        # Most urgent first, then the one that has waited longest.
        .order_by("urgency_rank", "raised_at", "pk")
    )


@login_required
def escalation_queue(request: AuthedRequest) -> HttpResponse:
    if role_of(request.user) not in (Role.COORDINATOR, Role.ADMINISTRATOR, Role.MENTOR):
        raise Http404
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    counts = dict(escalations_for_user(request.user).values_list("status").annotate(n=Count("pk")).order_by())
    count = {key: sum(counts.get(s, 0) for s in statuses) for key, statuses in STATUS_FILTERS.items()}
    escalations = list(_queue(request, status))
    for escalation in escalations:
        escalation.resolve_form = ResolveForm.for_escalation(escalation)
    context = {
        "escalations": escalations,
        "status": status,
        "filters": [
            ("", _("Not resolved"), count[""]),
            ("open", _("Open"), count["open"]),
            ("in_progress", _("In progress"), count["in_progress"]),
            ("resolved", _("Resolved"), count["resolved"]),
        ],
        "can_manage": is_programme_staff(request.user),
    }
    return render(request, "mentorships/escalations.html", context)


def _escalation_answer(request: AuthedRequest, escalation: Escalation, form: ResolveForm | None = None) -> HttpResponse:
    escalation.resolve_form = form or ResolveForm.for_escalation(escalation)
    context = {"e": escalation, "can_manage": True}
    if request.htmx:
        return render(request, "mentorships/escalations.html#row", context)
    if form is not None and form.errors:
        return render(request, "mentorships/escalations.html", {
            "escalations": [escalation], "status": "", "filters": [], "can_manage": True,
        }, status=400)  # fmt: skip
    return redirect(reverse("mentorships:escalations") + f"#escalation-{escalation.pk}")


@login_required
@require_POST
def take_escalation(request: AuthedRequest, pk: int) -> HttpResponse:
    escalation = get_managed_escalation_for_user(request.user, pk)
    try:
        escalation = actions.take_escalation(escalation=escalation, by=request.user)
    except ValidationError as error:
        form = ResolveForm.for_escalation(escalation)
        add_action_error(error, form)
        return _escalation_answer(request, escalation, form)
    messages.success(request, _("You have taken the escalation."))
    return _escalation_answer(request, escalation)


@login_required
@require_POST
def resolve_escalation(request: AuthedRequest, pk: int) -> HttpResponse:
    escalation = get_managed_escalation_for_user(request.user, pk)
    form = ResolveForm.for_escalation(escalation, request.POST)
    if form.is_valid():
        try:
            escalation = actions.resolve_escalation(
                escalation=escalation, note=form.cleaned_data["resolution_note"], by=request.user
            )
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("The escalation is resolved."))
            return _escalation_answer(request, escalation)
    return _escalation_answer(request, escalation, form)


# ---------------------------------------------------------------------------------------------------------
# Pair health for a cohort

SORTS = {
    "": lambda p: (p.flag_rank, -(p.days_since_contact or 0)),
    "participant": lambda p: str(p.mentorship.participant),
    "mentor": lambda p: str(p.mentorship.mentor),
    "meetings": lambda p: p.meetings_held - p.meetings_expected,
    "contact": lambda p: -(p.days_since_contact or 0),
}


@login_required
def cohort_health_view(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, cohort_id)
    pairs = cohort_health(cohort, today=timezone.localdate())
    sort = request.GET.get("sort", "")
    if sort in SORTS and sort:
        pairs.sort(key=SORTS[sort])
    counts = {flag: sum(1 for p in pairs if p.flag == flag) for flag in FLAG_ORDER}
    return render(
        request, "mentorships/health.html", {"cohort": cohort, "pairs": pairs, "sort": sort, "counts": counts}
    )


# ---------------------------------------------------------------------------------------------------------
# Planning the next meeting (calendar invitations to both), and logging it once it took place


def _planning_context(mentorship: Mentorship, forms: dict[str, Any]) -> dict[str, Any]:
    planned = list(mentorship.planned_meetings.filter(status=PlannedMeeting.Status.PLANNED).order_by("starts_at"))
    failed = forms.get("planned_form")
    for p in planned:
        p.change_form = failed if failed is not None and failed.planned_pk == p.pk else PlanForm.for_mentorship(
            mentorship, planned=p, prefix=f"p{p.pk}")  # fmt: skip
        p.held_form = HeldForm(prefix=f"h{p.pk}")
    return {"planned": planned, "plan_form": forms.get("plan_form") or PlanForm.for_mentorship(mentorship)}


def _planning_failed(request: AuthedRequest, mentorship: Mentorship, **forms: Any) -> HttpResponse:
    return render(request, "mentorships/detail.html", _detail_context(request, mentorship, **forms), status=400)


@login_required
@require_POST
def plan_meeting(request: AuthedRequest, pk: int) -> HttpResponse:
    mentorship = get_loggable_mentorship_for_user(request.user, pk)
    form = PlanForm.for_mentorship(mentorship, request.POST)
    if form.is_valid():
        try:
            actions.plan_meeting(mentorship=mentorship, by=request.user, **form.plan())
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("The meeting is planned; you both get a calendar invitation."))
            return redirect(reverse("mentorships:detail", args=[mentorship.pk]) + "#next-meeting")
    return _planning_failed(request, mentorship, plan_form=form)


@login_required
@require_POST
def change_planned(request: AuthedRequest, pk: int) -> HttpResponse:
    planned = get_plannable_meeting_for_user(request.user, pk)
    form = PlanForm.for_mentorship(planned.mentorship, request.POST, planned=planned, prefix=f"p{planned.pk}")
    form.planned_pk = planned.pk
    if form.is_valid():
        try:
            actions.change_planned_meeting(planned=planned, by=request.user, **form.plan())
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("The meeting is changed; you both get the calendar update."))
            return redirect(reverse("mentorships:detail", args=[planned.mentorship_id]) + "#next-meeting")
    return _planning_failed(request, planned.mentorship, planned_form=form)


@login_required
@require_POST
def cancel_planned(request: AuthedRequest, pk: int) -> HttpResponse:
    planned = get_plannable_meeting_for_user(request.user, pk)
    try:
        actions.cancel_planned_meeting(planned=planned, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is cancelled; you both get the calendar cancellation."))
    return redirect(reverse("mentorships:detail", args=[planned.mentorship_id]) + "#next-meeting")


@login_required
@require_POST
def planned_held(request: AuthedRequest, pk: int) -> HttpResponse:
    """The planned meeting took place: it becomes a logged meeting in one step."""
    planned = get_plannable_meeting_for_user(request.user, pk)
    form = HeldForm(request.POST, prefix=f"h{planned.pk}")
    if form.is_valid():
        try:
            meeting = actions.log_planned_meeting(planned=planned, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Meeting on %(d)s logged.") % {"d": meeting.date})
    return redirect(reverse("mentorships:detail", args=[planned.mentorship_id]) + "#meetings-panel")
