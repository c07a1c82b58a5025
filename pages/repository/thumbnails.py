"""Thumbnails of resources: the first page of the PDF rendered with pypdfium2 (on the worker,
in a limited child process), or a drawn placeholder. Never raises: a thumbnail is not worth a
failed task."""

import io
import logging

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from pages.models import SiteImage
from pages.pdf_sandbox import THUMBNAIL_WIDTH, PdfNotProcessed, render_thumbnail

logger = logging.getLogger(__name__)


def thumbnail_for_document(document):
    """The SiteImage for this document's thumbnail, made once and reused afterwards."""
    title = f"Thumbnail of document {document.pk}"
    try:
        existing = SiteImage.objects.filter(title=title).first()
        if existing:
            return existing
        content = _render_first_page(document) if document.is_pdf else None
        if content is None:
            content = _placeholder(document.title)
        image = SiteImage(title=title, credit=document.title[:255])
        image.file = ImageFile(io.BytesIO(content), name=f"resource-thumbnail-{document.pk}.png")
        image.save()
        return image
    except Exception:
        logger.exception("Could not make a thumbnail for document %s", document.pk)
        return None


def _render_first_page(document):
    """The first page as PNG, rendered in a limited child process (a hostile PDF can make
    rendering slow or huge), or None."""
    try:
        with document.open_file() as handle:
            return render_thumbnail(handle.read())
    except (PdfNotProcessed, OSError) as error:
        logger.warning("Could not render the first page of document %s: %s", document.pk, error)
        return None


def _placeholder(title: str) -> bytes:
    """A plain cover: a coloured page with a folded corner, no text (text belongs in HTML)."""
    width, height = THUMBNAIL_WIDTH, int(THUMBNAIL_WIDTH * 1.414)
    image = Image.new("RGB", (width, height), (242, 245, 249))
    draw = ImageDraw.Draw(image)
    shade = 60 + sum(title.encode()) % 120
    draw.rectangle((0, 0, width, height // 3), fill=(11, shade, 138))
    for line in range(6):
        top = height // 3 + 60 + line * 50
        draw.rectangle((60, top, width - 60 - (line % 3) * 80, top + 18), fill=(208, 215, 226))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
