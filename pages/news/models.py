"""News & Events: the index, stories, events and their categories."""

import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from pages import discovery
from pages.admin_faults import SitePageForm
from pages.blocks import BodyBlock
from pages.cards import cards
from pages.models.base import BasePage, promote_panels_for
from pages.news.neighbours import neighbours_of
from pages.panels import insert_panels_after
from pages.renditions import CARD_SPEC, SOCIAL_IMAGE_SPEC
from pages.routes import call_view
from pages.visibility import private_q

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class StoryCategory(TranslatableMixin, models.Model):
    """News, webinar, training, congress, call/opportunity, … Editors add and rename them, and
    translate their names; a translation keeps its slug, so filter addresses match across languages."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in filter and feed addresses."))
    description = models.TextField(_("description"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        ordering = ["name"]
        verbose_name = _("story category")
        verbose_name_plural = _("story categories")

    def __str__(self):
        return self.name


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey("pages.StoryPage", on_delete=models.CASCADE, related_name="tagged_items")


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("pages.EventPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsIndexPage(RoutablePageMixin, BasePage):
    """News & Events: every story and event, newest first, with filters and feeds."""

    page_description = _("The News & Events listing. There is only one; stories and events go under it.")

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StoryPage", "pages.EventPage"]
    max_count = 1

    og_type = "website"
    schema_page_type = "CollectionPage"

    page_size = models.PositiveSmallIntegerField(
        _("items per page"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many stories and events each page of the listing shows."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("page_size")]

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_view("news.listing", request, self))
        return context

    @path("")
    def listing(self, request):
        return self.render(request)

    @path("feed/rss/")
    def rss_feed(self, request):
        return call_view("news.rss_feed", request, self)

    @path("feed/atom/")
    def atom_feed(self, request):
        return call_view("news.atom_feed", request, self)

    @path("category/<slug:category_slug>/feed/rss/")
    def category_rss_feed(self, request, category_slug):
        return call_view("news.rss_feed", request, self, category_slug)

    @path("category/<slug:category_slug>/feed/atom/")
    def category_atom_feed(self, request, category_slug):
        return call_view("news.atom_feed", request, self, category_slug)

    @path("calendar/")
    def events_calendar(self, request):
        return call_view("news.events_calendar", request, self)


class NewsItemPage(BasePage):
    """Fields a story and an event share."""

    date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        db_index=True,
        help_text=_("Listings are ordered by this date."),
    )
    teaser = models.TextField(
        _("teaser"),
        max_length=600,
        help_text=_(
            "The short text on this item's cards, above “Learn more”: the News & Events listing, the home "
            "page, section pages and search results. Also what search engines and social networks show "
            "unless the Promote tab says otherwise."
        ),
    )
    hero_image = models.ForeignKey(
        "pages.SiteImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The large image at the top of the page; also used on cards when no listing image is set."),
    )
    author_name = models.CharField(
        _("author"),
        max_length=255,
        blank=True,
        help_text=_("The person who wrote it, shown under the title. Leave empty when it speaks for the organisation."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    category = models.ForeignKey(
        "pages.StoryCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sections = ParentalManyToManyField(
        "pages.SectionPage",
        verbose_name=_("sections"),
        blank=True,
        related_name="+",
        help_text=_("The section pages that list this among their latest stories."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author_name"), FieldPanel("teaser"), FieldPanel("hero_image")],
            heading=_("Date, teaser and image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("tags"), FieldPanel("sections")],
            heading=_("Categories, tags and sections"),
        ),
    ]
    promote_panels = promote_panels_for(card_summary=False)
    search_fields = BasePage.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    card_related = ("category", "listing_image", "hero_image")
    card_template = "components/story_card.html"
    # Cards ask this rather than for an event's start: a missing attribute costs a Django
    # template a dir() of the whole page object, on every story card.
    is_event = False
    page_related = ("category", "listing_image", "hero_image", "social_image")
    prepared_renditions = {
        **BasePage.prepared_renditions,
        "hero_image": (CARD_SPEC, SOCIAL_IMAGE_SPEC, "width-1200"),
    }

    class Meta:
        abstract = True

    @property
    def card_summary(self):
        return self.teaser or super().card_summary

    @property
    def card_image(self):
        return self.listing_image or self.hero_image

    @property
    def default_sharing_image(self):
        return self.card_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template renders the footer, not when it comes from the cache.
        context["neighbours"] = SimpleLazyObject(lambda: self.neighbours(request))
        return context

    @cached_property
    def tag_list(self):
        """The item's tags, read once for its footer and its related items."""
        return list(self.tags.all())

    def neighbours(self, request):
        """The previous and next item in listing order, and related items (siblings sharing a
        tag or the category, newest first) as cards. A new item previewed before its first
        save has no place among its siblings yet."""
        if self.pk is None:
            return {"next": None, "previous": None, "related": []}
        found = neighbours_of(self)
        return {
            "next": found.next,
            "previous": found.previous,
            "related": cards(found.related, "components/story_card.html", request),
        }


