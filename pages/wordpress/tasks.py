"""The import's work, on the task worker: the admin screen only stores the upload and queues."""

import logging

from django.conf import settings
from django_tasks import task

from .importer import Mapping, import_export
from .models import WordPressImport
from .wxr import WxrError, read_export

logger = logging.getLogger(__name__)


@task()
def check_wordpress_export(import_id: int) -> str:
    """The dry run: the report of what an import would do."""
    return _run(import_id, dry_run=True)


@task()
def run_wordpress_import(import_id: int) -> str:
    return _run(import_id, dry_run=False)


def _run(import_id, dry_run):
    job = WordPressImport.objects.filter(pk=import_id).first()
    if job is None:
        return "gone"
    report_field = "check_report" if dry_run else "import_report"
    try:
        with job.export_file.open("rb") as handle:
            export = read_export(handle)
    except WxrError as error:
        _finish(job, WordPressImport.Status.UNREADABLE, error=str(error))
        return "unreadable"

    def save_progress(report):
        setattr(job, report_field, report.to_json())
        job.save(update_fields=[report_field])

    try:
        report = import_export(
            export,
            media_dir=settings.WORDPRESS_MEDIA_DIR or None,
            dry_run=dry_run,
            as_drafts=job.as_drafts,
            mapping=Mapping(categories=job.category_mapping, event_categories=set(job.event_categories)),
            progress=save_progress,
        )
    except Exception as error:
        logger.exception("The WordPress import %s stopped", import_id)
        _finish(job, WordPressImport.Status.FAILED, error=str(error))
        raise
    setattr(job, report_field, report.to_json())
    status = WordPressImport.Status.CHECKED if dry_run else WordPressImport.Status.IMPORTED
    _finish(job, status, error=report.problem, fields=[report_field])
    return status


def _finish(job, status, error="", fields=()):
    job.status = status
    job.error = error
    job.save(update_fields=["status", "error", *fields])
