"""The placement pipeline's forms: the job opening as its company contact or the programme's coordinator writes it
(the choices are what the user may post for, ``placements.access``; the model and ``actions.post_opening`` decide
the rest), the screening interview, the talent selection and the talent report's filters."""

import copy
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput
from stafet.organisations.access import companies_for_user
from stafet.organisations.models import Organisation, Site, User
from stafet.people.models import Participant
from stafet.placements.access import opening_programmes_for_user
from stafet.placements.actions import OPENING_FIELDS
from stafet.placements.models import JobOpening, Screening
from stafet.programmes.models import Cohort, Programme, Referral
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


class ReportFilterForm(forms.Form):
    """The talent report for one partner municipality's citizens, or those referred in a period."""

    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Municipality"), required=False, empty_label=_("all")
    )
    start = forms.DateField(label=_("Referred from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Referred until"), required=False, widget=DateInput())

    def __init__(self, *args: object, programme: Programme, municipalities: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if municipalities:
            self.fields["municipality"].queryset = programme.partner_municipalities.order_by("name")  # type: ignore[attr-defined]
        else:  # a caseworker's report is their municipality's already
            del self.fields["municipality"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The period ends before it starts."))
        return data

    def narrow(self, participants: QuerySet[Participant] | None, programme: Programme) -> QuerySet[Participant] | None:
        """``participants`` (``None``: everyone) narrowed to the municipality and period chosen."""
        if not self.is_valid():
            return participants
        referrals = Referral.objects.filter(programme=programme)
        if self.cleaned_data.get("municipality"):
            referrals = referrals.filter(municipality=self.cleaned_data["municipality"])
        if self.cleaned_data.get("start"):
            referrals = referrals.filter(referred_on__gte=self.cleaned_data["start"])
        if self.cleaned_data.get("end"):
            referrals = referrals.filter(referred_on__lte=self.cleaned_data["end"])
        if not any(self.cleaned_data.get(f) for f in ("municipality", "start", "end")):
            return participants
        chosen = Participant.objects.filter(pk__in=referrals.values("participant"))
        return chosen if participants is None else participants.filter(pk__in=chosen.values("pk"))
