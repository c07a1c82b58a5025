"""Fields and behaviour every page type of the site shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from pages import discovery
from pages.admin_faults import SitePageForm
from pages.multilingual_search import cjk_index_terms, searchable_texts
from pages.renditions import CARD_SPEC, SOCIAL_IMAGE_SPEC
from pages.visibility import is_private

from .settings import SiteSettings

SEARCH_DESCRIPTION_HELP = _(
    "The text search engines such as Google show under the page's link (the meta description). "
    "Defaults to the card text."
)


def promote_panels_for(card_summary=True):
    """The Promote tab. Page types whose cards show a text of their own (a teaser, a summary)
    leave out the listing summary, which they would ignore."""
    card_fields = [FieldPanel("listing_image")] + ([FieldPanel("listing_summary")] if card_summary else [])
    return [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description", help_text=SEARCH_DESCRIPTION_HELP),
            ],
            heading=_("For search engines"),
        ),
        MultiFieldPanel(card_fields, heading=_("Cards and sharing")),
        MultiFieldPanel(
            [FieldPanel("social_title"), FieldPanel("social_description"), FieldPanel("social_image")],
            heading=_("Social networks"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("Navigation")),
    ]


class BasePage(Page):
    """Introduction, card image and summary, and search-engine overrides for every page."""

    # What the page is to social networks (Open Graph) and to search engines (schema.org)
    # when it is not an article, event or publication of its own.
    og_type = "article"
    schema_page_type = "WebPage"
    # What `pages.listing.with_card_data` joins for this page type's cards; the renditions
    # of the images among them are fetched with them.
    card_related = ("listing_image",)
    # How listings show this page type (pages.cards) when they leave the choice to it, and
    # until when a kept card of it holds (None: until the page or what it shows changes).
    card_template = "components/card.html"
    card_valid_until = None
    # What pages.routing joins when this page is served: the images its head shares.
    page_related = ("listing_image", "social_image")
    # The renditions of the page's images that its cards, its template and its head ask for,
    # made on the worker when the page is published (pages.renditions).
    prepared_renditions = {
        "listing_image": (CARD_SPEC, SOCIAL_IMAGE_SPEC),
        "social_image": (SOCIAL_IMAGE_SPEC,),
    }

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=1000,
        help_text=_(
            "One or two sentences shown under the page title. Cards linking to the page show it too when "
            "the page has no listing summary (stories, events and programmes show their teaser or summary instead)."
        ),
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
        help_text=_(
            "The text on cards linking to this page (section pages, the home page, related content) and in "
            "the site's search results. Defaults to the introduction."
        ),
    )
    social_title = models.CharField(
        _("social title"),
        blank=True,
        max_length=120,
        help_text=_("The title shown when the page is shared on social networks. Defaults to the title tag."),
    )
    social_description = models.TextField(
        _("social description"),
        blank=True,
        max_length=300,
        help_text=_(
            "The text shown under the title when the page is shared on Facebook, LinkedIn, X or in chat apps. "
            "Defaults to the search description, then the card text."
        ),
    )
    social_image = models.ForeignKey(
        "pages.SiteImage",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The picture shown when the page is shared. Defaults to the listing image."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    promote_panels = promote_panels_for()

    base_form_class = SitePageForm

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("listing_summary"),
        index.SearchField("search_description"),
        index.SearchField("search_document_text"),
        index.SearchField("cjk_search_terms"),
        index.AutocompleteField("cjk_title_terms"),
    ]

    class Meta:
        abstract = True

    @property
    def card_summary(self):
        return self.listing_summary or self.introduction or self.search_description

    @property
    def meta_description(self):
        return self.search_description or self.card_summary

    @property
    def sharing_title(self):
        return self.social_title or self.seo_title or self.title

    @property
    def sharing_description(self):
        return self.social_description or self.meta_description

    @property
    def sharing_image(self):
        """The editor's social image, else the image that stands for the page."""
        return self.social_image or self.default_sharing_image

    @property
    def default_sharing_image(self):
        """The image a page type is shared with when no social image is chosen."""
        return self.listing_image

    def get_view_restrictions(self):
        """Wagtail asks this before serving every page, with two queries; a page outside
        every private section (known per cache version, pages.visibility) has none. An
        alias takes its source's restrictions, so Wagtail answers for it."""
        if self.alias_of_id is None and not is_private(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_search_documents(self):
        """The documents whose text belongs to this page in search: those chosen in its
        document fields and in its StreamFields. Page types with other sources of
        documents extend this list."""
        return discovery.documents_of_page(self, get_document_model())

    def search_document_text(self):
        return "\n".join(document.extracted_text for document in self.get_search_documents() if document.extracted_text)

    def cjk_search_terms(self):
        """The Chinese, Japanese and Korean text of the page's other search fields as single
        characters and pairs, so that a word inside a phrase is found (pages.multilingual_search)."""
        texts = []
        for search_field in self.get_search_fields():
            texts.extend(_texts_of_field(self, search_field))
        return cjk_index_terms(texts)

    def cjk_title_terms(self):
        """The title's Chinese, Japanese and Korean characters and pairs, for the admin's
        search as you type, which looks at titles only."""
        return cjk_index_terms([self.title])

    def get_structured_data(self, request):
        """schema.org objects describing this page, rendered as JSON-LD in the page head."""
        return [
            self.get_main_structured_data(request),
            discovery.breadcrumb_data(self, request, self.site_trail(request)),
        ]

    def get_main_structured_data(self, request):
        """The schema.org object this page is (a WebPage, or a CollectionPage for listings);
        page types that are articles, events or publications return their own type here."""
        return discovery.page_data(self, request)

    def site_trail(self, request):
        """The pages from the home page down to this one, read once per page view (the
        breadcrumbs and a volume's newsletter both need it)."""
        if "_site_trail" not in self.__dict__:
            self.__dict__["_site_trail"] = discovery.site_trail(self, request, Site)
        return self.__dict__["_site_trail"]

    def site_organisation(self, request):
        """The organisation running the site (from the site settings), as a page's author,
        publisher or organiser."""
        site_settings = SiteSettings.for_request(request) if request else SiteSettings.for_site(self.get_site())
        url_parts = self.get_url_parts(request)
        home_url = f"{url_parts[1]}/" if url_parts else ""
        return discovery.organization_reference(site_settings, home_url, request)


def _texts_of_field(obj, search_field):
    """The text that `search_field` indexes for `obj`, through related objects too; nothing
    for the CJK terms themselves or for filters."""
    if isinstance(search_field, index.RelatedFields):
        related = search_field.get_value(obj)
        if related is None:
            return []
        related = related.all() if hasattr(related, "all") else [related]
        return [text for item in related for field in search_field.fields for text in _texts_of_field(item, field)]
    if not isinstance(search_field, index.SearchField) or search_field.field_name == "cjk_search_terms":
        return []
    return searchable_texts(search_field.get_value(obj))
