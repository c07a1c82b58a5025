"""A resource page: metadata, file facts, citations, downloads, related resources; the
open-data exports and feeds; the home page block."""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import PageViewRestriction

from pages.models import SiteImage
from pages.repository.models import ResourcePage
from tests.builders import make_document
from tests.builders_repository import make_publisher, make_resource, repository

pytestmark = pytest.mark.django_db


def test_resource_page_shows_metadata_file_facts_citation_and_share_block(client):
    document = make_document("Field guide", pages=3)
    resource = make_resource(
        "Field guide for district health offices",
        summary="How districts ran isolation centres.",
        body="<p>Lesson one.</p>",
        document=document,
        themes=["Public health & health systems"],
        countries=["ID"],
        publisher=make_publisher("Ministry of Health", "MoH"),
        authors="Santoso, Budi; Lee, Min",
        identifier="10.1234/abcd.5678",
        licence="CC BY 4.0",
    )
    html = client.get(resource.url).content.decode()
    assert html.count("<h1") == 1
    document.refresh_from_db()
    assert document.file_size > 0
    assert f"Download PDF ({document.human_size})".replace("\xa0", " ") in html.replace("\xa0", " ")
    assert "3 pages" in html
    assert "Ministry of Health" in html and "Indonesia" in html and "South-eastern Asia" in html
    assert "Santoso, Budi; Lee, Min (2021). Field guide for district health offices." in html
    assert "https://doi.org/10.1234/abcd.5678" in html
    assert "cite/bibtex/" in html and "cite/ris/" in html
    assert "linkedin.com/sharing" in html and "Link to this page" in html


def test_external_only_resource_offers_the_publishers_site(client):
    resource = make_resource("Only a link", external_url="https://example.org/report")
    html = client.get(resource.url).content.decode()
    assert "Open on publisher&#x27;s site" in html or "Open on publisher's site" in html
    assert "Download PDF" not in html


def test_a_resource_needs_a_file_or_a_link():
    resource = ResourcePage(title="Nothing", summary="x", publication_date="2021-01-01")
    with pytest.raises(ValidationError) as error:
        resource.clean()
    assert "external_url" in error.value.message_dict and "document" in error.value.message_dict


def test_superseded_resource_links_to_its_replacement(client):
    new = make_resource("New guidance")
    old = make_resource("Old guidance", status="superseded", superseded_by=new)
    html = client.get(old.url).content.decode()
    assert "This guidance has been superseded" in html and new.url in html


def test_related_resources_share_a_theme_or_country(client):
    resource = make_resource("Base", themes=["Rare theme"], countries=["FJ"])
    by_theme = make_resource("Same theme", themes=["Rare theme"])
    by_country = make_resource("Same country", countries=["FJ"])
    unrelated = make_resource("Unrelated", themes=["Other rare theme"], countries=["MN"])
    html = client.get(resource.url).content.decode()
    assert by_theme.title in html and by_country.title in html and unrelated.title not in html


def test_related_resources_are_the_four_newest_live_public_ones(client):
    resource = make_resource("Base", themes=["Rare theme"])
    related = [
        make_resource(f"Related {year}", themes=["Rare theme"], publication_date=datetime.date(year, 1, 1))
        for year in range(2015, 2021)
    ]
    draft = make_resource("Related draft", themes=["Rare theme"], publication_date=datetime.date(2024, 1, 1))
    draft.unpublish()
    private = make_resource("Related private", themes=["Rare theme"], publication_date=datetime.date(2024, 1, 1))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    html = client.get(resource.url).content.decode()

    shown = [page.title for page in related if page.title in html]
    assert shown == ["Related 2017", "Related 2018", "Related 2019", "Related 2020"]
    assert html.index("Related 2020") < html.index("Related 2019") < html.index("Related 2017")
    assert "Related draft" not in html and "Related private" not in html


