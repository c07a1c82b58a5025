from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from wagtail.models import Locale

from pages.demo.foundation import ensure_home_page, load_data
from pages.demo.registry import DemoContext, registered_steps
from pages.models import HomePage


class Command(BaseCommand):
    help = "Build the demo site from the content in the repository. Safe to run again: it updates, never duplicates."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has content (a home page with pages under it).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and self._has_content():
            self.stdout.write("The site already has content; demo content not loaded.")
            return
        autodiscover_modules("demo")
        with transaction.atomic():
            home = ensure_home_page(load_data())
            context = DemoContext(home=home, stdout=self.stdout)
            for step in registered_steps():
                step(context)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))

    def _has_content(self):
        home = HomePage.objects.filter(locale=Locale.get_default()).first()
        return home is not None and home.get_children().exists()
