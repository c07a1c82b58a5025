"""Renditions made on the worker, so that neither an editor nor the first visitor waits while
they are made in their request (the image chooser shows twenty thumbnails at once; a home
page after a restart used to make every card's picture).

- When an image is saved: its admin thumbnail.
- When a page is published: the renditions its templates and its head ask for, of the images
  it uses (its image fields, named by `prepared_renditions` on the page type, and the images
  of its StreamField blocks, named on the block), as listing card, page and social image.
- When the site settings are saved: the logo's and the default social image's.
- For content from before this, `manage.py prepare_renditions`: whatever is still missing.
Renditions that exist already are found, not made again.
"""

from collections import defaultdict

from django.apps import apps
from django.db import transaction
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import get_page_models

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
# Pages read at a time by `queue_missing_renditions`.
BACKFILL_CHUNK = 500


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
    _queue(settings_image_specs(instance))


def settings_image_specs(site_settings):
    specs = defaultdict(set)
    if site_settings.logo_id:
        specs[site_settings.logo_id].update(LOGO_SPECS)
    if site_settings.social_image_id:
        specs[site_settings.social_image_id].add(SOCIAL_IMAGE_SPEC)
    return specs


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


def queue_missing_renditions():
    """For what was published before renditions were prepared on publish: one worker task
    per image that lacks a rendition its live pages, the site settings or the admin ask
    for. Returns the number of images queued."""
    wanted = defaultdict(set)
    for image_id in get_image_model().objects.values_list("pk", flat=True).iterator():
        wanted[image_id].update(PREPARED_RENDITION_SPECS)
    for model in get_page_models():
        if model._meta.abstract:
            continue
        for page in model.objects.live().exact_type(model).iterator(chunk_size=BACKFILL_CHUNK):
            _merge(wanted, page_image_specs(page))
    for site_settings in apps.get_model("pages", "SiteSettings").objects.all():
        _merge(wanted, settings_image_specs(site_settings))
    missing = _without_existing(wanted)
    _queue(missing)
    return len(missing)


def _merge(wanted, specs_by_image):
    for image_id, specs in specs_by_image.items():
        wanted[image_id].update(specs)


def _without_existing(wanted):
    """{image id: specs} of the wanted renditions that do not exist yet."""
    Rendition = get_image_model().get_rendition_model()
    existing = defaultdict(set)
    for image_id, filter_spec in Rendition.objects.values_list("image_id", "filter_spec").iterator():
        existing[image_id].add(filter_spec)
    missing = {image_id: specs - existing[image_id] for image_id, specs in wanted.items()}
    return {image_id: specs for image_id, specs in missing.items() if specs}


def _queue(specs_by_image):
    """One task per image, queued once the change is committed."""
    for image_id, specs in specs_by_image.items():
        if specs:
            transaction.on_commit(_enqueue_task(image_id, sorted(specs)))


def _enqueue_task(image_id, specs):
    return lambda: prepare_renditions.enqueue(image_id, specs)
