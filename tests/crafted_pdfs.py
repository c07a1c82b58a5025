"""Hostile PDFs built byte by byte: small on disk, expensive to read."""

import zlib

DRAW_TEXT = b"BT /F1 12 Tf 10 10 Td (x) Tj ET\n"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def shared_stream_bomb(pages: int = 6, stream_bytes: int = 4 * 1024 * 1024) -> bytes:
    """Every page draws from ONE Flate stream of ~4 MB of text operators (a few KB compressed):
    a reader that extracts text decompresses and interprets it once per page."""
    content = zlib.compress(DRAW_TEXT * (stream_bytes // len(DRAW_TEXT)), 9)
    return _pages_sharing_one_stream(content, pages, b" /Filter /FlateDecode")


def small_valid_pdf(text: str = "Hello", pages: int = 1) -> bytes:
    """A harmless PDF with readable text on each page."""
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    return _pages_sharing_one_stream(content, pages)


def _pages_sharing_one_stream(content: bytes, pages: int, stream_filter: bytes = b"") -> bytes:
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + index) for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d%s >>\nstream\n" % (len(content), stream_filter) + content + b"\nendstream",
    ]
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>"
        )
    return _pdf(objects)
