"""Eligibility rules as data, evaluated by pure functions.

A programme holds its rules as a list of dicts: ``{"field": F, "op": OP, "value": V}``, or
``{"any_of": [rule, ...]}`` for alternatives. ``evaluate(rules, facts)`` returns one :class:`Failure` per
rule that fails, with the reason in words; an empty list means eligible.

>>> rules = [{"field": "years_experience", "op": ">=", "value": 5}]
>>> [f.reason for f in evaluate(rules, {"years_experience": 3})]
['work experience 3 years; the programme asks 5']
>>> evaluate(rules, {"years_experience": 7})
[]
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stafet.people.models import Mentor, Participant
from stafet.reference.models import CEFR, EducationLevel, Language

OPS = {">=", "<=", "in", "between", "any_at_least"}

# What each field is called in a sentence, and how its value is shown.
FIELD_LABELS = {
    "education_level": gettext_lazy("education"),
    "max_occupation_years": gettext_lazy("work experience in an occupation"),
    "years_experience": gettext_lazy("work experience"),
    "speaks": gettext_lazy("languages"),
    "job_readiness": gettext_lazy("job-readiness"),
    "years_since_permit": gettext_lazy("years since residence permit"),
    "age": gettext_lazy("age"),
    "kind": gettext_lazy("kind of mentor"),
    "leadership_experience": gettext_lazy("leadership experience"),
}
PARTICIPANT_FIELDS = {
    "education_level",
    "max_occupation_years",
    "speaks",
    "job_readiness",
    "years_since_permit",
    "age",
}
MENTOR_FIELDS = {"years_experience", "speaks", "kind", "leadership_experience"}
ORDERED = {"education_level": EducationLevel.rank}


class RuleError(ValueError):
    """A rule that cannot be evaluated: says which rule and why."""


@dataclass(frozen=True)
class Failure:
    field: str
    reason: str


NUMBER_FIELDS = {"max_occupation_years", "years_experience", "years_since_permit", "age"}


def validate_rules(rules: Any, fields: set[str]) -> None:
    """Raise :class:`RuleError` naming the rule number and key when ``rules`` is malformed.

    >>> validate_rules([{"field": "age", "op": "between", "value": [30, 18]}], PARTICIPANT_FIELDS)
    Traceback (most recent call last):
    ...
    stafet.programmes.eligibility.RuleError: Rule 1 (age): “between” needs two numbers, the lower first, e.g. [18, 64].
    """
    if not isinstance(rules, list):
        raise RuleError(_("Eligibility rules must be a list of rules, e.g. %(example)s.") % {"example": EXAMPLE})
    for number, rule in enumerate(rules, start=1):
        _validate_rule(rule, fields, str(number))


def validate_participant_rules(rules: Any) -> None:
    """The model field's validator for a programme's participant rules."""
    _as_validation_error(rules, PARTICIPANT_FIELDS)


def validate_mentor_rules(rules: Any) -> None:
    """The model field's validator for a programme's mentor rules."""
    _as_validation_error(rules, MENTOR_FIELDS)


def _as_validation_error(rules: Any, fields: set[str]) -> None:
    try:
        validate_rules(rules, fields)
    except RuleError as error:
        raise ValidationError(str(error)) from error


EXAMPLE = '[{"field": "age", "op": "between", "value": [18, 64]}]'


def _validate_rule(rule: Any, fields: set[str], where: str) -> None:
    if not isinstance(rule, dict):
        raise RuleError(_("Rule %(n)s: must be an object, e.g. %(example)s.") % {"n": where, "example": EXAMPLE[1:-1]})
    if "any_of" in rule:
        if set(rule) != {"any_of"} or not isinstance(rule["any_of"], list) or not rule["any_of"]:
            raise RuleError(_("Rule %(n)s: “any_of” must be a non-empty list of rules, alone.") % {"n": where})
        for i, sub in enumerate(rule["any_of"], start=1):
            _validate_rule(sub, fields, f"{where}.{i}")
        return
    extra = sorted(str(key) for key in rule if key not in ("field", "op", "value"))
    if extra:
        raise RuleError(
            _("Rule %(n)s: unknown key “%(key)s”; a rule has “field”, “op” and “value”.")
            % {"n": where, "key": extra[0]}
        )
    field = rule.get("field")
    if field not in fields:
        raise RuleError(
            _("Rule %(n)s: unknown field “%(f)s”; the fields are %(fields)s.")
            % {"n": where, "f": field, "fields": ", ".join(sorted(fields))}
        )
    if rule.get("op") not in OPS:
        raise RuleError(
            _("Rule %(n)s: unknown operator “%(op)s”; the operators are %(ops)s.")
            % {"n": where, "op": rule.get("op"), "ops": ", ".join(sorted(OPS))}
        )
    if "value" not in rule:
        raise RuleError(_("Rule %(n)s: no value.") % {"n": where})
    problem = _value_problem(field, rule["op"], rule["value"])
    if problem:
        raise RuleError(_("Rule %(n)s (%(field)s): %(problem)s") % {"n": where, "field": field, "problem": problem})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value_problem(field: str, op: str, value: Any) -> str | None:
    """What is wrong with a rule's value for its field and operator, or ``None``."""
    if (field == "speaks") != (op == "any_at_least"):
        return _("languages are compared with “any_at_least”, and only languages.")
    if op == "any_at_least":
        languages = value.get("languages") if isinstance(value, dict) else None
        if (
            not isinstance(value, dict)
            or set(value) != {"languages", "level"}
            or not isinstance(languages, list)
            or not languages
            or not all(isinstance(code, str) and code for code in languages)
            or value.get("level") not in CEFR.values
        ):
            return _("“any_at_least” needs the languages and a CEFR level, e.g. %(example)s.") % {
                "example": '{"languages": ["da", "en"], "level": "B1"}'
            }
        return None
    if op == "between":
        if not (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value)) and value[0] <= value[1]):
            return _("“between” needs two numbers, the lower first, e.g. [18, 64].")
        return None
    if op == "in":
        if not isinstance(value, list) or not value:
            return _("“in” needs a non-empty list of values.")
        choices = _choices(field)
        if choices is not None and any(v not in choices.values for v in value):
            return _("the values are %(values)s.") % {"values": ", ".join(choices.values)}
        return None
    # ">=" and "<=": numbers, or education levels, which are ordered.
    if field == "education_level":
        if value not in EducationLevel.values:
            return _("education levels are %(levels)s.") % {"levels": ", ".join(EducationLevel.values)}
        return None
    if field not in NUMBER_FIELDS or not _is_number(value):
        return _("“%(op)s” compares numbers (or education levels): give a number.") % {"op": op}
    return None


