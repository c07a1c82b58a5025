"""The home page's block of featured COVID-19 resources."""

from django import template

from pages.models.resources import ResourceIndexPage, ResourcePage
from pages.visibility import private_q

register = template.Library()

HOME_RESOURCE_COUNT = 4


@register.inclusion_tag("pages/home/resources.html", takes_context=True)
def featured_resources(context, count=HOME_RESOURCE_COUNT):
    """The newest live resources that editors marked as featured."""
    live = ResourcePage.objects.live().exclude(private_q())
    chosen = (
        live.filter(featured=True)
        .select_related("resource_type", "publisher", "document", "listing_image")
        .prefetch_related("listing_image__renditions", "countries")
        .order_by("-publication_date", "-pk")[:count]
    )
    return {
        "request": context.get("request"),
        "resources": list(chosen),
        "repository": ResourceIndexPage.objects.live().exclude(private_q()).first(),
    }
