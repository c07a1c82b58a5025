# Every StoryCategory made before the site became multilingual is English.

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0013_storycategory_translation_fields"),
    ]

    operations = [
        BootstrapTranslatableModel("pages.StoryCategory"),
    ]
