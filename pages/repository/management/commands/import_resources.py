from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pages.repository.importer import ImportFileError, import_resources, read_rows


class Command(BaseCommand):
    help = (
        "Import COVID-19 repository resources from a CSV or XLSX file. Rows are matched to "
        "existing resources by identifier or link, so importing again updates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file; see the README for its columns.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; save nothing.")
        parser.add_argument(
            "--commit-valid",
            action="store_true",
            help="When some rows have errors, still import the valid rows (otherwise nothing is imported).",
        )
        parser.add_argument(
            "--drafts", action="store_true", help="Save resources as drafts for review instead of publishing them."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            rows = read_rows(path.name, path.read_bytes())
            report = import_resources(
                rows, dry_run=options["dry_run"], commit_valid=options["commit_valid"], as_drafts=options["drafts"]
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row in report.rows:
            if row.ok:
                self.stdout.write(f"line {row.line}: {row.action} “{row.title}”")
            else:
                for error in row.errors:
                    self.stdout.write(f"line {row.line}: ERROR {error}")
        counts = report.counts()
        summary = (
            f"{counts['rows']} rows: {counts['created']} to create, {counts['updated']} to update, "
            f"{counts['errors']} with errors."
        )
        if report.committed:
            self.stdout.write(self.style.SUCCESS(f"Imported. {summary}"))
        elif report.dry_run:
            self.stdout.write(f"Dry run, nothing saved. {summary}")
        else:
            raise CommandError(f"Nothing imported. {summary} Fix the rows or use --commit-valid.")
