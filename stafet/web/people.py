"""The participants' and mentors' lists and pages. A participant's page gathers what each app knows of them
(referrals, mentorships, outcomes, placements), each through that app's access helper."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from stafet.mentorships.access import mentorships_for_user
from stafet.organisations.access import role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.models import EXPORTING_STAFF_ROLES, Role
from stafet.outcomes.access import outcomes_for_user
from stafet.params import clean_text
from stafet.people.access import get_mentor_for_user, mentors_for_user
from stafet.placements.access import placements_for_user
from stafet.programmes.access import CONSENT_RECORDING_ROLES, referrals_for_user
from stafet.web.access import get_participant_for_user, participants_for_user


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
    }
    return render(request, "people/participant.html", context)


@login_required
def mentor_list(request: AuthedRequest) -> HttpResponse:
    query = clean_text(request.GET.get("q"))
    mentors = _search(mentors_for_user(request.user), query).select_related("organisation", "site", "occupation")
    page = Paginator(mentors.order_by("last_name", "first_name", "pk"), 50).get_page(request.GET.get("page"))
    template = "people/mentors.html#rows" if request.htmx else "people/mentors.html"
    return render(request, template, {"page": page, "query": query})


@login_required
def mentor_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    mentor = get_mentor_for_user(request.user, pk)
    context = {
        "mentor": mentor,
        "languages": mentor.languages.select_related("language"),
        "mentorships": mentorships_for_user(request.user).filter(mentor=mentor),
    }
    return render(request, "people/mentor.html", context)