class StoryPage(NewsItemPage):
    """A news story, training, call or activity report, with its “Learn more” teaser."""

    page_description = _("A news story, training report, call or opportunity, with a teaser for its card.")

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    tags = ClusterTaggableManager(through="pages.StoryPageTag", blank=True, verbose_name=_("tags"))

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def get_main_structured_data(self, request):
        """A NewsArticle written and published by the organisation."""
        data = discovery.page_data(self, request, "NewsArticle")
        organisation = self.site_organisation(request)
        data.update(
            headline=discovery.headline(self.seo_title or self.title),
            mainEntityOfPage=data["url"],
            datePublished=self.date.isoformat(),
            author={"@type": "Person", "name": self.author_name} if self.author_name else organisation,
            publisher=organisation,
        )
        return data


class EventPageForm(SitePageForm):
    """Start and end are typed as wall-clock times in the event's own time zone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = _zone(self.instance.time_zone)
        for name in ("start", "end"):
            value = getattr(self.instance, name)
            if value is not None and name in self.fields:
                self.initial[name] = timezone.make_naive(value, zone)

    def clean(self):
        cleaned_data = super().clean()
        zone = _zone(cleaned_data.get("time_zone"))
        for name in ("start", "end"):
            value = cleaned_data.get(name)
            if value is not None:
                cleaned_data[name] = timezone.make_aware(timezone.make_naive(value), zone)
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The event cannot end before it starts."))
        return cleaned_data


class EventPage(RoutablePageMixin, NewsItemPage):
    """A webinar, conference or congress: when, where, how to register, and afterwards
    the recording or slides."""

    page_description = _("A webinar, meeting or congress with its date, place, registration and recording.")

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []
    is_event = True

    start = models.DateTimeField(_("starts"), db_index=True, help_text=_("Date and time in the event's time zone."))
    end = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Leave empty for a single moment."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="Asia/Jakarta",
        help_text=_("Where the event takes place; its times are shown in this zone."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True, help_text=_("Place and city, if any."))
    is_online = models.BooleanField(_("online"), default=False, help_text=_("Held online (alone or with a venue)."))
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        max_length=500,
        help_text=_(
            "The full address where people sign up (a Zoom, Google Forms or partner page), starting with "
            "https://. Shown as a “Register” button until the event has happened."
        ),
    )
    recording_url = models.URLField(
        _("recording or slides link"),
        blank=True,
        max_length=500,
        help_text=_("Shown once the event has happened."),
    )
    tags = ClusterTaggableManager(through="pages.EventPageTag", blank=True, verbose_name=_("tags"))

    content_panels = insert_panels_after(
        NewsItemPage.content_panels,
        "introduction",
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                    FieldPanel("time_zone"),
                    FieldPanel("venue"),
                    FieldPanel("is_online"),
                    FieldPanel("registration_url"),
                    FieldPanel("recording_url"),
                ],
                heading=_("Event"),
            )
        ],
    )
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def zone(self):
        return _zone(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone) if self.end else None

    @property
    def is_past(self):
        return (self.end or self.start) < timezone.now()

    @property
    def card_valid_until(self):
        """An upcoming event's card says so until the event is over."""
        return None if self.is_past else self.end or self.start

    def get_main_structured_data(self, request):
        """An Event with its times in its own time zone (with their UTC offsets), where it
        happens (a venue, online, or both) and the organisation as organiser."""
        data = discovery.page_data(self, request, "Event")
        data.update(
            startDate=self.local_start.isoformat(),
            eventStatus="https://schema.org/EventScheduled",
            organizer=self.site_organisation(request),
        )
        if self.end:
            data["endDate"] = self.local_end.isoformat()
        data.update(discovery.event_location(self.venue, self.is_online, self.registration_url or data["url"]))
        return data

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("calendar/")
    def calendar(self, request):
        return call_view("news.event_calendar", request, self)


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def either(**lookups):
    """Pages that are a story or an event matching `lookups`, as one condition."""
    return Q(pk__in=StoryPage.objects.filter(**lookups).values("pk")) | Q(
        pk__in=EventPage.objects.filter(**lookups).values("pk")
    )


def news_items():
    """Live, public stories and events, newest first, annotated with `sort_date`."""
    return (
        Page.objects.type(StoryPage, EventPage)
        .live()
        .exclude(private_q())
        .annotate(sort_date=Coalesce("storypage__date", "eventpage__date"))
        .order_by("-sort_date", "-pk")
    )
