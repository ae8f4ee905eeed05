from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput
from stafet.organisations.models import Organisation
from stafet.people.models import Participant
from stafet.placements.models import Screening
from stafet.programmes.models import Cohort, Programme, Referral


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
