"""Small builders for test data."""

import io

from django.core.files.images import ImageFile
from PIL import Image

from pages.models import SiteImage, StandardPage


def make_image(title="Test image", size=(64, 36)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    image = SiteImage(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="test.png")
    image.save()
    return image


def add_standard_pages(parent, count, prefix="Child", with_image=True, **fields):
    image = make_image(f"{prefix} image") if with_image else None
    pages = []
    for number in range(count):
        page = StandardPage(
            title=f"{prefix} {number}",
            slug=f"{prefix.lower().replace(' ', '-')}-{number}",
            listing_image=image,
            show_in_menus=True,
            **fields,
        )
        parent.add_child(instance=page)
        pages.append(page)
    return pages
