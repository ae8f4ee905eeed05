"""Forms of the event screens: shape only; the rules live in ``events.actions``."""

import datetime
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.events.models import Event, Invitation
from stafet.forms import DateInput, WarnsAboutCPR
from stafet.programmes.models import Cohort, Programme


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class ProgrammeCohortField(forms.ModelChoiceField):
    """A cohort named with its programme (the list holds the cohorts of several programmes)."""

    def label_from_instance(self, obj: Cohort) -> str:
        return f"{obj.programme.name}: {obj.name}"


class EventForm(WarnsAboutCPR, forms.Form):
    """Schedule or change an event; date and clock times are the local ones, made into moments in ``clean``."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    cohort = ProgrammeCohortField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("the whole programme"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("From"), widget=TimeInput())
    end = forms.TimeField(label=_("To"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=300)
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=10_000,  # more than any venue; a number the database column holds
        required=False,
        help_text=_("Empty: no limit."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, programmes: QuerySet[Programme], fixed_programme: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        cohort = cast(forms.ModelChoiceField, self.fields["cohort"])
        cohort.queryset = (
            Cohort.objects.filter(programme__in=programmes)
            .exclude(status=Cohort.Status.CLOSED)
            .select_related("programme")
        )
        if fixed_programme is not None:  # changing an event: it stays in its programme
            del self.fields["programme"]
            self.fixed_programme = fixed_programme
            cohort.queryset = fixed_programme.cohorts.all()

    @classmethod
    def initial_of(cls, event: Event) -> dict:
        start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        return {
            "cohort": event.cohort_id,
            "kind": event.kind,
            "title": event.title,
            "date": start.date(),
            "start": start.time(),
            "end": end.time(),
            "place": event.place,
            "capacity": event.capacity,
            "description": event.description,
        }

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end))
            if end <= start:
                self.add_error("end", _("The event ends after it starts."))
        programme = data.get("programme") or getattr(self, "fixed_programme", None)
        cohort = data.get("cohort")
        if cohort and programme and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("The cohort belongs to another programme."))
        return data

    def action_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            k: data[k] for k in ("cohort", "kind", "title", "description", "starts_at", "ends_at", "place", "capacity")
        }
        return fields


class AnswerForm(forms.Form):
    rsvp = forms.ChoiceField(choices=[(Invitation.Rsvp.YES, _("coming")), (Invitation.Rsvp.NO, _("not coming"))])
