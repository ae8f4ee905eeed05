from django import forms
from django.utils.translation import gettext_lazy as _

from stafet.matches.models import PairRule
from stafet.matching import PARTS

PART_LABELS = {
    "industry": _("industry"),
    "occupation": _("occupation"),
    "education": _("education"),
    "distance": _("distance"),
    "language": _("language"),
    "goal": _("goal"),
    "experience": _("experience"),
    "competences": _("competences"),
}


class WeightsForm(forms.Form):
    """The weights of one run, relative to each other (0 leaves a part out); the programme's are pre-filled."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for part in PARTS:
            self.fields[part] = forms.IntegerField(
                label=PART_LABELS[part],
                min_value=0,
                max_value=100,
                widget=forms.NumberInput(attrs={"class": "form-input"}),
            )

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not any(data.get(part) for part in PARTS):
            raise forms.ValidationError(_("At least one weight must be more than 0."))
        return data


class PairRuleForm(forms.Form):
    participant = forms.IntegerField()
    mentor = forms.IntegerField()
    kind = forms.ChoiceField(choices=PairRule.Kind.choices)
    reason = forms.CharField(max_length=300, required=False)
