from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stafet.audit.site import ADMIN_RENDERER
from stafet.organisations.models import User
from stafet.people.actions import merge_participants
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


class MergeForm(forms.Form):
    """Which of the two selected records to keep; the admin's action and selection ride along."""

    default_renderer = ADMIN_RENDERER
    keep = forms.ChoiceField(label=gettext_lazy("Keep this record"), widget=forms.RadioSelect)
    action = forms.CharField(widget=forms.HiddenInput, initial="merge")
    selected = forms.MultipleChoiceField(widget=forms.MultipleHiddenInput)

    def __init__(self, *args, people: list[Participant], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), f"{p.pk}: {p.name}, {p.birth_year}") for p in people]
        cast(forms.ChoiceField, self.fields["keep"]).choices = choices
        cast(forms.ChoiceField, self.fields["selected"]).choices = choices
        self.initial["selected"] = [str(p.pk) for p in people]

    def add_prefix(self, field_name: str) -> str:
        # The admin's changelist reads the selection from its own field name.
        return helpers.ACTION_CHECKBOX_NAME if field_name == "selected" else super().add_prefix(field_name)


@admin.action(description=gettext_lazy("Merge two selected records of one person"))
def merge(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Participant]) -> HttpResponse | None:
    people = list(queryset.order_by("pk").prefetch_related("referrals__programme", "referrals__municipality")[:3])
    if len(people) != 2:
        model_admin.message_user(request, _("Select exactly two records of the same person."), messages.ERROR)
        return None
    form = MergeForm(request.POST if "keep" in request.POST else None, people=people)
    if not form.is_valid():
        return render(request, "admin/people/participant/merge.html", {**model_admin.admin_site.each_context(request),
                      "form": form, "people": people, "opts": model_admin.model._meta})  # fmt: skip
    keep = next(p for p in people if str(p.pk) == form.cleaned_data["keep"])
    duplicate = next(p for p in people if p is not keep)
    try:
        merge_participants(keep=keep, duplicate=duplicate, by=cast(User, request.user))  # the admin admits staff only
    except ValidationError as error:
        model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
    else:
        model_admin.message_user(request, _("Record %(d)s is merged into %(k)s.") % {"d": duplicate.pk, "k": keep.pk})
    return None


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    actions = [merge]
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
