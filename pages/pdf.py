"""Facts read from PDF files: page count and text for search, with one clear error for
files that are not readable PDFs."""

import logging
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# Enough text for full-text search without storing whole books in the index.
MAX_EXTRACTED_CHARS = 100_000
MAX_PAGES_READ = 60


class InvalidPdf(ValueError):
    message = _("This file is not a readable PDF. Export it again as PDF and upload that file.")


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    text: str


def looks_like_pdf(fileobj) -> bool:
    """True when the file starts with the PDF signature, whatever its name says."""
    position = fileobj.tell()
    fileobj.seek(0)
    head = fileobj.read(1024)
    fileobj.seek(position)
    return PDF_MAGIC in head


def read_pdf(fileobj) -> PdfFacts:
    if not looks_like_pdf(fileobj):
        raise InvalidPdf
    fileobj.seek(0)
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            reader.decrypt("")
        page_count = len(reader.pages)
        text = _extract_text(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise InvalidPdf from error
    finally:
        fileobj.seek(0)
    if page_count < 1:
        raise InvalidPdf
    return PdfFacts(page_count=page_count, text=text)


def _extract_text(reader) -> str:
    parts, length = [], 0
    for page in reader.pages[:MAX_PAGES_READ]:
        try:
            chunk = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one bad page must not lose the rest
            logger.warning("Could not extract text from a PDF page", exc_info=True)
            continue
        parts.append(chunk)
        length += len(chunk)
        if length >= MAX_EXTRACTED_CHARS:
            break
    return "\n".join(parts)[:MAX_EXTRACTED_CHARS].replace("\x00", "")
