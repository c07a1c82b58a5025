"""Thumbnails of resources: the first page of the PDF rendered with pypdfium2, or a drawn
placeholder. Never raises: a thumbnail is not worth a failed save."""

import io
import logging

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

logger = logging.getLogger(__name__)

THUMBNAIL_WIDTH = 600


def thumbnail_for_document(document):
    """The SiteImage for this document's thumbnail, made once and reused afterwards."""
    from pages.models import SiteImage

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
    import pypdfium2

    try:
        document.file.open("rb")
        data = document.file.read()
        pdf = pypdfium2.PdfDocument(data)
        try:
            page = pdf[0]
            scale = THUMBNAIL_WIDTH / page.get_width()
            pil_image = page.render(scale=scale).to_pil().convert("RGB")
        finally:
            pdf.close()
    except Exception:
        logger.warning("Could not render the first page of document %s", document.pk, exc_info=True)
        return None
    buffer = io.BytesIO()
    pil_image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


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
