"""News & Events: the listing, its filters and pagination, story pages, sections and the home page."""

import re
from datetime import date

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import HomePage, NewsIndexPage, SectionPage, StoryCategory, StoryPage
from tests.builders import make_image, query_count
from tests.builders_news import bulk_stories, make_category, make_story

pytestmark = pytest.mark.django_db

NEWS = "/news-events/"
SEED_TITLES = {
    "UCLG’s Pact for the Future",
    "2nd Telemedicine Webinar – Stunting Prevention and Control During the COVID-19 Pandemic",
    "Gender Responsive and Participatory Budgeting (GRPB)",
    "COP26 Highlight",
    "Embracing Human Rights Based Approach For A Just Rights Based and Resilient City",
    "Decentralised Cooperation to Localise the SDGs",
    "8th UCLG ASPAC Congress and International Conference",
    "Greetings from Jeju Special Self-Governing Province!",
    "Xi’an Scholarship Programme",
}


def card_titles(response):
    """The titles of the story cards of a listing, in order."""
    html = response.content.decode()
    return [
        re.sub(r"\s+", " ", title).strip().replace("&#x27;", "'")
        for title in re.findall(r'class="card__link" href="[^"]*">([^<]*)</a>', html)
    ]


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response


def all_titles(client, **params):
    """Every card title over every page of the filtered listing."""
    titles, page = [], 1
    while True:
        response = get(client, NEWS, page=page, **params)
        titles += card_titles(response)
        if 'rel="next"' not in response.content.decode():
            return titles
        page += 1


def test_listing_shows_every_seed_story_newest_first(client):
    titles = all_titles(client)
    assert SEED_TITLES <= set(titles)
    assert titles[0] == "UCLG’s Pact for the Future"  # 14 October 2022, the newest
    assert titles[-1] == "Gender Responsive and Participatory Budgeting (GRPB)"  # 8 March 2021, the oldest
    assert len(titles) == 10


def test_a_new_story_goes_to_the_top(client):
    make_story("Fresh from the secretariat", day=date(2031, 1, 1))
    assert card_titles(get(client, NEWS))[0] == "Fresh from the secretariat"


def test_cards_show_date_category_teaser_and_learn_more(client):
    html = get(client, NEWS).content.decode()
    assert "14 October 2022" in html
    assert "Global-Regional Activity" in html
    assert "At the 7th UCLG Congress in Daejeon" in html
    assert html.count("Learn more") >= 9


@pytest.mark.parametrize(("page", "expected"), [("0", 2), ("-1", 2), ("abc", 1), ("", 1), ("999", 2), ("2", 2)])
def test_pagination_edges_never_fail(client, page, expected):
    response = get(client, NEWS, page=page)
    assert f"Page {expected} of 2" in response.content.decode()


