"""Background tasks of the foundation app, run by the worker (`manage.py run_worker`).

Every PDF is read in a limited child process (`pages.pdf_sandbox`). A file that breaks a
limit is marked for staff and the task ends normally: nothing is retried in a loop."""

import logging
from datetime import date

from django.apps import apps
from django_tasks import task
from wagtail.contrib.search_promotions.models import Query
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.search import index
from willow.image import UnrecognisedImageFormatError

from pages.pdf import PdfCheck
from pages.pdf_sandbox import PdfNotProcessed, extract_facts

logger = logging.getLogger(__name__)


@task()
def extract_document_text(document_id: int, file_name: str) -> str:
    """Page count and search text of a document's PDF. A task queued for a file that has
    since been replaced does nothing: the new file has its own task."""
    Document = get_document_model()
    document = Document.objects.filter(pk=document_id, file=file_name).first()
    if document is None or document.processing != Document.Processing.PENDING:
        return "skipped"
    try:
        with document.open_file() as handle:
            facts = extract_facts(handle.read())
    except (PdfNotProcessed, OSError) as error:
        logger.warning("Text of document %s not extracted: %s", document_id, error)
        Document.objects.filter(pk=document_id, file=file_name).update(processing=Document.Processing.FAILED)
        return "failed"
    Document.objects.filter(pk=document_id, file=file_name).update(
        page_count=facts.page_count, extracted_text=facts.text, processing=Document.Processing.DONE
    )
    document.refresh_from_db()
    index.insert_or_update_object(document)
    return "done"


@task()
def check_private_pdf(model_label: str, pk: int, file_field: str, flag_field: str) -> str:
    """The full read of a PDF sent with a public form (a letter of intent, a suggested
    resource), which only had the cheap check in the request. The outcome goes in the
    record's flag field ("readable" or "unreadable"), shown to the staff who review it."""
    model = apps.get_model(model_label)
    record = model.objects.filter(pk=pk).first()
    if record is None or not getattr(record, file_field):
        return "skipped"
    try:
        with getattr(record, file_field).open("rb") as handle:
            extract_facts(handle.read())
    except (PdfNotProcessed, OSError) as error:
        logger.warning("%s %s: the PDF could not be read: %s", model_label, pk, error)
        outcome = PdfCheck.UNREADABLE
    else:
        outcome = PdfCheck.READABLE
    model.objects.filter(pk=pk).update(**{flag_field: outcome})
    return outcome


def queue_pdf_check(record, file_field: str, flag_field: str):
    """After saving a record with a new PDF from a public form: mark it pending and queue its
    full read. Call it inside the transaction that saved the record."""
    upload = getattr(record, file_field)
    if not upload or not upload.name.lower().endswith(".pdf"):
        return
    type(record).objects.filter(pk=record.pk).update(**{flag_field: PdfCheck.PENDING})
    setattr(record, flag_field, PdfCheck.PENDING)
    result = check_private_pdf.enqueue(record._meta.label, record.pk, file_field, flag_field)
    if result.is_finished:
        # Run at once (the immediate backend of tests): show what the task stored.
        record.refresh_from_db(fields=[flag_field])


# Pages show renditions at once: the worker makes them before the slower work queued beside
# them (a PDF's text, the search and reference indexes: 1,200 tasks after the demo content
# loads), so that a visitor seldom waits while a request makes one.
RENDITIONS_PRIORITY = 10


@task(priority=RENDITIONS_PRIORITY)
def prepare_renditions(image_id: int, filter_specs: list[str]) -> str:
    """Make the renditions the admin and the templates ask for first (`pages.renditions`)."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return "skipped"
    try:
        image.get_renditions(*filter_specs)
    except (OSError, ValueError, UnrecognisedImageFormatError) as error:
        # A file that cannot be read is reported where it is shown; nothing to retry.
        logger.warning("Renditions of image %s not prepared: %s", image_id, error)
        return "failed"
    return "done"


@task()
def count_search_hit(query_string: str, day: str) -> str:
    """One search for `query_string` on `day` (ISO date) in Wagtail's search statistics
    (Reports > Search terms): written here rather than in the search request, which then
    reads nothing but what it shows."""
    Query.get(query_string).add_hit(date=date.fromisoformat(day))
    return "done"
