"""`manage.py prepare_renditions`: queue the renditions that pages published before renditions
were prepared on publish still lack, for the worker (`run_worker`) to make."""

from django.core.management.base import BaseCommand

from pages.renditions import queue_missing_renditions


class Command(BaseCommand):
    help = "Queue, for the worker, the renditions that live pages, the site settings and the admin lack."

    def handle(self, *args, **options):
        queued = queue_missing_renditions()
        self.stdout.write(f"Queued the missing renditions of {queued} images for the worker.")
