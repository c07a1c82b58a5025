"""Facts read from PDF files.

Two kinds of reading, because PDFs come from anonymous visitors: `check_pdf` is the cheap,
bounded check done inside a request (signature, page count with a hard cap, a budget for the
decompressed page contents); `read_pdf` extracts the text for search and is only run on the
worker, in a child process with CPU, memory and time limits (`pages.pdf_sandbox`)."""

import logging
import zlib
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, StreamObject

logger = logging.getLogger(__name__)


class PdfCheck(models.TextChoices):
    """What the worker found when it read a PDF sent with a public form."""

    PENDING = "pending", _("not checked yet")
    READABLE = "readable", _("readable")
    UNREADABLE = "unreadable", _("could not be read: open with care")


PDF_MAGIC = b"%PDF-"
# Enough text for full-text search without storing whole books in the index.
MAX_EXTRACTED_CHARS = 100_000
MAX_PAGES_READ = 60
# The in-request check refuses files beyond these: real reports stay far below them, and
# they bound the check's time (a few tenths of a second) whatever the file holds.
MAX_PAGE_COUNT = 2000
MAX_CONTENT_BYTES = 16 * 1024 * 1024
READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError)


class InvalidPdf(ValueError):
    message = _("This file is not a readable PDF. Export it again as PDF and upload that file.")


class PdfTooComplex(InvalidPdf):
    message = _(
        "This PDF is too complex to process (too many pages or too much drawing content). "
        "Export it again with fewer pages or as a simpler PDF, or send a link instead."
    )


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


def _open_reader(fileobj) -> PdfReader:
    """A reader over a file that carries the PDF signature (an empty password tried on
    encrypted files), or InvalidPdf. Parsing starts lazily, as pages are asked for."""
    if not looks_like_pdf(fileobj):
        raise InvalidPdf
    fileobj.seek(0)
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            reader.decrypt("")
    except READ_ERRORS as error:
        fileobj.seek(0)
        raise InvalidPdf from error
    return reader


def check_pdf(fileobj) -> int:
    """The page count of a PDF that is cheap enough to process later, else InvalidPdf or
    PdfTooComplex. Bounded in time: pages are counted, not read, and each page's content
    streams are decompressed only up to what is left of one budget for the whole file (a
    stream shared by many pages counts once per page, as a text extractor would read it)."""
    reader = _open_reader(fileobj)
    try:
        page_count = len(reader.pages)
        if page_count < 1:
            raise InvalidPdf
        if page_count > MAX_PAGE_COUNT:
            raise PdfTooComplex
        budget = MAX_CONTENT_BYTES
        for page in reader.pages:
            budget -= _content_size(page, budget)
            if budget < 0:
                raise PdfTooComplex
    except InvalidPdf:
        raise
    except READ_ERRORS as error:
        raise InvalidPdf from error
    finally:
        fileobj.seek(0)
    return page_count


def _content_size(page, limit: int) -> int:
    """Decompressed size of a page's content streams, counting at most limit + 1 bytes."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    size = 0
    for stream in streams:
        stream = stream.get_object() if stream is not None else None
        if not isinstance(stream, StreamObject):
            continue
        size += _stream_size(stream, limit - size + 1)
        if size > limit:
            break
    return size


def _stream_size(stream, limit: int) -> int:
    raw = stream._data  # the encoded bytes; get_data() would decompress without a bound
    filters = stream.get("/Filter")
    first_filter = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    if first_filter != "/FlateDecode":
        return len(raw)
    try:
        return len(zlib.decompressobj().decompress(raw, limit))
    except zlib.error as error:
        raise InvalidPdf from error


def read_pdf(fileobj) -> PdfFacts:
    """Page count and text for search. Unbounded in time on hostile files: call it through
    `pages.pdf_sandbox`, never in a request."""
    reader = _open_reader(fileobj)
    try:
        page_count = len(reader.pages)
        text = _extract_text(reader)
    except READ_ERRORS as error:
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
