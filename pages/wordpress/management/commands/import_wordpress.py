import resource
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pages.wordpress.importer import Mapping, import_export
from pages.wordpress.mapping import MappingError, read_mapping_file
from pages.wordpress.wxr import WxrError, read_export


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from WordPress's Tools → Export): posts become stories or events, "
        "pages become standard pages, attachments images and documents read from a local copy of "
        "wp-content/uploads, and every old address redirects to its new page or file. Importing the "
        "same export again updates what the first import made."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The export file (.xml).")
        parser.add_argument("--media-dir", type=Path, help="A copy of the old site's wp-content/uploads folder.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; write nothing.")
        parser.add_argument("--as-drafts", action="store_true", help="Save pages as drafts for editors to publish.")
        parser.add_argument(
            "--mapping",
            type=Path,
            help='A JSON file: {"categories": {"wordpress-slug": "site-slug"}, "event_categories": ["events"]}.',
        )

    def handle(self, *args, **options):
        if options["media_dir"] and not options["media_dir"].is_dir():
            raise CommandError(f"{options['media_dir']} is not a folder.")
        try:
            mapping = read_mapping_file(options["mapping"]) if options["mapping"] else Mapping()
            started = time.perf_counter()
            export = read_export(options["export"])
        except (WxrError, MappingError, OSError) as error:
            raise CommandError(str(error)) from error
        report = import_export(
            export,
            media_dir=options["media_dir"],
            dry_run=options["dry_run"],
            as_drafts=options["as_drafts"],
            mapping=mapping,
        )
        self.stdout.write(report.as_text())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"{time.perf_counter() - started:.1f} s, peak memory {peak_mb:.0f} MB")
        if report.problem:
            raise CommandError(report.problem)
