"""What every form of Stafet shares: how an action's refusal is shown on a form.

Forms check shape; the rules live in the apps' actions, which refuse with ``ValidationError`` and change nothing.
A view that calls an action from a form hands the refusal to :func:`add_action_error`; a view behind a plain
button (no fields) shows it with :func:`refusal_message`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def add_action_error(error: ValidationError, *forms: BaseForm) -> None:
    """Show an action's refusal on the form(s) the user sent: each message on the field it names, in the first
    of ``forms`` that has that field, and the rest above the first form.

    >>> from django import forms
    >>> class NoteForm(forms.Form):
    ...     note = forms.CharField()
    >>> form = NoteForm({"note": "hi"})
    >>> form.is_valid()
    True
    >>> add_action_error(ValidationError({"note": "Too short.", "day": "Not a weekday."}), form)
    >>> form.errors["note"], form.non_field_errors()
    (['Too short.'], ['Not a weekday.'])
    """
    for form in forms:
        if not form.is_bound:
            # A form shown fresh (the answer to a button) has no errors yet: give it an empty list to add to.
            form.full_clean()
            form.cleaned_data = {}
    for field, messages_ in error.update_error_dict({}).items():
        form = next((f for f in forms if field in f.fields), forms[0])
        form.add_error(field if field in form.fields else None, messages_)


def refusal_message(request: HttpRequest, error: ValidationError) -> None:
    """Show an action's refusal behind a button (no form to put it on) at the top of the next page."""
    messages.error(request, " ".join(error.messages))
