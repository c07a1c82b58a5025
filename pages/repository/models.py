"""The COVID-19 best-practice repository: its index page, resource pages and taxonomies.

The tables keep the names they had while these models belonged to the `pages` app, so
databases made before the repository became an app of its own move over without copying rows.
"""

from django.contrib.admin import display as admin_display
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from pages import discovery
from pages.models import BasePage, PdfCheck
from pages.routes import call_view
from pages.storage import private_storage
from pages.tasks import queue_pdf_check

from .citations import plain_citation
from .regions import subregion_name, subregion_of
from .tasks import make_resource_thumbnail

# The resource's picture on its card and on its own page (templates/repository/).
RESOURCE_THUMBNAIL_SPECS = ("fill-320x200-c0", "width-320")


class SlugNamedModel(TranslatableMixin, models.Model):
    """A taxonomy entry: a name editors see and a slug used in shareable filter URLs. Editors
    translate the name; a translation keeps its original's slug, so a filter link is the same
    in every language."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=120, blank=True, help_text=_("Used in filter links; made from the name.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("name", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)


class ResourceType(SlugNamedModel):
    class Meta(SlugNamedModel.Meta):
        db_table = "pages_resourcetype"
        verbose_name = _("resource type")
        verbose_name_plural = _("resource types")


class ResourceTheme(SlugNamedModel):
    class Meta(SlugNamedModel.Meta):
        db_table = "pages_resourcetheme"
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class ResourceLanguage(TranslatableMixin, models.Model):
    """A language resources are written in. Editors translate its name (“Indonesian” reads
    “Bahasa Indonesia” on the Indonesian site); the code stays the same in every language."""

    code = models.SlugField(_("code"), max_length=12, help_text=_("ISO 639-1 code, for example “en” or “id”."))
    name = models.CharField(_("name"), max_length=80)

    panels = [FieldPanel("name"), FieldPanel("code")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("code")]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("code", "locale")]
        db_table = "pages_resourcelanguage"
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name


class Publisher(index.Indexed, SlugNamedModel):
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, help_text=_("For example “WHO”."))
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "pages.SiteImage", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = SlugNamedModel.panels + [FieldPanel("acronym"), FieldPanel("website"), FieldPanel("logo")]
    translatable_fields = SlugNamedModel.translatable_fields + [
        TranslatableField("acronym"),
        SynchronizedField("website"),
        SynchronizedField("logo"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("acronym"), index.AutocompleteField("name")]

    class Meta(SlugNamedModel.Meta):
        db_table = "pages_publisher"
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")

    @property
    def short_name(self):
        return self.acronym or self.name


class SustainableDevelopmentGoal(models.Model):
    """The 17 goals of the UN 2030 Agenda: fixed reference data, created by a migration."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        db_table = "pages_sustainabledevelopmentgoal"
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self):
        return f"SDG {self.number}: {self.name}"


class PandemicPhase(models.TextChoices):
    PREPAREDNESS = "preparedness", _("Preparedness")
    RESPONSE = "response", _("Response")
    RECOVERY = "recovery", _("Recovery")
    RESILIENCE = "resilience", _("Resilience")


class GuidanceStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    INTERIM = "interim", _("Interim")
    SUPERSEDED = "superseded", _("Superseded")


class GovernmentLevel(models.TextChoices):
    LOCAL = "local", _("Local (city, municipality, district)")
    REGIONAL = "regional", _("Regional (province, state)")
    NATIONAL = "national", _("National")
    MULTI = "multi", _("Several levels")
    INTERNATIONAL = "international", _("International")


