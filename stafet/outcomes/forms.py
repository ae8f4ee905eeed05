import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput, WarnsAboutCPR
from stafet.organisations.models import Organisation
from stafet.outcomes.models import Outcome
from stafet.people.models import Participant
from stafet.programmes.models import Cohort, Programme, Referral


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


class ReportFilterForm(forms.Form):
    """A report for one partner municipality's citizens, or for those referred in a period (for a funder's
    year, say): every figure and denominator then counts only them."""

    municipality = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Municipality"), required=False, empty_label=_("all")
    )
    start = forms.DateField(label=_("Referred from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Referred until"), required=False, widget=DateInput())

    def __init__(self, *args: object, programme: Programme, municipalities: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if municipalities:
            self.fields["municipality"].queryset = programme.partner_municipalities.order_by("name")  # type: ignore[attr-defined]
        else:  # a caseworker's report is their municipality's already; a breakdown by municipality needs none
            del self.fields["municipality"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The period ends before it starts."))
        return data

    def chosen(self) -> dict:
        """The filters given and valid (none when the form has errors: the report is then unfiltered)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}

    def description(self) -> str:
        """What the figures are narrowed to, in words, for the page and the PDF: "Aarhus · referred 1.1.2026 –
        …"; empty when nothing is chosen."""
        chosen = self.chosen()
        parts = [str(chosen["municipality"])] if "municipality" in chosen else []
        if "start" in chosen or "end" in chosen:
            start = formats.date_format(chosen["start"], "SHORT_DATE_FORMAT") if "start" in chosen else "…"
            end = formats.date_format(chosen["end"], "SHORT_DATE_FORMAT") if "end" in chosen else "…"
            parts.append(_("referred %(start)s – %(end)s") % {"start": start, "end": end})
        return " · ".join(parts)

    def narrow(self, participants: QuerySet[Participant] | None, programme: Programme) -> QuerySet[Participant] | None:
        """``participants`` (``None``: everyone) narrowed to the municipality and period chosen."""
        chosen = self.chosen()
        if not chosen:
            return participants
        referrals = Referral.objects.filter(programme=programme)
        if "municipality" in chosen:
            referrals = referrals.filter(municipality=chosen["municipality"])
        if "start" in chosen:
            referrals = referrals.filter(referred_on__gte=chosen["start"])
        if "end" in chosen:
            referrals = referrals.filter(referred_on__lte=chosen["end"])
        narrowed = Participant.objects.filter(pk__in=referrals.values("participant"))
        return narrowed if participants is None else participants.filter(pk__in=narrowed.values("pk"))


class BreakdownFilterForm(ReportFilterForm):
    """The municipality and company reports' choices: one cohort or all, the measuring point, and the period (and,
    on the company report for the operating NGO, one partner municipality's citizens)."""

    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none(), label=_("Cohort"), required=False,
                                    empty_label=_("all cohorts"))  # fmt: skip
    measured = MeasuredForm.base_fields["measured"]

    field_order = ["cohort", "measured", "municipality", "start", "end"]

    def __init__(self, *args: object, programme: Programme, municipalities: bool, **kwargs: object) -> None:
        super().__init__(*args, programme=programme, municipalities=municipalities, **kwargs)
        self.fields["cohort"].queryset = programme.cohorts.order_by("start_date")  # type: ignore[attr-defined]

    def measured_or_default(self) -> str:
        return self.chosen().get("measured") or Outcome.Measured.END

    def narrow(self, participants: QuerySet[Participant] | None, programme: Programme) -> QuerySet[Participant] | None:
        # The cohort and the measuring point choose what is counted, not whom: only the referral filters narrow.
        chosen = {k: v for k, v in self.chosen().items() if k in ("municipality", "start", "end")}
        if not chosen:
            return participants
        return super().narrow(participants, programme)
