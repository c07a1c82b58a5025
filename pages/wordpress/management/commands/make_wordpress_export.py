"""Write a made-up WordPress export with its uploads, to try the importer on realistic content."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pages.wordpress.sample_export import MINIMUM_POSTS, write_sample_export
from pages.wordpress.wxr import read_export


class Command(BaseCommand):
    help = "Write a sample WordPress export (export.xml and uploads/) into DIRECTORY."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--posts", type=int, default=300, help=f"How many posts (at least {MINIMUM_POSTS}).")
        parser.add_argument("--seed", type=int, default=2026, help="The same seed gives the same export.")

    def handle(self, *args, directory: Path, posts: int, seed: int, **options):
        try:
            export_path = write_sample_export(directory, posts, seed=seed)
        except ValueError as error:
            raise CommandError(error) from error
        # Counting from the written file rather than the generator also checks that it reads back.
        export = read_export(export_path)
        counts = Counter(item.post_type for item in export.items)
        uploads = [path for path in (directory / "uploads").rglob("*") if path.is_file()]
        uploads_size = sum(path.stat().st_size for path in uploads)
        self.stdout.write(
            f"Wrote {export_path} ({export_path.stat().st_size / 1_000_000:.1f} MB): "
            f"{counts['post']} posts, {counts['page']} pages, {counts['attachment']} attachments; "
            f"{len(uploads)} files in {directory / 'uploads'} ({uploads_size / 1_000_000:.1f} MB)."
        )
