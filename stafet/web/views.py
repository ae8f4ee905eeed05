from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import i18n
from django.views.decorators.http import require_POST

from stafet.mentorships.access import escalations_for_user, mentorships_for_user
from stafet.mentorships.models import Escalation, FollowUpCall
from stafet.organisations.access import role_of
from stafet.organisations.http import AuthedRequest
from stafet.organisations.languages import language_for
from stafet.organisations.models import Role, User
from stafet.people.access import mentors_for_user
from stafet.placements.access import openings_for_user
from stafet.programmes.access import programmes_for_user, referrals_for_user
from stafet.programmes.models import Referral
from stafet.programmes.plan import plan_so_far
from stafet.web import portal


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a cookie), which also keeps a logged-in user's choice on the user: their pages on
    another device and their emails follow it."""
    code = request.POST.get("language", "")
    user = request.user if isinstance(request.user, User) else None  # a User only when logged in
    # A language the user may not read Stafet in is not kept (UserLanguageMiddleware ignores its cookie too).
    if user is not None and code == language_for(user, code) and user.preferred_language != code:
        user.preferred_language = code
        user.save(update_fields=["preferred_language"])
    return i18n.set_language(request)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user, role = request.user, role_of(request.user)
    mentorships = mentorships_for_user(user)
    context: dict[str, Any] = {
        "role": role,
        "programmes": programmes_for_user(user)
        .annotate(cohort_count=Count("cohorts", distinct=True))
        .select_related("operator"),
        "mentorships": list(
            mentorships.open()
            .select_related("participant", "mentor", "cohort__programme")
            .annotate(held=Count("meetings"))
            .order_by("participant__last_name")[:50]
        ),
    }
    if role in (Role.COORDINATOR, Role.ADMINISTRATOR):
        context |= {
            "pending_referrals": referrals_for_user(user).filter(status=Referral.Status.PENDING).count(),
            "open_escalations": escalations_for_user(user).exclude(status=Escalation.Status.RESOLVED).count(),
            "overdue_calls": FollowUpCall.objects.filter(
                mentorship__in=mentorships.open(), done_on__isnull=True, due_on__lt=timezone.localdate()
            ).count(),
        }
    if role == Role.CASEWORKER:
        context["referrals"] = referrals_for_user(user).order_by("-referred_on")[:50]
    if role == Role.COMPANY_CONTACT:
        context["mentor_count"] = mentors_for_user(user).count()
        context["openings"] = openings_for_user(user).annotate(
            presented=Count("placements", filter=Q(placements__status__in=["shortlisted", "interview", "offered"]))
        )
    if role == Role.PARTICIPANT:
        return portal.portal(request)
    if role == Role.MENTOR:
        context["me"] = mentors_for_user(user).first()
        # A mentor's next step is the next meeting: how far each pair is against the plan.
        today = timezone.localdate()
        for m in context["mentorships"]:
            m.expected = plan_so_far(m.cohort.programme, m.started_on, m.ended_on, today).meetings
    return render(request, "web/home.html", context)
