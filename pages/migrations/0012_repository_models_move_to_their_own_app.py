"""The repository's models now belong to the `repository` app, whose first migration took
them over with their tables; here they only leave the `pages` app's state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0011_site_default_social_image"),
        ("repository", "0001_initial"),
    ]

    state_operations = [
        migrations.RemoveField(
            model_name='publisher',
            name='logo',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='publisher',
        ),
        migrations.RemoveField(
            model_name='resourcecountry',
            name='page',
        ),
        migrations.RemoveField(
            model_name='resourceindexpage',
            name='listing_image',
        ),
        migrations.RemoveField(
            model_name='resourceindexpage',
            name='page_ptr',
        ),
        migrations.RemoveField(
            model_name='resourceindexpage',
            name='social_image',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='languages',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='document',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='listing_image',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='page_ptr',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='resource_type',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='sdgs',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='social_image',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='superseded_by',
        ),
        migrations.RemoveField(
            model_name='resourcepage',
            name='themes',
        ),
        migrations.DeleteModel(
            name='ResourceSuggestion',
        ),
        migrations.DeleteModel(
            name='Publisher',
        ),
        migrations.DeleteModel(
            name='ResourceCountry',
        ),
        migrations.DeleteModel(
            name='ResourceIndexPage',
        ),
        migrations.DeleteModel(
            name='ResourceLanguage',
        ),
        migrations.DeleteModel(
            name='ResourceType',
        ),
        migrations.DeleteModel(
            name='SustainableDevelopmentGoal',
        ),
        migrations.DeleteModel(
            name='ResourcePage',
        ),
        migrations.DeleteModel(
            name='ResourceTheme',
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
