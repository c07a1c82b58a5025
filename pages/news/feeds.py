"""RSS and Atom feeds of News & Events, and iCalendar files of events."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from pages.languages import language_code_of, local_name, named_in_active_language
from pages.listing import with_card_data
from pages.news.models import StoryCategory, either, news_items

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    """The latest stories and events of a news index, optionally of one category."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page, category_slug=None):
        super().__init__()
        self.index_page = index_page
        # The feed's <language> (RSS) or xml:lang (Atom) is its stories' language.
        self.language = language_code_of(index_page)
        self.category = None
        if category_slug is not None:
            self.category = named_in_active_language(StoryCategory.objects.filter(slug=category_slug)).first()
            if self.category is None:
                raise Http404(_("No such category."))

    def title(self):
        if self.category:
            return f"{self.index_page.title}: {self.category.local_name}"
        return self.index_page.title

    def link(self):
        url = self.index_page.url
        return f"{url}?category={self.category.slug}" if self.category else url

    def description(self):
        return (self.category and self.category.description) or self.index_page.introduction or self.title()

    def items(self):
        items = news_items().child_of(self.index_page)
        if self.category:
            items = items.filter(either(category__translation_key=self.category.translation_key))
        return with_card_data(items[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [local_name(item.category)] if item.category else []


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description


def calendar_response(events, request, filename):
    """An iCalendar file of `events`, downloaded as `filename`."""
    calendar = Calendar()
    calendar.add("prodid", "-//UCLG ASPAC//News & Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("UCLG ASPAC events"))
    for event_page in events:
        calendar.add_component(_calendar_event(event_page, request))
    # Each TZID used by an event needs its VTIMEZONE, or strict clients (Outlook) guess or
    # fall back to UTC and show the wrong hour.
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _calendar_event(event_page, request):
    event = Event()
    event.add("uid", f"event-{event_page.pk}@{request.get_host()}")
    event.add("summary", event_page.title)
    event.add("dtstart", event_page.local_start)
    if event_page.end:
        event.add("dtend", event_page.local_end)
    event.add("dtstamp", event_page.last_published_at or timezone.now())
    event.add("description", event_page.teaser)
    # From the host that served the file: the Site record may name another address.
    event.add("url", request.build_absolute_uri(event_page.get_url(request)))
    location = ", ".join(filter(None, [event_page.venue, _("Online") if event_page.is_online else ""]))
    if location:
        event.add("location", location)
    return event
