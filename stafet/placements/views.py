"""Job openings and their placement pipeline (talent programme): the openings list, one opening with its
candidates by stage and, for the programme's coordinators, the engine's ranking of the candidate pool."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stafet.forms import add_action_error, ask_to_confirm, is_confirmed, refusal_message
from stafet.organisations.access import companies_for_user
from stafet.params import parse_id
from stafet.placements import actions
from stafet.placements.access import (
    can_manage_pipeline,
    get_editable_opening_for_user,
    get_opening_for_user,
    get_pipeline_opening_for_user,
    get_placement_for_user,
    get_pool_candidate_for_user,
    openings_for_user,
    placements_for_user,
    stages_for_user,
)
from stafet.placements.forms import OpeningForm
from stafet.placements.models import JobOpening, Placement
from stafet.placements.ranking import rank_opening
from stafet.programmes.access import programmes_for_user

PRESENTED = list(Placement.PRESENTED)
RANKED_SHOWN = 15


@login_required
def opening_list(request: HttpRequest) -> HttpResponse:
    """Openings with their pipeline in figures; filtered by programme and status (open by default)."""
    visible = placements_for_user(request.user).values("pk")
    openings = openings_for_user(request.user).annotate(
        in_pipeline=Count("placements", filter=Q(placements__in=visible), distinct=True),
        presented=Count(
            "placements", filter=Q(placements__in=visible, placements__status__in=PRESENTED), distinct=True
        ),
        hired=Count(
            "placements", filter=Q(placements__in=visible, placements__status=Placement.Stage.HIRED), distinct=True
        ),
    )
    programmes = programmes_for_user(request.user).filter(openings__in=openings).distinct()
    programme = parse_id(request.GET.get("programme"))
    if programme is not None:
        openings = openings.filter(programme=programme)
    status = request.GET.get("status", JobOpening.Status.OPEN)
    if status in JobOpening.Status.values:
        openings = openings.filter(status=status)
    context = {"openings": openings, "programmes": programmes, "programme": programme, "status": status,
               "statuses": JobOpening.Status.choices,
               "can_post": companies_for_user(request.user).exists()}  # fmt: skip
    return render(request, "placements/openings.html", context)


def _opening_context(request: HttpRequest, opening: JobOpening) -> dict:
    user = request.user
    # Only the candidates this user may see: a company sees those presented to it, not the whole pool.
    placements = list(
        placements_for_user(user)
        .filter(opening=opening)
        .select_related("participant", "opening__programme")
        .order_by("-score", "pk")
    )
    for placement in placements:
        placement.moves = [(s, Placement.Stage(s).label) for s in stages_for_user(user, placement)]
    manage = can_manage_pipeline(user, opening)
    counts = {stage: sum(1 for p in placements if p.status == stage) for stage in Placement.Stage.values}
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
        "can_manage": manage,
        "ranked": ranked,
        "can_edit": companies_for_user(user).filter(pk=opening.company_id).exists(),
    }


@login_required
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opening = get_opening_for_user(request.user, pk)
    return render(request, "placements/opening.html", _opening_context(request, opening))


@login_required
@require_POST
def add_candidate(request: HttpRequest, pk: int) -> HttpResponse:
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
def move(request: HttpRequest, pk: int) -> HttpResponse:
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
        actions.move_placement(placement=placement, stage=stage, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("%(p)s: %(s)s.") % {"p": placement.participant, "s": Placement.Stage(stage).label})
    return redirect("placements:opening", placement.opening_id)


@login_required
def opening_new(request: HttpRequest) -> HttpResponse:
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
def opening_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
