"""The site itself: settings, home page, sections and general pages."""

import json
from pathlib import Path

from wagtail.models import Locale, Page, Site

from pages.models import HomePage, SectionPage, SiteSettings, StandardPage

from .media import placeholder_image
from .pages import rich_paragraphs, upsert_child
from .registry import demo_step

DATA = Path(__file__).parent / "data" / "site.json"


def load_data():
    return json.loads(DATA.read_text(encoding="utf-8"))


def ensure_home_page(data) -> HomePage:
    """The home page as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    # Deleting the welcome page deletes its Site too: keep the address `setup_site` gave it.
    address = Site.objects.filter(is_default_site=True).values_list("hostname", "port").first()
    for welcome in Page.objects.child_of(root).filter(content_type__app_label="wagtailcore"):
        welcome.delete()
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        home = HomePage(title=data["home"]["title"], slug="home")
        root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = address or (site.hostname or "localhost", site.port or 80)
    site.root_page = home
    site.site_name = data["settings"]["organisation_short_name"]
    site.save()
    return home


@demo_step(order=0)
def load_foundation(context):
    data = load_data()
    home = context.home
    for field, value in data["home"].items():
        setattr(home, field, value)
    home.listing_image = placeholder_image("UCLG ASPAC")

    sections = []
    for section in data["sections"]:
        sections.append(
            upsert_child(
                home,
                SectionPage,
                section["slug"],
                title=section["title"],
                introduction=section["introduction"],
                body=rich_paragraphs(section["body"]),
                listing_image=placeholder_image(section["title"]),
                show_in_menus=True,
            )
        )
    standard = {}
    for item in data["standard_pages"]:
        standard[item["slug"]] = upsert_child(
            home,
            StandardPage,
            item["slug"],
            title=item["title"],
            introduction=item["introduction"],
            body=rich_paragraphs(item["body"]),
            show_in_menus=item["show_in_menus"],
        )
    home.save_revision().publish()
    _load_settings(data["settings"], home, standard["privacy-notice"])
    context.created.update(sections=sections, standard_pages=standard)
    context.report(f"Foundation: {len(sections)} sections, {len(standard)} general pages.")


def _load_settings(values, home, privacy_page):
    site = Site.objects.get(root_page=home)
    settings = SiteSettings.for_site(site)
    for field in ("organisation_name", "organisation_short_name", "address", "email", "phone"):
        setattr(settings, field, values[field])
    settings.social_links = [{"type": "link", "value": link} for link in values["social_links"]]
    settings.external_links = [{"type": "link", "value": link} for link in values["external_links"]]
    settings.privacy_page = privacy_page
    settings.logo = placeholder_image("UCLG ASPAC logo", 240, 240)
    settings.social_image = placeholder_image("UCLG ASPAC", 1200, 630)
    settings.save()
