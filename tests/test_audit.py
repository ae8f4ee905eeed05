"""Every action that changes state writes its audit record (who, what, when) in the same transaction: when the
record cannot be written, the change is not made either."""

import ast
import datetime
import inspect
from importlib import import_module

import pytest

from stafet.audit.models import AuditEvent
from stafet.mentorships.models import Mentorship
from stafet.outcomes.models import Outcome
from stafet.programmes.models import MentorEnrolment, Referral

ACTION_MODULES = ["stafet.programmes.actions", "stafet.mentorships.actions", "stafet.matches.actions",
                  "stafet.outcomes.actions"]  # fmt: skip


def _calls(node: ast.AST) -> set[str]:
    return {
        call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
    }


@pytest.mark.parametrize("module_name", ACTION_MODULES)
def test_every_action_that_opens_a_transaction_writes_an_audit_record(module_name):
    """An action is a public function under ``transaction.atomic``; it, or a helper of its module it calls,
    must call ``record()``."""
    tree = ast.parse(inspect.getsource(import_module(module_name)))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    unaudited = []
    for name, node in functions.items():
        if name.startswith("_") or "transaction.atomic" not in {ast.unparse(d) for d in node.decorator_list}:
            continue
        reached, todo = set(), [name]
        while todo:  # the action and the module's helpers it calls, transitively
            current = todo.pop()
            reached.add(current)
            todo += [c for c in _calls(functions[current]) if c in functions and c not in reached]
        if not any("record" in _calls(functions[f]) for f in reached):
            unaudited.append(name)
    assert unaudited == []


@pytest.fixture
def audit_fails(monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(AuditEvent.objects, "create", refuse)


def _decline(w):
    from stafet.programmes.actions import decline_referral

    referral = Referral.objects.get(participant=w.p3)
    decline_referral(referral=referral, reason="other", by=w.users["coordinator_a"])


def _close(w):
    from stafet.mentorships.actions import close_mentorship

    close_mentorship(mentorship=w.mentorship, reason="completed", ended_on=datetime.date(2026, 9, 1),
                     by=w.users["coordinator_a"])  # fmt: skip


def _meeting(w):
    from stafet.mentorships.actions import log_meeting

    log_meeting(mentorship=w.mentorship, date=datetime.date(2026, 3, 10), hours=2, venue="company_site",
                topics=["cv"], by=w.users["mentor_user"])  # fmt: skip


def _outcome(w):
    from stafet.outcomes.actions import record_outcome

    record_outcome(participant=w.p1, cohort=w.cohort_k, type="education", date=datetime.date(2026, 9, 1),
                   measured="end", by=w.users["coordinator_a"])  # fmt: skip


def _enrol(w):
    from stafet.programmes.actions import enrol_mentor

    enrol_mentor(mentor=w.m1, cohort=w.cohort_q, by=w.users["admin"])


def _snapshot(w):
    return (
        Referral.objects.get(participant=w.p3).status,
        Mentorship.objects.get(pk=w.mentorship.pk).status,
        MentorEnrolment.objects.get(cohort=w.cohort_k, mentor=w.m1).open_mentorships,
        w.mentorship.meetings.count(),
        Outcome.objects.count(),
        MentorEnrolment.objects.count(),
    )


@pytest.mark.parametrize("action", [_decline, _close, _meeting, _outcome, _enrol], ids=lambda f: f.__name__[1:])
def test_an_action_whose_audit_record_fails_changes_nothing(world, audit_fails, action):
    before = _snapshot(world)
    with pytest.raises(RuntimeError, match="audit trail is unavailable"):
        action(world)
    assert _snapshot(world) == before
