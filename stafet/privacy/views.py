"""The data-protection pages: a person's read log and audit trail (administrators and DPOs)."""

import datetime
import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stafet.forms import refusal_message
from stafet.organisations.access import role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import Role
from stafet.params import clean_text
from stafet.privacy.access import (
    data_subjects_for_user,
    exportable_mentors_for_user,
    exportable_participants_for_user,
    get_data_subject_for_user,
    get_data_subject_of_kind_for_user,
    get_exportable_person_for_user,
    get_mentor_data_subject_for_user,
    is_data_protection_staff,
    mentor_data_subjects_for_user,
)
from stafet.privacy.actions import pseudonymise, withdraw_consent_to_take_part
from stafet.privacy.export import document, person_export
from stafet.privacy.forms import ErasureForm
from stafet.privacy.history import changes_of, reads_of
from stafet.privacy.retention import retention_of
from stafet.programmes.access import get_consent_referral_for_user, referrals_for_user

PDF_STYLES = Path(__file__).parent / "pdf.css"

# The newest entries a data-protection page shows of each log; the export holds them all.
SHOWN = 200
UPCOMING_DAYS = 90


def _search(queryset, query: str):
    for word in query.split():
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


def _list(request: AuthedRequest, people, kind: str) -> HttpResponse:
    if not is_data_protection_staff(request.user):
        raise Http404
    query = clean_text(request.GET.get("q"))
    people = _search(people, query).order_by("last_name", "first_name", "pk")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "privacy/index.html", {"query": query, "page": page, "kind": kind})


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    return _list(request, data_subjects_for_user(request.user), "participant")


@login_required
def mentors(request: AuthedRequest) -> HttpResponse:
    return _list(request, mentor_data_subjects_for_user(request.user), "mentor")


def _person_page(request: AuthedRequest, person, kind: str, form: ErasureForm | None = None) -> HttpResponse:
    may_erase = role_of(request.user) == Role.ADMINISTRATOR and not person.pseudonymised_at
    context = {
        "erasure_form": (form or ErasureForm()) if may_erase else None,
        "person": person,
        "kind": kind,
        "reads": reads_of(person)[:SHOWN],
        "changes": changes_of(person)[:SHOWN],
        "shown": SHOWN,
    }
    return render(request, "privacy/person.html", context)


@login_required
def participant(request: AuthedRequest, pk: int) -> HttpResponse:
    return _person_page(request, get_data_subject_for_user(request.user, pk), "participant")


@login_required
def mentor(request: AuthedRequest, pk: int) -> HttpResponse:
    return _person_page(request, get_mentor_data_subject_for_user(request.user, pk), "mentor")


@login_required
def export(request: AuthedRequest, pk: int, fmt: str, kind: str = "participant") -> HttpResponse:
    """Everything held about a participant or mentor: JSON (portability), or a readable HTML or PDF document
    (access)."""
    person = get_exportable_person_for_user(request.user, kind, pk)
    data = person_export(person)
    name = f"stafet-{kind}-{person.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            content_type="application/json; charset=utf-8",
        )
    else:
        context = {"person": person, "sections": document(data), "exported_at": data["exported_at"]}
        html = render_to_string("privacy/document.html", context, request=request)
        if fmt == "pdf":
            from weasyprint import CSS, HTML  # loaded for a PDF only: it takes a while and most processes never do

            pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PDF_STYLES))])
            response = HttpResponse(pdf, content_type="application/pdf")
        else:
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def my_data(request: AuthedRequest) -> HttpResponse:
    """A participant's or mentor's own page of their data: download everything Stafet holds about them."""
    participant = exportable_participants_for_user(request.user).filter(user=request.user).first()
    if participant is not None:
        referrals = referrals_for_user(request.user).filter(participant=participant)
        context = {"person": participant, "kind": "participant", "referrals": referrals}
        return render(request, "privacy/me.html", context)
    mentor = exportable_mentors_for_user(request.user).filter(user=request.user).first()
    if mentor is None:
        raise Http404
    return render(request, "privacy/me.html", {"person": mentor, "kind": "mentor"})


@login_required
@require_POST
def erase(request: AuthedRequest, pk: int, kind: str = "participant") -> HttpResponse:
    """Pseudonymise a participant or mentor (administrators): names, contact details and free text go, ids and
    facts stay."""
    if role_of(request.user) != Role.ADMINISTRATOR:
        raise Http404
    person = get_data_subject_of_kind_for_user(request.user, kind, pk)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            pseudonymise(person=person, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            refusal_message(request, error)
        else:
            messages.success(request, _("The person is pseudonymised."))
        return redirect(f"privacy:{kind}", pk=person.pk)
    return _person_page(request, person, kind, form)


@login_required
def retention(request: AuthedRequest) -> HttpResponse:
    """Who is due for pseudonymisation and why (and who will be within 90 days), among the user's data subjects;
    the daily schedule pseudonymises those due."""
    if not is_data_protection_staff(request.user):
        raise Http404
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=UPCOMING_DAYS)
    dated = [(r.until, r) for r in retention_of(data_subjects_for_user(request.user)) if r.until and not r.active]
    context = {
        "due": [r for until, r in dated if until <= today],
        "upcoming": [r for until, r in sorted(dated, key=lambda pair: pair[0]) if today < until <= soon],
        "upcoming_days": UPCOMING_DAYS,
    }
    return render(request, "privacy/retention.html", context)


@login_required
@require_POST
def withdraw_consent(request: AuthedRequest, pk: int) -> HttpResponse:
    """Withdraw the consent to take part, and so leave the programme: the participant on their own page, staff
    for a call. Only with the box ticked that says what it does."""
    referral = get_consent_referral_for_user(request.user, pk)
    by_phone = role_of(request.user) != Role.PARTICIPANT
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm that you want to leave the programme."))
    else:
        try:
            withdraw_consent_to_take_part(referral=referral, by=request.user, by_phone=by_phone)
        except ValidationError as error:
            refusal_message(request, error)
        else:
            messages.success(request, _("The consent is withdrawn. It takes effect at once."))
    if by_phone:
        return redirect("people:participant", referral.participant_id)
    return redirect("privacy:me")
