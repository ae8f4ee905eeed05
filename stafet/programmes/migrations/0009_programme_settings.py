"""A programme's outcome measuring points; its texts kept per language ({"da": ..., "en": ...}) instead of one column per language, so a new
interface language needs no new column."""

from django.db import migrations, models

import stafet.i18n
import stafet.programmes.models

TEXTS = {"description": "description_en", "venue_rule_reason": "venue_rule_reason_en"}


def to_mappings(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.all():
        for danish, english in TEXTS.items():
            texts = {"da": getattr(programme, danish), "en": getattr(programme, english)}
            setattr(programme, f"{danish}_texts", {code: text for code, text in texts.items() if text})
        programme.save(update_fields=[f"{name}_texts" for name in TEXTS])


def to_columns(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.all():
        for danish, english in TEXTS.items():
            texts = getattr(programme, f"{danish}_texts")
            setattr(programme, danish, texts.get("da", ""))
            setattr(programme, english, texts.get("en", ""))
        programme.save(update_fields=[*TEXTS, *TEXTS.values()])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0008_programme_recruits_mentors_mentorapplication"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="measuring_points",
            field=models.JSONField(
                default=stafet.programmes.models.all_measuring_points,
                validators=[stafet.programmes.models.validate_measuring_points],
                verbose_name="outcome measuring points",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="description_texts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="programme",
            name="venue_rule_reason_texts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_mappings, to_columns),
        migrations.RemoveField(model_name="programme", name="description"),
        migrations.RemoveField(model_name="programme", name="description_en"),
        migrations.RemoveField(model_name="programme", name="venue_rule_reason"),
        migrations.RemoveField(model_name="programme", name="venue_rule_reason_en"),
        migrations.RenameField(model_name="programme", old_name="description_texts", new_name="description"),
        migrations.RenameField(
            model_name="programme", old_name="venue_rule_reason_texts", new_name="venue_rule_reason"
        ),
        migrations.AlterField(
            model_name="programme",
            name="description",
            field=models.JSONField(
                blank=True, default=dict, validators=[stafet.i18n.validate_texts], verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="venue_rule_reason",
            field=models.JSONField(
                blank=True,
                default=dict,
                validators=[stafet.i18n.validate_texts],
                verbose_name="why those venues are refused",
            ),
        ),
    ]
