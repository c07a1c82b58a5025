"""Many published newsletter volumes for load tests and query-count checks."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max

from newsletters.models import NewsletterIndexPage, VolumePage
from pages.demo.media import placeholder_image, placeholder_pdf

SHARED_FILES = 4
DAYS_BETWEEN_VOLUMES = 30


class Command(BaseCommand):
    help = "Add N published newsletter volumes after the newest one (needs the newsletter archive page)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many volumes to add.")

    def handle(self, *args, count, **options):
        if count < 1:
            raise CommandError("Give a count of at least 1.")
        archive = NewsletterIndexPage.objects.first()
        if archive is None:
            raise CommandError("There is no newsletter archive page; run load_demo_content first.")
        covers = [placeholder_image(f"Generated newsletter cover {n}", 600, 800) for n in range(SHARED_FILES)]
        pdfs = [
            placeholder_pdf(
                f"Generated newsletter {n}",
                ["A generated newsletter volume for load testing."],
                pages=2,
                filename=f"generated-newsletter-{n}.pdf",
            )
            for n in range(SHARED_FILES)
        ]
        for document in pdfs:
            document.get_file_size()
        latest = VolumePage.objects.order_by("-issue_date").first()
        first_number = (VolumePage.objects.aggregate(highest=Max("volume_number"))["highest"] or 0) + 1
        issue_date = latest.issue_date if latest else None
        with transaction.atomic():
            for offset in range(count):
                number = first_number + offset
                issue_date = issue_date + timedelta(days=DAYS_BETWEEN_VOLUMES) if issue_date else None
                archive.add_child(
                    instance=VolumePage(
                        title=VolumePage.default_title(number),
                        slug=VolumePage.default_slug(number),
                        volume_number=number,
                        issue_date=issue_date or archive.first_published_at.date(),
                        summary=f"News from local governments across Asia-Pacific in volume {number}.",
                        cover_image=covers[number % SHARED_FILES],
                        pdf=pdfs[number % SHARED_FILES],
                    )
                )
                archive.refresh_from_db(fields=["numchild", "path", "depth"])
        self.stdout.write(f"Added {count} newsletter volumes ({first_number} to {first_number + count - 1}).")