class ResourceIndexPage(RoutablePageMixin, BasePage):
    """The searchable, filterable library of resources; also serves its open-data URLs."""

    page_description = _("The COVID-19 repository listing. There is only one; resources go under it.")

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["repository.ResourcePage"]
    max_count = 1

    og_type = "website"
    schema_page_type = "CollectionPage"

    class Meta:
        db_table = "pages_resourceindexpage"
        verbose_name = _("resource repository")
        verbose_name_plural = _("resource repositories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_view("repository.listing", request, self))
        return context

    @path("api/")
    def api(self, request):
        return call_view("repository.api", request, self)

    @path("export/csv/")
    def export_csv(self, request):
        return call_view("repository.csv", request, self)

    @path("feed/")
    def rss_feed(self, request):
        return call_view("repository.rss_feed", request, self)

    @path("feed/atom/")
    def atom_feed(self, request):
        return call_view("repository.atom_feed", request, self)

    @path("suggest/")
    def suggest(self, request):
        return call_view("repository.suggest", request, self)


class ResourcePage(RoutablePageMixin, BasePage):
    """One reading or resource: a file, a link to the publisher's site, or both."""

    page_description = _(
        "One reading of the COVID-19 repository: a report, policy brief or toolkit, with its file or link."
    )

    parent_page_types = ["repository.ResourceIndexPage"]
    subpage_types = []
    # Its template shows all three: joined when it is served, not read one query each.
    page_related = (*BasePage.page_related, "resource_type", "publisher", "document")
    card_related = (*BasePage.card_related, "resource_type", "publisher", "document")
    card_prefetch = ("countries",)
    card_template = "repository/resource_card.html"

    prepared_renditions = {
        **BasePage.prepared_renditions,
        "listing_image": (*BasePage.prepared_renditions["listing_image"], *RESOURCE_THUMBNAIL_SPECS),
    }

    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Plain text, two or three sentences, shown on cards.")
    )
    body = RichTextField(
        _("key lessons"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("What a local government can learn from this resource."),
    )
    resource_type = models.ForeignKey(
        ResourceType, verbose_name=_("resource type"), null=True, on_delete=models.PROTECT, related_name="resources"
    )
    themes = ParentalManyToManyField(ResourceTheme, verbose_name=_("themes"), blank=True, related_name="resources")
    sdgs = ParentalManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("Sustainable Development Goals"),
        blank=True,
        related_name="resources",
    )
    phase = models.CharField(
        _("pandemic phase"), max_length=20, choices=PandemicPhase.choices, blank=True, db_index=True
    )
    status = models.CharField(
        _("guidance status"),
        max_length=20,
        choices=GuidanceStatus.choices,
        default=GuidanceStatus.CURRENT,
        db_index=True,
        help_text=_("Whether the guidance is still current, interim, or replaced by a newer resource."),
    )
    superseded_by = models.ForeignKey(
        "repository.ResourcePage",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text=_("The resource that replaces this one, when its status is “superseded”."),
    )
    cities = models.CharField(
        _("cities"), max_length=255, blank=True, help_text=_("Cities or local governments concerned, comma-separated.")
    )
    government_level = models.CharField(
        _("level of government"), max_length=20, choices=GovernmentLevel.choices, blank=True
    )
    publisher = models.ForeignKey(
        Publisher,
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    authors = models.CharField(
        _("authors"), max_length=255, blank=True, help_text=_("Semicolon-separated, “Family name, Given name”.")
    )
    publication_date = models.DateField(_("publication date"), db_index=True)
    languages = ParentalManyToManyField(
        ResourceLanguage, verbose_name=_("languages"), blank=True, related_name="resources"
    )
    document = models.ForeignKey(
        "pages.SiteDocument",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The resource itself, usually a PDF. A file, an external link or both are required."),
    )
    external_url = models.URLField(
        _("external link"), max_length=500, blank=True, help_text=_("The resource on the publisher's site.")
    )
    licence = models.CharField(
        _("licence"), max_length=120, blank=True, help_text=_("For example “CC BY-NC-SA 3.0 IGO”.")
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("DOI (10.xxxx/…), ISBN or the publisher's document code."),
    )
    citation = models.TextField(
        _("suggested citation"), blank=True, help_text=_("Leave empty to build one from the fields above.")
    )
    featured = models.BooleanField(_("featured"), default=False, db_index=True, help_text=_("Shown on the home page."))
    is_demo = models.BooleanField(
        _("demo entry"), default=False, help_text=_("Sample content loaded for demonstration; remove before launch.")
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("external_url"), FieldPanel("identifier"), FieldPanel("licence")],
            heading=_("File and link"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldPanel("authors"),
                FieldPanel("publication_date"),
                FieldPanel("languages"),
                FieldPanel("citation"),
            ],
            heading=_("Publication"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("themes"),
                FieldPanel("sdgs"),
                FieldRowPanel([FieldPanel("phase"), FieldPanel("status")]),
                FieldPanel("superseded_by"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [InlinePanel("countries", label=_("Country")), FieldPanel("cities"), FieldPanel("government_level")],
            heading=_("Place"),
        ),
        MultiFieldPanel([FieldPanel("featured"), FieldPanel("is_demo")], heading=_("Display")),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body", boost=1.0),
        index.SearchField("authors", boost=0.5),
        index.RelatedFields(
            "publisher", [index.SearchField("name", boost=0.5), index.SearchField("acronym", boost=0.5)]
        ),
        index.RelatedFields("document", [index.SearchField("extracted_text", boost=0.25)]),
        index.FilterField("publication_date"),
    ]

    class Meta:
        db_table = "pages_resourcepage"
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def clean(self):
        super().clean()
        if not self.document_id and not self.external_url:
            message = _("Give the resource a file, an external link, or both.")
            raise ValidationError({"document": message, "external_url": message})
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A resource cannot supersede itself.")})

    def save(self, *args, **kwargs):
        if self.document_id and self.document.file_size is None:
            # Documents created outside the admin form have no stored size; the page shows it.
            self.document.get_file_size()
        needs_thumbnail = self.document_id and not self.listing_image_id and "update_fields" not in kwargs
        super().save(*args, **kwargs)
        if needs_thumbnail:
            self._queue_thumbnail()

    def _queue_thumbnail(self):
        # Drawn on the worker: rendering a PDF has no place in the editor's request.
        result = make_resource_thumbnail.enqueue(self.pk)
        if result.is_finished:
            # Run at once (the immediate backend of tests): show what the task stored.
            self.refresh_from_db(fields=["listing_image"])

    @property
    def card_summary(self):
        return self.listing_summary or self.summary

    @property
    def year(self):
        return self.publication_date.year if self.publication_date else None

    @cached_property
    def author_list(self):
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    @cached_property
    def language_list(self):
        """The resource's languages, read once for the page and its structured data."""
        return list(self.languages.all())

    @property
    def is_doi(self):
        return self.identifier.startswith("10.")

    @property
    def suggested_citation(self):
        return self.citation or plain_citation(self)

    def get_main_structured_data(self, request):
        """A Report (resources typed "Report") or else a CreativeWork, with the citation
        facts: authors, publisher, date, licence, identifier and languages."""
        is_report = self.resource_type is not None and self.resource_type.slug == "report"
        data = discovery.page_data(self, request, "Report" if is_report else "CreativeWork")
        data.update(datePublished=self.publication_date.isoformat(), isAccessibleForFree=True)
        publisher = discovery.publisher_data(self.publisher) if self.publisher else None
        authors = [discovery.person_data(name) for name in self.author_list]
        if authors or publisher:
            data["author"] = authors or publisher
        if publisher:
            data["publisher"] = publisher
        if self.licence:
            data["license"] = self.licence
        if self.identifier:
            data.update(discovery.identifier_data(self.identifier, self.is_doi))
        languages = [language.code for language in self.language_list]
        if languages:
            data["inLanguage"] = languages[0] if len(languages) == 1 else languages
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_view("repository.resource_details", request, self))
        return context

    @path("download/")
    def download(self, request):
        return call_view("repository.download", request, self)

    @path("cite/bibtex/")
    def bibtex(self, request):
        return call_view("repository.citation", request, self, "bibtex")

    @path("cite/ris/")
    def ris(self, request):
        return call_view("repository.citation", request, self, "ris")


