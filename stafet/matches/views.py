"""The coordinator's matching screen for a cohort: run, look, pin or exclude, re-run, approve, publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from stafet.forms import add_action_error, refusal_message
from stafet.i18n import in_page_language
from stafet.matches import actions, adapter, present, trial
from stafet.matches.access import (
    get_cohort_mentor,
    get_cohort_participant,
    get_match_run_for_user,
    get_pair_rule_for_user,
    get_proposal_for_user,
)
from stafet.matches.forms import PairRuleForm
from stafet.matches.models import MatchRun, PairRule
from stafet.organisations.http import AuthedRequest
from stafet.params import parse_ids
from stafet.people.models import Mentor, Participant
from stafet.programmes.access import get_cohort_for_user
from stafet.programmes.models import Cohort
from stafet.programmes.setting_forms import WeightsForm

ROUND_LABELS = {adapter.PROFESSIONAL: _("business mentors"), adapter.COMMUNITY: _("community volunteers")}


def _round(request: AuthedRequest, cohort: Cohort) -> str:
    rounds = adapter.rounds_of(cohort.programme)
    wanted = request.POST.get("round") or request.GET.get("round")
    return wanted if wanted in rounds else rounds[0]


def _page_url(cohort: Cohort, role: str) -> str:
    return f"{reverse('matches:cohort', args=[cohort.pk])}?round={role}"


def _shown_run(cohort: Cohort, role: str) -> MatchRun | None:
    """The run the page shows: the draft, else the latest published run."""
    runs = cohort.match_runs.filter(role=role)
    return runs.filter(status=MatchRun.Status.DRAFT).first() or runs.filter(status=MatchRun.Status.PUBLISHED).first()


def _rules(cohort: Cohort, role: str, shown: MatchRun | None) -> list[PairRule]:
    """The round's pins and exclusions, each with its state against the run shown."""
    rules = cohort.pair_rules.select_related("participant", "mentor").order_by("kind", "participant__last_name")
    chosen = [r for r in rules if actions.round_of_mentor(cohort, r.mentor) == role]
    return present.annotate_rules(chosen, shown, _pairs(shown))


def _pairs(run: MatchRun | None) -> set[tuple[int, int]]:
    return set(run.proposals.values_list("participant_id", "mentor_id")) if run else set()


def _context(request: AuthedRequest, cohort: Cohort, role: str, **extra) -> dict:
    runs = cohort.match_runs.filter(role=role)
    shown = _shown_run(cohort, role)
    draft = shown if shown and shown.status == MatchRun.Status.DRAFT else None
    proposals, unmatched = [], []
    rules = _rules(cohort, role, shown)
    if shown:
        by_pair: dict[tuple[int, int | None], PairRule] = {(r.participant_id, r.mentor_id): r for r in rules}
        points = shown.stats.get("points", {})
        proposals = list(shown.proposals.select_related("participant", "mentor__organisation", "next_best"))
        for p in proposals:
            p.shares = present.score_shares(p, points)
            p.rule = by_pair.get((p.participant_id, p.mentor_id))
            p.next_best_percent = None if p.next_best_score is None else round(p.next_best_score / 10)
        unmatched = present.unmatched_rows(cohort, shown.unmatched.select_related("participant"))
        for m in shown.stats.get("left_out", []):
            m["reason"] = in_page_language({"da": m["reason_da"], "en": m["reason_en"]})
    weights = draft.weights if draft else cohort.programme.weights
    published_shown = shown is not None and shown.status == MatchRun.Status.PUBLISHED
    return {
        "cohort": cohort,
        "role": role,
        "rounds": [(r, ROUND_LABELS[r]) for r in adapter.rounds_of(cohort.programme)],
        "dual": adapter.is_dual(cohort.programme),
        "run": shown,
        "proposals": proposals,
        "unmatched": unmatched,
        "close_calls": sum(p.close_call for p in proposals),
        "weights_form": extra.pop("weights_form", None) or WeightsForm(initial=weights),
        "rules": rules,
        "waiting": adapter.participants_to_match(cohort, role) if published_shown else [],
        "published_pairs": sum(p.approved for p in proposals),
        "approved_pairs": sum(p.approved for p in proposals),
        "participants": cohort.participant_enrolments.filter(status="enrolled")
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name"),
        "mentors": [e for e in adapter.mentor_enrolments(cohort, role)],
        "published": runs.filter(status=MatchRun.Status.PUBLISHED).annotate(
            published_pairs=Count("proposals", filter=Q(proposals__approved=True))
        ),
        "talent": cohort.programme.is_talent,
        "whatif": _whatif_choices(request, cohort, role) if _can_try(cohort) else None,
        **extra,
    }


