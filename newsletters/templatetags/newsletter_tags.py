from django import template

from newsletters.models import NewsletterIndexPage, VolumePage
from pages.visibility import private_q

register = template.Library()


@register.inclusion_tag("newsletters/latest_volumes.html", takes_context=True)
def latest_volumes(context, count=6):
    """The newest volumes for the home page, with a link to the archive."""
    volumes = (
        VolumePage.objects.live()
        .exclude(private_q())
        .select_related("pdf", "cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-issue_date", "-volume_number")[:count]
    )
    return {
        "volumes": list(volumes),
        "archive": NewsletterIndexPage.objects.live().exclude(private_q()).first(),
        "request": context.get("request"),
    }
