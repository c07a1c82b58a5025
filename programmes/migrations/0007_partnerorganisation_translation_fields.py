# The first of three steps that make PartnerOrganisation translatable: the locale and
# translation key are added as nullable fields, filled in the next step.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("programmes", "0006_thematicarea_translatable"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnerorganisation",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="partnerorganisation",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]
