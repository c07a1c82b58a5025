"""What the News & Events pages hand their requests to: the listing, its feeds and calendars."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from pages.cache import parameters_key
from pages.cards import cards
from pages.listing import paginate
from pages.news.feeds import NewsAtomFeed, NewsRssFeed, calendar_response
from pages.news.forms import NewsFilterForm, categories_in_active_language
from pages.news.latest import newest_under
from pages.news.models import EventPage, news_items
from pages.routes import route_view
from pages.visibility import private_q


@route_view("news.listing")
def listing_context(request, index_page):
    """The listing's context, read only when the template renders it, not when it comes from
    the cache; it depends on nothing but the parameters in `listing_key`."""
    return {
        "listing": SimpleLazyObject(lambda: filtered_listing(request, index_page)),
        "listing_key": parameters_key(request, [*NewsFilterForm.parameter_names(), "page"]),
    }


def filtered_listing(request, index_page):
    form = NewsFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        items = news_items().none()
    elif form.is_bound and form.has_filters():
        items = form.filter(news_items().child_of(index_page))
    else:
        items = newest_under(index_page)
    page_obj = paginate(items, request, index_page.page_size)
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "items": cards(page_obj.object_list, "components/story_card.html", request, heading_level=2),
        "query_string": form.query_string() if form.is_bound else "",
        "categories": categories_in_active_language(),
    }


@route_view("news.rss_feed")
def rss_feed(request, index_page, category_slug=None):
    return NewsRssFeed(index_page, category_slug)(request)


@route_view("news.atom_feed")
def atom_feed(request, index_page, category_slug=None):
    return NewsAtomFeed(index_page, category_slug)(request)


@route_view("news.events_calendar")
def events_calendar(request, index_page):
    """The upcoming events of the listing as one iCalendar file."""
    events = (
        EventPage.objects.child_of(index_page)
        .live()
        .exclude(private_q())
        .filter(start__gte=timezone.now())
        .order_by("start")
    )
    return calendar_response(events, request, "uclg-aspac-events.ics")


@route_view("news.event_calendar")
def event_calendar(request, event_page):
    return calendar_response([event_page], request, f"{event_page.slug}.ics")
