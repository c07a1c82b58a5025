"""Renditions made on the worker as soon as an image is saved, so that the first editor or
visitor to see the image does not wait while they are made in their request (the image
chooser shows twenty thumbnails at once)."""

from django.db import transaction

from pages.tasks import prepare_renditions

# Wagtail's image listing and image chooser thumbnails.
ADMIN_THUMBNAIL_SPEC = "max-165x165"

PREPARED_RENDITION_SPECS = (ADMIN_THUMBNAIL_SPEC,)


def queue_prepared_renditions(sender, instance, raw=False, **kwargs):
    """post_save receiver of the image model: the worker makes the renditions once the
    image is committed."""
    if raw:
        return
    image_id = instance.pk
    transaction.on_commit(lambda: prepare_renditions.enqueue(image_id, list(PREPARED_RENDITION_SPECS)))
