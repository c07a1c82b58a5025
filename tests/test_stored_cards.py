"""Listings keep their cards' HTML between changes (pages.cards), and never show a stale one:
after a publish, a rename of what a card shows, a move of the page, or when an event begins."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from pages.cards import cards
from pages.models import StoredCard
from tests.builders_news import make_category, make_event, make_story, news_index
from tests.test_news import NEWS, card_titles, get

pytestmark = pytest.mark.django_db


def test_a_listing_reads_kept_cards_without_loading_their_pages(client):
    for number in range(5):
        make_story(f"Kept card {number}", day=date(2030, 1, 1) + timedelta(days=number))
    first = get(client, NEWS)
    with CaptureQueriesContext(connection) as queries:
        second = get(client, NEWS)

    assert card_titles(second) == card_titles(first)
    assert card_titles(second)[:5] == [f"Kept card {number}" for number in range(4, -1, -1)]
    assert StoredCard.objects.filter(page__title__startswith="Kept card").count() == 5
    # The second listing read the cards, not the stories' teasers, categories or images.
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "teaser" not in read
    assert "pages_storycategory" not in read
    assert "pages_siterendition" not in read


def test_a_published_change_shows_on_every_listing_at_once(client, django_capture_on_commit_callbacks):
    story = make_story("Water for every ward", day=date(2030, 1, 1))
    assert "Water for every ward" in card_titles(get(client, NEWS))
    assert "Water for every ward" in card_titles(get(client, "/"))

    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Clean water for every ward"
        story.teaser = "Three years on, every ward has a tap."
        story.save_revision().publish()

    for url in (NEWS, "/"):
        response = get(client, url)
        assert "Clean water for every ward" in card_titles(response)
        assert "Water for every ward" not in card_titles(response)
        assert "Three years on, every ward has a tap." in response.content.decode()


def test_a_renamed_category_shows_on_the_cards_that_carry_it(client, django_capture_on_commit_callbacks):
    category = make_category("Urban resilience", slug="urban-resilience")
    make_story("Flood maps for Semarang", day=date(2030, 1, 1), category=category)
    assert "Urban resilience" in get(client, NEWS).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Climate resilience"
        category.save()

    html = get(client, NEWS).content.decode()
    assert "Climate resilience" in html
    assert "Urban resilience" not in html


def test_a_card_links_to_where_its_page_is_now(client, django_capture_on_commit_callbacks):
    make_story("Cities share their budgets", day=date(2030, 1, 1))
    assert 'href="/news-events/cities-share-their-budgets/"' in get(client, NEWS).content.decode()

    # Renaming the parent changes the story's address without saving the story.
    with django_capture_on_commit_callbacks(execute=True):
        index = news_index()
        index.slug = "news"
        index.save_revision().publish()

    html = get(client, "/news/").content.decode()
    assert 'href="/news/cities-share-their-budgets/"' in html
    assert "/news-events/cities-share-their-budgets/" not in html


def test_an_upcoming_events_card_says_it_is_past_once_it_is_over(client):
    make_event(
        "Mayors' webinar",
        slug="mayors-webinar",
        starts_in=timedelta(hours=2),
        duration=timedelta(hours=1),
        day=date(2030, 1, 1),
    )
    assert "Upcoming event" in get(client, NEWS).content.decode()

    later = timezone.now() + timedelta(hours=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        html = get(client, NEWS).content.decode()
    assert "Past event" in html.split("Mayors&#x27; webinar")[1].split("</article>")[0]


def test_one_pages_card_is_kept_in_each_language_it_is_shown_in(client, rf):
    story = make_story("Kept in two languages", day=date(2030, 1, 1))
    assert "Learn more" in get(client, NEWS).content.decode()

    with override("id"):
        (indonesian,) = cards([story], "components/story_card.html", rf.get("/id/"))
    (english,) = cards([story], "components/story_card.html", rf.get("/"))

    assert "Selengkapnya" in indonesian and "Learn more" not in indonesian
    assert "Learn more" in english
    kept = StoredCard.objects.filter(page=story, variant__startswith="components/story_card.html|h3|")
    assert sorted(variant.split("|")[2] for variant in kept.values_list("variant", flat=True)) == ["en", "id"]


def test_a_migration_renders_every_card_afresh(client):
    make_story("Kept until the next deployment", day=date(2030, 1, 1))
    get(client, NEWS)
    assert StoredCard.objects.exists()

    call_command("migrate", verbosity=0)

    assert not StoredCard.objects.exists()
    assert "Kept until the next deployment" in card_titles(get(client, NEWS))
