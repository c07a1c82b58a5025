"""The home page's block of featured COVID-19 resources.

The repository app's `AppConfig.ready()` calls `register()`; the foundation never imports
this package.
"""

from functools import cache

from pages.cards import cards
from pages.home_blocks import register_home_block
from pages.page_ids import PageListing, join
from pages.request_version import memoised_for_this_version
from pages.visibility import private_q

from .models import ResourceIndexPage, ResourcePage

HOME_RESOURCE_COUNT = 4


def featured_resources(context, count=HOME_RESOURCE_COUNT):
    """The newest live resources that editors marked as featured. The renditions of their
    pictures are fetched with every other block's (pages.templatetags.home_tags)."""
    request = context.get("request")
    return {
        "request": request,
        "resources": cards(_featured().ids(limit=count), "repository/resource_card.html", request, as_name="resource"),
        "repository": memoised_for_this_version("repository-index", _repository),
    }


@cache
def _featured():
    return PageListing(
        join(ResourcePage, "resource"),
        where="resource.featured",
        order_by="resource.publication_date DESC, p.id DESC",
    )


def _repository():
    """The repository's page, which changes only through saves that bump the cache version."""
    return ResourceIndexPage.objects.live().exclude(private_q()).first()


def register():
    # After the home page's activities (30), before the newsletters (50).
    register_home_block("resources", 40, "repository/featured_resources.html", featured_resources)
