"""Programmes & Projects: navigation, listing filters, programme pages and the home page block."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from programmes.models import ProgrammeIndexPage, ProgrammePage, ThematicArea
from tests.builders import make_image, query_count
from tests.builders_news import bulk_pages

pytestmark = pytest.mark.django_db

INDEX = "/programmes-projects/"
SEED = {
    "Gender Responsive and Participatory Budgeting (GRPB)",
    "Improving Public Transportation Systems for Sustainable Human Mobility",
    "Decentralised Cooperation to Localise the SDGs",
    "Xi’an Scholarship Programme",
}


def titles(response):
    assert response.status_code == 200
    return re.findall(r'class="card__link" href="[^"]*">([^<]*)</a>', response.content.decode())


def test_main_navigation_keeps_the_original_order(client):
    html = client.get("/").content.decode()
    nav = html.split('class="main-nav', 1)[1].split("</nav>")[0]
    labels = ["Capacity Building", "Policy &amp; Research", "Programmes &amp; Projects", "Decentralised Cooperations"]
    positions = [nav.index(label) for label in labels]
    assert positions == sorted(positions)
    assert f'href="{INDEX}"' in nav


def test_index_lists_every_seed_programme_and_each_opens(client):
    listed = titles(client.get(INDEX))
    assert set(listed) == SEED
    for programme in ProgrammePage.objects.live():
        assert client.get(programme.url).status_code == 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "ongoing"}, {"Decentralised Cooperation to Localise the SDGs"}),
        ({"status": "upcoming"}, {"Xi’an Scholarship Programme"}),
        (
            {"theme": "climate-resilience"},
            {"Improving Public Transportation Systems for Sustainable Human Mobility"},
        ),
        ({"country": "CN"}, {"Xi’an Scholarship Programme"}),
        ({"year": "2021"}, SEED - {"Xi’an Scholarship Programme"}),
        ({"status": "completed", "country": "PH"}, {"Gender Responsive and Participatory Budgeting (GRPB)"}),
        ({"theme": "capacity-building", "year": "2024"}, {"Xi’an Scholarship Programme"}),
        ({"status": "ongoing", "country": "CN"}, set()),
    ],
)
def test_filters_alone_and_combined(client, params, expected):
    assert set(titles(client.get(INDEX, params))) == expected


@pytest.mark.parametrize(
    "params",
    [{"status": "paused"}, {"theme": "nope"}, {"country": "XX"}, {"year": "abc"}, {"year": "1999"}, {"page": "abc"}],
)
def test_bad_values_never_fail(client, params):
    response = client.get(INDEX, params)
    assert response.status_code == 200
    if "page" not in params:
        assert titles(response) == []
        assert "No programmes match these filters." in response.content.decode()


def test_programme_page_shows_facts_partners_documents_gallery_and_stories(client):
    html = client.get(f"{INDEX}xian-scholarship-programme/").content.decode()
    assert "Upcoming" in html
    assert "China" in html
    assert "Xi&#x27;an Municipal People&#x27;s Government" in html
    assert "programme brief" in html and "PDF" in html
    assert 'id="gallery-heading"' in html
    stories = html.split('id="programme-stories-heading"')[1]
    assert 'href="/news-events/xian-scholarship-programme/"' in stories
    assert 'href="/news-events/greetings-from-jeju/"' in stories
    assert '<link rel="canonical" href="http://testserver/programmes-projects/xian-scholarship-programme/">' in html
    assert '<meta property="og:title" content="Xi’an Scholarship Programme">' in html
    assert 'property="og:image"' in html


def test_unpublished_related_story_is_not_shown(client):
    from pages.models import StoryPage

    story = StoryPage.objects.get(slug="greetings-from-jeju")
    story.unpublish()
    html = client.get(f"{INDEX}xian-scholarship-programme/").content.decode()
    assert "greetings-from-jeju" not in html


def test_draft_programme_is_not_public(client):
    index = ProgrammeIndexPage.objects.get()
    draft = ProgrammePage(title="Secret programme", slug="secret-programme", summary="Not yet.", live=False)
    index.add_child(instance=draft)
    assert client.get(f"{INDEX}secret-programme/").status_code == 404
    assert "Secret programme" not in client.get(INDEX).content.decode()
    assert "Secret programme" not in client.get("/").content.decode()


def test_home_shows_programmes_and_links_to_the_index(client):
    html = client.get("/").content.decode()
    block = html.split('id="programmes-heading"')[1].split("</section>")[0]
    assert "Decentralised Cooperation to Localise the SDGs" in block
    assert f'href="{INDEX}"' in block


def test_home_works_without_any_programme_pages(client):
    ProgrammeIndexPage.objects.get().delete()
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="programmes-heading"' not in response.content.decode()


def test_admin_lists_partners_and_thematic_areas(admin_client):
    partners = admin_client.get(reverse("wagtailsnippets_programmes_partnerorganisation:list"))
    areas = admin_client.get(reverse("wagtailsnippets_programmes_thematicarea:list"))
    assert partners.status_code == areas.status_code == 200
    assert "UN-Habitat" in partners.content.decode()
    assert "Decentralised cooperation" in areas.content.decode()


def test_admin_can_open_the_programme_editor(admin_client):
    programme = ProgrammePage.objects.get(slug="xian-scholarship-programme")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(programme.pk,)))
    assert response.status_code == 200
    assert "Related stories and events" in response.content.decode()


def _bulk_programmes(count, prefix, image):
    area = ThematicArea.objects.get(locale__language_code="en", slug="capacity-building")
    programmes = bulk_pages(
        ProgrammeIndexPage.objects.get(),
        ProgrammePage,
        [
            {
                "title": f"{prefix} programme {number}",
                "slug": f"{prefix.lower()}-programme-{number}",
                "summary": f"Summary of {prefix} {number}.",
                "status": "ongoing",
                "start_date": date(2016, 1, 1) + timedelta(days=number),
                "countries": ["ID", "PH"],
                "listing_image": image,
                "body": [],
            }
            for number in range(count)
        ],
    )
    ProgrammePage.thematic_areas.through.objects.bulk_create(
        [ProgrammePage.thematic_areas.through(programmepage_id=page.pk, thematicarea_id=area.pk) for page in programmes]
    )


def test_programme_index_queries_do_not_grow_from_10_to_500(client):
    image = make_image("Programme bulk image")
    _bulk_programmes(10, "Few", image)
    urls = [INDEX, f"{INDEX}?status=ongoing&country=ID&year=2017", "/"]
    few = {url: query_count(client, url) for url in urls}
    _bulk_programmes(490, "Many", image)
    many = {url: query_count(client, url) for url in urls}
    assert ProgrammePage.objects.count() >= 500
    assert many == few
    assert all(count <= 60 for count in many.values()), many
