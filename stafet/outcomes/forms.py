import datetime

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput, WarnsAboutCPR
from stafet.outcomes.models import Outcome
from stafet.programmes.models import Cohort


class OutcomeForm(WarnsAboutCPR, forms.Form):
    """An outcome at one measuring point. The date is when it happened (or was found out), so never in the
    future, and never before the cohort started."""

    measured = forms.ChoiceField(label=_("Measured"), choices=Outcome.Measured.choices)
    type = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "–"), *((value, capfirst(label)) for value, label in Outcome.Type.choices)]
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    employer = forms.CharField(label=_("Employer or school"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, cohort: Cohort, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future: record an outcome once it has happened."))
        if date < self.cohort.start_date:
            raise forms.ValidationError(
                _("The date is before the cohort started (%(start)s).") % {"start": self.cohort.start_date}
            )
        return date


class MeasuredForm(forms.Form):
    """Which measuring point a report or the outcomes list shows."""

    measured = forms.ChoiceField(
        label=_("Measuring point"),
        choices=Outcome.Measured.choices,
        required=False,
        initial=Outcome.Measured.END,
    )

    def measured_or_default(self) -> str:
        if self.is_valid() and self.cleaned_data["measured"]:
            return self.cleaned_data["measured"]
        return Outcome.Measured.END
