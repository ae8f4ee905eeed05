"""Programmes and cohorts; referral (henvisning) and screening (visitation) of citizens and mentors."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.forms import BaseForm, BaseFormSet, Form, ModelChoiceField
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stafet.forms import add_action_error, ask_to_confirm, is_confirmed, refusal_message
from stafet.organisations.access import get_one_or_404, read_role_of, role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import Organisation, Role, User
from stafet.params import clean_text, parse_id, parse_ids
from stafet.people.forms import LanguageFormSet, OccupationFormSet, ParticipantProfileForm
from stafet.people.models import Mentor, Participant
from stafet.programmes.access import (
    cohorts_for_user,
    get_cohort_enrolment,
    get_cohort_for_user,
    get_consent_referral_for_user,
    get_mentor_application_for_user,
    get_programme_for_user,
    get_programme_mentor_for_user,
    get_referral_to_decide_for_user,
    get_screening_programme_for_user,
    likely_same_people_for_user,
    programme_mentors_for_user,
    programmes_for_user,
    referral_programmes_for_user,
    referral_queue_for_user,
    referrals_for_user,
    screening_programmes_for_user,
)
from stafet.programmes.actions import (
    accept_screened_referral,
    approve_mentor,
    close_cohort,
    decline_mentor,
    decline_referral,
    eligibility_failures,
    enrol_mentor,
    enrol_mentors,
    mentor_eligibility_failures,
    open_cohort,
    record_training,
    refer_new_participant,
    refer_participant,
    withdraw_consent,
    withdraw_participant,
)
from stafet.programmes.eligibility import describe_rule
from stafet.programmes.forms import (
    AcceptForm,
    BulkEnrolForm,
    CohortChoiceField,
    CohortForm,
    DeclineForm,
    EnrolMentorForm,
    MentorDecisionForm,
    QueueFilterForm,
    ReferralForm,
    TrainingForm,
    cohorts_with_places,
    open_cohorts,
)
from stafet.programmes.models import (
    Cohort,
    MeasuringPoint,
    MentorApplication,
    MentorEnrolment,
    ParticipantEnrolment,
    Programme,
    Referral,
)
from stafet.reference.models import Occupation


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    programmes = (
        programmes_for_user(request.user)
        .select_related("operator")
        .annotate(cohort_count=Count("cohorts", distinct=True))
    )
    return render(request, "programmes/list.html", {"programmes": programmes})


def _programme_context(request: AuthedRequest, programme: Programme) -> dict[str, Any]:
    # Who opens the cohorts' pages (a DPO of the operating NGO reads them too).
    can_open_cohorts = read_role_of(request.user) in (Role.COORDINATOR, Role.ADMINISTRATOR)
    cohorts = programme.cohorts.annotate(
        participants=Count("participant_enrolments", distinct=True),
        mentors=Count("mentor_enrolments", distinct=True),
    )
    if can_open_cohorts:
        cohorts = cohorts.filter(pk__in=cohorts_for_user(request.user))
    can_screen = screening_programmes_for_user(request.user).filter(pk=programme.pk).exists()
    context = {
        "programme": programme,
        "cohorts": cohorts,
        "can_open_cohorts": can_open_cohorts,
        "can_screen": can_screen,
        "cohort_form": CohortForm(prefix="cohort") if can_screen else None,
        "pending": referrals_for_user(request.user).filter(programme=programme, status=Referral.Status.PENDING).count(),
        "can_refer": referral_programmes_for_user(request.user).filter(pk=programme.pk).exists(),
        "participant_rules": [describe_rule(r) for r in programme.participant_rules],
        "mentor_rules": [describe_rule(r) for r in programme.mentor_rules],
        "refused_venues": [Programme.Venue(v).label for v in programme.refused_venues],
        "measuring_points": [MeasuringPoint(p).label for p in programme.measuring_points],
    }
    return context


@login_required
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, pk)
    return render(request, "programmes/detail.html", _programme_context(request, programme))


def _cohort_context(request: AuthedRequest, cohort: Cohort) -> dict[str, Any]:
    participants = list(
        cohort.participant_enrolments.select_related("participant__country_of_origin").order_by(
            "participant__last_name", "participant__first_name", "pk"
        )
    )
    open_pairs = Counter(cohort.mentorships.open().values_list("participant", flat=True))
    for enrolment in participants:
        enrolment.open_mentorships = open_pairs[enrolment.participant_id]
    mentors = cohort.mentor_enrolments.select_related("mentor__organisation", "mentor__site").order_by(
        "mentor__last_name", "mentor__first_name", "pk"
    )
    mentorships = (
        cohort.mentorships.select_related("mentor", "participant")
        .annotate(meeting_count=Count("meetings"))
        .order_by("participant__last_name", "participant__first_name", "role", "pk")
    )
    open_count = sum(1 for m in mentorships if m.is_open)
    return {
        "cohort": cohort,
        "participants": participants,
        "mentors": mentors,
        "mentorships": mentorships,
        "open_mentorships": open_count,
        "can_close": cohort.status == Cohort.Status.RUNNING and open_count == 0,
        "pending": referrals_for_user(request.user)
        .filter(programme=cohort.programme_id, status=Referral.Status.PENDING)
        .count(),
    }


@login_required
def cohort_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    return render(request, "programmes/cohort.html", _cohort_context(request, cohort))


@login_required
@require_POST
def cohort_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Open a new cohort of a programme (its screeners only); the form is on the programme page."""
    programme = get_screening_programme_for_user(request.user, pk)
    form = CohortForm(request.POST, prefix="cohort")
    if form.is_valid():
        try:
            cohort = open_cohort(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("Cohort %(c)s is open: accept referrals into it and enrol its mentors.")
                             % {"c": cohort.name})  # fmt: skip
            return redirect("programmes:cohort", cohort.pk)
    # The programme page again, with the form open and its errors.
    context = _programme_context(request, programme) | {"cohort_form": form}
    return render(request, "programmes/detail.html", context, status=400)


