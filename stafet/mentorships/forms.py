"""Forms of the mentorship screens. They check shape only; the rules live in the actions, whose
``ValidationError`` is put back on the form with ``stafet.forms.add_action_error``."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput, WarnsAboutCPR
from stafet.mentorships.models import Escalation, FollowUpCall, Meeting, Mentorship
from stafet.programmes.models import Programme


class MeetingForm(WarnsAboutCPR, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(12),
        max_digits=3,
        decimal_places=1,
        # In the page's locale ("1,5" in Danish), written and read: a number input would show "1.5" whatever the
        # language. "1.5" is read too.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    venue = forms.ChoiceField(label=_("Venue"), choices=Programme.Venue.choices)
    venue_detail = forms.CharField(
        label=_("Where exactly"),
        max_length=200,
        required=False,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Meeting.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one topic you worked on.")},
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    programme: Programme | None = None  # whose venue rule applies (set by for_mentorship)
    note_private = forms.BooleanField(label=_("Private note: only you and the coordinator read it"), required=False)

    @classmethod
    def for_mentorship(cls, mentorship: Mentorship, data: Mapping[str, Any] | None = None) -> "MeetingForm":
        """Defaults from the plan: today, the planned hours of one meeting, and the company's site when
        the mentor has one (the programme's preferred setting)."""
        programme = mentorship.cohort.programme
        today = timezone.localdate()
        per_meeting = (
            (Decimal(str(programme.hours_per_month)) / Decimal(str(programme.meetings_per_month))).quantize(
                Decimal("0.1")
            )
            if programme.meetings_per_month
            else Decimal(2)
        )
        initial = {
            "date": min(today, mentorship.ended_on) if mentorship.ended_on else today,
            "hours": max(per_meeting, Decimal("0.5")),
            "venue": Programme.Venue.COMPANY_SITE if mentorship.mentor.site_id else Programme.Venue.OTHER_PROFESSIONAL,
        }
        form = cls(data, initial=initial)
        form.programme = programme
        return form

    def clean_venue(self) -> str:
        # The action refuses it too; checked here as well so the reason shows with any other error at once.
        venue = self.cleaned_data["venue"]
        programme = getattr(self, "programme", None)
        if programme is not None and venue in programme.refused_venues:
            reason = programme.shown_venue_rule_reason or _("This programme does not allow meetings there.")
            raise ValidationError(reason)
        return venue


class _OwnIds:
    """The mentorship page shows several of these forms at once: each form's element ids start with its own
    name ("close_note", "call_note"), so no id is on the page twice."""

    id_prefix = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class CloseForm(WarnsAboutCPR, _OwnIds, forms.Form):
    id_prefix = "close"
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            ("", _("Choose a reason")),
            *((code, label) for code, label in Mentorship.ClosingReason.choices if code != "consent_withdrawn"),
        ],
        error_messages={"required": _("Choose a closing reason.")},
    )
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EscalationForm(WarnsAboutCPR, _OwnIds, forms.Form):
    id_prefix = "escalation"
    topic = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Escalation.Topic.choices,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent?"),
        choices=Escalation.Urgency.choices,
        initial=Escalation.Urgency.NORMAL,
    )
    text = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what happened.")},
    )


class CallForm(WarnsAboutCPR, _OwnIds, forms.Form):
    id_prefix = "call"

    @classmethod
    def for_call(cls, call: FollowUpCall, data: object = None) -> "CallForm":
        """The form in one call's row: ids of its own, since a page lists several calls."""
        return cls(data, auto_id=f"call{call.pk}_%s")

    result = forms.ChoiceField(
        label=_("Result"),
        choices=[("", _("Choose a result")), *FollowUpCall.Result.choices],
        error_messages={"required": _("Choose a result.")},
    )
    note = forms.CharField(label=_("Note"), required=False)


class ResolveForm(WarnsAboutCPR, _OwnIds, forms.Form):
    id_prefix = "resolve"

    @classmethod
    def for_escalation(cls, escalation: Escalation, data: object = None) -> "ResolveForm":
        """The form in one escalation's row: ids of its own, since the queue lists several."""
        return cls(data, auto_id=f"resolve{escalation.pk}_%s")

    resolution_note = forms.CharField(
        label=_("How was it resolved?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write how it was resolved.")},
    )


class PlanForm(WarnsAboutCPR, forms.Form):
    """Plan (or move) the next meeting: day, time, length, venue. The venue rule is the logged meeting's."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    hours = MeetingForm.base_fields["hours"]
    venue = MeetingForm.base_fields["venue"]
    venue_detail = MeetingForm.base_fields["venue_detail"]
    note = forms.CharField(label=_("Agenda (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    clean_venue = MeetingForm.clean_venue
    programme: Programme | None = None
    planned_pk: int | None = None  # the planned meeting this form moves, when it failed (shown under that one)

    @classmethod
    def for_mentorship(
        cls, mentorship: Mentorship, data: Mapping[str, Any] | None = None, planned=None, **kwargs
    ) -> "PlanForm":
        if planned is not None:
            start = timezone.localtime(planned.starts_at)
            initial = {"date": start.date(), "time": start.time(), "hours": planned.hours, "venue": planned.venue,
                       "venue_detail": planned.venue_detail, "note": planned.note}  # fmt: skip
        else:
            initial = {k: v for k, v in MeetingForm.for_mentorship(mentorship).initial.items() if k != "date"}
        kwargs.setdefault("prefix", "plan")  # the meeting log's form on the same page has the same field names
        form = cls(data, initial=initial, **kwargs)
        form.programme = mentorship.cohort.programme
        return form

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("date") and data.get("time"):
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))
        return data

    def plan(self) -> dict:
        """The fields the planning actions take."""
        return {k: self.cleaned_data[k] for k in ("starts_at", "hours", "venue", "venue_detail", "note")}


class HeldForm(forms.Form):
    """A planned meeting took place: what it was about (optional), in one step."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Meeting.Topic.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    note = MeetingForm.base_fields["note"]
    note_private = MeetingForm.base_fields["note_private"]  # one definition of a private note for both paths
