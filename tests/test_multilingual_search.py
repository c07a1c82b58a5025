"""Searching in the language of the address: the site search and the COVID-19 repository
find pages in that language only, Chinese and Korean words inside longer runs of text
included. The demo's Chinese and Korean GRPB stories hold 亚太地区城市治理 and 도시의."""

import pytest
from wagtail.models import Locale
from wagtail.rich_text import RichText

from pages.models import SectionPage, StandardPage
from tests.builders_repository import api, make_resource
from tests.test_query_counts import MAX_QUERIES, database_queries

pytestmark = pytest.mark.django_db

CHINESE_GRPB = "性别敏感的参与式预算（GRPB）"
KOREAN_GRPB = "성인지 참여예산(GRPB)"


def search(client, prefix, query):
    response = client.get(f"{prefix}/search/", {"q": query})
    assert response.status_code == 200
    return response


def result_titles(response):
    return [entry["page"].title for entry in response.context["entries"]]


def result_languages(response):
    return {entry["page"].locale.language_code for entry in response.context["entries"]}


def test_a_chinese_word_inside_a_longer_phrase_finds_its_page(client):
    response = search(client, "/zh-hans", "城市")
    assert CHINESE_GRPB in result_titles(response)
    assert result_languages(response) == {"zh-hans"}
    assert 'href="/zh-hans/news-events/gender-responsive-participatory-budgeting/"' in response.content.decode()


def test_a_korean_noun_with_its_particle_attached_finds_its_page(client):
    response = search(client, "/ko", "도시")
    assert KOREAN_GRPB in result_titles(response)
    assert result_languages(response) == {"ko"}


def test_every_pair_of_a_longer_chinese_query_must_be_in_the_page(client):
    assert CHINESE_GRPB in result_titles(search(client, "/zh-hans", "亚太地区城市治理"))
    assert CHINESE_GRPB in result_titles(search(client, "/zh-hans", "城市 GRPB"))
    assert CHINESE_GRPB not in result_titles(search(client, "/zh-hans", "城市规划"))
    assert CHINESE_GRPB not in result_titles(search(client, "/zh-hans", "市城"))


def test_a_single_chinese_or_korean_character_finds_the_pages_that_contain_it(client):
    assert CHINESE_GRPB in result_titles(search(client, "/zh-hans", "城"))
    assert KOREAN_GRPB in result_titles(search(client, "/ko", "도"))
    assert CHINESE_GRPB not in result_titles(search(client, "/zh-hans", "猫"))


def test_korean_text_in_a_new_pages_body_is_found_once_published(client):
    section = SectionPage.objects.get(locale__language_code="ko", slug="capacity-building")
    body = [("paragraph", RichText("<p>서울특별시청에서 열린 연수.</p>"))]
    page = StandardPage(title="연수 안내", slug="training-notes", body=body)
    section.add_child(instance=page)
    page.save_revision().publish()
    assert "연수 안내" in result_titles(search(client, "/ko", "시청"))
    assert "연수 안내" in result_titles(search(client, "/ko", "서울"))


def test_indonesian_search_lists_indonesian_pages_only(client):
    response = search(client, "/id", "pemerintah daerah")
    titles = result_titles(response)
    assert "Peningkatan Kapasitas" in titles
    assert "Capacity Building" not in titles
    assert result_languages(response) == {"id"}


def test_english_search_lists_no_translation(client):
    response = search(client, "", "GRPB")
    assert result_titles(response)
    assert result_languages(response) == {"en"}
    assert result_titles(search(client, "", "城市")) == []
    assert result_titles(search(client, "", "pemerintah")) == []


@pytest.mark.postgres_only(reason="only PostgreSQL stems words; SQLite's full-text search matches them as written")
def test_indonesian_words_are_stemmed_as_indonesian(client):
    # "merencanakan" (to plan) and "menganggarkan" (to budget) in the Indonesian section's
    # introduction share their stems with "rencana" (a plan) and "anggaran" (a budget).
    assert "Peningkatan Kapasitas" in result_titles(search(client, "/id", "rencana anggaran"))


# A search queues the count of its hit, as in production (one INSERT).
@pytest.mark.usefixtures("database_queue")
@pytest.mark.parametrize("url", ["/zh-hans/search/?q=城市", "/ko/search/?q=도시", "/id/search/?q=pemerintah"])
def test_a_search_in_another_language_keeps_the_english_budget(client, url):
    queries = database_queries(client, url)
    assert len(queries) <= MAX_QUERIES, "\n".join(queries)


def test_the_repository_finds_chinese_words_inside_phrases_in_english_resources(client):
    resource = make_resource("Shanghai lockdown notes", summary="上海市城市防疫物资保障的经验。")
    assert [item["id"] for item in api(client, "q=城市")["results"]] == [resource.pk]
    assert [item["id"] for item in api(client, "q=防疫物资")["results"]] == [resource.pk]


def test_the_repository_searches_and_lists_the_resources_of_its_language(client):
    english = make_resource("Mobile clinics in Busan", summary="Clinics that moved through the city.")
    english_api = english.get_parent().url + "api/"
    english_count = client.get(english_api).json()["count"]
    korean = english.copy_for_translation(Locale.objects.get(language_code="ko"), copy_parents=True).specific
    korean_index = korean.get_parent().specific  # a live alias of the English repository page
    korean.title = "부산의 이동 진료소"
    korean.summary = "도시의 골목을 찾아간 이동 진료소."
    korean.save_revision().publish()
    korean_api = korean_index.url + "api/"

    found = client.get(korean_api, {"q": "도시"}).json()
    assert [item["title"] for item in found["results"]] == ["부산의 이동 진료소"]
    # The translation stands in for its English original; untranslated resources stay listed.
    assert client.get(korean_api).json()["count"] == english_count
    assert client.get(korean_api, {"q": "Busan"}).json()["count"] == 0
    assert client.get(english_api, {"q": "도시"}).json()["count"] == 0
    english_titles = [item["title"] for item in client.get(english_api, {"q": "Busan"}).json()["results"]]
    assert "Mobile clinics in Busan" in english_titles
    assert "부산의 이동 진료소" not in english_titles
    assert client.get(english_api).json()["count"] == english_count


def test_a_promoted_page_is_recommended_in_the_language_of_the_search(client):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    english = SectionPage.objects.filter(locale__language_code="en").order_by("path").first()
    indonesian = english.get_translation(Locale.objects.get(language_code="id"))
    for text in ("peta jalan", "roadmap"):
        SearchPromotion.objects.create(query=Query.get(text), page=english, sort_order=0)

    promoted = search(client, "/id", "Peta jalan").context["promotions"]
    assert [entry["page"].title for entry in promoted] == [indonesian.title]
    assert f'href="{indonesian.url}"' in search(client, "/id", "Peta jalan").content.decode()
    assert [entry["page"].title for entry in search(client, "", "Roadmap").context["promotions"]] == [english.title]


@pytest.mark.parametrize(
    ("word", "title"),
    [
        ("预算", CHINESE_GRPB),
        ("예산", KOREAN_GRPB),
        ("budgeting", "Gender Responsive and Participatory Budgeting (GRPB)"),
    ],
)
def test_editors_find_a_word_inside_a_chinese_or_korean_title_in_the_admin(admin_client, word, title):
    # The admin searches titles as you type; 预算 sits inside 参与式预算, 예산 inside 참여예산.
    html = admin_client.get("/admin/pages/search/", {"q": word}).content.decode()
    assert title in html