@login_required
@require_POST
def cohort_close(request: AuthedRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    try:
        close_cohort(cohort=cohort, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("%(c)s is closed.") % {"c": cohort.name})
    return redirect("programmes:cohort", cohort.pk)


@login_required
@require_POST
def enrolment_withdraw(request: AuthedRequest, pk: int, participant_pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    enrolment = get_cohort_enrolment(cohort, participant_pk)
    if not is_confirmed(request):
        return ask_to_confirm(
            request,
            question=_("Has %(p)s left %(c)s?") % {"p": enrolment.participant, "c": cohort.name},
            consequence=_(
                "%(p)s is marked as withdrawn from the cohort. This cannot be undone: to come back, %(p)s is "
                "referred again."
            )
            % {"p": enrolment.participant},
            button=_("Yes, %(p)s has left") % {"p": enrolment.participant},
            back=reverse("programmes:cohort", args=[cohort.pk]),
        )
    try:
        withdraw_participant(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("%(p)s has left %(c)s.") % {"p": enrolment.participant, "c": cohort.name})
    return redirect("programmes:cohort", cohort.pk)


# ---- Referral (henvisning) ----------------------------------------------------------------------------


@login_required
def refer(request: AuthedRequest) -> HttpResponse:
    """Refer a citizen: the caseworker registers the citizen's profile and refers them in one step."""
    user = request.user
    if role_of(user) != Role.CASEWORKER or user.organisation is None:
        raise Http404
    programmes = referral_programmes_for_user(user)
    data = request.POST if request.method == "POST" else None
    profile = ParticipantProfileForm(data, initial={"municipality": user.organisation.municipality_id})
    occupations = OccupationFormSet(data, prefix="occupation")
    languages = LanguageFormSet(data, prefix="language")
    referral_form = ReferralForm(data, programmes=programmes, initial={"programme": programmes.first()})
    forms_: list[BaseForm | BaseFormSet] = [profile, occupations, languages, referral_form]
    matches: list[Participant] = []
    if data is not None and all(f.is_valid() for f in forms_):
        fields = ("first_name", "last_name", "birth_year", "email", "phone")
        likely = likely_same_people_for_user(user, **{name: profile.cleaned_data[name] for name in fields})
        choice = data.get("same_person", "")
        if choice and choice != "new":
            return _refer_existing(request, get_one_or_404(likely, choice), referral_form, user.organisation)
        matches = [] if choice == "new" else list(likely[:5])
    if data is not None and not matches and all(f.is_valid() for f in forms_):
        try:
            referral = refer_new_participant(
                participant=profile.save(commit=False),
                occupations=occupations.rows(),
                languages=languages.rows(),
                industries=profile.cleaned_data["industries"],
                programme=referral_form.cleaned_data["programme"],
                municipality=user.organisation,
                caseworker=user,
                referred_on=timezone.localdate(),
                consent_given_on=referral_form.cleaned_data["consent_given_on"],
                consent_scope=referral_form.cleaned_data["consent_scope"],
                note=referral_form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_action_error(error, profile, referral_form)
        else:
            messages.success(
                request, _("%(p)s is referred to %(prog)s.") % {"p": referral.participant, "prog": referral.programme}
            )
            if warning := profile.postcode_warning():
                messages.warning(request, warning)
            return redirect("people:participant", referral.participant_id)
    context = {
        "profile": profile,
        "occupations": occupations,
        "languages": languages,
        "referral_form": referral_form,
        "unit_groups": Occupation.objects.filter(level=Occupation.Level.UNIT).order_by("code"),
        "has_errors": data is not None and not matches,
        "matches": matches,
    }
    status = 200 if data is None or matches else 400
    return render(request, "programmes/refer.html", context, status=status)


def _refer_existing(
    request: AuthedRequest, participant: Participant, form: ReferralForm, municipality: Organisation
) -> HttpResponse:
    """The caseworker recognised the citizen among the people Stafet already holds: refer that person, and keep
    their record as it is (one person, one record)."""
    try:
        referral = refer_participant(
            participant=participant,
            programme=form.cleaned_data["programme"],
            municipality=municipality,
            caseworker=request.user,
            referred_on=timezone.localdate(),
            consent_given_on=form.cleaned_data["consent_given_on"],
            consent_scope=form.cleaned_data["consent_scope"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        refusal_message(request, error)
        return redirect("programmes:refer")
    messages.success(request, _("%(p)s is referred to %(prog)s.") % {"p": participant, "prog": referral.programme})
    return redirect("people:participant", participant.pk)


@dataclass
class QueueRow:
    """One referral on the screening queue, with its verdict and the forms to decide it."""

    referral: Referral
    failures: list[str]
    accept_form: AcceptForm | None = None
    decline_form: DeclineForm | None = None
    cohort: Cohort | None = None


def _queue_rows(user: User, referrals: list[Referral]) -> list[QueueRow]:
    can_decide = role_of(user) in (Role.COORDINATOR, Role.ADMINISTRATOR)
    cohorts: dict[int, list[Cohort]] = defaultdict(list)
    for cohort in cohorts_with_places({r.programme_id for r in referrals}):
        cohorts[cohort.programme_id].append(cohort)
    accepted_into = {
        e.referral_id: e.cohort
        for e in ParticipantEnrolment.objects.filter(referral__in=[r.pk for r in referrals]).select_related("cohort")
    }
    rows = []
    for referral in referrals:
        row = QueueRow(referral, eligibility_failures(referral), cohort=accepted_into.get(referral.pk))
        if can_decide and referral.status == Referral.Status.PENDING:
            # Choices from the cohorts fetched once for the whole page, not a query per row.
            row.accept_form = AcceptForm(cohorts=Cohort.objects.none(), prefix=f"r{referral.pk}")
            field = cast(CohortChoiceField, row.accept_form.fields["cohort"])
            field.choices = [(c.pk, field.label_from_instance(c)) for c in cohorts[referral.programme_id]]
            row.decline_form = DeclineForm(prefix=f"r{referral.pk}")
        rows.append(row)
    return rows


def _decided_referrals(user: User) -> QuerySet[Referral]:
    return (
        referral_queue_for_user(user)
        .select_related("caseworker")
        .prefetch_related("participant__occupations", "participant__languages")
    )


def _queue_context(request: AuthedRequest, params: QueryDict) -> dict[str, Any]:
    user = request.user
    can_decide = role_of(user) in (Role.COORDINATOR, Role.ADMINISTRATOR)
    referrals = _decided_referrals(user)
    params = params.copy()
    if can_decide and "status" not in params:
        params["status"] = Referral.Status.PENDING  # a coordinator's queue is what still awaits screening
    filters = QueueFilterForm(
        params,
        programmes=screening_programmes_for_user(user) if can_decide else programmes_for_user(user),
        municipalities=Organisation.objects.filter(referrals__in=referral_queue_for_user(user)).distinct(),
    )
    page = Paginator(filters.filter(referrals), 50).get_page(params.get("page"))
    return {
        "filters": filters,
        "page": page,
        "rows": _queue_rows(user, list(page)),
        "can_decide": can_decide,
        "here": f"{reverse('programmes:referrals')}?{params.urlencode()}",
    }


@login_required
def referral_list(request: AuthedRequest) -> HttpResponse:
    """The coordinator's screening queue across municipalities; the caseworker's own referrals."""
    if role_of(request.user) not in (Role.COORDINATOR, Role.ADMINISTRATOR, Role.CASEWORKER):
        raise Http404
    return render(request, "programmes/referrals.html", _queue_context(request, request.GET))


def _back_to(request: AuthedRequest, fallback: str) -> str:
    """The page the form came from (``next``): a path on this site, else ``fallback``."""
    target = clean_text(request.POST.get("next"))
    local = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if local else fallback


def _decided(request: AuthedRequest, referral: Referral, form: Form, message: str) -> HttpResponse:
    """The answer to accept/decline: the row again for htmx, else back to the queue; 400 with the error
    in the row when the decision was refused."""
    ok = not form.errors
    if request.htmx:
        referral = _decided_referrals(request.user).get(pk=referral.pk)
        row = _queue_rows(request.user, [referral])[0]
        if not ok:
            setattr(row, "accept_form" if isinstance(form, AcceptForm) else "decline_form", form)
        context = {"row": row, "can_decide": True, "here": _back_to(request, reverse("programmes:referrals"))}
        return render(request, "programmes/referrals.html#row", context, status=200 if ok else 400)
    if ok:
        messages.success(request, message)
        return redirect(_back_to(request, reverse("programmes:referrals")))
    for error in form.errors.values():
        messages.error(request, f"{referral.participant}: {' '.join(str(e) for e in error)}")
    back = urlsplit(_back_to(request, reverse("programmes:referrals")))
    return render(request, "programmes/referrals.html", _queue_context(request, QueryDict(back.query)), status=400)


@login_required
@require_POST
def referral_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    referral = get_referral_to_decide_for_user(request.user, pk)
    form = AcceptForm(request.POST, cohorts=cohorts_with_places([referral.programme_id]), prefix=f"r{referral.pk}")
    if form.is_valid():
        try:
            accept_screened_referral(
                referral=referral,
                cohort=form.cleaned_data["cohort"],
                by=request.user,
                accept_despite=form.cleaned_data["accept_despite"],
            )
        except ValidationError as error:
            add_action_error(error, form)
    message = _("%(p)s is accepted into %(c)s.") % {"p": referral.participant, "c": form.cleaned_data.get("cohort")}
    return _decided(request, referral, form, message)


@login_required
@require_POST
def referral_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    referral = get_referral_to_decide_for_user(request.user, pk)
    form = DeclineForm(request.POST, prefix=f"r{referral.pk}")
    if form.is_valid():
        try:
            decline_referral(referral=referral, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_action_error(error, form)
    return _decided(request, referral, form, _("%(p)s is declined.") % {"p": referral.participant})


@login_required
@require_POST
def consent_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    """Withdraw one scope of a referral's consent: the participant on their own page, staff for a call."""
    referral = get_consent_referral_for_user(request.user, pk)
    by_phone = role_of(request.user) != Role.PARTICIPANT
    try:
        withdraw_consent(referral=referral, scope=request.POST.get("scope", ""), by=request.user, by_phone=by_phone)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        # Translators: also in the participants' languages (read by mentors, participants or visitors).
        messages.success(request, _("The consent is withdrawn. It takes effect at once."))
    if by_phone:
        return redirect("people:participant", referral.participant_id)
    return redirect("privacy:me")


# ---- Mentor screening ---------------------------------------------------------------------------------


@dataclass
class MentorRow:
    mentor: Mentor
    failures: list[str]
    enrolments: list[MentorEnrolment]
    training_form: TrainingForm
    enrol_form: EnrolMentorForm | None
    application: MentorApplication | None = None  # their sign-up on the public page, if they signed up there
    decision_form: MentorDecisionForm | None = None


def _mentor_rows(user: User, programme: Programme, mentors: list[Mentor]) -> list[MentorRow]:
    cohorts = list(open_cohorts([programme.pk]))
    rows = []
    for mentor in mentors:
        application = next((a for a in mentor.applications.all() if a.programme_id == programme.pk), None)
        pending = application is not None and application.status == MentorApplication.Status.PENDING
        enrolments = [e for e in mentor.enrolments.all() if e.cohort.programme_id == programme.pk]
        free = [c for c in cohorts if c.pk not in {e.cohort_id for e in enrolments}]
        enrol_form = None
        if free and (application is None or application.status == MentorApplication.Status.APPROVED):
            enrol_form = EnrolMentorForm(
                cohorts=Cohort.objects.none(), prefix=f"m{mentor.pk}", initial={"capacity": mentor.capacity}
            )
            cast(ModelChoiceField, enrol_form.fields["cohort"]).choices = [
                (c.pk, f"{c.name} ({c.get_status_display()})") for c in free
            ]
        rows.append(
            MentorRow(
                mentor=mentor,
                failures=mentor_eligibility_failures(mentor, programme),
                enrolments=enrolments,
                training_form=TrainingForm(prefix=f"m{mentor.pk}", initial={"completed_on": timezone.localdate()}),
                enrol_form=enrol_form,
                application=application,
                decision_form=MentorDecisionForm(prefix=f"m{mentor.pk}") if pending else None,
            )
        )
    return rows


def _programme_mentors(user: User, programme: Programme) -> QuerySet[Mentor]:
    return (
        programme_mentors_for_user(user, programme)
        .select_related("organisation", "site", "occupation")
        .prefetch_related(
            "languages", "applications", Prefetch("enrolments", MentorEnrolment.objects.select_related("cohort"))
        )
        # Sign-ups to screen first, then those who still need their training recorded: the work on this page.
        .annotate(
            to_screen=Exists(
                MentorApplication.objects.filter(
                    mentor=OuterRef("pk"), programme=programme, status=MentorApplication.Status.PENDING
                )
            ),
            trained=ExpressionWrapper(Q(training_completed_on__isnull=False), output_field=BooleanField()),
        )
        .order_by("-to_screen", "trained", "last_name", "first_name", "pk")
    )


def _mentor_screening_context(request: AuthedRequest, programme: Programme, params: QueryDict) -> dict[str, Any]:
    mentors = _programme_mentors(request.user, programme)
    cohort_id = parse_id(params.get("cohort"))
    cohort = programme.cohorts.filter(pk=cohort_id).first() if cohort_id else None
    if cohort:
        mentors = mentors.filter(enrolments__cohort=cohort)
    page = Paginator(mentors, 50).get_page(params.get("page"))
    rows = _mentor_rows(request.user, programme, list(page))
    query = f"?cohort={cohort.pk}" if cohort else ""
    return {
        "programme": programme,
        "cohort": cohort,
        "cohorts": programme.cohorts.all(),
        "page": page,
        "rows": rows,
        "rules": [describe_rule(r) for r in programme.mentor_rules],
        "untrained": sum(1 for r in rows if not r.mentor.is_trained),
        "signup_url": request.build_absolute_uri(reverse("programmes:signup", args=[programme.pk]))
        if programme.recruits_mentors
        else "",
        "here": reverse("programmes:mentors", args=[programme.pk]) + query,
        "bulk_form": BulkEnrolForm(cohorts=open_cohorts([programme.pk]), prefix="bulk"),
    }


@login_required
def mentor_screening(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mentors of a programme (or one cohort) against its rules, with training and cohort places."""
    programme = get_screening_programme_for_user(request.user, pk)
    return render(request, "programmes/mentors.html", _mentor_screening_context(request, programme, request.GET))


def _mentor_changed(
    request: AuthedRequest, programme: Programme, mentor: Mentor, form: Form, message: str
) -> HttpResponse:
    ok = not form.errors
    fallback = reverse("programmes:mentors", args=[programme.pk])
    if request.htmx:
        row = _mentor_rows(request.user, programme, [_programme_mentors(request.user, programme).get(pk=mentor.pk)])[0]
        if not ok:
            kinds = {TrainingForm: "training_form", EnrolMentorForm: "enrol_form", MentorDecisionForm: "decision_form"}
            setattr(row, kinds[type(form)], form)
        context = {"row": row, "programme": programme, "here": _back_to(request, fallback)}
        return render(request, "programmes/mentors.html#row", context, status=200 if ok else 400)
    if ok:
        messages.success(request, message)
        return redirect(_back_to(request, fallback))
    for error in form.errors.values():
        messages.error(request, f"{mentor}: {' '.join(str(e) for e in error)}")
    back = urlsplit(_back_to(request, fallback))
    context = _mentor_screening_context(request, programme, QueryDict(back.query))
    return render(request, "programmes/mentors.html", context, status=400)


@login_required
@require_POST
def mentor_training(request: AuthedRequest, pk: int, mentor_pk: int) -> HttpResponse:
    programme = get_screening_programme_for_user(request.user, pk)
    mentor = get_programme_mentor_for_user(request.user, programme, mentor_pk)
    form = TrainingForm(request.POST, prefix=f"m{mentor.pk}")
    if form.is_valid():
        try:
            record_training(mentor=mentor, completed_on=form.cleaned_data["completed_on"], by=request.user)
        except ValidationError as error:
            add_action_error(error, form)
    return _mentor_changed(request, programme, mentor, form, _("%(m)s's training is recorded.") % {"m": mentor})


@login_required
@require_POST
def mentor_enrol(request: AuthedRequest, pk: int, mentor_pk: int) -> HttpResponse:
    programme = get_screening_programme_for_user(request.user, pk)
    mentor = get_programme_mentor_for_user(request.user, programme, mentor_pk)
    form = EnrolMentorForm(request.POST, cohorts=open_cohorts([programme.pk]), prefix=f"m{mentor.pk}")
    if form.is_valid():
        try:
            enrol_mentor(
                mentor=mentor,
                cohort=form.cleaned_data["cohort"],
                capacity=form.cleaned_data["capacity"],
                by=request.user,
            )
        except ValidationError as error:
            add_action_error(error, form)
    message = _("%(m)s is enrolled in %(c)s.") % {"m": mentor, "c": form.cleaned_data.get("cohort")}
    return _mentor_changed(request, programme, mentor, form, message)


@login_required
@require_POST
def mentor_decide(request: AuthedRequest, pk: int, application_pk: int) -> HttpResponse:
    """Screening a mentor's sign-up: approve (refused when a rule fails, unless overruled) or decline."""
    programme = get_screening_programme_for_user(request.user, pk)
    application = get_mentor_application_for_user(request.user, programme, application_pk)
    mentor = application.mentor
    form = MentorDecisionForm(request.POST, prefix=f"m{mentor.pk}")
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            if approve:
                approve_mentor(application=application, by=request.user,
                               accept_despite=form.cleaned_data["accept_despite"])  # fmt: skip
            else:
                decline_mentor(application=application, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_action_error(error, form)
    message = (_("%(m)s is approved as a mentor.") if approve else _("%(m)s is declined.")) % {"m": mentor}
    return _mentor_changed(request, programme, mentor, form, message)


@login_required
@require_POST
def mentor_bulk_enrol(request: AuthedRequest, pk: int) -> HttpResponse:
    """Enrol the ticked mentors in one cohort, all or none."""
    programme = get_screening_programme_for_user(request.user, pk)
    ids = parse_ids(request.POST.getlist("mentors"))
    mentors = list(programme_mentors_for_user(request.user, programme).filter(pk__in=ids).order_by("pk"))
    if len(mentors) != len(ids):
        raise Http404  # a mentor the user does not see among them
    form = BulkEnrolForm(request.POST, cohorts=open_cohorts([programme.pk]), prefix="bulk")
    if form.is_valid():
        try:
            done = enrol_mentors(mentors=mentors, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("%(n)s mentors are enrolled in %(c)s.")
                             % {"n": len(done), "c": form.cleaned_data["cohort"].name})  # fmt: skip
            return redirect(_back_to(request, reverse("programmes:mentors", args=[programme.pk])))
    back = urlsplit(_back_to(request, reverse("programmes:mentors", args=[programme.pk])))
    context = _mentor_screening_context(request, programme, QueryDict(back.query)) | {"bulk_form": form, "ticked": ids}
    return render(request, "programmes/mentors.html", context, status=400)
