"""The site in English, Bahasa Indonesia, Simplified Chinese and Korean: English stays at its
addresses, the others live under their language prefix, and a visitor can move between a page's
translations. The demo site has Indonesian, Chinese and Korean versions of the home page, the
sections, News & Events and three stories."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale

from pages.models import HomePage, StoryCategory, StoryPage
from tests.builders import query_count

pytestmark = pytest.mark.django_db

TRANSLATED_STORY = "/news-events/cop26-highlight/"
UNTRANSLATED_STORY = "/news-events/training-public-transportation-system/"
OTHER_LANGUAGES = ["id", "zh-hans", "ko"]
SITEMAP_NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def _switcher_links(response):
    """{language code: (href, name, is current)} of the language switcher's links."""
    html = response.content.decode()
    switcher = html[html.index('<details class="language-switcher">') : html.index("</details>")]
    links = re.findall(
        r'<a class="language-switcher__link" href="([^"]*)" lang="([^"]+)"[^>]*?( aria-current="page")?>([^<]+)</a>',
        switcher,
    )
    return {code: (href, name, bool(current)) for href, code, current, name in links}


def _alternates(response):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()))


@pytest.mark.parametrize("url", ["/", "/capacity-building/", "/about-us/", TRANSLATED_STORY, UNTRANSLATED_STORY])
def test_english_pages_stay_at_their_addresses(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert _html_lang(response) == "en"


def test_every_configured_language_has_a_locale():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", *OTHER_LANGUAGES}
    assert [code for code, _name in settings.LANGUAGES] == ["en", *OTHER_LANGUAGES]


def test_pages_and_categories_made_before_the_languages_are_english():
    english = Locale.objects.get(language_code="en")
    assert StoryCategory.objects.exclude(locale=english).count() == 0
    assert StoryPage.objects.filter(locale=english).count() > 3


@pytest.mark.parametrize(
    ("url", "language", "name"),
    [("/id/", "id", "Bahasa Indonesia"), ("/zh-hans/", "zh-hans", "简体中文"), ("/ko/", "ko", "한국어")],
)
def test_each_language_has_its_home_page_under_its_prefix(client, url, language, name):
    response = client.get(url)
    assert response.status_code == 200
    assert _html_lang(response) == language
    assert _switcher_links(response)[language] == (url, name, True)


def test_a_translated_story_is_served_in_its_language(client):
    response = client.get("/ko" + TRANSLATED_STORY)
    assert response.status_code == 200
    assert _html_lang(response) == "ko"
    assert "COP26 하이라이트" in response.content.decode()


def test_the_switcher_on_a_translated_story_links_to_its_translations(client):
    links = _switcher_links(client.get("/id" + TRANSLATED_STORY))
    assert links == {
        "en": (TRANSLATED_STORY, "English", False),
        "id": ("/id" + TRANSLATED_STORY, "Bahasa Indonesia", True),
        "zh-hans": ("/zh-hans" + TRANSLATED_STORY, "简体中文", False),
        "ko": ("/ko" + TRANSLATED_STORY, "한국어", False),
    }


def test_the_switcher_on_an_untranslated_page_links_to_the_other_languages_home_pages(client):
    links = _switcher_links(client.get(UNTRANSLATED_STORY))
    assert links == {
        "en": (UNTRANSLATED_STORY, "English", True),
        "id": ("/id/", "Bahasa Indonesia", False),
        "zh-hans": ("/zh-hans/", "简体中文", False),
        "ko": ("/ko/", "한국어", False),
    }


def test_the_switcher_works_without_script_and_names_the_current_language(client):
    html = client.get("/zh-hans/").content.decode()
    assert '<details class="language-switcher">' in html
    summary = '<summary class="language-switcher__toggle"><span class="visually-hidden">语言: </span>'
    assert summary + '<span lang="zh-hans">简体中文</span></summary>' in html


def test_a_translated_page_lists_its_translations_and_the_english_default(client):
    alternates = _alternates(client.get("/zh-hans" + TRANSLATED_STORY))
    assert alternates == {
        "en": "http://testserver" + TRANSLATED_STORY,
        "id": "http://testserver/id" + TRANSLATED_STORY,
        "zh-hans": "http://testserver/zh-hans" + TRANSLATED_STORY,
        "ko": "http://testserver/ko" + TRANSLATED_STORY,
        "x-default": "http://testserver" + TRANSLATED_STORY,
    }


def test_an_untranslated_page_lists_no_alternates(client):
    assert _alternates(client.get(UNTRANSLATED_STORY)) == {}


def test_a_translation_taken_down_leaves_the_alternates_and_the_switcher_at_once(client):
    korean = StoryPage.objects.get(url_path__endswith=TRANSLATED_STORY, locale__language_code="ko")
    korean.unpublish()

    response = client.get(TRANSLATED_STORY)

    assert set(_alternates(response)) == {"en", "id", "zh-hans", "x-default"}
    assert _switcher_links(response)["ko"][0] == "/ko/"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_an_untranslated_page_is_not_published_under_another_language(client, language):
    assert client.get(f"/{language}{UNTRANSLATED_STORY}").status_code == 404


def test_the_sitemap_lists_each_translation_with_its_alternates(client):
    response = client.get(reverse("sitemap"))
    urls = {
        url.findtext("s:loc", namespaces=SITEMAP_NAMESPACES): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NAMESPACES)
        }
        for url in ET.fromstring(response.content).findall("s:url", SITEMAP_NAMESPACES)
    }
    expected = {
        "en": "http://testserver" + TRANSLATED_STORY,
        "id": "http://testserver/id" + TRANSLATED_STORY,
        "zh-hans": "http://testserver/zh-hans" + TRANSLATED_STORY,
        "ko": "http://testserver/ko" + TRANSLATED_STORY,
        "x-default": "http://testserver" + TRANSLATED_STORY,
    }
    for language in ["en", *OTHER_LANGUAGES]:
        assert urls[expected[language]] == expected
    assert urls["http://testserver" + UNTRANSLATED_STORY] == {}
    assert "http://testserver/ko" + UNTRANSLATED_STORY not in urls


