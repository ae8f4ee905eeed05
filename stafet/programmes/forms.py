"""Forms of referral and screening. Each names its fields in the user's words; the actions decide."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stafet.forms import DateInput, WarnsAboutCPR
from stafet.organisations.models import Organisation
from stafet.programmes.actions import eligibility_failures
from stafet.programmes.models import Cohort, MentorApplication, ParticipantEnrolment, Programme, Referral

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ReferralForm(WarnsAboutCPR, forms.Form):
    """The referral part of "Refer a citizen": which programme, the citizen's consent and a note."""

    cpr_field = "note_cpr_confirmed"  # the profile form beside it on the page has its own

    programme = forms.ModelChoiceField(label=_("programme"), queryset=Programme.objects.none())
    consent_given_on = forms.DateField(label=_("consent given on"), widget=DateInput())
    consent_scope = forms.ChoiceField(
        label=_("consent scope"), choices=Referral.ConsentScope.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("note to the programme"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, programmes: QuerySet[Programme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes

    def clean_consent_given_on(self) -> datetime.date:
        given = self.cleaned_data["consent_given_on"]
        # The referral is dated today, so "not after today" also keeps consent before the referral.
        if given > timezone.localdate():
            raise forms.ValidationError(_("The consent date cannot be after today (the referral date)."))
        return given


class QueueFilterForm(forms.Form):
    """Filters of the referral list. Unknown values are ignored rather than refused: it is a GET."""

    mark_optional = False  # every filter is
    SORTS = [("oldest", _("oldest first")), ("newest", _("newest first"))]
    ELIGIBILITY = [("", _("all")), ("eligible", _("meets every rule")), ("ineligible", _("fails a rule"))]

    programme = forms.ModelChoiceField(
        label=_("programme"), queryset=Programme.objects.none(), required=False, empty_label=_("all programmes")
    )
    status = forms.ChoiceField(label=_("status"), choices=[("", _("all")), *Referral.Status.choices], required=False)
    municipality = forms.ModelChoiceField(
        label=_("municipality"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("all municipalities"),
    )
    eligibility = forms.ChoiceField(label=_("eligibility"), choices=ELIGIBILITY, required=False)
    sort = forms.ChoiceField(label=_("sort"), choices=SORTS, required=False)

    def __init__(self, *args, programmes: QuerySet[Programme], municipalities: QuerySet[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities

    def filter(self, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("programme"):
            referrals = referrals.filter(programme=data["programme"])
        if data.get("status"):
            referrals = referrals.filter(status=data["status"])
        if data.get("municipality"):
            referrals = referrals.filter(municipality=data["municipality"])
        if data.get("eligibility"):
            # The rules are data evaluated in Python (programmes.eligibility), not SQL: evaluate the filtered set.
            want = data["eligibility"] == "eligible"
            shortlist = referrals.select_related("programme", "participant")
            referrals = referrals.filter(pk__in=[r.pk for r in shortlist if (not eligibility_failures(r)) == want])
        if data.get("sort") == "newest":
            return referrals.order_by("-referred_on", "-pk")
        return referrals.order_by("referred_on", "pk")


class _Taken(TypedDict):
    taken: int


def open_cohorts(programme_ids: Iterable[int]) -> "QuerySet[WithAnnotations[Cohort, _Taken]]":
    """Cohorts of the given programmes that are not closed, each annotated with ``taken`` places."""
    taken = Count(
        "participant_enrolments", filter=~Q(participant_enrolments__status=ParticipantEnrolment.Status.WITHDRAWN)
    )
    return (
        Cohort.objects.filter(programme__in=programme_ids)
        .exclude(status=Cohort.Status.CLOSED)
        .annotate(taken=taken)
        .order_by("start_date", "name")
    )


def cohorts_with_places(programme_ids: Iterable[int]) -> "QuerySet[WithAnnotations[Cohort, _Taken]]":
    """Where a referred citizen can still be accepted."""
    return open_cohorts(programme_ids).filter(taken__lt=F("capacity"))


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cohort: Cohort) -> str:
        left = cohort.capacity - getattr(cohort, "taken", 0)
        return _("%(name)s (%(left)s of %(capacity)s places left)") % {
            "name": cohort.name,
            "left": left,
            "capacity": cohort.capacity,
        }


class AcceptForm(forms.Form):
    cohort = CohortChoiceField(label=_("cohort"), queryset=Cohort.objects.none(), empty_label=None)
    accept_despite = forms.BooleanField(label=_("accept despite the failed rules"), required=False)

    def __init__(self, *args, cohorts: QuerySet[Cohort], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(CohortChoiceField, self.fields["cohort"]).queryset = cohorts


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("reason"),
        choices=[("", _("choose a reason")), *Referral.DeclineReason.choices],
        error_messages={"required": _("Choose the reason for declining.")},
    )


class TrainingForm(forms.Form):
    completed_on = forms.DateField(label=_("training completed on"), widget=DateInput())


class EnrolMentorForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("cohort"), queryset=Cohort.objects.none(), empty_label=None)
    capacity = forms.IntegerField(label=_("mentees in this cohort"), min_value=1, max_value=10)

    def __init__(self, *args, cohorts: QuerySet[Cohort], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cohort"]).queryset = cohorts


class BulkEnrolForm(forms.Form):
    """Enrol the mentors ticked on the screening page in one cohort."""

    cohort = forms.ModelChoiceField(label=_("cohort"), queryset=Cohort.objects.none(), empty_label=None)
    capacity = forms.IntegerField(
        label=_("mentees each in this cohort"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_("Empty: each mentor's own capacity."),
    )

    def __init__(self, *args, cohorts: QuerySet[Cohort], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = cohorts


class NewMentorForm(forms.Form):
    """Where a mentor the coordinator enters belongs: the programme, and (optionally) the cohort to enrol them in
    at once."""

    programme = forms.ModelChoiceField(label=_("programme"), queryset=Programme.objects.none())
    cohort = forms.ModelChoiceField(
        label=_("enrol in cohort"), queryset=Cohort.objects.none(), required=False,
        help_text=_("Enrolling sends a mentor with an email address the invitation to choose a password."),
    )  # fmt: skip

    def __init__(self, *args: Any, programmes: QuerySet[Programme], cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        cast(forms.ModelChoiceField, self.fields["cohort"]).queryset = cohorts

    def clean(self) -> dict:
        super().clean()
        programme, cohort = self.cleaned_data.get("programme"), self.cleaned_data.get("cohort")
        if programme and cohort and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("%(c)s is not a cohort of %(p)s.") % {"c": cohort, "p": programme})
        return self.cleaned_data


class CohortForm(forms.Form):
    """A new cohort (hold): its name, start, welcome event and places."""

    name = forms.CharField(label=_("name"), max_length=200)
    start_date = forms.DateField(label=_("start date"), widget=DateInput())
    welcome_event_date = forms.DateField(label=_("welcome event"), required=False, widget=DateInput())
    capacity = forms.IntegerField(label=_("places for participants"), min_value=1, max_value=1000)


class SignUpConsentForm(forms.Form):
    """The sign-up page's consent, and its honeypot: a field hidden from people that bots fill in."""

    consent = forms.BooleanField(
        # Translators: also in the participants' languages (read by mentors, participants or visitors).
        label=_("I agree that the programme's NGO keeps and uses the details I give here to screen me as a mentor, "
                "match me with a mentee and contact me about the programme. I can ask for them to be deleted."),
        # Translators: also in the participants' languages (read by mentors, participants or visitors).
        error_messages={"required": _("Tick the box to give your consent: without it we cannot keep your sign-up.")},
    )  # fmt: skip
    website = forms.CharField(
        # Translators: also in the participants' languages (read by mentors, participants or visitors).
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class MentorDecisionForm(forms.Form):
    """Screening a mentor's sign-up: approve (despite failed rules, when ticked) or decline with a reason."""

    accept_despite = forms.BooleanField(label=_("approve despite the failed rules"), required=False)
    reason = forms.ChoiceField(
        label=_("reason for declining"),
        choices=[("", _("choose a reason")), *MentorApplication.DeclineReason.choices],
        required=False,
    )
