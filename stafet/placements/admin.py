from django.contrib import admin

from stafet.placements.models import JobOpening, OpeningRule, Placement, Screening


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    autocomplete_fields = ["participant"]


@admin.register(JobOpening)
class JobOpeningAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "site", "type", "positions", "occupation", "status"]
    list_filter = ["type", "status", "company", "industry"]
    search_fields = ["title", "company__name"]
    autocomplete_fields = ["company", "site", "programme", "occupation", "industry", "language"]
    inlines = [PlacementInline]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["participant", "opening", "status", "score", "updated_at"]
    list_filter = ["status", "opening__company"]
    autocomplete_fields = ["participant", "opening"]


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """The talent programme's screening interviews: motivation and the judged competences (1-5)."""

    list_display = ["referral", "motivation", "assessment", "screened_on", "screened_by"]
    list_filter = ["referral__programme"]
    raw_id_fields = ["referral"]


@admin.register(OpeningRule)
class OpeningRuleAdmin(admin.ModelAdmin):
    """Pins and exclusions of candidates to openings in the talent assignment."""

    list_display = ["opening", "participant", "kind", "created_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["opening", "participant"]
