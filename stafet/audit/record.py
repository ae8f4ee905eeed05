import json
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
