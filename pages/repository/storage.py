"""Private storage for files visitors upload with a suggestion: outside MEDIA_ROOT, so no
URL serves them; staff download them through a permission-checked admin view."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root() -> Path:
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    media_root = Path(settings.MEDIA_ROOT)
    return media_root.with_name(media_root.name + "-private")


def private_storage():
    return FileSystemStorage(location=private_root(), base_url=None)
