"""The home page: every part of it is edited in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from pages import discovery

from .base import BasePage, live_pages_with_images
from .settings import SiteSettings


class HomePage(BasePage):
    """The root of the site.

    Its children are every page type whose `parent_page_types` names the home page, so
    feature apps can add top-level pages without this foundation importing them.
    """

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

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
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        blank=True,
        verbose_name=_("featured pages"),
        help_text=_("Shown first, in this order; the latest stories fill the remaining places."),
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
        context["featured_pages"] = self.get_featured_pages()
        return context

    @property
    def meta_description(self):
        return super().meta_description or self.mission_statement or self.hero_text

    def get_structured_data(self, request):
        site_settings = SiteSettings.for_request(request) if request else SiteSettings.for_site(self.get_site())
        return [discovery.organization_data(site_settings, self, request), *super().get_structured_data(request)]

    def get_featured_pages(self, limit=10):
        """Editor-chosen live pages, in the editor's order."""
        chosen_ids = [block["value"] for block in self.featured_pages.raw_data if block.get("value")]
        chosen = {page.pk: page for page in live_pages_with_images(chosen_ids)}
        return [chosen[pk] for pk in chosen_ids if pk in chosen][:limit]
