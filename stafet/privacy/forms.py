from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    REASONS = [
        ("request", _("the person asked to be erased (GDPR art. 17)")),
        ("consent_withdrawn", _("the person withdrew their consent")),
        ("no_longer_needed", _("the data is no longer needed")),
    ]
    reason = forms.ChoiceField(label=_("Why"), choices=REASONS, widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("I understand: the name, contact details, birth year, free text and notes are replaced for good."),
    )
