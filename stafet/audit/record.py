from typing import Any

from django.db import models, transaction

from stafet.audit.models import AuditEvent


def record(*, actor: Any, action: str, target: models.Model, **details: Any) -> AuditEvent:
    """Write one audit record. Must run inside the caller's transaction, so the record and the
    change it describes land together or not at all."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside transaction.atomic()")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        details=details,
    )
