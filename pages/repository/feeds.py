"""RSS and Atom feeds of the resources most recently added to the repository."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from pages.routes import route_view
from pages.visibility import private_q

from .models import ResourcePage

FEED_ITEMS = 30


class NewResourcesFeed(Feed):
    """The most recently added resources, newest first (RSS 2.0)."""

    description = _("Readings and resources on COVID-19 best practices for local governments, newest first.")

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return _("%(title)s: new resources") % {"title": self.index_page.title}

    def link(self):
        return self.index_page.url

    def items(self):
        return (
            ResourcePage.objects.live()
            .exclude(private_q())
            .select_related("publisher")
            .order_by("-first_published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.publisher.name if item.publisher else None


class NewResourcesAtomFeed(NewResourcesFeed):
    feed_type = Atom1Feed
    subtitle = NewResourcesFeed.description


@route_view("repository.rss_feed")
def rss_feed(request, index_page):
    return NewResourcesFeed(index_page)(request)


@route_view("repository.atom_feed")
def atom_feed(request, index_page):
    return NewResourcesAtomFeed(index_page)(request)