def evaluate(rules: list[dict], facts: dict[str, Any]) -> list[Failure]:
    failures = []
    for rule in rules:
        failure = _evaluate(rule, facts)
        if failure:
            failures.append(failure)
    return failures


def _evaluate(rule: dict, facts: dict[str, Any]) -> Failure | None:
    if "any_of" in rule:
        subs = [_evaluate(sub, facts) for sub in rule["any_of"]]
        if any(s is None for s in subs):
            return None
        return Failure("any_of", _(" or ").join(s.reason for s in subs if s))
    field, op, wanted = rule["field"], rule["op"], rule["value"]
    actual = facts.get(field)
    label = FIELD_LABELS.get(field, field)
    if op == "any_at_least":
        return _speaks(actual or {}, wanted)
    if actual is None:
        return Failure(field, _("%(label)s not recorded") % {"label": label})
    if op in (">=", "<="):
        rank = ORDERED.get(field, lambda v: v)
        ok = rank(actual) >= rank(wanted) if op == ">=" else rank(actual) <= rank(wanted)
        if ok:
            return None
        return Failure(field, _describe(field, label, actual, wanted, op))
    if op == "in":
        if actual in wanted:
            return None
        return Failure(
            field,
            _("%(label)s is %(actual)s; the programme asks %(wanted)s")
            % {
                "label": label,
                "actual": _show(field, actual),
                "wanted": _(" or ").join(_show(field, w) for w in wanted),
            },
        )
    if op == "between":
        low, high = wanted
        if low <= actual <= high:
            return None
        return Failure(
            field,
            _("%(label)s %(actual)s; the programme asks %(low)s–%(high)s")
            % {"label": label, "actual": actual, "low": low, "high": high},
        )
    raise RuleError(_("Unknown operator “%(op)s”.") % {"op": op})


