"""Events: the coordinator schedules them, invites people, records who came; invitees answer."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stafet.events import actions
from stafet.events.access import (
    can_manage_events,
    events_for_user,
    get_answerable_invitation_for_user,
    get_event_for_user,
    get_managed_event_for_user,
    own_invitations,
)
from stafet.events.forms import AnswerForm, EventForm
from stafet.events.models import Event, Invitation
from stafet.forms import add_action_error
from stafet.organisations.http import AuthedRequest
from stafet.params import parse_id, parse_ids
from stafet.people.access import mentors_for_user
from stafet.programmes.access import (
    cohorts_for_user,
    programme_mentors_for_user,
    referred_participants_for_user,
    screening_programmes_for_user,
)
from stafet.programmes.models import ParticipantEnrolment


def _counted(events):
    return events.annotate(
        invited=Count("invitations"),
        going=Count("invitations", filter=Q(invitations__rsvp=Invitation.Rsvp.YES)),
        came=Count("invitations", filter=Q(invitations__attended=True)),
    )


def _list_context(request: AuthedRequest, form: EventForm | None = None) -> dict[str, Any]:
    user, now = request.user, timezone.now()
    context: dict[str, Any] = {"can_manage": can_manage_events(user), "now": now}
    if context["can_manage"]:
        events = _counted(events_for_user(user))
        if programme_id := parse_id(request.GET.get("programme")):
            events = events.filter(programme=programme_id)
        if cohort_id := parse_id(request.GET.get("cohort")):
            events = events.filter(cohort=cohort_id)
        context["upcoming"] = events.filter(ends_at__gte=now, status=Event.Status.SCHEDULED).order_by("starts_at")
        context["past"] = events.exclude(ends_at__gte=now, status=Event.Status.SCHEDULED).order_by("-starts_at")[:50]
        context["form"] = form or EventForm(
            programmes=screening_programmes_for_user(user),
            prefix="event",
            initial={"kind": _kind_in_query(request), **_chosen_in_query(request)},
        )
    else:
        context["invitations"] = own_invitations(user).select_related("event__programme").order_by("-event__starts_at")
        context["answer_form"] = AnswerForm()
    return context


def _chosen_in_query(request: AuthedRequest) -> dict[str, Any]:
    """The programme and cohort the list was opened for, as the scheduling form's starting values."""
    chosen = parse_id(request.GET.get("cohort"))
    cohort = cohorts_for_user(request.user).filter(pk=chosen).first() if chosen else None
    if cohort is not None:
        return {"programme": cohort.programme_id, "cohort": cohort.pk}
    programme = parse_id(request.GET.get("programme"))
    return {"programme": programme} if programme else {}


def _kind_in_query(request: AuthedRequest) -> str:
    kind = request.GET.get("kind")
    return kind if kind in Event.Kind.values else Event.Kind.WELCOME


@login_required
def event_list(request: AuthedRequest) -> HttpResponse:
    """The organiser's events (upcoming and past, and a form to schedule one); an invitee's invitations."""
    return render(request, "events/list.html", _list_context(request))


@login_required
@require_POST
def event_schedule(request: AuthedRequest) -> HttpResponse:
    if not can_manage_events(request.user):
        raise Http404
    form = EventForm(request.POST, programmes=screening_programmes_for_user(request.user), prefix="event")
    if form.is_valid():
        try:
            event = actions.schedule_event(
                programme=form.cleaned_data["programme"], by=request.user, **form.action_fields()
            )
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("%(e)s is scheduled: now invite people.") % {"e": event.name})
            return redirect("events:detail", event.pk)
    return render(request, "events/list.html", _list_context(request, form), status=400)


def _candidates(request: AuthedRequest, event: Event) -> dict[str, Any]:
    """Whom the organiser may invite: the programme's mentors, and for an event that is not a training session the
    participants enrolled in its cohort (or in any of the programme's cohorts)."""
    user = request.user
    mentors = programme_mentors_for_user(user, event.programme).select_related("organisation")
    participants = referred_participants_for_user(user).none()
    if not event.is_training:
        enrolled = ParticipantEnrolment.objects.filter(
            cohort__programme=event.programme, status=ParticipantEnrolment.Status.ENROLLED
        )
        if event.cohort_id:
            enrolled = enrolled.filter(cohort=event.cohort_id)
        participants = referred_participants_for_user(user).filter(pk__in=enrolled.values("participant"))
    invited = event.invitations.all()
    return {
        "mentor_choices": mentors.exclude(pk__in=invited.filter(mentor__isnull=False).values("mentor")),
        "participant_choices": participants.exclude(
            pk__in=invited.filter(participant__isnull=False).values("participant")
        ).order_by("last_name", "first_name"),
    }


