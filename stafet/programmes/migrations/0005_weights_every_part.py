"""Every programme's weights name every part the engine scores.

Programmes created before called the competences part "text", which the engine does not know, and left out
"experience", so work experience weighed 0 in every programme. "text" becomes "competences", and each missing
part gets weight 1, the smallest weight that counts (the old default gave 1 to education, language, goal and text).
Keys the engine does not know are dropped.
"""

import stafet.programmes.eligibility
import stafet.programmes.models
import stafet.programmes.weights
from django.db import migrations, models


# The engine's parts as they are at this migration (stafet.matching.PARTS), frozen here as migrations must be.
PARTS = ("industry", "occupation", "education", "distance", "language", "goal", "experience", "competences")
FILL = 1


def name_every_part(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.all():
        weights = programme.weights if isinstance(programme.weights, dict) else {}
        old = dict(weights)
        if "text" in weights:
            text = weights.pop("text")
            weights.setdefault("competences", text)
        for part in PARTS:
            value = weights.get(part)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                weights[part] = FILL
        weights = {part: weights[part] for part in PARTS}
        if weights != old:
            Programme.objects.filter(pk=programme.pk).update(weights=weights)


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0004_enrolment_rules_overruled'),
    ]

    operations = [
        migrations.RunPython(name_every_part, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='programme',
            name='mentor_rules',
            field=models.JSONField(blank=True, default=list, validators=[stafet.programmes.eligibility.validate_mentor_rules], verbose_name='eligibility rules for mentors'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='participant_rules',
            field=models.JSONField(blank=True, default=list, validators=[stafet.programmes.eligibility.validate_participant_rules], verbose_name='eligibility rules for participants'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='refused_venues',
            field=models.JSONField(blank=True, default=list, validators=[stafet.programmes.models.validate_venues], verbose_name='venues not allowed for meetings'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='weights',
            field=models.JSONField(default=stafet.programmes.weights.default_weights, validators=[stafet.programmes.weights.validate_weights], verbose_name='matching weights'),
        ),
    ]