def _describe(field: str, label: str, actual: Any, wanted: Any, op: str) -> str:
    if field in ("years_experience", "max_occupation_years"):
        template = (
            _("%(label)s %(actual)s years; the programme asks %(wanted)s")
            if op == ">="
            else _("%(label)s %(actual)s years; the programme asks at most %(wanted)s")
        )
        return template % {"label": label, "actual": _number(actual), "wanted": _number(wanted)}
    template = (
        _("%(label)s is %(actual)s; the programme asks at least %(wanted)s")
        if op == ">="
        else _("%(label)s is %(actual)s; the programme asks at most %(wanted)s")
    )
    return template % {"label": label, "actual": _show(field, actual), "wanted": _show(field, wanted)}


def _language_names(codes: list[str]) -> list[str]:
    """The languages' names in the user's language (the rules and facts hold ISO 639 codes)."""
    known = Language.objects.in_bulk(codes)
    return [known[code].name if code in known else code for code in codes]


def _level(level: str) -> str:
    return str(CEFR(level).label) if level in CEFR.values else level


def _speaks(languages: dict[str, str], wanted: dict) -> Failure | None:
    level = wanted["level"]
    for code in wanted["languages"]:
        if code in languages and CEFR.rank(languages[code]) >= CEFR.rank(level):
            return None
    names = _(" or ").join(_language_names(wanted["languages"]))
    codes = sorted(languages)
    have = ", ".join(
        f"{name} {_level(languages[code])}" for code, name in zip(codes, _language_names(codes), strict=True)
    ) or _("none recorded")
    return Failure(
        "speaks",
        _("speaks %(have)s; the programme asks %(names)s at %(level)s or better")
        % {"have": have, "names": names, "level": level},
    )


def _show(field: str, value: Any) -> str:
    if field == "education_level":
        return str(EducationLevel(value).label)
    return str(value)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def participant_facts(participant: Any, today: datetime.date | None = None) -> dict[str, Any]:
    """The facts the rules read, from a participant with occupations and languages prefetched."""
    today = today or datetime.date.today()
    years = [float(o.years) for o in participant.occupations.all()]
    permit = participant.residence_permit_date
    return {
        "education_level": participant.education_level,
        "max_occupation_years": max(years, default=0.0),
        "speaks": {lang.language_id: lang.level for lang in participant.languages.all()},
        "job_readiness": participant.job_readiness,
        "years_since_permit": round((today - permit).days / 365.25, 1) if permit else None,
        "age": today.year - participant.birth_year,
    }


def mentor_facts(mentor: Any) -> dict[str, Any]:
    return {
        "years_experience": mentor.years_experience,
        "speaks": {lang.language_id: lang.level for lang in mentor.languages.all()},
        "kind": mentor.kind,
        "leadership_experience": mentor.leadership_experience,
    }


def describe_rule(rule: dict) -> str:
    """One rule in words, for the programme page and the screening screens.

    >>> describe_rule({"field": "years_experience", "op": ">=", "value": 5})
    'work experience at least 5 years'
    >>> describe_rule({"field": "age", "op": "between", "value": [18, 64]})
    'age 18–64'
    """
    if "any_of" in rule:
        return _("either %(alternatives)s") % {"alternatives": _(" or ").join(describe_rule(r) for r in rule["any_of"])}
    field, op, wanted = rule["field"], rule["op"], rule["value"]
    label = FIELD_LABELS.get(field, field)
    if op == "any_at_least":
        return _("speaks %(names)s at %(level)s or better") % {
            "names": _(" or ").join(_language_names(wanted["languages"])),
            "level": wanted["level"],
        }
    if op == "between":
        low, high = wanted
        return _("%(label)s %(low)s–%(high)s") % {"label": label, "low": low, "high": high}
    if op == "in":
        return _("%(label)s is %(wanted)s") % {
            "label": label,
            "wanted": _(" or ").join(_show_choice(field, w) for w in wanted),
        }
    if field in ("years_experience", "max_occupation_years"):
        template = _("%(label)s at least %(wanted)s years") if op == ">=" else _("%(label)s at most %(wanted)s years")
        return template % {"label": label, "wanted": _number(wanted)}
    template = _("%(label)s at least %(wanted)s") if op == ">=" else _("%(label)s at most %(wanted)s")
    return template % {"label": label, "wanted": _show_choice(field, wanted)}


def _choices(field: str) -> type[models.TextChoices] | None:
    choices: dict[str, type[models.TextChoices]] = {
        "education_level": EducationLevel,
        "job_readiness": Participant.JobReadiness,
        "kind": Mentor.Kind,
    }
    return choices.get(field)


def _show_choice(field: str, value: Any) -> str:
    """A rule's value as the user knows it: the label of a choice where the field has choices."""
    choices = _choices(field)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return str(value)
