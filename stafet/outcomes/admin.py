from django.contrib import admin

from stafet.outcomes.models import Outcome


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["participant", "cohort", "type", "measured", "date", "employer"]
    list_filter = ["type", "measured", "cohort__programme"]
    search_fields = ["participant__last_name", "employer"]
    autocomplete_fields = ["participant", "cohort"]
    exclude = ["recorded_by"]
