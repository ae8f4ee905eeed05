"""The coordinator's logins page: who has been invited and not accepted yet, a new invitation for them, enrolled
mentors and participants who have no login and why (an email address added here sends their invitation), a login
for a partner's company contact or caseworker, and deactivation (which ends the user's sessions)."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stafet.accounts.actions import create_invited_user, deactivate_user, resend_invitation
from stafet.accounts.models import Invitation
from stafet.forms import add_action_error, refusal_message
from stafet.organisations.access import role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import Organisation, Role
from stafet.people.models import Mentor, Participant
from stafet.programmes.access import (
    get_mentor_due_a_login_for_user,
    get_participant_due_a_login_for_user,
    mentors_due_a_login_for_user,
    participants_due_a_login_for_user,
)
from stafet.programmes.actions import invite_to_login
from stafet.web.access import get_login_for_user, logins_for_user, partner_organisations_for_user


class NewLoginForm(forms.Form):
    role = forms.ChoiceField(
        label=gettext_lazy("role"),
        choices=[(Role.COMPANY_CONTACT, Role.COMPANY_CONTACT.label), (Role.CASEWORKER, Role.CASEWORKER.label)],
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("company or job centre"), queryset=Organisation.objects.none()
    )
    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("email"), help_text=gettext_lazy("The invitation is sent here."))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class InviteForm(forms.Form):
    """The email address of an enrolled person who has no login, to send their invitation to."""

    email = forms.EmailField(label=gettext_lazy("email"), required=False, max_length=254)


def _without_login(request: AuthedRequest) -> list[dict[str, Any]]:
    """Enrolled mentors and participants without a login: each with their page, their role, the reason and a
    form to invite them."""
    rows = []
    mentors = mentors_due_a_login_for_user(request.user).order_by("last_name", "first_name", "pk")[:200]
    participants = participants_due_a_login_for_user(request.user).order_by("last_name", "first_name", "pk")[:200]
    for people, kind, role in ((mentors, "mentor", Role.MENTOR), (participants, "participant", Role.PARTICIPANT)):
        for person in people:
            rows.append({
                "person": person, "role": role.label, "page": reverse(f"people:{kind}", args=[person.pk]),
                "invite": reverse(f"people:login_invite_{kind}", args=[person.pk]),
                "why": _("no email address") if not person.email else _("not invited"),
                "form": InviteForm(prefix=f"{kind}{person.pk}"),
            })  # fmt: skip
    return rows


def _context(request: AuthedRequest, form: NewLoginForm | None = None) -> dict[str, Any]:
    waiting = Invitation.objects.pending().filter(user=OuterRef("pk"))
    shown = request.GET.get("show") == "all"
    users = logins_for_user(request.user).filter(is_active=True).annotate(waiting=Exists(waiting))
    if not shown:
        users = users.filter(waiting=True)
    users = users.select_related("organisation").prefetch_related(
        Prefetch("invitations", queryset=Invitation.objects.pending(), to_attr="pending")
    )
    organisations = partner_organisations_for_user(request.user)
    return {
        "users": users.order_by("last_name", "first_name", "pk")[:500],
        "all": shown,
        "without_login": _without_login(request),
        "form": form or NewLoginForm(organisations=organisations, prefix="new"),
    }


@login_required
def login_list(request: AuthedRequest) -> HttpResponse:
    if role_of(request.user) not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        raise Http404
    return render(request, "people/logins.html", _context(request))


@login_required
@require_POST
def login_new(request: AuthedRequest) -> HttpResponse:
    if role_of(request.user) not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        raise Http404
    form = NewLoginForm(request.POST, organisations=partner_organisations_for_user(request.user), prefix="new")
    if form.is_valid():
        try:
            user = create_invited_user(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("%(name)s is invited by email.") % {"name": user.get_full_name()})
            return redirect("people:logins")
    return render(request, "people/logins.html", _context(request, form), status=400)


@login_required
@require_POST
def login_resend(request: AuthedRequest, pk: int) -> HttpResponse:
    user = get_login_for_user(request.user, pk)
    try:
        resend_invitation(user=user, by=request.user)
        messages.success(request, _("A new invitation is sent to %(email)s.") % {"email": user.email})
    except ValidationError as error:
        refusal_message(request, error)
    return redirect("people:logins")


@login_required
@require_POST
def login_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    user = get_login_for_user(request.user, pk)
    try:
        deactivate_user(user=user, by=request.user)
        messages.success(request, _("%(name)s can no longer log in.") % {"name": user.get_full_name() or user})
    except ValidationError as error:
        refusal_message(request, error)
    return redirect("people:logins")


def _invite(request: AuthedRequest, person: Mentor | Participant) -> HttpResponse:
    form = InviteForm(request.POST, prefix=f"{person._meta.model_name}{person.pk}")  # as _without_login names it
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["email"]))
        user = invite_to_login(person=person, email=form.cleaned_data["email"], by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("An invitation is sent to %(email)s.") % {"email": user.email})
    return redirect("people:logins")


@login_required
@require_POST
def mentor_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    """An enrolled mentor without a login: the email address added (when given) and the invitation sent."""
    return _invite(request, get_mentor_due_a_login_for_user(request.user, pk))


@login_required
@require_POST
def participant_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    """An enrolled participant without a login: the email address added (when given) and the invitation sent."""
    return _invite(request, get_participant_due_a_login_for_user(request.user, pk))
