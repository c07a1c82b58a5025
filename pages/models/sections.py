"""The main sections of the site and general content pages."""

from functools import cache

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from pages.blocks import BodyBlock
from pages.cards import cards
from pages.news.latest import newest_in_section
from pages.page_ids import PageListing, join

from .base import BasePage

LATEST_STORIES = 6


class SectionPage(BasePage):
    """A main section (Capacity Building, Policy & Research, …) listing its child pages."""

    page_description = _(
        "A main section such as Capacity Building: its text, its general pages and the stories tagged with it."
    )

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StandardPage"]

    og_type = "website"
    schema_page_type = "CollectionPage"

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("section page")
        verbose_name_plural = _("section pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template renders the listings, not when they come from the cache.
        context["child_pages"] = SimpleLazyObject(
            lambda: cards(_in_tree_order().ids(parent=self), "components/card.html", request)
        )
        context["latest_stories"] = SimpleLazyObject(
            lambda: cards(newest_in_section(self, LATEST_STORIES), "components/story_card.html", request)
        )
        return context


@cache
def _in_tree_order():
    return PageListing(join(StandardPage, "standard"), order_by="p.path")


class StandardPage(BasePage):
    """A general page: About us, Contact, Privacy notice, …"""

    page_description = _("A general page of text, images and documents: About us, a section's sub-page, a policy.")

    parent_page_types = ["pages.HomePage", "pages.SectionPage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
