"""`setup_site` gives the default site the address of WAGTAILADMIN_BASE_URL, so absolute links
(canonical, Open Graph, sitemap, JSON-LD) name the real host instead of `http://localhost/`."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

pytestmark = pytest.mark.django_db

STORY = "/news-events/cop26-highlight/"


def default_site():
    return Site.objects.get(is_default_site=True)


def set_site_address(hostname, port):
    Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)


def setup_site_with(base_url):
    with override_settings(WAGTAILADMIN_BASE_URL=base_url):
        call_command("setup_site", verbosity=0)


def test_setup_replaces_the_placeholder_address_and_links_carry_it(client):
    set_site_address("localhost", 80)  # what Wagtail's first migration leaves
    setup_site_with("http://127.0.0.1:8000")

    html = client.get(STORY, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{STORY}">' in html
    assert f'<meta property="og:url" content="http://127.0.0.1:8000{STORY}">' in html
    assert "http://localhost/" not in html
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert f"<loc>http://127.0.0.1:8000{STORY}</loc>" in sitemap
    assert "http://localhost/" not in sitemap


def test_https_base_url_gives_port_443_and_https_links():
    set_site_address("localhost", 80)
    setup_site_with("https://www.uclg-aspac.org")
    site = default_site()
    assert (site.hostname, site.port, site.root_url) == ("www.uclg-aspac.org", 443, "https://www.uclg-aspac.org")


def test_setup_keeps_an_address_an_operator_chose():
    set_site_address("www.uclg-aspac.org", 443)
    setup_site_with("http://127.0.0.1:8000")
    site = default_site()
    assert (site.hostname, site.port) == ("www.uclg-aspac.org", 443)


def test_setup_is_idempotent():
    set_site_address("localhost", 80)
    setup_site_with("http://127.0.0.1:8000")
    setup_site_with("http://127.0.0.1:8000")
    assert Site.objects.filter(hostname="127.0.0.1", port=8000).count() == 1


def test_demo_content_keeps_the_address_setup_gave():
    """`make run` runs setup_site before load_demo_content, which replaces the welcome page (and
    with it Wagtail's first Site): the demo site still has WAGTAILADMIN_BASE_URL's address."""
    site = default_site()
    assert site.root_url == "http://testserver"
    assert site.root_page.specific_class.__name__ == "HomePage"
