from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stafet.audit.site import lifecycle_action
from stafet.programmes.actions import SETTINGS_AS_JSON, close_cohort, withdraw_participant
from stafet.programmes.models import (
    Cohort,
    MentorApplication,
    MentorEnrolment,
    ParticipantEnrolment,
    Programme,
    Referral,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "operator", "duration_months", "max_distance_km"]
    list_filter = ["kind", "operator"]
    search_fields = ["name"]
    autocomplete_fields = ["operator", "partner_companies", "partner_municipalities"]
    # Settings kept as JSON are edited as forms on the programme's settings page (programmes.setting_views), which
    # checks them with the same validators; here they are shown, never typed as JSON.
    readonly_fields = ["settings_page", *sorted(SETTINGS_AS_JSON)]

    @admin.display(description=_("settings"))
    def settings_page(self, programme: Programme) -> str:
        if programme.pk is None:
            return str(_("Save the programme, then set its rules, weights, venues and texts on its settings page."))
        url = reverse("programmes:settings", args=[programme.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the settings page"))


class ParticipantEnrolmentInline(admin.TabularInline):
    model = ParticipantEnrolment
    extra = 0
    autocomplete_fields = ["participant"]
    raw_id_fields = ["referral"]
    readonly_fields = ["rules_overruled"]  # the screening decision, as it was taken


class MentorEnrolmentInline(admin.TabularInline):
    model = MentorEnrolment
    extra = 0
    autocomplete_fields = ["mentor"]
    readonly_fields = ["open_mentorships"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "start_date", "capacity", "status"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "programme__name"]
    inlines = [ParticipantEnrolmentInline, MentorEnrolmentInline]
    actions = [lifecycle_action("close", _("Close the selected cohorts"), lambda c, by: close_cohort(cohort=c, by=by))]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["participant", "programme", "municipality", "referred_on", "consent_given_on", "status"]
    list_filter = ["status", "programme", "municipality"]
    search_fields = ["participant__first_name", "participant__last_name"]
    autocomplete_fields = ["participant", "programme", "municipality", "caseworker"]


@admin.register(ParticipantEnrolment)
class ParticipantEnrolmentAdmin(admin.ModelAdmin):
    list_display = ["participant", "cohort", "enrolled_on", "status"]
    list_filter = ["status", "cohort__programme"]
    search_fields = ["participant__first_name", "participant__last_name", "cohort__name"]
    autocomplete_fields = ["participant", "cohort"]
    raw_id_fields = ["referral"]
    readonly_fields = ["rules_overruled"]
    actions = [
        lifecycle_action(
            "withdraw", _("The selected participants have left"), lambda e, by: withdraw_participant(enrolment=e, by=by)
        )
    ]


@admin.register(MentorEnrolment)
class MentorEnrolmentAdmin(admin.ModelAdmin):
    list_display = ["mentor", "cohort", "capacity", "open_mentorships", "enrolled_on", "status"]
    list_filter = ["status", "cohort__programme"]
    search_fields = ["mentor__first_name", "mentor__last_name", "cohort__name"]
    autocomplete_fields = ["mentor", "cohort"]
    # Counted by the database from the open mentorships (see the model).
    readonly_fields = ["open_mentorships"]


@admin.register(MentorApplication)
class MentorApplicationAdmin(admin.ModelAdmin):
    list_display = ["mentor", "programme", "submitted_at", "status", "decline_reason"]
    list_filter = ["status", "programme"]
    search_fields = ["mentor__first_name", "mentor__last_name", "mentor__email"]
    readonly_fields = ["submitted_at", "consent_given_at", "decided_at", "rules_overruled"]
    autocomplete_fields = ["mentor"]
