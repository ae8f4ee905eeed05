from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_initial"),
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
        migrations.AddField(
            model_name="placement",
            name="rejection_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("competences", "competences do not match the job"),
                    ("language", "language skills not sufficient yet"),
                    ("other_candidate", "another candidate was chosen"),
                    ("no_show", "did not come to the interview"),
                    ("declined_by_candidate", "the candidate declined"),
                    ("position_cancelled", "the position was cancelled"),
                    ("other", "other"),
                ],
                max_length=30,
                verbose_name="why not selected",
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
