"""Programmes & Projects: the index, programme pages, partners and thematic areas."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from pages import discovery
from pages.blocks import BodyBlock
from pages.cards import cards
from pages.models import BasePage, promote_panels_for
from pages.news.latest import live_among
from pages.routes import call_view


class PartnerOrganisation(TranslatableMixin, models.Model):
    """A partner of programmes; editors translate its name, its logo and website stay shared."""

    name = models.CharField(_("name"), max_length=200)
    logo = models.ForeignKey(
        "pages.SiteImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("website"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("logo"), FieldPanel("url")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.name


class ThematicArea(TranslatableMixin, models.Model):
    """Capacity building, policy & research, decentralised cooperation, … Editors manage and
    translate them; a translation keeps its slug, so filter addresses match across languages."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, help_text=_("Used in filter addresses."))
    description = models.TextField(_("description"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        ordering = ["name"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def __str__(self):
        return self.name


class ProgrammeIndexPage(BasePage):
    """Programmes & Projects: every programme, with filters."""

    page_description = _("The Programmes & Projects listing. There is only one; programmes go under it.")

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["programmes.ProgrammePage"]
    max_count = 1

    og_type = "website"
    schema_page_type = "CollectionPage"

    page_size = models.PositiveSmallIntegerField(
        _("programmes per page"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many programmes each page of the listing shows."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("page_size")]

    class Meta:
        verbose_name = _("programme index page")
        verbose_name_plural = _("programme index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_view("programmes.listing", request, self))
        return context


class ProgrammePage(BasePage):
    """One programme or project: what, when, where, with whom, and its stories."""

    page_description = _("One programme or project: its status, dates, partners, countries and related stories.")

    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []

    og_type = "website"
    card_prefetch = ("thematic_areas",)

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    summary = models.TextField(
        _("summary"), max_length=800, help_text=_("A short description shown on cards and at the top of the page.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ONGOING, db_index=True)
    start_date = models.DateField(_("start date"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty if open-ended."))
    partners = ParentalManyToManyField(
        "programmes.PartnerOrganisation", verbose_name=_("partner organisations"), blank=True, related_name="programmes"
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    cities = models.CharField(
        _("cities"), max_length=500, blank=True, help_text=_("Cities and local governments involved, comma separated.")
    )
    thematic_areas = ParentalManyToManyField(
        "programmes.ThematicArea", verbose_name=_("thematic areas"), blank=True, related_name="programmes"
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Status and dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("thematic_areas"), FieldPanel("partners"), FieldPanel("countries"), FieldPanel("cities")],
            heading=_("Who and where"),
        ),
        MultiFieldPanel([FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("Contact")),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents")),
        InlinePanel("gallery_images", label=_("Gallery")),
        InlinePanel("related_stories", label=_("Related stories and events")),
    ]
    promote_panels = promote_panels_for(card_summary=False)
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("cities"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    @property
    def card_summary(self):
        return self.summary or super().card_summary

    @cached_property
    def partner_list(self):
        """The partners with their logos, read once for the page and its structured data."""
        return list(self.partners.select_related("logo"))

    def get_main_structured_data(self, request):
        """The page (a WebPage) about a Project: schema.org has no core type for a programme
        of work, and Project (pending) is an organisation-like enterprise with a period,
        an area served and partner organisations, which is what a programme is."""
        data = discovery.page_data(self, request)
        data["about"] = self.project_data()
        return data

    def project_data(self):
        project = {"@type": "Project", "name": self.title}
        if self.summary:
            project["description"] = self.summary
        if self.start_date:
            project["foundingDate"] = self.start_date.isoformat()
        if self.end_date:
            project["dissolutionDate"] = self.end_date.isoformat()
        if self.countries:
            project["areaServed"] = [{"@type": "Country", "name": str(country.name)} for country in self.countries]
        partners = [discovery.organization_named(partner.name, partner.url) for partner in self.partner_list]
        if partners:
            project["member"] = partners
        return project

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        story_ids = [link.page_id for link in self.related_stories.all()]
        live = live_among(story_ids)
        context["stories"] = cards([live[pk] for pk in story_ids if pk in live], "components/story_card.html", request)
        context["documents"] = [item.document for item in self.documents.select_related("document") if item.document]
        gallery = list(self.gallery_images.select_related("image"))
        # The gallery's pictures and the partners' logos with their renditions in one query.
        images = [item.image for item in gallery] + [partner.logo for partner in self.partner_list if partner.logo]
        prefetch_related_objects(images, "renditions")
        context["gallery"] = gallery
        context["partner_list"] = self.partner_list
        return context


class ProgrammeDocument(Orderable):
    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "pages.SiteDocument", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]


class ProgrammeGalleryImage(Orderable):
    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("pages.SiteImage", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ProgrammeRelatedStory(Orderable):
    """A story or event about the programme. Chosen here so the news pages never depend on
    programmes."""

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="related_stories")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("story or event"),
        on_delete=models.CASCADE,
        related_name="programme_links",
    )

    panels = [PageChooserPanel("page", page_type=["pages.StoryPage", "pages.EventPage"])]
