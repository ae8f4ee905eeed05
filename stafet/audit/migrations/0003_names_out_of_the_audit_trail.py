"""The audit trail and Django's admin log keep ids and field names only: the names (``str()`` of a person, a
mentorship...) and free text already stored in them are replaced, as ``stafet.audit.record`` now writes them."""

import json

from django.db import migrations

from stafet.audit.record import field_names_only

BATCH = 2000


def scrub(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    changed = []
    for event in AuditEvent.objects.iterator(chunk_size=BATCH):
        repr_ = f"{event.target_type.rpartition('.')[2]} {event.target_id}"[:255]
        details = dict(event.details or {})
        if "change" in details:
            details["change"] = field_names_only(details["change"])
        if event.action.startswith("pair_rule.") and "reason" in details:
            details["reason_given"] = bool(details.pop("reason"))
        if (repr_, details) != (event.target_repr, event.details):
            event.target_repr, event.details = repr_, details
            changed.append(event)
        if len(changed) >= BATCH:
            AuditEvent.objects.bulk_update(changed, ["target_repr", "details"])
            changed = []
    AuditEvent.objects.bulk_update(changed, ["target_repr", "details"])

    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    models = dict(ContentType.objects.values_list("pk", "model"))
    entries = []
    for entry in LogEntry.objects.iterator(chunk_size=BATCH):
        entry.object_repr = f"{models.get(entry.content_type_id, 'object')} {entry.object_id}"[:200]
        entry.change_message = json.dumps(field_names_only(entry.change_message)) if entry.change_message else ""
        entries.append(entry)
        if len(entries) >= BATCH:
            LogEntry.objects.bulk_update(entries, ["object_repr", "change_message"])
            entries = []
    LogEntry.objects.bulk_update(entries, ["object_repr", "change_message"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
