# Every PartnerOrganisation made before the site became multilingual is English.

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0007_partnerorganisation_translation_fields"),
    ]

    operations = [
        BootstrapTranslatableModel("programmes.PartnerOrganisation"),
    ]
