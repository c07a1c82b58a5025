# The first of three steps that make StoryCategory translatable: the locale and translation key
# are added as nullable fields, filled in the next step.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("pages", "0012_repository_models_move_to_their_own_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="storycategory",
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
            model_name="storycategory",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]
