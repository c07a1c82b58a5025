"""Private storage for uploads that must never have a public address (suggested resources,
letters of intent): outside MEDIA_ROOT, served only through permission-checked staff views."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def private_storage():
    return FileSystemStorage(location=private_root(), base_url=None)