def _can_try(cohort: Cohort) -> bool:
    """A what-if is offered where the matching can run: mentor programmes' open cohorts."""
    return not cohort.programme.is_talent and cohort.status != Cohort.Status.CLOSED


def _whatif_choices(request: AuthedRequest, cohort: Cohort, role: str) -> dict:
    """What the what-if forms offer: the round's mentors and sites, the programme's other mentors, the levels."""
    mentors = adapter.mentor_enrolments(cohort, role)
    sites = {e.mentor.site.pk: e.mentor.site for e in mentors if e.mentor.site is not None}
    programme = cohort.programme
    return {
        "mentors": [e for e in mentors if e.mentor.is_trained],
        "extra": trial.extra_mentors(cohort, role, request.user),
        "sites": sorted(sites.values(), key=str),
        "levels": [lvl for lvl in trial.CEFR_LEVELS if lvl != programme.min_language_level],
        "km": programme.max_distance_km,
        "max_km": trial.MAX_KM,
    }


@login_required
def what_if(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """Try a change without saving it: a GET that writes nothing (no run, no audit record)."""
    cohort = get_cohort_for_user(request.user, cohort_id)
    role = _round(request, cohort)
    found: dict = {"whatif_error": None, "tried": None}
    try:
        ready = trial.prepare(cohort, role, request.user)
        change, words = trial.change_from(ready, request.GET)
        found["tried"] = trial.try_change(ready, change, words, _shown_run(cohort, role))
    except ValidationError as error:
        found["whatif_error"] = " ".join(error.messages)
    if request.htmx:  # htmx swaps only 2xx answers: a refusal is shown where the answer would be
        return render(request, "matches/cohort.html#whatif_result", {"cohort": cohort, "role": role, **found})
    # A refused change is shown in the what-if section of the page (like an answer), not as a failed request.
    return render(request, "matches/cohort.html", _context(request, cohort, role, **found))


@login_required
def where_it_helps(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """For each unmatched participant, the single change that would match them (solved, not saved)."""
    cohort = get_cohort_for_user(request.user, cohort_id)
    role = _round(request, cohort)
    found: dict = {"helps_error": None, "helps": None, "helps_complete": True, "helps_asked": True}
    try:
        found["helps"], found["helps_complete"] = trial.helps(trial.prepare(cohort, role, request.user))
    except ValidationError as error:
        found["helps_error"] = " ".join(error.messages)
    if request.htmx:
        return render(request, "matches/cohort.html#helps", {"cohort": cohort, "role": role, **found})
    return render(request, "matches/cohort.html", _context(request, cohort, role, **found))


@login_required
def cohort_matching(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, cohort_id)
    return render(request, "matches/cohort.html", _context(request, cohort, _round(request, cohort)))


@login_required
@require_POST
def run(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """Run the engine with the weights in the form (this run only)."""
    cohort = get_cohort_for_user(request.user, cohort_id)
    role = _round(request, cohort)
    form = WeightsForm(request.POST)
    if form.is_valid():
        try:
            done = actions.run_matching(cohort=cohort, role=role, by=request.user, weights=form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(
                request,
                _("Matched %(m)s of %(n)s participants.")
                % {"m": done.stats["matched"], "n": done.stats["participants"]},
            )
            return redirect(_page_url(cohort, role))
    context = _context(request, cohort, role, weights_form=form)
    return render(request, "matches/cohort.html", context, status=400)


@login_required
@require_POST
def add_rule(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """Pin or exclude a pair: from a proposal's row (htmx or plain POST) or the form under the list."""
    cohort = get_cohort_for_user(request.user, cohort_id)
    form = PairRuleForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Choose a participant and a mentor.")
    else:
        participant: Participant = get_cohort_participant(cohort, form.cleaned_data["participant"])
        mentor: Mentor = get_cohort_mentor(cohort, form.cleaned_data["mentor"])
        act = actions.pin_pair if form.cleaned_data["kind"] == PairRule.Kind.PIN else actions.exclude_pair
        try:
            act(
                cohort=cohort,
                participant=participant,
                mentor=mentor,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    changed = None
    if form.is_valid():
        rule = cohort.pair_rules.filter(participant=participant, mentor=mentor).first()
        if rule:
            shown = _shown_run(cohort, _round(request, cohort))
            present.annotate_rules([rule], shown, _pairs(shown))
        changed = {"participant_id": participant.pk, "mentor_id": mentor.pk, "rule": rule}
    return _rules_answer(request, cohort, _round(request, cohort), error, changed)


@login_required
@require_POST
def remove_rule(request: AuthedRequest, rule_id: int) -> HttpResponse:
    rule = get_pair_rule_for_user(request.user, rule_id)
    cohort, role = rule.cohort, actions.round_of_mentor(rule.cohort, rule.mentor)
    changed = {"participant_id": rule.participant_id, "mentor_id": rule.mentor_id, "rule": None}
    actions.remove_pair_rule(rule=rule, by=request.user)
    return _rules_answer(request, cohort, role, None, changed)


def _rules_answer(
    request: AuthedRequest, cohort: Cohort, role: str, error: str | None, changed: dict | None = None
) -> HttpResponse:
    if request.htmx:
        # htmx swaps only 2xx answers, so a refusal comes back as 200 with the message in the list. The pair's
        # row in the proposals (if shown) gets its new state too, out of band, so the click is answered where
        # it was made.
        shown = _shown_run(cohort, role)
        context = {"cohort": cohort, "role": role, "rules": _rules(cohort, role, shown), "rule_error": error,
                   "changed": changed, "run": shown}  # fmt: skip
        return render(request, "matches/cohort.html#rules", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved. Run the matching again to use it."))
    return redirect(_page_url(cohort, role))


@login_required
@require_POST
def approve(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, proposal_id)
    run = proposal.run
    try:
        actions.set_proposal_approved(
            proposal=proposal, approved=str(proposal.pk) in request.POST.getlist("approved"), by=request.user
        )
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=409)
        refusal_message(request, error)
    if request.htmx:
        return HttpResponse(status=204)
    return redirect(_page_url(run.cohort, run.role))


@login_required
@require_POST
def approve_all(request: AuthedRequest, run_id: int) -> HttpResponse:
    """Approve every proposed pair at once: an explicit choice, recorded in the audit trail."""
    run = get_match_run_for_user(request.user, run_id)
    try:
        n = actions.approve_all_proposals(run=run, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, ngettext("Approved %(n)s pair.", "Approved %(n)s pairs.", n) % {"n": n})
    return redirect(_page_url(run.cohort, run.role))


@login_required
@require_POST
def publish(request: AuthedRequest, run_id: int) -> HttpResponse:
    """Publish the approved pairs; the form's checkboxes say which are approved."""
    run = get_match_run_for_user(request.user, run_id)
    approved = None
    if request.POST.get("approvals") == "1":
        approved = parse_ids(request.POST.getlist("approved"))
    try:
        created = actions.publish_match_run(run=run, by=request.user, approved=approved)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Published: %(n)s mentorships created; mentors and participants are told by email.")
                         % {"n": len(created)})  # fmt: skip
    return redirect(_page_url(run.cohort, run.role))


@login_required
@require_POST
def discard(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = get_match_run_for_user(request.user, run_id)
    try:
        actions.discard_match_run(run=run, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("The proposal was discarded."))
    return redirect(_page_url(run.cohort, run.role))
