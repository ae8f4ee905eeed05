from django import forms
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput
from stafet.placements.models import Screening
from stafet.programmes.models import Cohort, Programme


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
