# The last step: locale and translation key are required, and a slug is unique per language
# (a translation keeps its original's slug).

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("programmes", "0005_thematicarea_english"),
    ]

    operations = [
        migrations.AlterField(
            model_name="thematicarea",
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
            model_name="thematicarea",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="thematicarea",
            name="slug",
            field=models.SlugField(help_text="Used in filter addresses.", max_length=120, verbose_name="slug"),
        ),
        migrations.AlterUniqueTogether(
            name="thematicarea",
            unique_together={("slug", "locale"), ("translation_key", "locale")},
        ),
    ]