def test_page_size_is_set_by_editors(client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    index.page_size = 4
    index.save_revision().publish()
    response = get(client, NEWS)
    assert len(card_titles(response)) == 4
    assert "Page 1 of 3" in response.content.decode()


def test_filter_by_category(client):
    titles = all_titles(client, category="training")
    assert set(titles) == {
        "Gender Responsive and Participatory Budgeting (GRPB)",
        "Training for Local Governments in the Asia Pacific – Improving Public Transportation System as a Means to "
        "Achieve Sustainable Human Mobility towards Resilient Cities",
    }


def test_filter_by_tag(client):
    assert set(all_titles(client, tag="climate")) == {
        "COP26 Highlight",
        "Training for Local Governments in the Asia Pacific – Improving Public Transportation System as a Means to "
        "Achieve Sustainable Human Mobility towards Resilient Cities",
    }


def test_filter_by_year(client):
    titles = all_titles(client, year="2022")
    assert set(titles) == {
        "UCLG’s Pact for the Future",
        "Decentralised Cooperation to Localise the SDGs",
        "Xi’an Scholarship Programme",
    }


def test_filter_by_type(client):
    events = set(all_titles(client, type="event"))
    assert events == {
        "2nd Telemedicine Webinar – Stunting Prevention and Control During the COVID-19 Pandemic",
        "8th UCLG ASPAC Congress and International Conference",
    }
    stories = set(all_titles(client, type="story"))
    assert len(stories) == 8
    assert not stories & events


def test_filter_by_programme_lists_its_related_stories(client):
    assert set(all_titles(client, programme="xian-scholarship-programme")) == {
        "Xi’an Scholarship Programme",
        "Greetings from Jeju Special Self-Governing Province!",
    }


def test_filters_combine(client):
    assert all_titles(client, category="global-regional-activity", year="2021") == [
        "Embracing Human Rights Based Approach For A Just Rights Based and Resilient City"
    ]
    assert all_titles(client, category="training", year="2022") == []
    assert all_titles(client, tag="congress", type="event") == ["8th UCLG ASPAC Congress and International Conference"]


@pytest.mark.parametrize(
    "params",
    [
        {"category": "no-such-category"},
        {"tag": "<script>"},
        {"year": "abc"},
        {"year": "1800"},
        {"type": "podcast"},
        {"when": "someday"},
        {"programme": "unknown"},
        {"category": "x" * 500, "page": "abc"},
        {"year": "2021\x00"},
    ],
)
def test_bad_filter_values_give_an_empty_listing_with_an_explanation(client, params):
    response = get(client, NEWS, **params)
    assert card_titles(response) == []
    html = response.content.decode()
    assert "No stories or events match these filters." in html
    assert 'class="error-summary' in html or "field-error" in html


def test_pagination_links_keep_the_filters(client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    index.page_size = 1
    index.save_revision().publish()
    html = get(client, NEWS, category="training").content.decode()
    assert "?category=training&amp;page=2" in html


def test_the_listing_is_cacheable(client):
    response = get(client, NEWS, category="training")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_filter_form_has_a_label_for_every_field(client):
    html = get(client, NEWS).content.decode()
    for name in ("category", "tag", "year", "type", "when", "programme"):
        assert f'<label for="id_{name}">' in html


def test_story_page_shows_its_content_sharing_meta_and_neighbours(client):
    html = get(client, f"{NEWS}cop26-highlight/").content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Demo text" in html
    assert '<link rel="canonical" href="http://testserver/news-events/cop26-highlight/">' in html
    assert '<meta property="og:title" content="COP26 Highlight">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:image" content="http' in html
    assert 'name="twitter:card" content="summary_large_image"' in html
    # COP26 (15 Nov 2021) sits between the human rights story (2 Dec) and the transport training (27 Sep).
    assert 'href="/news-events/human-rights-based-approach-resilient-city/" rel="next"' in html
    assert 'href="/news-events/training-public-transportation-system/" rel="prev"' in html
    assert "Related" in html


def test_oldest_story_has_no_previous_and_newest_no_next(client):
    oldest = get(client, f"{NEWS}gender-responsive-participatory-budgeting/").content.decode()
    newest = get(client, f"{NEWS}uclgs-pact-for-the-future/").content.decode()
    assert 'rel="prev"' not in oldest and 'rel="next"' in oldest
    assert 'rel="next"' not in newest and 'rel="prev"' in newest


def test_related_items_share_a_tag_or_the_category(client):
    html = get(client, f"{NEWS}cop26-highlight/").content.decode()
    related = html.split('id="related-heading"')[1]
    # Shares the "Climate" tag.
    assert "Training for Local Governments" in related


def test_drafts_never_appear_in_public(client, home_page):
    category = StoryCategory.objects.get(slug="training")
    section = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    draft = make_story(
        "Unpublished plans", day=date(2032, 1, 1), category=category, tags=["Climate"], sections=[section], live=False
    )
    assert client.get(draft.url or f"{NEWS}unpublished-plans/").status_code == 404
    for url in (NEWS, f"{NEWS}?category=training", "/", "/capacity-building/", f"{NEWS}feed/rss/", f"{NEWS}feed/atom/"):
        assert "Unpublished plans" not in client.get(url).content.decode(), url
    assert "Unpublished plans" not in get(client, f"{NEWS}cop26-highlight/").content.decode()


def test_home_shows_featured_stories_first_then_the_latest(client):
    home = HomePage.objects.get(locale__language_code="en")
    chosen = StoryPage.objects.get(slug="greetings-from-jeju")
    home.featured_pages = [{"type": "page", "value": chosen.pk}]
    home.save_revision().publish()
    featured = get(client, "/").content.decode().split('id="featured-heading"')[1].split("</section>")[0]
    titles = re.findall(r'class="card__link" href="[^"]*">([^<]*)</a>', featured)
    assert titles[0] == "Greetings from Jeju Special Self-Governing Province!"
    assert titles[1] == "UCLG’s Pact for the Future"  # the latest fills the rest
    assert titles.count(titles[0]) == 1
    assert len(titles) == 9


def test_home_learn_more_leads_to_each_seed_story(client):
    html = get(client, "/").content.decode()
    for slug in ("uclgs-pact-for-the-future", "8th-uclg-aspac-congress", "gender-responsive-participatory-budgeting"):
        assert f'href="/news-events/{slug}/"' in html
        assert client.get(f"/news-events/{slug}/").status_code == 200


def test_home_activities_follow_the_chosen_category(client):
    html = get(client, "/").content.decode()
    activities = html.split('id="activities-heading"')[1].split("</section>")[0]
    assert "Global-Regional Activities" in html
    assert "UCLG’s Pact for the Future" in activities
    assert "COP26 Highlight" not in activities
    assert f'href="{NEWS}?category=global-regional-activity"' in activities

    home = HomePage.objects.get(locale__language_code="en")
    home.activities_category = make_category("Regional events", "regional-events")
    home.save_revision().publish()
    assert 'id="activities-heading"' not in get(client, "/").content.decode()


def test_renaming_a_category_changes_no_behaviour(client):
    category = StoryCategory.objects.get(slug="global-regional-activity")
    category.name = "Kegiatan Global-Regional"
    category.save()
    html = get(client, "/").content.decode()
    assert "Kegiatan Global-Regional" in html or "Global-Regional Activities" in html
    assert "UCLG’s Pact for the Future" in html.split('id="activities-heading"')[1]


def test_section_pages_list_their_latest_stories(client):
    html = get(client, "/capacity-building/").content.decode()
    latest = html.split('id="stories-heading"')[1]
    assert "Gender Responsive and Participatory Budgeting (GRPB)" in latest
    assert "COP26 Highlight" not in latest


def test_admin_creates_and_publishes_a_story(admin_client, client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=("pages", "storypage", index.pk))
    category = StoryCategory.objects.get(slug="news")
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Mayors meet in Bangkok",
            "slug": "mayors-meet-in-bangkok",
            "introduction": "",
            "date": "2033-02-01",
            "teaser": "Mayors of the region met in Bangkok.",
            "body": streamfield([("paragraph", rich_text("<p>They agreed on a shared plan.</p>"))]),
            "category": category.pk,
            "tags": "Mayors, Bangkok",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    story = StoryPage.objects.get(slug="mayors-meet-in-bangkok")
    assert story.live
    assert sorted(tag.name for tag in story.tags.all()) == ["Bangkok", "Mayors"]
    assert card_titles(get(client, NEWS))[0] == "Mayors meet in Bangkok"
    assert "They agreed on a shared plan." in get(client, story.url).content.decode()
    assert "Mayors meet in Bangkok" in all_titles(client, tag="bangkok")


def test_admin_lists_story_categories_as_snippets(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_pages_storycategory:list"))
    assert response.status_code == 200
    assert "Global-Regional Activity" in response.content.decode()


MAX_NEWS_QUERIES = 50


def test_news_index_and_story_queries_do_not_grow_from_10_to_500_stories(client):
    image = make_image("Bulk image")
    category = StoryCategory.objects.get(slug="news")
    bulk_stories(10, prefix="Few", category=category, image=image)
    urls = [NEWS, f"{NEWS}?category=news&year=2019", f"{NEWS}few-5/", "/"]
    few = {url: query_count(client, url) for url in urls}
    bulk_stories(490, prefix="Many", category=category, image=image)
    many = {url: query_count(client, url) for url in urls}
    assert StoryPage.objects.live().count() >= 500
    assert many == few
    assert all(count <= MAX_NEWS_QUERIES for count in many.values()), many
