"""Placeholder images and PDFs made at load time (no downloads). Idempotent by title."""

import hashlib
import io

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from fpdf import FPDF
from PIL import Image, ImageDraw

from pages.models import SiteDocument, SiteImage

PALETTE = [
    ((11, 79, 138), (0, 150, 136)),
    ((179, 71, 0), (240, 160, 40)),
    ((7, 55, 99), (90, 140, 210)),
    ((30, 107, 52), (150, 200, 90)),
    ((110, 40, 120), (230, 120, 160)),
    ((0, 100, 120), (120, 210, 220)),
]


def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def draw_placeholder(key: str, width: int = 1200, height: int = 675) -> bytes:
    """An abstract, text-free PNG whose colours and shapes follow from `key`."""
    seed = _seed(key)
    start, end = PALETTE[seed % len(PALETTE)]
    mask = Image.linear_gradient("L").rotate(seed % 360).resize((width, height))
    image = Image.composite(Image.new("RGB", (width, height), end), Image.new("RGB", (width, height), start), mask)
    draw = ImageDraw.Draw(image, "RGBA")
    for index in range(6):
        value = _seed(f"{key}-{index}")
        radius = 60 + value % (height // 2)
        x, y = value % width, (value // width) % height
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 28 + value % 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def placeholder_image(title: str, width: int = 1200, height: int = 675) -> SiteImage:
    existing = SiteImage.objects.filter(title=title).first()
    if existing:
        return existing
    content = draw_placeholder(title, width, height)
    # The placeholder shows its title as text, so that is what its alt text says.
    image = SiteImage(title=title, description=f"Placeholder picture reading “{title}”"[:255])
    image.file = ImageFile(io.BytesIO(content), name=f"{slugify(title)[:80] or 'image'}.png")
    image.save()
    return image


def make_pdf(title: str, paragraphs: list[str], pages: int = 1) -> bytes:
    """A small text PDF: a title and paragraphs, repeated over `pages` pages."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("UCLG ASPAC")
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 18)
        pdf.multi_cell(0, 10, _latin1(title))
        pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, _latin1(paragraph))
            pdf.ln(3)
        pdf.set_auto_page_break(False)
        pdf.set_y(-20)
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 10, f"Page {number} of {pages}", align="C")
        pdf.set_auto_page_break(True, margin=20)
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    """The core PDF fonts cover Latin-1 only; replace typographic quotes and dashes."""
    replacements = {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
    for source, target in replacements.items():
        text = text.replace(source, target)
    return text.encode("latin-1", "replace").decode("latin-1")


def placeholder_pdf(title: str, paragraphs: list[str], pages: int = 1, filename: str | None = None) -> SiteDocument:
    existing = SiteDocument.objects.filter(title=title).first()
    if existing:
        return existing
    document = SiteDocument(title=title)
    name = filename or f"{slugify(title)[:80] or 'document'}.pdf"
    document.file = SimpleUploadedFile(name, make_pdf(title, paragraphs, pages), content_type="application/pdf")
    document.save()
    return document
