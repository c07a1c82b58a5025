"""The home page: every part of it is edited in the admin."""

from urllib.parse import urlencode

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pages import discovery
from pages.cards import TYPE_TEMPLATE, cards
from pages.news.latest import newest_in_language, newest_of_category
from pages.news.models import NewsIndexPage, StoryCategory
from pages.request_version import memoised_for_this_version
from pages.routing import route_from_root
from pages.visibility import private_q

from .base import BasePage
from .settings import SiteSettings

FEATURED_LIMIT = 9
ACTIVITIES_LIMIT = 3


class HomePage(BasePage):
    """The root of the site.

    Its children are every page type whose `parent_page_types` names the home page, so
    feature apps can add top-level pages without this foundation importing them.
    """

    page_description = _("The front page of the site. There is only one.")

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    og_type = "website"

    hero_text = models.TextField(
        _("banner text"),
        blank=True,
        max_length=500,
        help_text=_("The message at the top of the home page."),
    )
    hero_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("banner link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_label = models.CharField(_("banner link text"), max_length=80, blank=True)
    mission_statement = models.TextField(_("mission statement"), blank=True, max_length=1000)

    featured_heading = models.CharField(_("featured stories heading"), max_length=120, blank=True)
    featured_pages = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page"), page_type=["pages.StoryPage", "pages.EventPage"]))],
        blank=True,
        verbose_name=_("featured pages"),
        help_text=_("Shown first, in this order; the latest stories fill the remaining places."),
    )

    activities_heading = models.CharField(
        _("activities heading"),
        max_length=120,
        blank=True,
        help_text=_("For example “Global-Regional Activities”."),
    )
    activities_category = models.ForeignKey(
        "pages.StoryCategory",
        verbose_name=_("activities category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The home page shows the latest stories and events of this category, with a link to all of them."),
    )

    member_heading = models.CharField(_("membership heading"), max_length=120, blank=True)
    member_text = models.TextField(_("membership text"), blank=True, max_length=1000)
    member_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("membership link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member_link_label = models.CharField(_("membership link text"), max_length=80, blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_text"), FieldPanel("hero_link"), FieldPanel("hero_link_label")],
            heading=_("Banner"),
        ),
        FieldPanel("mission_statement"),
        MultiFieldPanel([FieldPanel("featured_heading"), FieldPanel("featured_pages")], heading=_("Featured")),
        MultiFieldPanel(
            [FieldPanel("activities_heading"), FieldPanel("activities_category")],
            heading=_("Activities"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("member_heading"),
                FieldPanel("member_text"),
                FieldPanel("member_link"),
                FieldPanel("member_link_label"),
            ],
            heading=_("Be a Member"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("mission_statement")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        if path_components:
            return route_from_root(self, request, path_components)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self._fetch_links()
        # Read only when the template renders the blocks, not when they come from the cache.
        context["home_cards"] = SimpleLazyObject(lambda: self.home_cards(request))
        return context

    def _fetch_links(self):
        """The banner's and the membership box's pages in one query instead of one each."""
        link_fields = [self._meta.get_field(name) for name in ("hero_link", "member_link")]
        linked_ids = [field.value_from_object(self) for field in link_fields]
        linked = Page.objects.in_bulk([pk for pk in linked_ids if pk is not None])
        for field, pk in zip(link_fields, linked_ids, strict=True):
            if pk is not None and not field.is_cached(self):
                field.set_cached_value(self, linked.get(pk))

    def home_cards(self, request):
        """The featured and activities cards, read with every other block's
        (pages.templatetags.home_tags)."""
        activities, activities_url, activities_category = self.activity_pages()
        return {
            "featured": cards(self.featured_pages_in_order(), TYPE_TEMPLATE, request),
            "activities": cards(activities, "components/story_card.html", request),
            "activities_url": activities_url,
            "activities_heading": self.activities_heading or getattr(activities_category, "name", ""),
        }

    @property
    def meta_description(self):
        return super().meta_description or self.mission_statement or self.hero_text

    def get_structured_data(self, request):
        site_settings = SiteSettings.for_request(request) if request else SiteSettings.for_site(self.get_site())
        # The home page is the top of every breadcrumb trail and has none of its own.
        return [discovery.organization_data(site_settings, self, request), self.get_main_structured_data(request)]

    def featured_pages_in_order(self, limit=FEATURED_LIMIT):
        """(id, content type id) of the editor-chosen live stories and events, in the editor's
        order, then of the latest in the home page's language to fill the remaining places:
        one query."""
        chosen_ids = list(dict.fromkeys(block["value"] for block in self.featured_pages.raw_data if block.get("value")))
        candidates = newest_in_language(self.locale_id, chosen_ids, limit=len(chosen_ids) + limit)
        by_id = {candidate[0]: candidate for candidate in candidates}
        chosen = [by_id[pk] for pk in chosen_ids if pk in by_id][:limit]
        latest = [candidate for candidate in candidates if candidate[0] not in chosen_ids]
        return chosen + latest[: limit - len(chosen)]

    def activity_pages(self, limit=ACTIVITIES_LIMIT):
        """The latest stories and events of the activities category and the address of
        their full listing, and the category."""
        if self.activities_category_id is None:
            return [], "", None
        index, category = memoised_for_this_version(
            ("home-activities-listing", self.activities_category_id, self.locale_id), self._activities_listing
        )
        if index is None or category is None:
            return [], "", None
        url = f"{index.url}?{urlencode({'category': category.slug})}"
        return newest_of_category(index, self.activities_category_id, limit), url, category

    def _activities_listing(self):
        """The News & Events page and the activities category, which change only through
        saves that bump the cache version."""
        index = NewsIndexPage.objects.live().exclude(private_q()).filter(locale_id=self.locale_id).first()
        return index, StoryCategory.objects.filter(pk=self.activities_category_id).first()
