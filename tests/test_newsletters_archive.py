"""The newsletter archive, volume pages, downloads, the home page block and the feeds."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.management import call_command

from newsletters.models import VolumePage
from tests.builders import make_document, query_count
from tests.builders_newsletters import archive_page, make_volume

pytestmark = pytest.mark.django_db


DEMO_TITLES = ["Vol. 37", "Vol. 36", "Vol. 35", "Vol. 34", "Vol. 33", "Vol. 32"]


def _volume_titles(html):
    return re.findall(r'class="volume-card__link" href="[^"]+">([^<]+)</a>', html)


def test_the_demo_archive_lists_volumes_newest_first(client):
    response = client.get("/newsletters/")
    assert response.status_code == 200
    assert _volume_titles(response.content.decode()) == DEMO_TITLES


def test_the_year_filter_shows_only_that_years_volumes(client):
    html = client.get("/newsletters/?year=2019").content.decode()
    assert _volume_titles(html) == ["Vol. 35", "Vol. 34"]
    assert "Volumes published in 2019" in html
    assert '<option value="2021">2021</option>' in html


@pytest.mark.parametrize(
    "query",
    ["?year=abc", "?year=1900", "?year=%00", "?page=zz", "?page=-1", "?page=99999", "?year=2019&page=abc", "?year="],
)
def test_bad_filter_or_page_values_never_fail(client, query):
    response = client.get("/newsletters/" + query)
    assert response.status_code == 200


def test_an_unknown_year_shows_no_volumes_and_says_so(client):
    html = client.get("/newsletters/?year=1999").content.decode()
    assert _volume_titles(html) == []
    assert "No volumes match this choice." in html


def test_pagination_follows_the_editor_set_page_size(client):
    archive = archive_page()
    archive.volumes_per_page = 4
    archive.save_revision().publish()
    first = client.get("/newsletters/").content.decode()
    second = client.get("/newsletters/?page=2").content.decode()
    assert _volume_titles(first) == ["Vol. 37", "Vol. 36", "Vol. 35", "Vol. 34"]
    assert _volume_titles(second) == ["Vol. 33", "Vol. 32"]
    assert "Page 2 of 2" in second


def test_archive_cards_link_straight_to_the_pdf_with_its_size(client):
    html = client.get("/newsletters/").content.decode()
    assert re.search(r'href="/newsletters/vol-37/download/" download>Download PDF \(\d+(\.\d)?\s?KB\)', html)


def test_unpublished_volumes_are_not_listed(client):
    make_volume(40, date(2021, 8, 1), live=False)
    assert "Vol. 40" not in _volume_titles(client.get("/newsletters/").content.decode())


def test_the_volume_page_shows_size_page_count_and_contents(client):
    html = client.get("/newsletters/vol-37/").content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "6 pages" in html
    assert re.search(r"File size</dt><dd>\d+(\.\d)?\s?KB</dd>", html)
    assert "Towards the 8th UCLG ASPAC Congress" in html
    assert "page 2" in html


def test_the_download_has_pdf_headers_and_a_friendly_name(client):
    response = client.get("/newsletters/vol-37/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="uclg-aspac-newsletter-vol-37.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_volume_whose_pdf_was_deleted_has_no_download(client):
    document = make_document("Soon deleted")
    make_volume(41, date(2021, 8, 1), pdf=document)
    document.delete()
    assert client.get("/newsletters/vol-41/").status_code == 200
    assert client.get("/newsletters/vol-41/download/").status_code == 404


def test_the_home_page_shows_the_latest_six_volumes(client):
    make_volume(31, date(2017, 12, 1), pdf=make_document("Old volume"))
    html = client.get("/").content.decode()
    assert _volume_titles(html) == DEMO_TITLES
    assert 'href="/newsletters/vol-37/"' in html
    assert 'href="/newsletters/"' in html


def test_a_visitor_goes_from_the_home_page_to_the_pdf(client):
    home = client.get("/").content.decode()
    volume_url = re.search(r'class="volume-card__link" href="([^"]+)">Vol. 37<', home).group(1)
    volume = client.get(volume_url).content.decode()
    download_url = re.search(r'class="button volume__download" href="([^"]+)"', volume).group(1)
    response = client.get(download_url)
    assert response["Content-Type"] == "application/pdf"


def test_the_archive_and_volume_pages_stay_cacheable(client):
    for url in ["/newsletters/", "/newsletters/vol-37/", "/"]:
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies


def test_the_archive_offers_a_get_form_to_the_subscription_page(client):
    html = client.get("/newsletters/").content.decode()
    assert re.search(r'<form class="newsletter-signup__form" method="get" action="/newsletters/subscribe/">', html)


def _rss_items(client, url="/newsletters/feed/"):
    response = client.get(url)
    assert response.status_code == 200
    return response, ET.fromstring(response.content)


def test_the_rss_feed_is_valid_xml_with_pdf_enclosures(client):
    response, root = _rss_items(client)
    assert response["Content-Type"].startswith("application/rss+xml")
    items = root.findall("./channel/item")
    assert [item.findtext("title").split(" (")[0] for item in items][:2] == ["Vol. 37", "Vol. 36"]
    enclosure = items[0].find("enclosure")
    assert enclosure.get("type") == "application/pdf"
    assert enclosure.get("url") == "http://testserver/newsletters/vol-37/download/"
    volume = VolumePage.objects.get(volume_number=37)
    assert int(enclosure.get("length")) == volume.pdf.file_size > 0


def test_the_atom_feed_has_enclosure_links(client):
    response, root = _rss_items(client, "/newsletters/feed/atom/")
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entries = root.findall("atom:entry", namespace)
    assert len(entries) == 6
    link = entries[0].find("atom:link[@rel='enclosure']", namespace)
    assert link.get("type") == "application/pdf"
    assert link.get("href").endswith("/newsletters/vol-37/download/")


def test_text_inside_a_volume_pdf_is_searchable(client):
    document = make_document("Bulletin", content=None)
    document.title = "Bulletin"
    make_volume(42, date(2021, 8, 1), pdf=document)
    volume = VolumePage.objects.get(volume_number=42)
    volume.save_revision().publish()
    html = client.get("/search/?q=Cities+and+local+governments").content.decode()
    assert "Vol. 42" in html


def test_archive_queries_do_not_grow_from_6_to_300_volumes(client):
    archive = archive_page()
    archive.volumes_per_page = 60
    archive.save_revision().publish()
    few = query_count(client, "/newsletters/")
    few_home = query_count(client, "/")
    call_command("generate_volumes", 294, stdout=open("/dev/null", "w"))
    assert VolumePage.objects.live().count() == 300
    many = query_count(client, "/newsletters/")
    assert len(_volume_titles(client.get("/newsletters/").content.decode())) == 60
    assert many == few
    assert many <= 30
    assert query_count(client, "/newsletters/?year=2022") == few
    assert query_count(client, "/") == few_home
