# Every type, theme, publisher and language made before the site became multilingual is English.

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("repository", "0002_lists_translation_fields"),
    ]

    operations = [
        BootstrapTranslatableModel("repository.Publisher"),
        BootstrapTranslatableModel("repository.ResourceLanguage"),
        BootstrapTranslatableModel("repository.ResourceTheme"),
        BootstrapTranslatableModel("repository.ResourceType"),
    ]
