"""Whether an image's alt text says something: the image model uses it to choose what to
render, and the admin report lists the images whose alt text still needs writing."""

import re
from pathlib import PurePosixPath

# Names cameras, phones and scanners give files: "DSC_0042", "IMG-1234", "PXL_20240312_0932".
CAMERA_NAME = re.compile(
    r"^(?:dsc[nf]?|img|pict?|pxl|gopr|dji|mvimg|vid|wa|photo|image|screenshot|screen shot|scan|untitled)"
    r"[\s_-]*\d[\w-]*$",
    re.IGNORECASE,
)
# Only digits and separators, as in "20240312_093455", or a name ending in an image extension.
NUMBERS_ONLY = re.compile(r"^[\d\s_.-]+$")
IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|gif|webp|heic|tiff?|bmp)$", re.IGNORECASE)
# Wagtail adds "_" and seven random characters to a stored file whose name is taken.
STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}$")

MISSING = "missing"
FILE_NAME = "file name"


def file_stem(file_name):
    """The name the file was uploaded with, without folder, extension or storage suffix."""
    stem = PurePosixPath(file_name or "").stem
    return STORAGE_SUFFIX.sub("", stem)


def looks_like_file_name(text, file_name=""):
    """True when `text` is a name a device or the file gave, not words a person wrote."""
    text = (text or "").strip()
    if not text:
        return False
    if CAMERA_NAME.match(text) or NUMBERS_ONLY.match(text) or IMAGE_EXTENSION.search(text):
        return True
    stem = file_stem(file_name)
    return bool(stem) and text.casefold() in {stem.casefold(), stem.replace("_", " ").replace("-", " ").casefold()}


def alt_text_problem(description, file_name=""):
    """None when the alt text is real, else why it is not (MISSING or FILE_NAME)."""
    if not (description or "").strip():
        return MISSING
    if looks_like_file_name(description, file_name):
        return FILE_NAME
    return None
