from django.contrib import admin

from stafet.placements.models import JobOpening, Placement


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
