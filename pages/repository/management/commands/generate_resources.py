from django.core.management.base import BaseCommand, CommandError

from pages.demo.media import placeholder_image
from pages.repository.generator import generate_resources
from pages.repository.models import ResourceIndexPage


class Command(BaseCommand):
    help = "Add N realistic, published synthetic resources to the COVID-19 repository (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for repeatable data.")

    def handle(self, *args, **options):
        if options["count"] < 1:
            raise CommandError("Give a positive number of resources.")
        index_page = ResourceIndexPage.objects.first()
        if index_page is None:
            raise CommandError("There is no repository page yet: run load_demo_content first.")
        images = [placeholder_image(f"Synthetic resource cover {number}", 600, 400).pk for number in range(1, 4)]
        ids = generate_resources(options["count"], index_page, seed=options["seed"], images=images)
        self.stdout.write(self.style.SUCCESS(f"Added {len(ids)} resources."))
