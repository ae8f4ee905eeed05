"""The programme's settings as forms: its plan, venues, texts per language, match weights and eligibility rules.

The forms only turn what the coordinator typed into the values the model keeps; whether those values are right
is checked in one place, the model fields' validators (``programmes.eligibility``, ``programmes.weights``,
``stafet.i18n.validate_texts``), which the admin runs too and ``actions.change_programme_settings`` runs before
it saves.
"""

import math
import re
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stafet.i18n import text_languages
from stafet.programmes.actions import PLAN_SETTINGS
from stafet.programmes.eligibility import FIELD_LABELS, MENTOR_FIELDS, NUMBER_FIELDS, PARTICIPANT_FIELDS, describe_rule
from stafet.programmes.models import MeasuringPoint, Programme
from stafet.programmes.weights import MAX_WEIGHT, PART_HELP, PART_LABELS, PARTS, weight_errors
from stafet.reference.models import CEFR, EducationLevel


class WeightsForm(forms.Form):
    """Match weights, relative to each other (0 leaves a part out), with what each part rewards. Used for a
    programme's own weights and for one match run's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in PARTS:
            self.fields[part] = forms.IntegerField(
                label=PART_LABELS[part], help_text=PART_HELP[part], min_value=0, max_value=MAX_WEIGHT
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors:
            for error in weight_errors(data):
                self.add_error(None, error)
        return data

    def weights(self) -> dict[str, int]:
        return {part: self.cleaned_data[part] for part in PARTS}


#: How long a mentorship runs, how often the pair meets, and what the matching may accept: the model's own fields
#: (with their validators) on a plain form, so checking the form does not change the programme it shows.
_PLAN_FIELDS = forms.fields_for_model(Programme, fields=PLAN_SETTINGS)
# The database's checks (at least one month, at least 1 km, one or two mentors), said on the field.
for _name, _max in (("duration_months", 36), ("max_distance_km", 500), ("mentors_per_participant", 2)):
    _PLAN_FIELDS[_name].validators += [MinValueValidator(1), MaxValueValidator(_max)]
PlanForm = type("PlanForm", (forms.Form,), _PLAN_FIELDS)


#: Whether mentors sign up on the programme's public page.
RecruitingForm = type("RecruitingForm", (forms.Form,), forms.fields_for_model(Programme, fields=["recruits_mentors"]))


class VenuesForm(forms.Form):
    refused_venues = forms.MultipleChoiceField(
        label=_("venues not allowed for meetings"),
        choices=Programme.Venue.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MeasuringForm(forms.Form):
    measuring_points = forms.MultipleChoiceField(
        label=_("outcome measuring points"),
        choices=MeasuringPoint.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When the coordinator and the caseworkers record what became of each participant."),
        error_messages={"required": _("Every programme measures its outcomes at the end.")},
    )

    def points(self) -> list[str]:
        """The points chosen, in their order in time."""
        return [p for p in MeasuringPoint.values if p in self.cleaned_data["measuring_points"]]


def texts_form(field_label: str | Promise, *, rows: int = 4, max_length: int | None = None) -> type[forms.Form]:
    """A form with one text box per language (``stafet.i18n.text_languages``): a new interface language gets
    its box without a change here."""
    fields = {
        code: forms.CharField(
            label=f"{field_label} ({name})",
            required=False,
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": rows}),
        )
        for code, name in text_languages()
    }
    return type("TextsForm", (forms.Form,), fields)


def texts_of(form: forms.BaseForm) -> dict[str, str]:
    """The texts written, by language code (empty ones left out: the page falls back to another language)."""
    return {code: text.strip() for code, text in form.cleaned_data.items() if text.strip()}


# ---- Eligibility rules as rows ------------------------------------------------------------------------------

OPERATORS = [
    (">=", _("at least")),
    ("<=", _("at most")),
    ("between", _("between")),
    ("in", _("one of")),
    ("any_at_least", _("speaks one of, at least at the level")),
]
_SPLIT = re.compile(r"\s*[,;]\s*|\s+")
_RANGE = re.compile(r"^\s*(-?[\d.,]+)\s*(?:-|–|—|to|til)\s*(-?[\d.,]+)\s*$")
_YES = {"yes": True, "true": True, "ja": True, "no": False, "false": False, "nej": False}


def _number(text: str) -> int | float:
    value = float(text.replace(",", "."))
    if not math.isfinite(value) or abs(value) > 1000:
        raise ValueError(text)  # no rule of a programme counts that far; JSON has no infinity
    return int(value) if value.is_integer() else value


def rule_from_row(field: str, op: str, value: str, level: str) -> dict[str, Any]:
    """One rule from a row of the form; ``ValueError`` with the reason in words when the value cannot be read.

    >>> rule_from_row("age", "between", "18–64", "")
    {'field': 'age', 'op': 'between', 'value': [18, 64]}
    >>> rule_from_row("speaks", "any_at_least", "da, en", "B1")["value"]
    {'languages': ['da', 'en'], 'level': 'B1'}
    """
    value = value.strip()
    if op == "any_at_least":
        return {"field": field, "op": op, "value": {"languages": [c.lower() for c in _SPLIT.split(value) if c],
                                                     "level": level}}  # fmt: skip
    if op == "between":
        match = _RANGE.match(value)
        try:
            low, high = _number(match[1]), _number(match[2])  # type: ignore[index]
        except (TypeError, ValueError):
            raise ValueError(_("write two numbers, the lower first, e.g. 18–64")) from None
        return {"field": field, "op": op, "value": [low, high]}
    if op == "in":
        items = [item for item in re.split(r"\s*[,;]\s*", value) if item]
        if field == "leadership_experience":
            return {"field": field, "op": op, "value": [_YES.get(item.lower(), item) for item in items]}
        return {"field": field, "op": op, "value": items}
    if field in NUMBER_FIELDS:
        try:
            return {"field": field, "op": op, "value": _number(value)}
        except ValueError:
            raise ValueError(_("write a number, e.g. 5")) from None
    return {"field": field, "op": op, "value": value}


def row_from_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """The row of the form that gives ``rule`` back (for a rule that is not an alternative)."""
    field, op, value = rule["field"], rule["op"], rule["value"]
    level = ""
    if op == "any_at_least":
        text, level = ", ".join(value["languages"]), value["level"]
    elif op == "between":
        text = f"{value[0]}–{value[1]}"
    elif op == "in":
        text = ", ".join(("yes" if v else "no") if isinstance(v, bool) else str(v) for v in value)
    else:
        text = str(value)
    return {"field": field, "op": op, "value": text, "level": level}


def rows_from_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a list of rules: the alternatives of an ``any_of`` rule as rows marked "or the rule above"."""
    rows = []
    for rule in rules:
        alternatives = rule.get("any_of", [rule])
        for number, alternative in enumerate(alternatives):
            rows.append(row_from_rule(alternative) | {"either": number > 0})
    return rows


