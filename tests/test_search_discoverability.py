"""Site search, search-engine and social metadata, robots.txt, the sitemap, redirects from
old addresses, and alt text on content images."""

import io
import json
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.demo.media import placeholder_pdf
from pages.models import HomePage, SectionPage, SiteSettings, StandardPage
from pages.repository.models import ResourceLanguage
from tests.builders import add_standard_pages, make_image
from tests.builders_news import make_event
from tests.builders_repository import make_publisher, make_resource
from tests.worker_queue import run_worker

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(response):
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def result_titles(response):
    return [entry["page"].title for entry in response.context["entries"]]


def add_page(parent, title, slug, **fields):
    page = StandardPage(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    return page


# --- Search ---------------------------------------------------------------------------


def test_search_finds_pages_of_every_type_labelled_with_type_summary_and_date(client, home_page):
    section = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    add_page(section, "Mangrove restoration toolkit", "mangrove-toolkit", listing_summary="Coastal cities plant again.")
    response = client.get("/search/", {"q": "mangrove"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mangrove restoration toolkit" in html
    assert "Coastal cities plant again." in html
    assert "Standard page" in html

    response = client.get("/search/", {"q": "capacity"})
    assert "Capacity Building" in result_titles(response)
    assert "Section page" in response.content.decode()
    assert "<time datetime=" in response.content.decode()


def test_type_filter_lists_types_with_live_pages_and_narrows_results(client, home_page):
    response = client.get("/search/", {"q": "local governments"})
    choices = dict(response.context["form"].fields["type"].choices)
    assert {"pages.sectionpage", "pages.standardpage"} <= set(choices)
    everything = result_titles(response)

    response = client.get("/search/", {"q": "local governments", "type": "pages.sectionpage"})
    narrowed = [entry["page"] for entry in response.context["entries"]]
    assert narrowed
    assert all(isinstance(page, SectionPage) for page in narrowed)
    assert len(narrowed) < len(everything)
    assert "type=pages.sectionpage" in response.context["query_string"]


@pytest.mark.parametrize("unknown", ["bogus", "auth.user", "wagtailcore.page", "pages.sitesettings", "x" * 300])
def test_unknown_type_gives_an_empty_result_not_an_error(client, unknown):
    response = client.get("/search/", {"q": "local", "type": unknown})
    assert response.status_code == 200
    assert response.context["entries"] == []


@pytest.mark.parametrize(
    "query",
    ["", "   ", "a" * 5 * 1024, "cities\x00", "'; DROP TABLE wagtailcore_page; --", '" OR 1=1 --', "%_*?:()[]{}!&|"],
)
def test_odd_queries_answer_normally(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_search_paginates_and_keeps_the_query_and_type(client, home_page):
    add_standard_pages(home_page, 23, prefix="Waterfront plan", with_image=False)
    response = client.get("/search/", {"q": "waterfront", "type": "pages.standardpage"})
    assert response.context["results"].paginator.count == 23
    assert len(response.context["entries"]) == 10
    assert 'href="?q=waterfront&amp;type=pages.standardpage&amp;page=2"' in response.content.decode()
    last = client.get("/search/", {"q": "waterfront", "type": "pages.standardpage", "page": "3"})
    assert len(last.context["entries"]) == 3
    pages_shown = {}
    for number in ("999", "0", "-2", "x", "2.5", ""):
        response = client.get("/search/", {"q": "waterfront", "type": "pages.standardpage", "page": number})
        assert response.status_code == 200
        assert response.context["results"].paginator.count == 23
        pages_shown[number] = (response.context["results"].number, len(response.context["entries"]))
    # As Django's paginator: past either end, the last page; not a number, the first.
    assert pages_shown == {"999": (3, 3), "0": (3, 3), "-2": (3, 3), "x": (1, 10), "2.5": (1, 10), "": (1, 10)}
    titles = [result_titles(client.get("/search/", {"q": "waterfront", "page": n})) for n in ("1", "2", "3")]
    assert len({title for page in titles for title in page}) == 23, "each result on exactly one page"


def test_a_search_without_matches_shows_none_on_any_page(client):
    for number in ("1", "5", "x"):
        response = client.get("/search/", {"q": "quokkanomics", "page": number})
        assert response.status_code == 200
        assert response.context["results"].paginator.count == 0
        assert response.context["entries"] == []


def test_results_of_several_types_are_each_their_own_page_of_their_own_type(client, home_page):
    section = SectionPage.objects.get(locale__language_code="en", slug="capacity-building")
    add_page(section, "Wombat toolkit", "wombat-toolkit", listing_summary="Wombat summary one.")
    add_page(section, "Wombat guide", "wombat-guide", listing_summary="Wombat summary two.")
    add_page(section, "Echidna guide", "echidna-guide")
    section.title = "Wombat section"
    section.save_revision().publish()
    response = client.get("/search/", {"q": "wombat"})
    assert sorted(result_titles(response)) == ["Wombat guide", "Wombat section", "Wombat toolkit"]
    types = {entry["page"].title: type(entry["page"]).__name__ for entry in response.context["entries"]}
    assert types == {"Wombat guide": "StandardPage", "Wombat section": "SectionPage", "Wombat toolkit": "StandardPage"}
    html = response.content.decode()
    assert "Wombat summary one." in html and "Wombat summary two." in html


def test_search_leaves_out_drafts_and_private_pages(client, home_page):
    draft = add_page(home_page, "Quokka draft", "quokka-draft")
    draft.unpublish()
    from wagtail.models import PageViewRestriction

    private = add_page(home_page, "Quokka private", "quokka-private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret123")
    add_page(home_page, "Quokka public", "quokka-public")
    response = client.get("/search/", {"q": "quokka"})
    assert result_titles(response) == ["Quokka public"]


def test_editors_promoted_results_come_first(client, home_page):
    promoted = StandardPage.objects.get(slug="privacy-notice")
    query = Query.get("membership fees")
    SearchPromotion.objects.create(query=query, page=promoted, description="What we do with your data.", sort_order=0)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://www.uclg.org/", external_link_text="UCLG world", sort_order=1
    )
    response = client.get("/search/", {"q": "Membership fees"})
    html = response.content.decode()
    assert "Recommended" in html
    assert html.index("Privacy notice") < html.index("UCLG world") < html.index("search-count")
    assert "What we do with your data." in html


def test_searches_are_logged_as_query_statistics(client):
    client.get("/search/", {"q": "Climate finance"})
    client.get("/search/", {"q": "climate finance"})
    assert Query.get("climate finance").hits == 2
    client.get("/search/", {"q": "   "})
    assert not Query.objects.filter(query_string="").exists()


@pytest.mark.usefixtures("database_queue")
def test_a_search_writes_nothing_itself_and_the_worker_counts_its_hit(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "Urban resilience"})
    assert response.status_code == 200
    writes = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(("INSERT", "UPDATE")) and "django_cache" not in query["sql"]
    ]
    # The one write is the queued task (the page cache's version is kept in a table in tests).
    assert len(writes) == 1 and "django_tasks_database_dbtaskresult" in writes[0]
    assert not Query.objects.filter(query_string="urban resilience").exists()

    run_worker()
    assert Query.get("urban resilience").hits == 1


def test_text_of_a_pdf_on_a_page_finds_that_page(client, home_page):
    document = placeholder_pdf("Stunting report", ["Anthropometric surveillance in Gorontalo districts."], 1)
    assert "Gorontalo" in document.extracted_text
    add_page(
        home_page,
        "Health research",
        "health-research",
        body=json.dumps([{"type": "document", "value": {"document": document.pk, "label": ""}}]),
    )
    response = client.get("/search/", {"q": "gorontalo"})
    assert result_titles(response) == ["Health research"]


def test_search_page_is_cacheable_for_visitors(client):
    response = client.get("/search/", {"q": "cities"})
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def _search_queries(client, query):
    client.get("/search/", {"q": query})
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return len(captured)


def test_search_query_count_does_not_grow_with_content(client, home_page):
    add_standard_pages(home_page, 3, prefix="Harbour small", with_image=False)
    small = _search_queries(client, "harbour")
    add_standard_pages(home_page, 40, prefix="Harbour large", with_image=False)
    large = _search_queries(client, "harbour")
    assert small == large
    assert large <= 20


# --- Metadata -------------------------------------------------------------------------


def test_every_page_has_canonical_description_open_graph_and_twitter_tags(client):
    for path in ["/", "/capacity-building/", "/about-us/"]:
        html = client.get(path).content.decode()
        assert '<link rel="canonical" href="http://localhost/' in html or 'rel="canonical"' in html
        for tag in ['name="description"', 'property="og:title"', 'property="og:url"', 'name="twitter:card"']:
            assert tag in html, (path, tag)


def test_editors_override_social_metadata_with_fallbacks(client):
    page = StandardPage.objects.get(slug="about-us")
    html = client.get("/about-us/").content.decode()
    assert '<meta property="og:title" content="About us">' in html
    assert f'<meta property="og:description" content="{page.meta_description}">' in html

    page.social_title = "Who we are"
    page.social_description = "The Asia-Pacific voice of local governments."
    page.social_image = make_image("Jakarta skyline", size=(1200, 630))
    page.save_revision().publish()
    html = client.get("/about-us/").content.decode()
    assert '<meta property="og:title" content="Who we are">' in html
    assert '<meta name="twitter:description" content="The Asia-Pacific voice of local governments.">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+fill-1200x630', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_promote_tab_offers_the_social_fields(admin_client):
    page = StandardPage.objects.get(slug="about-us")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    for name in ["social_title", "social_description", "social_image"]:
        assert f'name="{name}"' in html


def test_home_page_describes_the_organisation(client):
    data = structured_data(client.get("/"))
    organisation = next(item for item in data if item["@type"] == "Organization")
    assert organisation["name"] == "United Cities and Local Governments Asia-Pacific"
    assert organisation["url"].endswith("/")
    assert sorted(item["@type"] for item in data) == ["Organization", "WebPage"]


def test_every_page_has_breadcrumbs_as_structured_data(client):
    data = structured_data(client.get("/about-us/"))
    breadcrumbs = next(item for item in data if item["@type"] == "BreadcrumbList")
    assert [crumb["name"] for crumb in breadcrumbs["itemListElement"]] == ["Home", "About us"]
    assert [crumb["position"] for crumb in breadcrumbs["itemListElement"]] == [1, 2]
    assert not any(item["@type"] == "Organization" for item in data)


def test_structured_data_cannot_break_out_of_its_script_element(client, home_page):
    add_page(home_page, "Risky </script><script>alert(1)</script> & co", "risky-title")
    response = client.get("/risky-title/")
    html = response.content.decode()
    head = html[: html.index("</head>")]
    assert "<script>alert(1)" not in head
    web_page = next(item for item in structured_data(response) if item["@type"] == "WebPage")
    assert web_page["name"] == "Risky </script><script>alert(1)</script> & co"


# Every public page type of the demo site, the schema.org type its JSON-LD gives it and
# its Open Graph type.
PAGE_TYPES = [
    ("pages.HomePage", "WebPage", "website"),
    ("pages.SectionPage", "CollectionPage", "website"),
    ("pages.StandardPage", "WebPage", "article"),
    ("pages.NewsIndexPage", "CollectionPage", "website"),
    ("pages.StoryPage", "NewsArticle", "article"),
    ("pages.EventPage", "Event", "article"),
    ("repository.ResourceIndexPage", "CollectionPage", "website"),
    ("repository.ResourcePage", "Report", "article"),
    ("programmes.ProgrammeIndexPage", "CollectionPage", "website"),
    ("programmes.ProgrammePage", "WebPage", "website"),
    ("newsletters.NewsletterIndexPage", "CollectionPage", "website"),
    ("newsletters.VolumePage", "PublicationIssue", "article"),
    ("members.MembershipPage", "WebPage", "website"),
    ("members.MemberDirectoryPage", "CollectionPage", "website"),
]


# The demo resource to look at: one typed "Report" (others are CreativeWorks).
DEMO_PAGE_FILTERS = {"repository.ResourcePage": {"resource_type__slug": "report"}}


def demo_page(label):
    """The first live page of that type in the demo site."""
    pages = apps.get_model(label).objects.live().filter(**DEMO_PAGE_FILTERS.get(label, {}))
    return pages.order_by("path").first()


def meta_content(html, attribute, name):
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert len(found) == 1, (name, found)
    return found[0]


def main_entity(data, schema_type):
    return next(item for item in data if item["@type"] == schema_type)


@pytest.mark.parametrize(("label", "schema_type", "og_type"), PAGE_TYPES, ids=[row[0] for row in PAGE_TYPES])
def test_every_page_type_has_one_set_of_metadata_and_its_structured_data(client, label, schema_type, og_type):
    page = demo_page(label)
    response = client.get(page.url)
    html = response.content.decode()
    head = html[: html.index("</head>")]
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', head)
    assert canonical == [page.get_full_url()] and canonical[0].startswith("http")
    assert meta_content(head, "name", "description")
    assert meta_content(head, "property", "og:title")
    assert meta_content(head, "property", "og:description")
    assert meta_content(head, "property", "og:url") == canonical[0]
    assert meta_content(head, "property", "og:type") == og_type
    assert re.match(r"https?://[^/]+/media/images/.+fill-1200x630", meta_content(head, "property", "og:image"))
    assert meta_content(head, "name", "twitter:card") == "summary_large_image"
    data = structured_data(response)
    types = [item["@type"] for item in data]
    assert types.count(schema_type) == 1, types
    assert main_entity(data, schema_type)["url"] == canonical[0]
    assert ("BreadcrumbList" in types) == (label != "pages.HomePage")


def test_a_story_is_a_news_article_by_the_organisation(client):
    story = demo_page("pages.StoryPage")
    article = main_entity(structured_data(client.get(story.url)), "NewsArticle")
    assert article["headline"] == story.title
    assert article["datePublished"] == story.date.isoformat()
    assert "dateModified" in article
    assert article["publisher"]["@type"] == article["author"]["@type"] == "Organization"
    assert article["publisher"]["name"] == "United Cities and Local Governments Asia-Pacific"
    assert article["image"][0].startswith("http") and "fill-1200x630" in article["image"][0]


def test_an_event_gives_its_times_with_offsets_its_place_and_attendance_mode(client):
    event = make_event(
        "Mayors forum",
        venue="Jakarta Convention Center, Jakarta",
        is_online=True,
        registration_url="https://example.org/register",
        time_zone="Asia/Jakarta",
    )
    data = main_entity(structured_data(client.get(event.url)), "Event")
    assert data["startDate"] == event.local_start.isoformat() and data["startDate"].endswith("+07:00")
    assert data["endDate"] == event.local_end.isoformat()
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    place, online = data["location"]
    assert place == {"@type": "Place", "name": "Jakarta Convention Center, Jakarta", "address": place["address"]}
    assert online == {"@type": "VirtualLocation", "url": "https://example.org/register"}
    assert data["organizer"]["@type"] == "Organization"

    webinar = make_event("Webinar on budgets", slug="webinar-on-budgets", is_online=True)
    data = main_entity(structured_data(client.get(webinar.url)), "Event")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": webinar.get_full_url()}


def test_a_resource_is_a_report_with_its_citation_facts(client):
    resource = make_resource(
        "Field guide for district health offices",
        publisher=make_publisher("Ministry of Health", "MoH"),
        authors="Santoso, Budi; Lee, Min",
        identifier="10.1234/abcd.5678",
        licence="CC BY 4.0",
        external_url="https://example.org/guide",
    )
    resource.languages.set(ResourceLanguage.objects.filter(code__in=["en", "id"], locale__language_code="en"))
    resource.save_revision().publish()
    report = main_entity(structured_data(client.get(resource.url)), "Report")
    assert [author["name"] for author in report["author"]] == ["Budi Santoso", "Min Lee"]
    assert report["author"][0]["familyName"] == "Santoso"
    assert report["publisher"] == {"@type": "Organization", "name": "Ministry of Health", "alternateName": "MoH"}
    assert report["datePublished"] == resource.publication_date.isoformat()
    assert report["license"] == "CC BY 4.0"
    assert report["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1234/abcd.5678"}
    assert report["sameAs"] == "https://doi.org/10.1234/abcd.5678"
    assert sorted(report["inLanguage"]) == ["en", "id"]

    brief = make_resource("Brief without authors", type_name="Policy brief")
    work = main_entity(structured_data(client.get(brief.url)), "CreativeWork")
    assert "author" not in work and "license" not in work
    assert work["datePublished"] == brief.publication_date.isoformat()


def test_a_newsletter_volume_is_an_issue_of_the_newsletter(client):
    volume = demo_page("newsletters.VolumePage")
    issue = main_entity(structured_data(client.get(volume.url)), "PublicationIssue")
    assert issue["issueNumber"] == str(volume.volume_number)
    assert issue["datePublished"] == volume.issue_date.isoformat()
    archive = volume.get_parent()
    assert issue["isPartOf"] == {"@type": "Periodical", "name": archive.title, "url": archive.get_full_url()}


def test_a_programme_page_is_about_a_project(client):
    programme = demo_page("programmes.ProgrammePage")
    page = main_entity(structured_data(client.get(programme.url)), "WebPage")
    assert page["about"]["@type"] == "Project"
    assert page["about"]["name"] == programme.title


def test_pages_without_a_picture_are_shared_with_the_sites_default_image(client):
    page = demo_page("pages.NewsIndexPage")
    assert page.sharing_image is None
    default_image = SiteSettings.objects.get().social_image
    head = client.get(page.url).content.decode()
    assert default_image.file.name.rsplit("/", 1)[-1].split(".")[0] in meta_content(head, "property", "og:image")

    SiteSettings.objects.update(social_image=None)
    cache.clear()
    head = client.get(page.url).content.decode()
    assert 'property="og:image"' not in head
    assert meta_content(head, "name", "twitter:card") == "summary"


OVERRIDDEN_TYPES = ["pages.StoryPage", "pages.EventPage", "repository.ResourcePage", "programmes.ProgrammePage"]


@pytest.mark.parametrize("label", OVERRIDDEN_TYPES)
def test_editors_social_overrides_apply_to_every_page_type(client, label):
    page = demo_page(label)
    page.social_title = f"Shared {label} & more"
    page.social_description = "What people see when the page is shared."
    page.social_image = make_image("Share card", size=(1200, 630), file_name="share-card.png")
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    head = html[: html.index("</head>")]
    assert meta_content(head, "property", "og:title") == f"Shared {label} &amp; more"
    assert meta_content(head, "name", "twitter:title") == f"Shared {label} &amp; more"
    assert meta_content(head, "property", "og:description") == "What people see when the page is shared."
    assert meta_content(head, "name", "twitter:description") == "What people see when the page is shared."
    assert "share-card" in meta_content(head, "property", "og:image")
    assert "share-card" in meta_content(head, "name", "twitter:image")


NEW_NEWS_ITEMS = {
    "storypage": {"title": "Draft story", "slug": "draft-story"},
    "eventpage": {
        "title": "Draft forum",
        "slug": "draft-forum",
        "start": "2030-05-01 10:00",
        "time_zone": "Asia/Tokyo",
        "venue": "Tokyo",
    },
}


@pytest.mark.parametrize("model_name", list(NEW_NEWS_ITEMS))
def test_editors_preview_a_new_story_or_event_with_its_metadata(admin_client, model_name):
    """The preview of a page not yet saved (no address, no place in the tree) renders its
    head like a published page."""
    news = apps.get_model("pages.NewsIndexPage").objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:preview_on_add", args=("pages", model_name, news.pk))
    fields = {"date": "2030-04-01", "teaser": "What it is about.", "body": streamfield([]), "tags": ""}
    response = admin_client.post(url, nested_form_data({**fields, **NEW_NEWS_ITEMS[model_name]}))
    assert response.json()["is_valid"], response.content
    preview = admin_client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert meta_content(html, "property", "og:title") == NEW_NEWS_ITEMS[model_name]["title"]
    assert {"NewsArticle", "Event"} & {item["@type"] for item in structured_data(preview)}


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Disallow: /search/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_pages_with_last_modified_dates(client, home_page):
    draft = add_page(home_page, "Unfinished", "unfinished")
    draft.unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert "/about-us/</loc>" in body
    assert "/capacity-building/</loc>" in body
    assert "/unfinished/" not in body
    assert body.count("<lastmod>") == body.count("<url>")


# --- Redirects ------------------------------------------------------------------------


def test_old_wordpress_query_addresses_follow_editors_redirects(client):
    about = StandardPage.objects.get(slug="about-us")
    Redirect.add_redirect("/?p=123", redirect_to=about)
    response = client.get("/?p=123")
    assert response.status_code == 301
    assert response["Location"].endswith("/about-us/")
    assert client.get("/?p=999").status_code == 200
    assert client.get("/").status_code == 200
    Redirect.add_redirect("/index.php?page_id=7", redirect_to=about)
    assert client.get("/index.php?page_id=7").status_code == 301


def test_old_dated_post_addresses_go_to_the_page_with_that_slug(client, home_page):
    response = client.get("/2019/04/about-us/")
    assert response.status_code == 301
    assert response["Location"] == "/about-us/"
    assert client.get("/2019/04/no-such-post/").status_code == 404

    section = SectionPage.objects.get(locale__language_code="en", slug="policy-research")
    add_page(home_page, "Twin A", "twin")
    add_page(section, "Twin B", "twin")
    assert client.get("/2019/04/twin/").status_code == 404


def test_editors_redirects_apply_to_dated_addresses_without_a_matching_page(client):
    Redirect.add_redirect("/2018/11/old-congress/", redirect_to=StandardPage.objects.get(slug="contact"))
    response = client.get("/2018/11/old-congress/")
    assert response.status_code == 301
    assert response["Location"].endswith("/contact/")


def _import_file(extension, rows):
    if extension == "csv":
        content = "\n".join(",".join(row) for row in rows).encode()
    else:
        workbook = Workbook()
        for row in rows:
            workbook.active.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    upload = io.BytesIO(content)
    upload.name = f"redirects.{extension}"
    return upload


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_editors_import_redirects_from_a_spreadsheet(admin_client, client, extension):
    # Wagtail's importer takes full addresses in the "to" column.
    rows = [
        ("from", "to"),
        ("/?p=4521", "https://www.uclg-aspac.org/about-us/"),
        ("/2017/02/old-news/", "https://www.uclg-aspac.org/contact/"),
    ]
    response = admin_client.post(
        reverse("wagtailredirects:start_import"), {"import_file": _import_file(extension, rows)}
    )
    assert response.status_code == 200, response.content.decode()[:500]
    confirm = response.context["form"]
    response = admin_client.post(
        reverse("wagtailredirects:process_import"),
        {
            "import_file_name": confirm.initial["import_file_name"],
            "input_format": confirm.initial["input_format"],
            "from_index": "0",
            "to_index": "1",
            "permanent": "on",
        },
    )
    assert response.status_code in (200, 302)
    assert Redirect.objects.filter(old_path__in=["/?p=4521", "/2017/02/old-news"]).count() == 2
    assert client.get("/?p=4521")["Location"] == "https://www.uclg-aspac.org/about-us/"
    assert client.get("/2017/02/old-news/")["Location"].endswith("/contact/")


# --- Alt text -------------------------------------------------------------------------


def _image_page_data(image, **image_fields):
    return nested_form_data(
        {
            "title": "Flood defences",
            "slug": "flood-defences",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Seawalls.</p>")),
                    ("image", {"image": {"image": image.pk, **image_fields}, "caption": ""}),
                ]
            ),
            "action-publish": "publish",
        }
    )


