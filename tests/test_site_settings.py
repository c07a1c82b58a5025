"""Navigation and footer come from the page tree and the site settings, not the templates."""

import pytest

from pages.models import SectionPage, SiteSettings

pytestmark = pytest.mark.django_db


def _settings(home_page):
    return SiteSettings.for_site(home_page.get_site())


def test_footer_shows_what_the_settings_say(client, home_page):
    settings = _settings(home_page)
    settings.address = "Balai Kota, Jalan Merdeka 1"
    settings.email = "secretariat@example.org"
    settings.phone = "+62 21 000 0000"
    settings.social_links = [{"type": "link", "value": {"network": "Mastodon", "url": "https://social.example/@u"}}]
    settings.save()
    html = client.get("/").content.decode()
    assert "Balai Kota, Jalan Merdeka 1" in html
    assert 'href="mailto:secretariat@example.org"' in html
    assert "Mastodon" in html


def test_organisation_name_and_external_links_come_from_settings(client, home_page):
    settings = _settings(home_page)
    settings.organisation_short_name = "ASPAC Test"
    settings.external_links = [
        {"type": "link", "value": {"title": "Partner Network", "url": "https://partner.example/"}}
    ]
    settings.save()
    html = client.get("/about-us/").content.decode()
    assert "ASPAC Test" in html
    assert "Partner Network" in html
    assert "https://www.uclg.org/" not in html


def test_navigation_follows_show_in_menus_and_tree_order(client):
    section = SectionPage.objects.get(locale__language_code="en", slug="standing-committee")
    section.show_in_menus = False
    section.save_revision().publish()
    nav = client.get("/").content.decode().split('id="main-nav"')[1].split("</nav>")[0]
    assert "Standing Committee" not in nav
    assert "Capacity Building" in nav


def test_navigation_shows_children_as_a_submenu(client):
    from tests.builders import add_standard_pages

    section = SectionPage.objects.get(locale__language_code="en", slug="policy-research")
    add_standard_pages(section, 2, prefix="Policy brief")
    nav = client.get("/").content.decode().split('id="main-nav"')[1].split("</nav>")[0]
    assert 'class="main-nav__submenu"' in nav
    assert "Policy brief 0" in nav and "Policy brief 1" in nav
