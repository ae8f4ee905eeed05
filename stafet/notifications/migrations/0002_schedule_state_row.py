from django.db import migrations


def create(apps, schema_editor):
    # The daily schedule's one row exists from the start (the admin shows it before the first run).
    apps.get_model("notifications", "ScheduleState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
