from django import forms

from stafet.matches.models import PairRule
from stafet.programmes.weights import MAX_WEIGHT, PART_LABELS, PARTS, weight_errors


class WeightsForm(forms.Form):
    """The weights of one run, relative to each other (0 leaves a part out); the programme's are pre-filled."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for part in PARTS:
            self.fields[part] = forms.IntegerField(label=PART_LABELS[part], min_value=0, max_value=MAX_WEIGHT)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not self.errors:
            for error in weight_errors(data):
                self.add_error(None, error)
        return data


class PairRuleForm(forms.Form):
    participant = forms.IntegerField()
    mentor = forms.IntegerField()
    kind = forms.ChoiceField(choices=PairRule.Kind.choices)
    reason = forms.CharField(max_length=300, required=False)
