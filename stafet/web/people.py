"""The participants' and mentors' lists, pages and own profiles. A participant's page gathers what each app knows
of them (referrals, mentorships, outcomes, placements), each through that app's access helper."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from stafet.forms import add_action_error
from stafet.mentorships.access import mentorships_for_user
from stafet.organisations.access import role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import EXPORTING_STAFF_ROLES, Organisation, Role
from stafet.outcomes.access import outcomes_for_user
from stafet.params import clean_text
from stafet.people.access import (
    get_mentor_for_user,
    get_mentor_to_change_for_user,
    get_own_mentor_profile_for_user,
    mentors_for_user,
    mentors_to_change_for_user,
)
from stafet.people.actions import update_mentor_profile, update_participant_profile
from stafet.people.forms import (
    CVFormSet,
    CVUploadForm,
    LanguageFormSet,
    MentorProfileForm,
    OccupationFormSet,
    ParticipantOwnProfileForm,
    ParticipantProfileForm,
)
from stafet.people.models import CVDocument, Mentor, Participant
from stafet.placements.access import placements_for_user
from stafet.programmes.access import CONSENT_RECORDING_ROLES, referrals_for_user, screening_programmes_for_user
from stafet.programmes.actions import create_mentor
from stafet.programmes.forms import NewMentorForm, open_cohorts
from stafet.web.access import (
    get_participant_for_user,
    get_participant_to_edit_for_user,
    mentor_employers_for_user,
    participants_for_user,
    participants_to_edit_for_user,
)


def _search(queryset, query: str):
    for word in query.split():
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset


@login_required
def participant_list(request: AuthedRequest) -> HttpResponse:
    query = clean_text(request.GET.get("q"))
    participants = _search(participants_for_user(request.user), query).select_related(
        "country_of_origin", "municipality"
    )
    page = Paginator(participants.order_by("last_name", "first_name", "pk"), 50).get_page(request.GET.get("page"))
    template = "people/participants.html#rows" if request.htmx else "people/participants.html"
    return render(request, template, {"page": page, "query": query})


@login_required
def participant_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk)
    user = request.user
    context = {
        "participant": participant,
        "occupations": participant.occupations.select_related("occupation"),
        "languages": participant.languages.select_related("language"),
        "referrals": referrals_for_user(user).filter(participant=participant),
        "mentorships": mentorships_for_user(user).filter(participant=participant),
        "outcomes": outcomes_for_user(user).filter(participant=participant),
        "placements": placements_for_user(user).filter(participant=participant),
        "can_export": role_of(user) in EXPORTING_STAFF_ROLES | {Role.ADMINISTRATOR},
        "can_record_consent": role_of(user) in CONSENT_RECORDING_ROLES,
        "can_edit": participants_to_edit_for_user(user).filter(pk=participant.pk).exists(),
        "cv": participant.cv_entries.all(),
        "cv_pdf": CVDocument.objects.filter(participant=participant).first(),
    }
    return render(request, "people/participant.html", context)


@login_required
def mentor_list(request: AuthedRequest) -> HttpResponse:
    query = clean_text(request.GET.get("q"))
    mentors = _search(mentors_for_user(request.user), query).select_related("organisation", "site", "occupation")
    page = Paginator(mentors.order_by("last_name", "first_name", "pk"), 50).get_page(request.GET.get("page"))
    template = "people/mentors.html#rows" if request.htmx else "people/mentors.html"
    can_create = role_of(request.user) in (Role.COORDINATOR, Role.ADMINISTRATOR)
    return render(request, template, {"page": page, "query": query, "can_create": can_create})


@login_required
def mentor_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    mentor = get_mentor_for_user(request.user, pk)
    context = {
        "mentor": mentor,
        "languages": mentor.languages.select_related("language"),
        "mentorships": mentorships_for_user(request.user).filter(mentor=mentor),
        "can_edit": mentor.user_id == request.user.pk or role_of(request.user) == Role.ADMINISTRATOR,
        "can_change": mentors_to_change_for_user(request.user).filter(pk=mentor.pk).exists(),
    }
    return render(request, "people/mentor.html", context)


@login_required
def mentor_new(request: AuthedRequest) -> HttpResponse:
    """A coordinator enters a mentor of one of their programmes (the sign-up page's one profile form), and may
    enrol them in a cohort at once, which invites them."""
    if role_of(request.user) not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        raise Http404
    programmes = screening_programmes_for_user(request.user)
    data = request.POST if request.method == "POST" else None
    employers = mentor_employers_for_user(request.user)
    profile = MentorProfileForm(data, organisations=employers, email_required=False, prefix="mentor")
    languages = LanguageFormSet(data, prefix="lang")
    place = NewMentorForm(
        data, programmes=programmes, cohorts=open_cohorts(programmes.values_list("pk", flat=True)), prefix="new"
    )
    if data is not None and all([profile.is_valid(), languages.is_valid(), place.is_valid()]):
        try:
            mentor = create_mentor(mentor=profile.save(commit=False), languages=languages.rows(), by=request.user,
                                   **place.cleaned_data)  # fmt: skip
        except ValidationError as error:
            add_action_error(error, profile, place)
        else:
            messages.success(request, _("%(name)s is added as a mentor.") % {"name": mentor.name})
            return redirect("people:mentor", mentor.pk)
    context = {"profile": profile, "languages": languages, "place": place}
    return render(request, "people/mentor_form.html", context, status=400 if data is not None else 200)


@login_required
def mentor_change(request: AuthedRequest, pk: int) -> HttpResponse:
    """A coordinator edits a mentor's profile (the same form the mentor edits theirs with); the employer is one
    the coordinator may choose, or the mentor's own."""
    mentor = get_mentor_to_change_for_user(request.user, pk)
    employers = Organisation.objects.filter(
        Q(pk__in=mentor_employers_for_user(request.user).values("pk")) | Q(pk=mentor.organisation_id)
    )
    data = request.POST if request.method == "POST" else None
    profile = MentorProfileForm(data, instance=mentor, organisations=employers, email_required=False, prefix="mentor")
    return _save_mentor_profile(request, mentor, profile, "people/mentor_form.html", _("The profile is saved."))


@login_required
def my_profile(request: AuthedRequest) -> HttpResponse:
    """The menu's "Your profile": a mentor's or participant's own profile page."""
    own = getattr(request.user, "mentor", None) or getattr(request.user, "participant", None)
    if own is None or role_of(request.user) not in (Role.MENTOR, Role.PARTICIPANT):
        raise Http404
    name = "people:mentor_edit" if isinstance(own, Mentor) else "people:participant_edit"
    return redirect(name, own.pk)


def _languages_of(person: Mentor | Participant) -> list[dict]:
    return [{"language": lang.language_id, "level": lang.level} for lang in person.languages.all()]


def _occupations_of(participant: Participant) -> list[dict]:
    return [{"code": o.occupation_id, "years": o.years} for o in participant.occupations.all()]


@login_required
def mentor_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """A mentor edits their own profile, capacity and availability: the sign-up page's form."""
    mentor = get_own_mentor_profile_for_user(request.user, pk)
    organisations = Organisation.objects.filter(pk=mentor.organisation_id)
    profile = MentorProfileForm(request.POST or None, instance=mentor, organisations=organisations, prefix="mentor")
    return _save_mentor_profile(request, mentor, profile, "people/mentor_edit.html", _("Your profile is saved."))


def _save_mentor_profile(
    request: AuthedRequest, mentor: Mentor, profile: MentorProfileForm, template: str, saved: str
) -> HttpResponse:
    """The one save of a mentor's profile and languages, whoever edits it: audited by ``update_mentor_profile``;
    the form again (400) with the action's refusal when it refuses."""
    posted = request.method == "POST"
    languages = LanguageFormSet(request.POST if posted else None, prefix="lang", initial=_languages_of(mentor))
    if posted and profile.is_valid() and languages.is_valid():
        try:
            update_mentor_profile(mentor=profile.save(commit=False), changed=profile.changed_data,
                                  languages=languages.rows(), by=request.user)  # fmt: skip
        except ValidationError as error:
            add_action_error(error, profile)
        else:
            messages.success(request, saved)
            return redirect("people:mentor", mentor.pk)
    context = {"mentor": mentor, "profile": profile, "languages": languages}
    return render(request, template, context, status=400 if posted else 200)


def _cv_of(participant: Participant) -> list[dict]:
    return [{"kind": e.kind, "title": e.title, "place": e.place, "started_on": e.started_on, "ended_on": e.ended_on}
            for e in participant.cv_entries.all()]  # fmt: skip


@login_required
def participant_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """A participant edits their contact details, languages, goal, competences and CV; their caseworker the whole
    profile with the occupations."""
    participant = get_participant_to_edit_for_user(request.user, pk)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    whole = role_of(request.user) != Role.PARTICIPANT
    form_class = ParticipantProfileForm if whole else ParticipantOwnProfileForm
    profile = form_class(data, instance=participant, prefix="profile")
    forms: dict[str, Any] = {
        "profile": profile,
        "languages": LanguageFormSet(data, prefix="lang", initial=_languages_of(participant)),
        "cv": CVFormSet(data, prefix="cv", initial=_cv_of(participant)),
        "upload": CVUploadForm(data, files, prefix="upload"),
    }
    if whole:
        forms["occupations"] = OccupationFormSet(data, prefix="occ", initial=_occupations_of(participant))
    if data is not None and all(f.is_valid() for f in forms.values()):
        try:
            _save_participant(request, forms)
        except ValidationError as error:
            add_action_error(error, profile)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("people:participant", participant.pk)
    context = {"participant": participant, **forms}
    return render(request, "people/participant_edit.html", context, status=400 if data is not None else 200)


def _save_participant(request: AuthedRequest, forms: dict[str, Any]) -> None:
    profile, upload = forms["profile"], forms["upload"]
    update_participant_profile(
        participant=profile.save(commit=False),
        changed=profile.changed_data,
        languages=forms["languages"].rows(),
        occupations=forms["occupations"].rows() if "occupations" in forms else None,
        cv=forms["cv"].rows(),
        cv_pdf=upload.cleaned_data["pdf"],
        remove_cv_pdf=upload.cleaned_data["remove"],
        by=request.user,
    )


@login_required
def participant_cv_pdf(request: AuthedRequest, pk: int) -> FileResponse:
    """The uploaded CV, to whoever may see the participant (through the access helper), as a download."""
    participant = get_participant_for_user(request.user, pk)
    document = get_object_or_404(CVDocument, participant=participant)
    response = FileResponse(document.file.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"cv-{participant.pk}.pdf")  # fmt: skip
    return response
