"""One weights schema: every part the engine scores, checked in one place (model, run form, run action, demo)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from stafet.matches import actions
from stafet.matching import DEFAULT_WEIGHTS, PARTS
from stafet.programmes.models import Programme
from stafet.programmes.setting_forms import WeightsForm
from stafet.programmes.weights import (
    JUDGED_PARTS,
    PART_LABELS,
    default_weights,
    to_points,
    validate_weights,
    weight_errors,
)
from tests.factories import ParticipantEnrolmentFactory, ProgrammeFactory

migration = importlib.import_module("stafet.programmes.migrations.0005_weights_every_part")


def test_the_default_weights_are_the_engines_and_name_every_part():
    assert list(default_weights()) == list(PARTS)
    assert all(default_weights().values())
    assert to_points(default_weights()) == dict(DEFAULT_WEIGHTS)
    assert set(PART_LABELS) == set(PARTS) | set(JUDGED_PARTS)


def test_the_migration_names_every_part_and_renames_text(db):
    old = ProgrammeFactory(name="Old")
    Programme.objects.filter(pk=old.pk).update(
        weights={"industry": 3, "occupation": 3, "education": 1, "distance": 2, "language": 1, "goal": 1, "text": 4}
    )
    broken = ProgrammeFactory(name="Broken")
    Programme.objects.filter(pk=broken.pk).update(weights={"distance": "far", "colour": 2})
    migration.name_every_part(apps, None)
    old.refresh_from_db()
    broken.refresh_from_db()
    assert old.weights == {"industry": 3, "occupation": 3, "education": 1, "distance": 2, "language": 1, "goal": 1,
                           "experience": 1, "competences": 4}  # fmt: skip
    assert broken.weights == dict.fromkeys(PARTS, 1)
    assert list(migration.PARTS) == list(PARTS), "a new engine part needs a new data migration"


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({k: v for k, v in default_weights().items() if k != "experience"}, "leave out “experience”"),
        (default_weights() | {"text": 1}, "Unknown part of the weights: “text”"),
        (default_weights() | {"distance": -3}, "“distance” must be a whole number from 0 to 100, not -3"),
        (default_weights() | {"goal": 2.5}, "“goal” must be a whole number"),
        (default_weights() | {"goal": True}, "not true"),
        (default_weights() | {"goal": "2"}, "not “2”"),
        (default_weights() | {"industry": 101}, "from 0 to 100"),
        (dict.fromkeys(PARTS, 0), "At least one weight must be more than 0"),
        ([1, 2, 3], "must be an object"),
    ],
)
def test_bad_weights_are_refused_with_the_part_named(weights, message):
    assert any(message in error for error in weight_errors(weights))
    with pytest.raises(ValidationError):
        validate_weights(weights)


def test_the_model_refuses_weights_that_miss_a_part(db):
    programme = ProgrammeFactory.build(operator=ProgrammeFactory().operator, name="New")
    programme.weights = {"industry": 1}
    with pytest.raises(ValidationError) as refused:
        programme.full_clean()
    assert "weights" in refused.value.message_dict


def test_the_run_form_and_the_run_action_use_the_same_check(world):
    form = WeightsForm(dict.fromkeys(PARTS, 0))
    assert not form.is_valid() and "At least one weight must be more than 0." in form.non_field_errors()
    with pytest.raises(ValidationError, match="leave out"):
        actions.run_matching(cohort=world.cohort_k, by=world.users["coordinator_a"], weights={"distance": 1})


def test_every_weight_the_programme_gives_reaches_the_engine(world):
    """Work experience weighed 0 when programmes said "text" and left "experience" out; now each part counts."""
    world.programme_p.weights = dict.fromkeys(PARTS, 0) | {"experience": 3, "competences": 1}
    world.programme_p.save()
    ParticipantEnrolmentFactory(cohort=world.cohort_k)  # someone waiting for a mentor
    run = actions.run_matching(cohort=world.cohort_k, by=world.users["coordinator_a"])
    assert run.stats["points"] == dict.fromkeys(PARTS, 0) | {"experience": 750, "competences": 250}


def test_the_judged_parts_are_optional_and_share_the_points():
    weights = default_weights() | {"motivation": 10}
    assert not weight_errors(default_weights()) and not weight_errors(weights)
    assert any(
        "“motivation” must be a whole number" in e for e in weight_errors(default_weights() | {"motivation": -1})
    )
    points = to_points(weights)
    assert sum(points.values()) == 1000 and points["motivation"] > 0
    assert "motivation" not in to_points(default_weights())
