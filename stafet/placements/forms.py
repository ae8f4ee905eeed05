"""The placement pipeline's forms: the job opening as its company contact or the programme's coordinator writes it
(the choices are what the user may post for, ``placements.access``; the model and ``actions.post_opening`` decide
the rest), the screening interview, the talent selection (the reports' filters are in ``outcomes.forms``)."""

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput
from stafet.organisations.access import companies_for_user
from stafet.organisations.models import Site, User
from stafet.placements.access import opening_programmes_for_user
from stafet.placements.actions import OPENING_FIELDS
from stafet.placements.models import JobOpening, Screening
from stafet.programmes.models import Cohort, Programme
from stafet.reference.models import Occupation

_FIELDS = forms.fields_for_model(
    JobOpening,
    fields=OPENING_FIELDS,
    widgets={
        "starts_on": DateInput(),
        "ends_on": DateInput(),
        "requirements": forms.Textarea(attrs={"rows": 4}),
    },
)


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, site: Site) -> str:
        return f"{site.organisation.name} – {site.name}, {site.postcode_id}"


class OpeningForm(forms.Form):
    """An opening's fields: the model's own (with their validators), on a plain form so checking it changes
    nothing before the action runs."""

    def __init__(self, *args: Any, user: User, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in OPENING_FIELDS:
            self.fields[name] = copy.deepcopy(_FIELDS[name])
        companies = companies_for_user(user)
        self.fields["company"] = forms.ModelChoiceField(label=_("company"), queryset=companies, empty_label=None)
        self.fields["site"] = SiteChoiceField(
            label=_("site"),
            queryset=Site.objects.filter(organisation__in=companies).select_related("organisation"),
            help_text=_("Where the job is; a company's sites are kept on the company's page."),
        )
        self.fields["programme"] = forms.ModelChoiceField(
            label=_("programme"), queryset=opening_programmes_for_user(user), required=False
        )
        self.fields["occupation"] = forms.ModelChoiceField(
            label=_("occupation (ISCO-08)"), queryset=Occupation.objects.filter(level=Occupation.Level.UNIT)
        )
        self.order_fields(OPENING_FIELDS)
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("status"),
                choices=[(s, label) for s, label in JobOpening.Status.choices if s != JobOpening.Status.FILLED],
                help_text=_("A closed opening takes no more candidates."),
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The opening ends on or after the day it starts."))
        return data


class ScreeningForm(forms.ModelForm):
    class Meta:
        model = Screening
        fields = ["screened_on", "motivation", "motivation_note", "assessment", "note"]
        widgets = {"screened_on": DateInput()}


class SelectionForm(forms.Form):
    """Which cohort the selection fills, and how many of the ranking to tick (the cohort's free places)."""

    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none(), label=_("Cohort"))
    n = forms.IntegerField(label=_("Select the top"), min_value=0, max_value=1000, required=False)

    def __init__(self, *args: object, programme: Programme, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cohort"].queryset = programme.cohorts.exclude(status=Cohort.Status.CLOSED).order_by(  # type: ignore[attr-defined]
            "-start_date"
        )
