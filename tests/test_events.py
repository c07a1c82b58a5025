"""Events: upcoming and past told apart from the clock, times in the event's zone, .ics downloads."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.models import EventPage, NewsIndexPage
from tests.builders_news import make_event
from tests.test_news import NEWS, all_titles, get

pytestmark = pytest.mark.django_db


def test_upcoming_and_past_events_are_split_by_the_clock(client):
    make_event("Next week webinar", starts_in=timedelta(days=7), registration_url="https://example.org/register")
    make_event("Running right now", starts_in=timedelta(hours=-1), duration=timedelta(hours=3))
    make_event("Last month forum", starts_in=timedelta(days=-30), recording_url="https://example.org/recording")
    upcoming = set(all_titles(client, when="upcoming"))
    past = set(all_titles(client, when="past"))
    assert upcoming == {"Next week webinar", "Running right now"}
    assert {"Last month forum", "8th UCLG ASPAC Congress and International Conference"} <= past
    assert "COP26 Highlight" not in past  # stories are not events
    assert not upcoming & past


def test_upcoming_event_offers_registration_and_calendar_not_recording(client):
    event = make_event(
        "Next week webinar",
        registration_url="https://example.org/register",
        recording_url="https://example.org/recording",
    )
    html = get(client, event.url).content.decode()
    assert "Upcoming event" in html
    assert 'href="https://example.org/register"' in html
    assert 'href="https://example.org/recording"' not in html
    assert f'href="{event.url}calendar/"' in html


def test_past_event_offers_its_recording_not_registration(client):
    event = make_event(
        "Last month forum",
        starts_in=timedelta(days=-30),
        registration_url="https://example.org/register",
        recording_url="https://example.org/recording",
    )
    html = get(client, event.url).content.decode()
    assert "This event has taken place" in html
    assert 'href="https://example.org/recording"' in html
    assert 'href="https://example.org/register"' not in html


def test_event_times_are_shown_in_the_event_time_zone(client):
    html = get(client, f"{NEWS}8th-uclg-aspac-congress/").content.decode()
    # 09:00 in Zhengzhou (Asia/Shanghai), not the site's Jakarta time (08:00).
    assert "Tuesday 7 September 2021, 09:00" in html
    assert "Asia/Shanghai" in html


def test_event_calendar_download_parses(client):
    response = get(client, f"{NEWS}8th-uclg-aspac-congress/calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="8th-uclg-aspac-congress.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "8th UCLG ASPAC Congress and International Conference"
    assert event.decoded("DTSTART") == datetime(2021, 9, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert "Zhengzhou" in str(event["LOCATION"])
    assert str(event["URL"]).endswith("/news-events/8th-uclg-aspac-congress/")


def test_upcoming_events_calendar_lists_only_upcoming_live_events(client):
    make_event("Next week webinar")
    make_event("Draft seminar", live=False)
    make_event("Last month forum", starts_in=timedelta(days=-30))
    response = get(client, f"{NEWS}calendar/")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Next week webinar"]


def test_admin_enters_event_times_in_the_event_time_zone(admin_client, client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=("pages", "eventpage", index.pk))
    data = nested_form_data(
        {
            "title": "Tokyo forum",
            "slug": "tokyo-forum",
            "introduction": "",
            "date": "2030-04-01",
            "teaser": "A forum in Tokyo.",
            "start": "2030-05-01 10:00",
            "end": "2030-05-01 12:00",
            "time_zone": "Asia/Tokyo",
            "venue": "Tokyo",
            "body": streamfield([]),
            "tags": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="tokyo-forum")
    assert event.start == datetime(2030, 5, 1, 1, 0, tzinfo=ZoneInfo("UTC"))
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,))).content.decode()
    assert 'value="2030-05-01 10:00"' in edit
    assert "Wednesday 1 May 2030, 10:00" in get(client, event.url).content.decode()


def test_admin_rejects_an_event_ending_before_it_starts(admin_client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=("pages", "eventpage", index.pk))
    data = nested_form_data(
        {
            "title": "Backwards",
            "slug": "backwards",
            "date": "2030-04-01",
            "teaser": "Time runs backwards.",
            "start": "2030-05-01 10:00",
            "end": "2030-05-01 09:00",
            "time_zone": "Asia/Jakarta",
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The event cannot end before it starts." in response.content.decode()
    assert not EventPage.objects.filter(slug="backwards").exists()


def calendar_from(client, url, host):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, response.status_code
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.parametrize("path", ["8th-uclg-aspac-congress/calendar/", "calendar/"])
def test_calendars_define_each_time_zone_and_link_to_the_serving_host(client, path):
    """Outlook and others need a VTIMEZONE for every TZID; links lead back to the host asked."""
    make_event("Seoul city forum", time_zone="Asia/Seoul")
    calendar = calendar_from(client, f"{NEWS}{path}", host="127.0.0.1:8000")
    events = calendar.walk("VEVENT")
    assert events
    defined = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    used = {event["DTSTART"].params["TZID"] for event in events}
    assert used and used <= defined
    for event in events:
        assert str(event["URL"]).startswith("http://127.0.0.1:8000/news-events/"), event["URL"]


def test_the_event_form_asks_when_and_where_right_after_the_introduction(admin_client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    form = admin_client.get(reverse("wagtailadmin_pages:add", args=("pages", "eventpage", index.pk))).content.decode()
    fields = ("introduction", "start", "recording_url", "date", "category")
    positions = [form.index(f'name="{field}"') for field in fields]
    assert positions == sorted(positions)