def _value_help(fields: set[str]) -> str:
    hints = {
        "education_level": _("education levels: %(v)s") % {"v": ", ".join(EducationLevel.values)},
        "speaks": _("languages as codes, e.g. da, en, with the level"),
        "job_readiness": _("job-readiness: job_ready, activity_ready, not_assessed"),
        "kind": _("kind of mentor: business, community"),
        "leadership_experience": _("leadership experience: yes or no"),
    }
    return "; ".join(str(hints[f]) for f in sorted(fields) if f in hints)


class RuleRowForm(forms.Form):
    either = forms.BooleanField(label=_("or the rule above"), required=False)
    field = forms.ChoiceField(label=_("what"), required=False)
    op = forms.ChoiceField(label=_("rule"), choices=[("", "–"), *OPERATORS], required=False)
    value = forms.CharField(label=_("value"), required=False, max_length=300)
    level = forms.ChoiceField(label=_("language level"), choices=[("", "–"), *CEFR.choices], required=False)

    def __init__(self, *args: Any, fields: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–")] + [(f, FIELD_LABELS[f]) for f in sorted(fields)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["rule"] = None
        if not data.get("field") and not data.get("value", "").strip():
            return data  # an empty row
        if not data.get("field") or not data.get("op"):
            raise forms.ValidationError(_("Choose what the rule is about and the rule itself, or empty the row."))
        if data["op"] == "any_at_least" and not data.get("level"):
            self.add_error("level", _("Choose the level the language must be spoken at."))
            return data
        try:
            data["rule"] = rule_from_row(data["field"], data["op"], data.get("value", ""), data.get("level", ""))
        except ValueError as error:
            self.add_error("value", str(error))
        return data


class BaseRuleFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, fields: set[str], **kwargs: Any) -> None:
        self.rule_fields = fields
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"fields": self.rule_fields}

    @property
    def value_help(self) -> str:
        return _value_help(self.rule_fields)

    def rules(self) -> list[dict[str, Any]]:
        """The rows as rules: a row marked "or the rule above" joins the rule before it as an alternative."""
        rules: list[dict[str, Any]] = []
        for form in self.forms:
            rule = form.cleaned_data.get("rule")
            if rule is None:
                continue
            if form.cleaned_data.get("either") and rules:
                previous = rules.pop()
                rules.append({"any_of": [*previous.get("any_of", [previous]), rule]})
            else:
                rules.append(rule)
        return rules

    def described(self) -> list[str]:
        """The rules as the programme page will show them (for a check before saving)."""
        return [describe_rule(rule) for rule in self.rules()]


RuleFormSet = cast(
    type[BaseRuleFormSet],
    forms.formset_factory(RuleRowForm, formset=BaseRuleFormSet, extra=2, max_num=30, validate_max=True),
)


def rule_formsets(data: Any, programme: Programme) -> tuple[BaseRuleFormSet, BaseRuleFormSet]:
    """The participants' and the mentors' rules of ``programme`` as rows, or as sent in ``data``."""
    participants = RuleFormSet(
        data,
        prefix="participant_rules",
        fields=PARTICIPANT_FIELDS,
        initial=rows_from_rules(programme.participant_rules),
    )
    mentors = RuleFormSet(data, prefix="mentor_rules", fields=MENTOR_FIELDS,
                          initial=rows_from_rules(programme.mentor_rules))  # fmt: skip
    return participants, mentors
