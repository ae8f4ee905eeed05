from django.contrib import admin

from stafet.mentorships.models import Escalation, FollowUpCall, Meeting, Mentorship


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    exclude = ["logged_by"]


class FollowUpCallInline(admin.TabularInline):
    model = FollowUpCall
    extra = 0
    exclude = ["done_by"]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["participant", "mentor", "cohort", "role", "status", "started_on", "ended_on", "closing_reason"]
    list_filter = ["status", "role", "closing_reason", "cohort__programme"]
    search_fields = ["participant__last_name", "mentor__last_name"]
    autocomplete_fields = ["participant", "mentor", "cohort"]
    # Status moves through the actions (capacity counters and audit); the admin shows it.
    readonly_fields = ["status"]
    inlines = [MeetingInline, FollowUpCallInline]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["topic", "urgency", "status", "mentorship", "raised_at"]
    list_filter = ["status", "urgency", "topic"]
    raw_id_fields = ["mentorship"]
    exclude = ["raised_by", "resolved_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "date", "hours", "venue"]
    list_filter = ["venue"]
    raw_id_fields = ["mentorship"]
    exclude = ["logged_by"]
