"""Fields and behaviour every page type of the site shares."""

from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Introduction, card image and summary, and search-engine overrides for every page."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=1000,
        help_text=_("One or two sentences shown under the page title."),
    )
    listing_image = models.ForeignKey(
        "pages.SiteImage",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on cards that link to this page and when it is shared on social networks."),
    )
    listing_summary = models.TextField(
        _("listing summary"),
        blank=True,
        max_length=400,
        help_text=_("Shown on cards and in search results. Defaults to the introduction."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_summary")],
            heading=_("Cards and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("Navigation")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("listing_summary"),
    ]

    class Meta:
        abstract = True

    @property
    def card_summary(self):
        return self.listing_summary or self.introduction or self.search_description

    @property
    def meta_description(self):
        return self.search_description or self.card_summary


def live_pages_with_images(page_ids):
    """The live, public pages among `page_ids` as their specific types, with listing images
    and their renditions fetched in a fixed number of queries."""
    pages = list(Page.objects.filter(pk__in=page_ids).live().public().specific())
    with_images = [page for page in pages if isinstance(page, BasePage)]
    prefetch_related_objects(with_images, "listing_image__renditions")
    return pages
