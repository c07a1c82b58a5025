# The last step: locale and translation key are required, and one translation per language.

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("programmes", "0008_partnerorganisation_english"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partnerorganisation",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="partnerorganisation",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="partnerorganisation",
            unique_together={("translation_key", "locale")},
        ),
    ]
