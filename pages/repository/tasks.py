"""Background tasks of the repository, run by the worker (`manage.py run_worker`)."""

from django.apps import apps
from django_tasks import task

from pages.cache import bump_site_version
from pages.cards import forget_cards_of

from .thumbnails import thumbnail_for_document


@task()
def make_resource_thumbnail(page_id: int) -> str:
    """The listing image of a repository resource, drawn from its document's first page."""
    # By name: the model queues this task, so importing the model here would be a circle.
    ResourcePage = apps.get_model("repository", "ResourcePage")
    resource = ResourcePage.objects.filter(pk=page_id, listing_image__isnull=True).select_related("document").first()
    if resource is None or resource.document is None:
        return "skipped"
    image = thumbnail_for_document(resource.document)
    if image is None:
        return "failed"
    ResourcePage.objects.filter(pk=page_id, listing_image__isnull=True).update(listing_image=image)
    # Already on the worker: the renditions its cards and page show are made now, not on first view.
    image.get_renditions(*ResourcePage.prepared_renditions["listing_image"])
    forget_cards_of(page_id)
    bump_site_version()
    return "done"
