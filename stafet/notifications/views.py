"""The user's notifications, their choices of how each kind reaches them, and their private calendar feed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stafet.notifications import actions, feed
from stafet.notifications.access import get_notification_for_user, notifications_for_user
from stafet.notifications.kinds import SPECS, choosable_kinds
from stafet.notifications.models import CalendarFeed, Delivery, Kind, Preference
from stafet.notifications.render import summary
from stafet.organisations.access import role_of
from stafet.organisations.http import AuthedRequest, read_by

FEED_SESSION_KEY = "stafet_new_calendar_secret"


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(notifications_for_user(request.user), 30).get_page(request.GET.get("page"))
    for notification in page:
        notification.text = summary(notification)  # in the page's language
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where its recipient acts."""
    notification = get_notification_for_user(request.user, pk)
    actions.mark_read(notification=notification, by=request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    actions.mark_all_read(user=request.user)
    return redirect("notifications:list")


class PreferencesForm(forms.Form):
    """One choice per kind the user's role may choose."""

    def __init__(self, *args, kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = forms.ChoiceField(label=Kind(kind).label, choices=Delivery.choices)
            if kind == Kind.ESCALATION_RAISED:
                self.fields[kind].help_text = gettext_lazy("Urgent ones are always emailed at once.")


def _settings_context(request: AuthedRequest, form: PreferencesForm | None = None) -> dict:
    user = request.user
    kinds = choosable_kinds(role_of(user))
    chosen = dict(Preference.objects.filter(user=user, kind__in=kinds).values_list("kind", "delivery"))
    initial = {kind: chosen.get(kind, SPECS[kind].default) for kind in kinds}
    secret = request.session.pop(FEED_SESSION_KEY, None)
    return {
        "form": form or PreferencesForm(kinds=kinds, initial=initial),
        "has_feed": CalendarFeed.objects.filter(user=user).exists(),
        "feed_url": request.build_absolute_uri(reverse("notifications:feed", args=[secret])) if secret else "",
    }


@login_required
def notification_settings(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        return render(request, "notifications/settings.html", _settings_context(request))
    form = PreferencesForm(request.POST, kinds=choosable_kinds(role_of(user)))
    if form.is_valid():
        try:
            actions.set_preferences(user=user, choices=form.cleaned_data, by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", _settings_context(request, form), status=400)


@login_required
@require_POST
def feed_new(request: AuthedRequest) -> HttpResponse:
    """Make (or remake) the user's calendar address; it is shown once, on the next page."""
    request.session[FEED_SESSION_KEY] = actions.create_calendar_feed(user=request.user, by=request.user)
    return redirect(reverse("notifications:settings") + "#calendar")


@login_required
@require_POST
def feed_revoke(request: AuthedRequest) -> HttpResponse:
    if actions.revoke_calendar_feed(user=request.user, by=request.user):
        messages.success(request, _("Your calendar address no longer works."))
    return redirect(reverse("notifications:settings") + "#calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar programs: no login, the secret is the key; anything else is a 404."""
    user = feed.user_of(token)
    if user is None:
        raise Http404
    read_by(request, user)  # the people in it are on the read log, read by the feed's owner
    response = HttpResponse(feed.calendar_of(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stafet.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
