from django.contrib import admin

from stafet.people.models import (
    CVDocument,
    CVEntry,
    Mentor,
    MentorLanguage,
    Participant,
    ParticipantLanguage,
    ParticipantOccupation,
)


class ParticipantOccupationInline(admin.TabularInline):
    model = ParticipantOccupation
    extra = 0
    autocomplete_fields = ["occupation"]


class ParticipantLanguageInline(admin.TabularInline):
    model = ParticipantLanguage
    extra = 0
    autocomplete_fields = ["language"]


class CVEntryInline(admin.TabularInline):
    model = CVEntry
    extra = 0


class CVDocumentInline(admin.TabularInline):
    model = CVDocument
    extra = 0
    readonly_fields = ["uploaded_at"]


class MentorLanguageInline(admin.TabularInline):
    model = MentorLanguage
    extra = 0
    autocomplete_fields = ["language"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "country_of_origin", "municipality", "education_level", "job_readiness", "goal"]
    list_filter = ["job_readiness", "goal", "education_level", "country_of_origin"]
    search_fields = ["first_name", "last_name", "email"]
    autocomplete_fields = ["user", "country_of_origin", "municipality", "home_postcode", "industries"]
    inlines = [ParticipantOccupationInline, ParticipantLanguageInline, CVEntryInline, CVDocumentInline]


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "site", "job_title", "capacity", "training_completed_on"]
    list_filter = ["kind", "organisation", "leadership_experience"]
    search_fields = ["first_name", "last_name", "email", "job_title", "organisation__name"]
    autocomplete_fields = ["user", "organisation", "site", "home_postcode", "occupation", "industry", "programmes"]
    inlines = [MentorLanguageInline]
