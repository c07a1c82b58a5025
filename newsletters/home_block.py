"""The home page's block of the latest newsletter volumes, registered from this app's `ready()`."""

from functools import cache

from newsletters.models import NewsletterIndexPage, VolumePage
from pages.cards import cards
from pages.home_blocks import register_home_block
from pages.page_ids import PageListing, join
from pages.request_version import memoised_for_this_version
from pages.visibility import private_q

HOME_VOLUMES = 6


def latest_volumes(context, count=HOME_VOLUMES):
    """The newest volumes, with a link to the archive."""
    request = context.get("request")
    return {
        "volumes": cards(_newest().ids(limit=count), "newsletters/volume_card.html", request, as_name="volume"),
        "archive": memoised_for_this_version("newsletter-archive", _archive),
        "request": request,
    }


@cache
def _newest():
    return PageListing(join(VolumePage, "volume"), order_by="volume.issue_date DESC, volume.volume_number DESC")


def _archive():
    return NewsletterIndexPage.objects.live().exclude(private_q()).first()


def register():
    # Last of the home page's blocks.
    register_home_block("newsletters", 50, "newsletters/latest_volumes.html", latest_volumes)
