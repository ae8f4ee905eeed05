"""A programme's match weights: one relative weight per part the engine scores, and per criterion judged in a
screening interview, checked in one place.

The judged parts (:data:`JUDGED_PARTS`: motivation and the assessment of competences at the interview) are
scored outside the engine, from what the coordinator recorded (``placements.models.Screening``); a programme may
leave them out (they count as 0), so programmes from before them stay valid. :func:`to_points` shares the 1000
points between all parts; :func:`engine_points` is the engine's share, which then sums to less than 1000, and the
rest is the judged parts' (``placements.ranking``).

The parts are the engine's own (:data:`stafet.matching.PARTS`), so a part the engine scores can never be missing
from a programme without a test failing. A programme keeps whole numbers from 0 to 100 relative to each other
(0 leaves a part out), as a coordinator thinks of them; :func:`to_points` turns them into the engine's points,
which sum to 1000. :func:`validate_weights` is the one check, used by the model field (so the admin), the
matching page's run form, the run action and the demo.
"""

from collections.abc import Mapping
from math import gcd
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stafet.matching import DEFAULT_WEIGHTS as ENGINE_DEFAULT_POINTS
from stafet.matching import PARTS

MAX_WEIGHT = 100

#: Criteria judged in a screening interview, each on a scale of 1 to 5 (``placements.models.Screening``).
JUDGED_PARTS: tuple[str, ...] = ("motivation", "assessment")
ALL_PARTS: tuple[str, ...] = (*PARTS, *JUDGED_PARTS)

PART_LABELS = MappingProxyType(
    {
        "industry": _("industry"),
        "occupation": _("occupation"),
        "education": _("education"),
        "distance": _("distance"),
        "language": _("language"),
        "goal": _("goal"),
        "experience": _("experience"),
        "competences": _("competences"),
        "motivation": _("motivation"),
        "assessment": _("competences judged at the interview"),
    }
)

#: What each part rewards, in one sentence, for the coordinator who sets the weights (the engine's ``parts``).
PART_HELP = MappingProxyType(
    {
        "industry": _("Same industry (branche) as the participant's."),
        "occupation": _("How close the mentor's or opening's occupation is to one of the participant's (ISCO-08)."),
        "education": _("Education level that fits, and the same field of education."),
        "distance": _("Near to where the participant lives: full at 0 km, nothing at the maximum distance."),
        "language": _("The best language both speak: the higher the shared level, the more."),
        "goal": _("The participant's goal (job, education, self-employment) fits the mentor's focus or the opening."),
        "experience": _(
            "A mentor's years of work experience and leadership; for an opening, the participant's years in a "
            "related occupation."
        ),
        "competences": _("The participant's competences, in their own words, share words with the other side's."),
    }
)

#: The engine's default points as relative weights (divided by their greatest common divisor), so a new programme
#: starts from the same balance as the command line's default, and :func:`to_points` gives those points back.
DEFAULT_WEIGHTS = MappingProxyType(
    {part: ENGINE_DEFAULT_POINTS[part] // gcd(*ENGINE_DEFAULT_POINTS.values()) for part in PARTS}
)


def default_weights() -> dict[str, int]:
    """A new programme's weights: every part the engine scores.

    >>> default_weights()["experience"] > 0 and list(default_weights()) == list(PARTS)
    True
    """
    return dict(DEFAULT_WEIGHTS)


def weight_errors(weights: object) -> list[str]:
    """Everything wrong with ``weights``, each in one sentence that names the part; empty when they are valid."""
    if not isinstance(weights, Mapping):
        return [
            str(_("The weights must be an object with one whole number per part, e.g. {%(example)s}."))
            % {"example": ", ".join(f'"{part}": {DEFAULT_WEIGHTS[part]}' for part in PARTS[:2]) + ", …"}
        ]
    errors = []
    unknown = [str(key) for key in weights if key not in ALL_PARTS]
    if unknown:
        errors.append(
            str(_("Unknown part of the weights: %(unknown)s. The parts are: %(parts)s."))
            % {"unknown": ", ".join(f"“{key}”" for key in unknown), "parts": ", ".join(ALL_PARTS)}
        )
    missing = [part for part in PARTS if part not in weights]
    if missing:
        errors.append(
            str(_("The weights leave out %(parts)s: give each part a weight (0 leaves it out of the score)."))
            % {"parts": ", ".join(f"“{part}”" for part in missing)}
        )
    for part in (*PARTS, *(p for p in JUDGED_PARTS if p in weights)):
        value = weights.get(part, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            errors.append(
                str(_("The weight of “%(part)s” must be a whole number from 0 to %(max)s, not %(value)s."))
                % {"part": part, "max": MAX_WEIGHT, "value": _shown(value)}
            )
    if not errors and not any(weights.get(part) for part in ALL_PARTS):
        errors.append(str(_("At least one weight must be more than 0.")))
    return errors


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return str(value)


def validate_weights(weights: object) -> None:
    """The model field's validator: raise every problem of ``weights`` at once."""
    errors = weight_errors(weights)
    if errors:
        raise ValidationError(errors)


def clean_weights(weights: object) -> dict[str, int]:
    """``weights`` checked, as a new dict in the engine's part order, then the judged parts it weighs."""
    validate_weights(weights)
    assert isinstance(weights, Mapping)
    return {part: weights[part] for part in PARTS} | {part: weights[part] for part in JUDGED_PARTS if weights.get(part)}


def to_points(weights: Mapping[str, int]) -> dict[str, int]:
    """Relative weights as points summing to 1000 (largest remainder, ties by part order): every engine part, and
    each judged part the weights give more than 0.

    >>> to_points({"industry": 1, "distance": 1, "occupation": 1})["industry"]
    334
    >>> to_points(default_weights()) == dict(ENGINE_DEFAULT_POINTS)
    True
    >>> to_points({"occupation": 3, "motivation": 1})["motivation"]
    250
    """
    parts = [*PARTS, *(p for p in JUDGED_PARTS if weights.get(p))]
    total = sum(weights.get(part, 0) for part in parts)
    if total <= 0:
        raise ValueError("At least one weight must be more than 0.")
    exact = {part: 1000 * weights.get(part, 0) / total for part in parts}
    points = {part: int(value) for part, value in exact.items()}
    short = 1000 - sum(points.values())
    for part in sorted(parts, key=lambda p: (-(exact[p] - points[p]), parts.index(p)))[:short]:
        points[part] += 1
    return points


def engine_points(weights: Mapping[str, int]) -> dict[str, int]:
    """The engine's share of :func:`to_points`: its own parts, summing to 1000 less the judged parts' points.

    >>> sum(engine_points({"occupation": 3, "motivation": 1}).values())
    750
    """
    points = to_points(weights)
    return {part: points[part] for part in PARTS}


def judged_points(weights: Mapping[str, int]) -> dict[str, int]:
    """The judged parts' share of :func:`to_points` (only those weighed).

    >>> judged_points({"occupation": 3, "motivation": 1})
    {'motivation': 250}
    """
    points = to_points(weights)
    return {part: points[part] for part in JUDGED_PARTS if part in points}
