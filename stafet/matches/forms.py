from django import forms

from stafet.matches.models import PairRule


class PairRuleForm(forms.Form):
    participant = forms.IntegerField()
    mentor = forms.IntegerField()
    kind = forms.ChoiceField(choices=PairRule.Kind.choices)
    reason = forms.CharField(max_length=300, required=False)
