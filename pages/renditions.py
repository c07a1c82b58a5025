"""Renditions made on the worker, so that neither an editor nor the first visitor waits while
they are made in their request (the image chooser shows twenty thumbnails at once; a home
page after a restart used to make every card's picture).

- When an image is saved: its admin thumbnail.
- When a page is published: the renditions its templates and its head ask for, of the images
  it uses (its image fields, named by `prepared_renditions` on the page type, and the images
  of its StreamField blocks, named on the block), as listing card, page and social image.
- When the site settings are saved: the logo's and the default social image's.
Renditions that exist already are found, not made again.
"""

from collections import defaultdict

from django.db import transaction
from wagtail.fields import StreamField

from pages.tasks import prepare_renditions

# Wagtail's image listing and image chooser thumbnails.
ADMIN_THUMBNAIL_SPEC = "max-165x165"
# The cards of components/card.html, components/story_card.html and the home page's blocks.
CARD_SPEC = "fill-640x360"
# Open Graph and schema.org pictures (pages.templatetags.seo_tags, pages.discovery).
SOCIAL_IMAGE_SPEC = "fill-1200x630"
# The site logo in the header (1x, 2x) and in schema.org data.
LOGO_SPECS = ("height-56", "height-112", "max-600x600")

PREPARED_RENDITION_SPECS = (ADMIN_THUMBNAIL_SPEC,)


def queue_prepared_renditions(sender, instance, raw=False, **kwargs):
    """post_save receiver of the image model: the worker makes the renditions once the
    image is committed."""
    if raw:
        return
    _queue({instance.pk: set(PREPARED_RENDITION_SPECS)})


def queue_page_renditions(sender, instance, **kwargs):
    """page_published receiver: the renditions of the images the page shows."""
    _queue(page_image_specs(instance.specific))


def queue_settings_renditions(sender, instance, raw=False, **kwargs):
    """post_save receiver of the site settings: the logo's and the social image's."""
    if raw:
        return
    specs = defaultdict(set)
    if instance.logo_id:
        specs[instance.logo_id].update(LOGO_SPECS)
    if instance.social_image_id:
        specs[instance.social_image_id].add(SOCIAL_IMAGE_SPEC)
    _queue(specs)


def page_image_specs(page):
    """{image id: specs} of the images a page shows, as its page type and blocks name them."""
    specs = defaultdict(set)
    for field_name, field_specs in getattr(page, "prepared_renditions", {}).items():
        image_id = getattr(page, f"{field_name}_id", None)
        if image_id:
            specs[image_id].update(field_specs)
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for child in getattr(page, field.name):
                _add_block_images(child.block, child.value, specs)
    return specs


def _add_block_images(block, value, specs):
    for child_name, child_specs in getattr(block, "prepared_renditions", {}).items():
        image = value.get(child_name) if hasattr(value, "get") else None
        if image is not None:
            specs[image.pk].update(child_specs)


def _queue(specs_by_image):
    """One task per image, queued once the change is committed."""
    for image_id, specs in specs_by_image.items():
        if specs:
            transaction.on_commit(_enqueue_task(image_id, sorted(specs)))


def _enqueue_task(image_id, specs):
    return lambda: prepare_renditions.enqueue(image_id, specs)
