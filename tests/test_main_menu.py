"""The *Main menu* setting: editors choose the header's items (order, labels) and the footer's
page links in one admin screen; with no items the menu comes from the page tree."""

import re

import pytest
from django.test import Client
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from pages.models import MainMenu, SectionPage
from tests.builders_news import make_story

pytestmark = pytest.mark.django_db


def settings_url():
    return f"/admin/settings/pages/mainmenu/{Site.objects.get(is_default_site=True).pk}/"


def header_labels(client):
    html = client.get("/about-us/").content.decode()
    nav = html[html.index('<nav id="main-nav"') : html.index("</nav>", html.index('<nav id="main-nav"'))]
    return re.findall(r'class="main-nav__link" href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def footer_links(client):
    html = client.get("/about-us/").content.decode()
    if 'id="footer-pages"' not in html:
        return []
    part = html[html.index('id="footer-pages"') :]
    part = part[: part.index("</section>")]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', part)


def save_menu(admin_client, items, footer=()):
    """Post the setting's form as the editor does: the existing links deleted, the new ones added."""
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))

    def links(existing, rows):
        removed = [
            {"id": link.pk, "page": link.page_id, "label": link.label, "ORDER": "0", "DELETE": "1"}
            for link in existing.all()
        ]
        added = [{"page": page.pk, "label": label, "ORDER": str(order)} for order, (page, label) in enumerate(rows, 1)]
        return inline_formset(removed + added, initial=len(removed))

    data = nested_form_data(
        {"menu_items": links(menu.menu_items, items), "footer_links": links(menu.footer_links, footer)}
    )
    response = admin_client.post(settings_url(), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_editors_choose_menu_order_and_labels_and_clearing_brings_the_tree_back(admin_client):
    client = Client()  # a visitor, not the signed-in editor
    tree_menu = header_labels(client)
    assert len(tree_menu) >= 3
    about = Page.objects.get(slug="about-us")
    news = Page.objects.get(locale__language_code="en", slug="news-events")
    repository = Page.objects.get(locale__language_code="en", slug="covid-19-repository")
    assert "Main menu" in admin_client.get(settings_url()).content.decode()

    save_menu(admin_client, [(repository, "Repository"), (about, ""), (news, "News")], footer=[(about, "Who we are")])

    assert header_labels(client) == [
        ("/covid-19-repository/", "Repository"),
        ("/about-us/", about.title),
        ("/news-events/", "News"),
    ]
    assert footer_links(client) == [("/about-us/", "Who we are")]

    save_menu(admin_client, [])
    assert header_labels(client) == tree_menu
    assert footer_links(client) == []


def test_chosen_items_keep_their_children_and_skip_unpublished_pages(admin_client):
    client = Client()
    section = SectionPage.objects.filter(live=True).first()
    child = section.get_children().live().in_menu().first()
    draft = make_story("Unpublished item", live=False)
    save_menu(admin_client, [(section, "Section"), (draft, "Draft")])
    html = client.get("/").content.decode()
    assert ">Section</a>" in html and ">Draft</a>" not in html
    if child is not None:
        assert f">{child.title}</a>" in html


@pytest.mark.usefixtures("page_cache_on")
def test_a_saved_menu_replaces_pages_already_in_the_page_cache(admin_client):
    visitor = Client()
    visitor.get("/about-us/")
    assert visitor.get("/about-us/")["X-Page-Cache"] == "hit"
    save_menu(admin_client, [(Page.objects.get(slug="about-us"), "Only item")])
    assert header_labels(visitor) == [("/about-us/", "Only item")]
