import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from stafet.audit.models import AuditEvent


def describe(target: models.Model) -> str:
    """How the audit trail names an object: its kind and id ("participant 12"), never what ``str()`` gives, which
    for a person is their name. Audit records outlive a person's erasure, so they hold ids and field names only."""
    return f"{target._meta.model_name} {target.pk}"


def field_names_only(message: Any) -> list[dict[str, Any]]:
    """The admin's change message (a list of ``{"added"|"changed"|"deleted": {...}}``, or its JSON) with only the
    field names and the kinds of related rows kept: the ``"object"`` an inline names is dropped (its ``str()``,
    often a person's name)."""
    if isinstance(message, str):
        try:
            message = json.loads(message) if message else []
        except ValueError:
            return []
    kept = []
    for entry in message if isinstance(message, list) else []:
        for verb, about in entry.items() if isinstance(entry, dict) else []:
            about = about if isinstance(about, dict) else {}
            kept.append({verb: {k: v for k, v in about.items() if k in ("name", "fields")}})
    return kept


def record(*, actor: Any, action: str, target: models.Model, **details: Any) -> AuditEvent:
    """Write one audit record. Must run inside the caller's transaction, so the record and the
    change it describes land together or not at all. ``details`` hold ids, codes and field names, never names or
    free text about people."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside transaction.atomic()")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=describe(target)[:255],
        details=details,
    )


def apply_changes(obj: models.Model, values: Mapping[str, Any], *, allowed: Iterable[str]) -> dict[str, Any]:
    """Set ``values`` on ``obj`` and return the old value of each field that changed, by name in sorted order:
    what an action's audit record names and what it saves (``update_fields``). A name outside ``allowed`` is a
    programming error (``TypeError``), so a form can never reach a field its action does not own."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"not a field {type(obj).__name__} changes here: {', '.join(sorted(unknown))}")
    old = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    return {name: old[name] for name in sorted(values) if getattr(obj, name) != old[name]}
