from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0004_opening_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobopening",
            name="starts_on",
            field=models.DateField(blank=True, null=True, verbose_name="starts on"),
        ),
        migrations.AddField(
            model_name="jobopening",
            name="ends_on",
            field=models.DateField(
                blank=True, help_text="Empty for a permanent job.", null=True, verbose_name="ends on"
            ),
        ),
        migrations.AddConstraint(
            model_name="jobopening",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("starts_on__isnull", True),
                    ("ends_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="opening_ends_after_start",
            ),
        ),
    ]
