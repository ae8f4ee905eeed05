from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stafet.audit.site import lifecycle_action
from stafet.mentorships.actions import change_mentorship_status, take_escalation
from stafet.mentorships.models import Escalation, FollowUpCall, Meeting, Mentorship, PlannedMeeting
from stafet.programmes.models import MentorEnrolment


class MentorshipAdminForm(forms.ModelForm):
    """The database refuses an open mentorship that would overfill its mentor or whose mentor is not enrolled
    in the cohort; this says so on the form instead of failing the request."""

    def clean(self):
        super().clean()
        data = self.cleaned_data
        cohort, mentor, old = data.get("cohort"), data.get("mentor"), self.instance
        if cohort is None or mentor is None or not old.is_open:
            return data
        enrolment = MentorEnrolment.objects.filter(cohort=cohort, mentor=mentor).first()
        if enrolment is None:
            raise ValidationError(_("%(m)s is not enrolled in %(c)s.") % {"m": mentor, "c": cohort})
        holds_this_place = old.pk is not None and (old.cohort_id, old.mentor_id) == (cohort.pk, mentor.pk)
        if not holds_this_place and enrolment.free_places <= 0:
            raise ValidationError(
                _("%(m)s has no free place (capacity %(n)s).") % {"m": mentor, "n": enrolment.capacity}
            )
        return data


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    exclude = ["logged_by"]


class PlannedMeetingInline(admin.TabularInline):
    """Planned meetings, to read: planning, moving and cancelling send calendar files, so they go through the
    mentorship page."""

    model = PlannedMeeting
    extra = 0
    fields = readonly_fields = ("starts_at", "hours", "venue", "venue_detail", "status", "sequence", "meeting")

    def has_add_permission(self, request, obj=None):
        return False


class FollowUpCallInline(admin.TabularInline):
    model = FollowUpCall
    extra = 0
    exclude = ["done_by"]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    form = MentorshipAdminForm
    list_display = ["participant", "mentor", "cohort", "role", "status", "started_on", "ended_on", "closing_reason"]
    list_filter = ["status", "role", "closing_reason", "cohort__programme"]
    search_fields = ["participant__last_name", "mentor__last_name"]
    autocomplete_fields = ["participant", "mentor", "cohort"]
    # Status moves through the actions (capacity counters and audit); the admin shows it. Closing asks for a
    # reason and a date: that is on the mentorship's page.
    readonly_fields = ["status"]
    inlines = [MeetingInline, PlannedMeetingInline, FollowUpCallInline]
    actions = [
        lifecycle_action(
            "pause",
            gettext_lazy("Pause the selected mentorships"),
            lambda m, by: change_mentorship_status(mentorship=m, status=Mentorship.Status.PAUSED, by=by),
        ),
        lifecycle_action(
            "activate",
            gettext_lazy("Activate or resume the selected mentorships"),
            lambda m, by: change_mentorship_status(mentorship=m, status=Mentorship.Status.ACTIVE, by=by),
        ),
    ]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["topic", "urgency", "status", "mentorship", "raised_at"]
    list_filter = ["status", "urgency", "topic"]
    raw_id_fields = ["mentorship"]
    exclude = ["raised_by", "resolved_by"]
    # Resolving asks how it was resolved: that is on the escalations page.
    actions = [
        lifecycle_action(
            "take", gettext_lazy("Take the selected escalations"), lambda e, by: take_escalation(escalation=e, by=by)
        )
    ]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "date", "hours", "venue"]
    list_filter = ["venue"]
    raw_id_fields = ["mentorship"]
    exclude = ["logged_by"]


@admin.register(FollowUpCall)
class FollowUpCallAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "due_on", "done_on", "result", "done_by"]
    list_filter = ["result", "mentorship__cohort__programme"]
    search_fields = ["mentorship__participant__last_name", "mentorship__mentor__last_name"]
    raw_id_fields = ["mentorship"]
    readonly_fields = ["done_by"]