@pytest.mark.parametrize(
    ("prefix", "label"),
    [("", "Search the site"), ("/id", "Cari di situs"), ("/zh-hans", "搜索本站"), ("/ko", "사이트 검색")],
)
def test_the_interface_speaks_the_pages_language(client, prefix, label):
    html = client.get(prefix + "/").content.decode()
    assert f'<label class="visually-hidden" for="site-search-q">{label}</label>' in html


def test_the_search_page_is_in_the_language_of_its_address(client):
    response = client.get("/ko/search/", {"q": "city"})
    assert response.status_code == 200
    assert _html_lang(response) == "ko"


@pytest.mark.parametrize(
    ("prefix", "date"),
    [
        ("", "15 November 2021"),
        ("/id", "15 November 2021"),
        ("/zh-hans", "2021年11月15日"),
        ("/ko", "2021년 11월 15일"),
    ],
)
def test_story_dates_follow_the_language(client, prefix, date):
    html = client.get(prefix + TRANSLATED_STORY).content.decode()
    assert f'<time datetime="2021-11-15">{date}</time>' in html


def test_the_main_menu_links_to_the_sections_in_the_pages_language(client):
    html = client.get("/id/").content.decode()
    assert '<a class="main-nav__link" href="/id/capacity-building/">Peningkatan Kapasitas</a>' in html


@pytest.mark.parametrize(("english", "budget"), [("/", 50), ("/capacity-building/", 35), (TRANSLATED_STORY, 40)])
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translated_pages_stay_within_the_english_query_budget(client, english, budget, language):
    assert query_count(client, f"/{language}{english}") <= budget


@pytest.mark.usefixtures("page_cache_on")
def test_the_page_cache_keeps_each_language_apart(client):
    assert client.get("/")["X-Page-Cache"] == "miss"
    indonesian = client.get("/id/")
    assert indonesian["X-Page-Cache"] == "miss"
    assert _html_lang(indonesian) == "id"
    assert _html_lang(client.get("/")) == "en"
    cached = client.get("/id/")
    assert cached["X-Page-Cache"] == "hit"
    assert _html_lang(cached) == "id"


def test_a_translated_category_keeps_its_slug_and_shows_in_its_language(client):
    english = StoryCategory.objects.get(slug="news")
    indonesian = english.copy_for_translation(Locale.objects.get(language_code="id"))
    indonesian.name = "Berita"
    indonesian.save()
    assert '<option value="news">Berita</option>' in client.get("/id/news-events/").content.decode()
    assert '<option value="news">News</option>' in client.get("/news-events/").content.decode()
    assert client.get("/news-events/", {"category": "news"}).status_code == 200


def test_editors_translate_a_page_into_another_language(admin_client):
    source = StoryPage.objects.get(slug="training-public-transportation-system", locale__language_code="en")
    korean = Locale.objects.get(language_code="ko")
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[source.pk]), {"locales": [korean.pk]}
    )
    assert response.status_code == 302
    assert source.get_translation(korean).title == source.title


def test_setting_up_again_keeps_one_locale_per_language():
    call_command("setup_site", verbosity=0)
    assert Locale.objects.count() == len(settings.LANGUAGES)


def test_a_language_without_a_home_page_serves_english_marked_as_english(client):
    """Before editors translate the home page into a language, its prefix shows the English
    site with English `lang` and an English canonical address, never a duplicate claiming
    to be a translation."""
    HomePage.objects.get(locale__language_code="ko").delete()
    response = client.get("/ko/")
    assert response.status_code == 200
    assert _html_lang(response) == "en"
    assert '<link rel="canonical" href="http://testserver/">' in response.content.decode()


def test_the_not_found_page_speaks_the_language_of_its_address(client):
    response = client.get("/ko/no-such-page/")
    assert response.status_code == 404
    assert _html_lang(response) == "ko"
    assert "<h1>페이지를 찾을 수 없습니다</h1>" in response.content.decode()


def test_editors_translate_a_story_category(admin_client):
    category = StoryCategory.objects.get(slug="news")
    indonesian = Locale.objects.get(language_code="id")
    url = reverse("wagtail_localize:submit_snippet_translation", args=["pages", "storycategory", category.pk])
    response = admin_client.post(url, {"locales": [indonesian.pk]})
    assert response.status_code == 302
    translation = category.get_translation(indonesian)
    assert (translation.slug, translation.name) == ("news", "News")
