"""How the bytes of a stored file reach the visitor: documents (Wagtail's document view uses
this module as its SENDFILE_BACKEND) and a newsletter volume's PDF.

Behind nginx with DOCUMENTS_ACCEL_REDIRECT_PREFIX set, the answer is an empty response whose
X-Accel-Redirect header names the file under that internal location: nginx sends the bytes,
with Range and conditional requests, and no Python process streams them. Otherwise (plain
Gunicorn, tests) the file is streamed from here, with one byte range when asked for (a PDF
reader jumping to a page, a resumed download).
"""

import os
import re
import stat
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import http_date
from wagtail.utils.sendfile_streaming_backend import was_modified_since

CHUNK_BYTES = 64 * 1024
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def sendfile(request, filename, mimetype="application/octet-stream", **kwargs):
    """The SENDFILE_BACKEND interface: a response sending the file at `filename`."""
    prefix = settings.DOCUMENTS_ACCEL_REDIRECT_PREFIX
    if prefix:
        return accel_redirect_response(filename, mimetype, prefix)
    return ranged_file_response(request, filename, mimetype)


def accel_redirect_response(filename, mimetype, prefix):
    relative = os.path.relpath(filename, settings.MEDIA_ROOT)
    response = HttpResponse(content_type=mimetype)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative.replace(os.sep, "/"))
    return response


def ranged_file_response(request, filename, mimetype):
    """The file, or the one byte range the request asks for (206), or 416 for a range past
    its end; a request with If-Range or several ranges gets the whole file."""
    status = os.stat(filename)
    modified = status[stat.ST_MTIME]
    if not was_modified_since(request.headers.get("if-modified-since"), modified):
        return HttpResponseNotModified()
    size = status[stat.ST_SIZE]
    wanted = _single_range(request, size)
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(open(filename, "rb"), content_type=mimetype)  # noqa: SIM115 - closed by Django
    else:
        start, end = wanted
        response = StreamingHttpResponse(_read_range(filename, start, end), status=206, content_type=mimetype)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(modified)
    return response


def _single_range(request, size):
    header = request.headers.get("range", "")
    match = SINGLE_RANGE.match(header.strip())
    if not match or "if-range" in request.headers or size == 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return "unsatisfiable"
    return start, end


def _read_range(filename, start, end):
    with open(filename, "rb") as handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