def test_citation_downloads(client):
    resource = make_resource(
        "Cash & care: {lessons}",
        publisher=make_publisher("Asian Development Bank", "ADB"),
        authors="Tan, Mei",
        identifier="10.22617/brf200169",
    )
    bib = client.get(f"{resource.url}cite/bibtex/")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert "attachment" in bib["Content-Disposition"]
    text = bib.content.decode()
    assert text.startswith("@techreport{ADB2021_")
    assert r"title = {Cash \& care: \{lessons\}}," in text
    assert "author = {Tan, Mei}," in text and "doi = {10.22617/brf200169}," in text and "year = {2021}" in text
    ris = client.get(f"{resource.url}cite/ris/").content.decode()
    lines = ris.split("\r\n")
    assert lines[0] == "TY  - RPRT" and "AU  - Tan, Mei" in lines and "PY  - 2021" in lines
    assert "DO  - 10.22617/brf200169" in lines and "PB  - Asian Development Bank" in lines
    assert lines[-2] == "ER  - "


def test_download_counts_and_redirects(admin_client):
    document = make_document("Counted file")
    resource = make_resource("Counted", document=document)
    for _attempt in range(3):
        response = Client().get(f"{resource.url}download/")
        assert response.status_code == 302 and response["Location"] == document.url
    assert not response.cookies
    resource.refresh_from_db()
    assert resource.download_count == 3
    listing = admin_client.get("/admin/repository_resources/")
    assert listing.status_code == 200
    assert "Downloads" in listing.content.decode()


def test_link_only_download_goes_to_the_publisher(client):
    resource = make_resource("Linked", external_url="https://example.org/elsewhere")
    response = client.get(f"{resource.url}download/")
    assert response["Location"] == "https://example.org/elsewhere"


def test_pdf_thumbnail_is_generated_and_a_broken_file_never_breaks_the_save(client, monkeypatch):
    resource = make_resource("With thumbnail", document=make_document("Thumb source"))
    assert resource.listing_image is not None
    assert resource.listing_image.width > 100
    # The worker also made the pictures its card and its page show.
    made = set(resource.listing_image.renditions.values_list("filter_spec", flat=True))
    assert {"fill-320x200-c0", "width-320"} <= made

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr("pages.repository.thumbnails._render_first_page", broken)
    before = SiteImage.objects.count()
    survived = make_resource("Broken thumbnail", document=make_document("Broken source"))
    assert survived.pk and survived.listing_image is None
    assert SiteImage.objects.count() == before


def test_csv_export_has_one_row_per_result_and_neutralises_formulas(client):
    make_resource('=HYPERLINK("http://evil")', summary="+cmd|' /C calc'!A0", cities="@SUM(1)")
    response = client.get(f"{repository().url}export/csv/?q=hyperlink")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "title"
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"].startswith("'=") and row["summary"].startswith("'+") and row["cities"].startswith("'@")
    everything = client.get(f"{repository().url}export/csv/?type=report")
    report_rows = list(csv.reader(io.StringIO(b"".join(everything.streaming_content).decode("utf-8-sig"))))
    assert len(report_rows) - 1 == json.loads(client.get(f"{repository().url}api/?type=report").content)["count"]


def test_json_api_pages_and_documents_its_shape(client):
    data = json.loads(client.get(f"{repository().url}api/?per_page=5&type=guideline-toolkit").content)
    assert set(data) >= {"count", "page", "pages", "next", "previous", "results", "facets", "filters"}
    assert len(data["results"]) == 5 and data["filters"] == {"type": ["guideline-toolkit"]}
    assert "type=guideline-toolkit" in data["next"] and "page=2" in data["next"]
    item = data["results"][0]
    assert set(item) >= {"title", "url", "publisher", "publication_date", "themes", "countries", "citation", "file"}


def test_feeds_list_new_resources(client):
    make_resource("Brand new resource for the feed")
    rss = client.get(f"{repository().url}feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Brand new resource for the feed" in rss.content.decode()
    atom = client.get(f"{repository().url}feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Brand new resource for the feed" in atom.content.decode()


def test_admin_can_create_taxonomies_and_see_the_resource_listing(admin_client):
    for url in (
        "/admin/snippets/repository/resourcetype/",
        "/admin/snippets/repository/resourcetheme/",
        "/admin/snippets/repository/publisher/",
        "/admin/snippets/repository/resourcelanguage/",
        "/admin/repository_suggestions/",
        "/admin/repository/import/",
    ):
        assert admin_client.get(url).status_code == 200, url
