"""What every form of Stafet shares: its date input, how its fields look (the Danish design system, dkfds) and
how an action's refusal is shown on it.

Rendering: ``FORM_RENDERER`` is :class:`DkfdsRenderer`, so ``{{ form }}`` and ``{{ form.field.as_field_group }}``
give dkfds markup (label, hint, error message, the input with its dkfds class; radio buttons and checkbox lists
as dkfds radio buttons and checkboxes in a fieldset). Forms declare no CSS classes and templates write no
``<input>`` by hand. Where one page shows the same form more than once (a row per referral), give each its own
``prefix`` or ``auto_id`` so that no element id appears twice.

Refusals: forms check shape; the rules live in the apps' actions, which refuse with ``ValidationError`` and change
nothing. A view that calls an action from a form hands the refusal to :func:`add_action_error`; a view behind a
plain button (no fields) shows it with :func:`refusal_message`.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from stafet.cpr import find_cpr
from stafet.params import parse_id


class DateInput(forms.DateInput):
    """A browser date picker. It only accepts ISO dates (2026-12-01) as its value, whatever the page's language,
    so the value is always written that way: with Danish formats it would be 01.12.2026, which the browser
    drops, and a default date such as today would show as an empty field."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id (checkboxes). An id no database can hold ("²", a number beyond 64 bits) is an
    invalid choice like any unknown one, never a query: SQLite refuses such a number in ``IN (...)``."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if parse_id(pk) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": pk})  # fmt: skip
        return super().clean(value)


def dkfds_class(widget: forms.Widget) -> str:
    """The dkfds class of an input: radio buttons and checkboxes (one or a list), selects, and every other input.

    ``CheckboxSelectMultiple`` is a ``RadioSelect`` to Python, so the input type decides, not the widget's class.
    """
    kind = getattr(widget, "input_type", None)
    if kind == "radio":
        return "form-radio"
    if kind == "checkbox":
        return "form-checkbox"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-input"


class DkfdsBoundField(BoundField):
    """A field whose input carries its dkfds class (Django adds ``aria-invalid`` and ``aria-describedby``)."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        css = dkfds_class(widget or self.field.widget)
        attrs["class"] = " ".join(dict.fromkeys([*str(attrs.get("class", "")).split(), css]))
        return attrs


class DkfdsRenderer(TemplatesSetting):
    """Stafet's ``FORM_RENDERER``: dkfds templates for forms and fields (``templates/forms/dkfds/``)."""

    form_template_name = "forms/dkfds/form.html"
    field_template_name = "forms/dkfds/field.html"
    bound_field_class = DkfdsBoundField


class WarnsAboutCPR:
    """A form of free text that warns before it saves a CPR-like number (``stafet.cpr``): Stafet identifies people
    without one, and a CPR number in a note is one more copy to protect. The first submission is refused with the
    warning on each field that holds one and a checkbox appears ("save it anyway"); ticked, the text is saved.
    Templates that render fields one by one include ``forms/cpr_confirm.html``. Two such forms without prefixes in
    one HTML form give one of them its own ``cpr_field``."""

    cpr_field = "cpr_confirmed"
    cpr_warning = False  # set once a submission was refused for a CPR-like number: the checkbox is then shown

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.cpr_field] = forms.BooleanField(  # type: ignore[attr-defined]
            label=_("It is not a CPR number, or it must be kept here: save it anyway."),
            required=False,
            widget=forms.HiddenInput,
        )

    @property
    def cpr_confirmation(self) -> BoundField:
        return self[self.cpr_field]  # type: ignore[index]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        # The confirmation is not the form's data: views hand cleaned_data to actions as it is.
        if cleaned.pop(self.cpr_field, False):
            return cleaned
        holding = [name for name, value in cleaned.items() if isinstance(value, str) and find_cpr(value)]
        for name in holding:
            self.add_error(  # type: ignore[attr-defined]
                name,
                _("This looks like a CPR number. Stafet does not need one: remove it, or confirm below to keep it."),
            )
        if holding:
            self.fields[self.cpr_field].widget = forms.CheckboxInput()  # type: ignore[attr-defined]
            self.cpr_warning = True
        return cleaned


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


# ---- Confirmation before an action that cannot be taken back -------------------------------------------------

CONFIRMED = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this POST is the answer from the page of :func:`ask_to_confirm`."""
    return request.POST.get(CONFIRMED) == "yes"


def ask_to_confirm(
    request: HttpRequest,
    *,
    question: str,
    consequence: str,
    button: str,
    back: str,
    form: BaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A page that asks before an action that cannot be taken back: it sends the same request again, confirmed,
    with ``form`` (a reason, say) to fill in. Works without JavaScript; the action's view decides nothing until
    :func:`is_confirmed`."""
    own = set(form.fields) if form is not None else set()
    prefix = f"{form.prefix}-" if form is not None and form.prefix else ""
    kept = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED) and name.removeprefix(prefix) not in own
        for value in values
    ]
    context = {"question": question, "consequence": consequence, "button": button, "back": back, "form": form,
               "kept": kept, "action": request.get_full_path()}  # fmt: skip
    return render(request, "includes/confirm.html", context, status=status)
