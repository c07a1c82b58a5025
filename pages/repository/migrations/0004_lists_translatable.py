# The last step: locale and translation key are required, and names, slugs and language codes
# are unique per language instead of across the site (a translation keeps its original's slug
# and code).

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("repository", "0003_lists_english"),
    ]

    operations = [
        migrations.AlterField(
            model_name="publisher",
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
            model_name="publisher",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="resourcelanguage",
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
            model_name="resourcelanguage",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="resourcetheme",
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
            model_name="resourcetheme",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="resourcetype",
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
            model_name="resourcetype",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="publisher",
            name="name",
            field=models.CharField(max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="publisher",
            name="slug",
            field=models.SlugField(
                blank=True, help_text="Used in filter links; made from the name.", max_length=120, verbose_name="slug"
            ),
        ),
        migrations.AlterUniqueTogether(
            name="publisher",
            unique_together={("translation_key", "locale"), ("name", "locale"), ("slug", "locale")},
        ),
        migrations.AlterField(
            model_name="resourcetheme",
            name="name",
            field=models.CharField(max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="resourcetheme",
            name="slug",
            field=models.SlugField(
                blank=True, help_text="Used in filter links; made from the name.", max_length=120, verbose_name="slug"
            ),
        ),
        migrations.AlterUniqueTogether(
            name="resourcetheme",
            unique_together={("translation_key", "locale"), ("name", "locale"), ("slug", "locale")},
        ),
        migrations.AlterField(
            model_name="resourcetype",
            name="name",
            field=models.CharField(max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="resourcetype",
            name="slug",
            field=models.SlugField(
                blank=True, help_text="Used in filter links; made from the name.", max_length=120, verbose_name="slug"
            ),
        ),
        migrations.AlterUniqueTogether(
            name="resourcetype",
            unique_together={("translation_key", "locale"), ("name", "locale"), ("slug", "locale")},
        ),
        migrations.AlterField(
            model_name="resourcelanguage",
            name="code",
            field=models.SlugField(
                help_text="ISO 639-1 code, for example “en” or “id”.", max_length=12, verbose_name="code"
            ),
        ),
        migrations.AlterUniqueTogether(
            name="resourcelanguage",
            unique_together={("translation_key", "locale"), ("code", "locale")},
        ),
    ]
