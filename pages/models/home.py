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
from pages.listing import with_card_data
from pages.news.models import NewsIndexPage, either, news_items
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template renders the blocks, not when they come from the cache.
        context["home_cards"] = SimpleLazyObject(self.home_cards)
        return context

    def home_cards(self):
        """The featured and activities cards, fetched together in a fixed number of queries."""
        featured_ids = self.featured_page_ids()
        activity_ids, activities_url = self.activity_page_ids()
        cards = {page.pk: page for page in with_card_data(Page.objects.filter(pk__in=featured_ids + activity_ids))}
        return {
            "featured": [cards[pk] for pk in featured_ids if pk in cards],
            "activities": [cards[pk] for pk in activity_ids if pk in cards],
            "activities_url": activities_url,
        }

    @property
    def meta_description(self):
        return super().meta_description or self.mission_statement or self.hero_text

    def get_structured_data(self, request):
        site_settings = SiteSettings.for_request(request) if request else SiteSettings.for_site(self.get_site())
        # The home page is the top of every breadcrumb trail and has none of its own.
        return [discovery.organization_data(site_settings, self, request), self.get_main_structured_data(request)]

    def featured_page_ids(self, limit=FEATURED_LIMIT):
        """Editor-chosen live pages, in the editor's order, then the latest stories and
        events in the home page's language to fill the remaining places."""
        chosen_ids = [block["value"] for block in self.featured_pages.raw_data if block.get("value")]
        live_ids = set(Page.objects.filter(pk__in=chosen_ids).live().exclude(private_q()).values_list("pk", flat=True))
        featured = [pk for pk in chosen_ids if pk in live_ids][:limit]
        if len(featured) < limit:
            latest = news_items().filter(locale_id=self.locale_id).exclude(pk__in=featured)
            featured += list(latest.values_list("pk", flat=True)[: limit - len(featured)])
        return featured

    def activity_page_ids(self, limit=ACTIVITIES_LIMIT):
        """The latest stories and events of the activities category and the address of
        their full listing."""
        index = NewsIndexPage.objects.live().exclude(private_q()).filter(locale_id=self.locale_id).first()
        if self.activities_category_id is None or index is None:
            return [], ""
        items = news_items().child_of(index).filter(either(category_id=self.activities_category_id))
        url = f"{index.url}?{urlencode({'category': self.activities_category.slug})}"
        return list(items.values_list("pk", flat=True)[:limit]), url
