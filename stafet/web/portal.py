"""A participant's one page (their overview), and their way to ask the coordinator for help. Written for
readers of Danish at level A2 and in the participants' languages: every message here is in their catalogues
(stafet/locale/participant-sources.txt)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stafet.forms import add_action_error
from stafet.i18n import page_language
from stafet.mentorships import actions
from stafet.mentorships.access import can_ask_for_help, get_helping_mentorship_for_user, mentorships_for_user
from stafet.mentorships.models import Escalation, Meeting, PlannedMeeting
from stafet.notifications.access import notifications_for_user
from stafet.notifications.render import summary
from stafet.organisations.http import AuthedRequest
from stafet.programmes.access import programmes_for_user, referrals_for_user
from stafet.programmes.plan import plan_so_far
from stafet.web.access import participants_for_user


class HelpForm(forms.Form):
    """A participant's question to the coordinator, in their own words and language."""

    text = forms.CharField(
        label=gettext_lazy("Write to the coordinator"),
        help_text=gettext_lazy("You can write in your own language."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write what you need help with.")},
    )


def portal(request: AuthedRequest, help_form: HelpForm | None = None) -> HttpResponse:
    """A participant's one page: their mentors and how to reach them, the next meeting, the meetings held (never
    the mentor's notes), how far they are through the programme, their consents and their notifications."""
    user = request.user
    mentorships = list(
        mentorships_for_user(user).select_related("mentor", "cohort__programme").annotate(held=Count("meetings"))
    )
    today = timezone.localdate()
    for m in mentorships:
        m.expected = plan_so_far(m.cohort.programme, m.started_on, m.ended_on, today).meetings
    notifications = list(notifications_for_user(user).order_by("-created_at")[:5])
    for notification in notifications:
        notification.text = summary(notification)
    context = {
        "me": participants_for_user(user).first(),
        "programmes": programmes_for_user(user).annotate(cohort_count=Count("cohorts", distinct=True)),
        "mentorships": mentorships,
        "next_meeting": PlannedMeeting.objects.filter(
            mentorship__in=mentorships, status=PlannedMeeting.Status.PLANNED, starts_at__gte=timezone.now()
        )
        .select_related("mentorship__mentor")
        .first(),
        "meetings": Meeting.objects.filter(mentorship__in=mentorships).select_related("mentorship__mentor")[:20],
        "consents": referrals_for_user(user).order_by("-consent_given_on"),
        "notifications": notifications,
        "help_mentorship": next((m for m in mentorships if can_ask_for_help(user, m)), None),
        "help_form": help_form or HelpForm(),
    }
    return render(request, "web/portal.html", context, status=400 if help_form else 200)


@login_required
@require_POST
def ask_for_help(request: AuthedRequest, pk: int) -> HttpResponse:
    """A participant asks the coordinator for help; the language of their page is recorded with it, so that the
    coordinator knows to bring an interpreter."""
    mentorship = get_helping_mentorship_for_user(request.user, pk)
    form = HelpForm(request.POST)
    if form.is_valid():
        try:
            actions.raise_escalation(
                mentorship=mentorship,
                topic=Escalation.Topic.OTHER,
                urgency=Escalation.Urgency.NORMAL,
                text=form.cleaned_data["text"],
                language=page_language(),
                by=request.user,
            )
        except ValidationError as error:
            add_action_error(error, form)
        else:
            messages.success(request, _("Your question is sent. The coordinator will contact you."))
            return redirect("home")
    return portal(request, help_form=form)
