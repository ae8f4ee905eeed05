"""The programme's settings page: its operating NGO's coordinators set the plan, venues, texts, weights and rules
on forms instead of the admin's raw JSON."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stafet.organisations.http import AuthedRequest
from stafet.programmes.access import get_screening_programme_for_user
from stafet.programmes.actions import PLAN_SETTINGS, change_programme_settings
from stafet.programmes.models import Programme
from stafet.programmes.setting_forms import (
    BaseRuleFormSet,
    MeasuringForm,
    PlanForm,
    RecruitingForm,
    VenuesForm,
    WeightsForm,
    rule_formsets,
    texts_form,
    texts_of,
)

DescriptionForm = texts_form(gettext_lazy("description"), rows=5)
VenueReasonForm = texts_form(gettext_lazy("why those venues are refused"), rows=2, max_length=300)


@dataclass
class SettingsForms:
    plan: BaseForm
    recruiting: BaseForm
    venues: BaseForm
    venue_reason: BaseForm
    description: BaseForm
    weights: WeightsForm
    measuring: MeasuringForm
    participant_rules: BaseRuleFormSet
    mentor_rules: BaseRuleFormSet

    @classmethod
    def of(cls, programme: Programme, data: Any = None) -> "SettingsForms":
        participant_rules, mentor_rules = rule_formsets(data, programme)
        return cls(
            plan=PlanForm(data, prefix="plan", initial=model_to_dict(programme, fields=PLAN_SETTINGS)),
            recruiting=RecruitingForm(
                data, prefix="recruiting", initial={"recruits_mentors": programme.recruits_mentors}
            ),
            venues=VenuesForm(data, prefix="venues", initial={"refused_venues": programme.refused_venues}),
            venue_reason=VenueReasonForm(data, prefix="venue_reason", initial=programme.venue_rule_reason),
            description=DescriptionForm(data, prefix="description", initial=programme.description),
            weights=WeightsForm(data, prefix="weights", initial=programme.weights),
            measuring=MeasuringForm(data, prefix="measuring", initial={"measuring_points": programme.measuring_points}),
            participant_rules=participant_rules,
            mentor_rules=mentor_rules,
        )

    def all(self) -> list[Any]:
        return list(vars(self).values())

    def settings(self) -> dict[str, Any]:
        """The programme's settings as the forms give them (all valid)."""
        return {
            **self.plan.cleaned_data,
            **self.recruiting.cleaned_data,
            "refused_venues": self.venues.cleaned_data["refused_venues"],
            "venue_rule_reason": texts_of(self.venue_reason),
            "description": texts_of(self.description),
            "weights": self.weights.weights(),
            "measuring_points": self.measuring.points(),
            "participant_rules": self.participant_rules.rules(),
            "mentor_rules": self.mentor_rules.rules(),
        }

    def show_refusal(self, error: ValidationError) -> None:
        """Each of the model's messages on the form of the setting it names."""
        where = {
            "refused_venues": self.venues,
            "venue_rule_reason": self.venue_reason,
            "description": self.description,
            "weights": self.weights,
            "measuring_points": self.measuring,
            "recruits_mentors": self.recruiting,
        }
        for field, problems in error.update_error_dict({}).items():
            if field in ("participant_rules", "mentor_rules"):
                formset = getattr(self, field)
                formset.non_form_errors().extend(problems)
            elif field in where:
                where[field].add_error(field if field in where[field].fields else None, problems)
            else:
                self.plan.add_error(field if field in self.plan.fields else None, problems)


@login_required
def programme_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_screening_programme_for_user(request.user, pk)
    forms = SettingsForms.of(programme, request.POST if request.method == "POST" else None)
    # Every form checked (not only up to the first bad one), so each shows its errors at once.
    if request.method == "POST" and all([form.is_valid() for form in forms.all()]):
        try:
            change_programme_settings(programme=programme, by=request.user, **forms.settings())
        except ValidationError as error:
            forms.show_refusal(error)
        else:
            messages.success(request, _("The settings of %(p)s are saved.") % {"p": programme})
            return redirect("programmes:detail", programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/settings.html", {"programme": programme, "forms": forms}, status=status)
