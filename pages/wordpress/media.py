"""Attachments: the files of a local copy of wp-content/uploads, checked as an upload through
the admin is checked, become images and documents."""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from wagtail.documents.forms import WagtailDocumentField
from wagtail.images.fields import WagtailImageField
from wagtail.utils.file import hash_filelike

from pages.models import SiteDocument, SiteImage

UPLOADS_MARKER = "/wp-content/uploads/"
# WordPress's resized copies (photo-300x200.jpg) and its scaled originals (photo-scaled.jpg).
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled)(?=\.[A-Za-z0-9]+$)")


class MissingFile(Exception):
    pass


def kind_of(item):
    """ "image", "document" or None (a file type the site does not take)."""
    extension = PurePosixPath(relative_path(item)).suffix.lower().lstrip(".")
    if extension in settings.WAGTAILIMAGES_EXTENSIONS:
        return "image"
    if extension in settings.WAGTAILDOCS_EXTENSIONS:
        return "document"
    return None


def relative_path(item):
    """Where the file lies under wp-content/uploads, e.g. "2019/05/report.pdf"."""
    attached = item.meta.get("_wp_attached_file", "").strip().lstrip("/")
    if attached:
        return attached
    path = unquote(urlsplit(item.attachment_url).path)
    return path.split(UPLOADS_MARKER, 1)[1] if UPLOADS_MARKER in path else PurePosixPath(path).name


def url_key(url):
    """An attachment's address without host, size suffix or case, to match the copies of it
    that bodies link to."""
    path = unquote(urlsplit(url.strip()).path).lower()
    return SIZE_SUFFIX.sub("", path)


def local_file(media_dir, item):
    """The attachment's file in the media folder. A path that leaves the folder (`../`) is
    treated as missing."""
    if media_dir is None:
        raise MissingFile(_("no media folder was given"))
    root = Path(media_dir).resolve()
    path = (root / relative_path(item)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise MissingFile(_("%(path)s is not in the media folder") % {"path": relative_path(item)})
    return path


def checked_file(path, kind):
    """The file opened and checked as the admin's upload form checks it; ValidationError if not."""
    handle = path.open("rb")
    upload = File(handle, name=path.name)
    field = WagtailImageField() if kind == "image" else WagtailDocumentField()
    try:
        field.clean(upload)
        upload.seek(0)
    except ValidationError:
        handle.close()
        raise
    return upload


def file_hash(path):
    with path.open("rb") as handle:
        return hash_filelike(handle)


def save_image(existing, item, upload):
    image = existing or SiteImage()
    image.title = _attachment_title(item, upload.name)
    # WordPress's alt text is the picture's description; an image without one is left for
    # editors to describe (the admin lists images missing alt text).
    image.description = (item.alt_text or "").strip()[:255]
    if existing is None or existing.file_hash != file_hash(Path(upload.file.name)):
        image.file = upload
        image._set_image_file_metadata()
    image.save()
    return image


def save_document(existing, item, upload):
    document = existing or SiteDocument()
    document.title = _attachment_title(item, upload.name)
    if existing is None or existing.file_hash != file_hash(Path(upload.file.name)):
        document.file = upload
        document.file_hash = ""
        document.full_clean(exclude=["collection"])
    document.save()
    return document


def _attachment_title(item, file_name):
    return (item.title or "").strip()[:255] or file_name
