"""The home page's block of featured COVID-19 resources."""

from django import template

from pages.visibility import private_q

from ..models import ResourceIndexPage, ResourcePage

register = template.Library()

HOME_RESOURCE_COUNT = 4


@register.inclusion_tag("repository/featured_resources.html", takes_context=True)
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