def _detail_context(request: AuthedRequest, event: Event, form: EventForm | None = None) -> dict[str, Any]:
    user = request.user
    manage = can_manage_events(user)  # the event came through events_for_user: it is their NGO's
    context: dict[str, Any] = {"event": event, "can_manage": manage, "now": timezone.now()}
    if manage:
        invitations = event.invitations.select_related("mentor__organisation", "participant").order_by(
            "mentor__last_name", "participant__last_name", "pk"
        )
        context |= {
            "invitations": invitations,
            "going": sum(1 for i in invitations if i.rsvp == Invitation.Rsvp.YES),
            "came": sum(1 for i in invitations if i.attended),
            "form": form
            or EventForm(
                initial=EventForm.initial_of(event),
                programmes=screening_programmes_for_user(user),
                fixed_programme=event.programme,
                prefix="change",
            ),
            "has_begun": event.starts_at <= timezone.now(),
            "is_over": event.ends_at <= timezone.now(),
            **(candidates := _candidates(request, event)),
            "untrained_left": candidates["mentor_choices"].filter(training_completed_on__isnull=True).exists(),
        }
    else:
        context["invitation"] = own_invitations(user).filter(event=event).first()
    return context


@login_required
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    return render(request, "events/detail.html", _detail_context(request, event))


@login_required
@require_POST
def event_change(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_managed_event_for_user(request.user, pk)
    form = EventForm(
        request.POST,
        programmes=screening_programmes_for_user(request.user),
        fixed_programme=event.programme,
        prefix="change",
    )
    if form.is_valid():
        try:
            actions.change_event(event=event, by=request.user, **form.action_fields())
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("The event is changed; the people invited are told."))
            return redirect("events:detail", event.pk)
    return render(request, "events/detail.html", _detail_context(request, event, form), status=400)


@login_required
@require_POST
def event_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_managed_event_for_user(request.user, pk)
    try:
        actions.cancel_event(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is cancelled; the people invited are told."))
    return redirect("events:detail", event.pk)


@login_required
@require_POST
def event_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    """Invite the chosen mentors and participants, or a whole group at once (``group``)."""
    event = get_managed_event_for_user(request.user, pk)
    candidates = _candidates(request, event)
    group = request.POST.get("group", "")
    if group == "cohort":
        mentors = candidates["mentor_choices"].filter(enrolments__cohort=event.cohort_id) if event.cohort_id else []
        participants = list(candidates["participant_choices"])
    elif group == "untrained":
        mentors, participants = candidates["mentor_choices"].filter(training_completed_on__isnull=True), []
    else:
        mentors = _chosen(request, "mentors", mentors_for_user(request.user), candidates["mentor_choices"])
        participants = _chosen(
            request, "participants", referred_participants_for_user(request.user), candidates["participant_choices"]
        )
    try:
        new = actions.invite_to_event(event=event, by=request.user, mentors=mentors, participants=participants)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s invited.") % {"n": len(new)})
    return redirect("events:detail", event.pk)


def _chosen(request: AuthedRequest, name: str, visible, candidates) -> list:
    """The posted people: anyone the user may not see is a 404; anyone seen but not invitable is refused."""
    ids = parse_ids(request.POST.getlist(name))
    people = list(visible.filter(pk__in=ids).distinct())
    if len(people) != len(set(ids)):
        raise Http404
    allowed = set(candidates.filter(pk__in=ids).values_list("pk", flat=True))
    return [p for p in people if p.pk in allowed]


@login_required
@require_POST
def event_attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    """Who came: every invitation shown on the form (``shown``) is recorded, ticked (``came``) or not."""
    event = get_managed_event_for_user(request.user, pk)
    shown = set(parse_ids(request.POST.getlist("shown")))
    came = set(parse_ids(request.POST.getlist("came")))
    if not came <= shown or not shown <= set(event.invitations.values_list("pk", flat=True)):
        raise Http404
    try:
        actions.record_attendance(event=event, came={pk: pk in came for pk in shown}, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance is recorded."))
    return redirect("events:detail", event.pk)


@login_required
@require_POST
def invitation_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    invitation = get_answerable_invitation_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes or no."))
    else:
        try:
            actions.answer_invitation(invitation=invitation, rsvp=form.cleaned_data["rsvp"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your answer is saved.")
                if invitation.person.user_id == request.user.pk
                else _("The answer is saved."),
            )
    return redirect("events:detail", invitation.event_id)