class ResourceCountry(Orderable):
    """A country a resource is about; its UN M49 sub-region follows from the country."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"), db_index=True)
    subregion = models.CharField(_("UN M49 sub-region"), max_length=3, blank=True, editable=False, db_index=True)

    panels = [FieldPanel("country")]

    class Meta(Orderable.Meta):
        db_table = "pages_resourcecountry"
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [models.UniqueConstraint(fields=["page", "country"], name="unique_resource_country")]

    def __str__(self):
        return str(self.country.name)

    @property
    def subregion_label(self):
        return subregion_name(self.subregion)

    def save(self, *args, **kwargs):
        self.subregion = subregion_of(self.country)
        super().save(*args, **kwargs)


class ResourceSearchVector(models.Model):
    """A resource's words as the repository's full-text search on PostgreSQL reads them: the
    fields and weights of its search index, stemmed in its own language (`search_vectors`).
    Empty on other databases, which search Wagtail's index."""

    page = models.OneToOneField(
        ResourcePage, primary_key=True, on_delete=models.CASCADE, related_name="search_vector", editable=False
    )
    vector = SearchVectorField(editable=False)

    def __str__(self):
        return f"Search vector of resource {self.page_id}"


class StoredFacetCounts(models.Model):
    """The unfiltered index's facet counts and number of resources in one language, as they
    were under one content version (`pages.cache`): counted on the worker after a change, and
    used only while no change has been made since (`finder.FacetCounts`). Counting them costs
    the database more with every resource; reading them, one row."""

    language = models.CharField(max_length=15, primary_key=True)
    version = models.BigIntegerField()
    rows = models.JSONField(help_text="(facet number, value, label, count) rows, the total's number being -1.")
    counted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Facet counts in {self.language}"


class ResourceSuggestion(models.Model):
    """A resource suggested by a visitor, waiting for staff review. Never published by itself."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Added to the repository")
        DECLINED = "declined", _("Declined")

    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="suggestions/%Y/%m/", blank=True, storage=private_storage)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    country = CountryField(_("country"), blank=True)
    reason = models.TextField(_("why it is useful"), max_length=2000)
    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("email"))
    consent = models.BooleanField(_("consent"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    file_check = models.CharField(
        _("file check"),
        max_length=10,
        choices=PdfCheck.choices,
        blank=True,
        editable=False,
        help_text=_("For PDFs: whether the background worker could read the file."),
    )

    class Meta:
        db_table = "pages_resourcesuggestion"
        ordering = ["-submitted_at"]
        verbose_name = _("resource suggestion")
        verbose_name_plural = _("resource suggestions")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        is_new = self._state.adding
        super().save(*args, **kwargs)
        if is_new:
            # Only the cheap check ran in the request; the full read happens on the worker.
            queue_pdf_check(self, "file", "file_check")

    @admin_display(description=_("file"))
    def file_link(self):
        if not self.file:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("repository_suggestion_file", args=[self.pk]), _("Download"))