def test_content_images_need_alt_text_or_to_be_marked_decorative(admin_client, client):
    home = HomePage.objects.get(locale__language_code="en")
    image = make_image("Seawall")
    url = reverse("wagtailadmin_pages:add", args=("pages", "standardpage", home.pk))

    response = admin_client.post(url, _image_page_data(image, alt_text="", decorative=""))
    assert response.status_code == 200
    assert "alt text" in response.content.decode()
    assert not StandardPage.objects.filter(slug="flood-defences").exists()

    response = admin_client.post(url, _image_page_data(image, alt_text="A concrete seawall at high tide"))
    assert response.status_code == 302, response.content.decode()[:1000]
    assert 'alt="A concrete seawall at high tide"' in client.get("/flood-defences/").content.decode()


def test_decorative_images_get_empty_alt_text(admin_client, client):
    home = HomePage.objects.get(locale__language_code="en")
    image = make_image("Pattern")
    url = reverse("wagtailadmin_pages:add", args=("pages", "standardpage", home.pk))
    response = admin_client.post(url, _image_page_data(image, alt_text="", decorative="on"))
    assert response.status_code == 302, response.content.decode()[:1000]
    html = client.get("/flood-defences/").content.decode()
    assert re.search(r'<img[^>]*alt=""[^>]*class="figure__image"|<img[^>]*class="figure__image"[^>]*alt=""', html)
