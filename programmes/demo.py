"""Programmes & Projects: the index in the main navigation and the four seed programmes."""

import json
from datetime import date
from pathlib import Path

from wagtail.models import Page

from pages.demo.media import placeholder_image, placeholder_pdf
from pages.demo.pages import rich_paragraphs, upsert_child
from pages.demo.registry import demo_step
from programmes.models import (
    PartnerOrganisation,
    ProgrammeDocument,
    ProgrammeGalleryImage,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeRelatedStory,
    ThematicArea,
)

DATA = Path(__file__).parent / "demo_data.json"


@demo_step(order=40)
def load_programmes(context):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    home = context.home
    index_data = data["index"]
    index = upsert_child(
        home,
        ProgrammeIndexPage,
        index_data["slug"],
        title=index_data["title"],
        introduction=index_data["introduction"],
        page_size=index_data["page_size"],
        listing_image=placeholder_image(index_data["title"]),
        show_in_menus=True,
    )
    _place_after(index, home, index_data["after"])
    index = ProgrammeIndexPage.objects.get(pk=index.pk)  # moving changes its tree path
    areas = {}
    for item in data["thematic_areas"]:
        areas[item["slug"]], _created = ThematicArea.objects.update_or_create(
            slug=item["slug"],
            locale_id=home.locale_id,
            defaults={"name": item["name"], "description": item["description"]},
        )
    partners = {}
    for item in data["partners"]:
        partners[item["name"]], _created = PartnerOrganisation.objects.update_or_create(
            name=item["name"],
            locale_id=home.locale_id,
            defaults={"url": item["url"], "logo": placeholder_image(f"{item['name']} logo", 320, 160)},
        )
    news_index = home.get_children().filter(slug="news-events").first()
    programmes = [_load_programme(index, item, areas, partners, news_index) for item in data["programmes"]]
    context.created.update(programme_index=index, programmes=programmes)
    context.report(f"Programmes & Projects: {len(programmes)} programmes.")


def _place_after(page, parent, sibling_slug):
    """Keep the menu order of the original site: the index right after `sibling_slug`."""
    sibling = parent.get_children().filter(slug=sibling_slug).first()
    if sibling is None:
        return
    next_sibling = sibling.get_next_sibling()
    if next_sibling is None or next_sibling.pk != page.pk:
        Page.objects.get(pk=page.pk).move(sibling, pos="right")


def _load_programme(index, item, areas, partners, news_index):
    image = placeholder_image(item["title"])
    programme = upsert_child(
        index,
        ProgrammePage,
        item["slug"],
        title=item["title"],
        summary=item["summary"],
        status=item["status"],
        start_date=date.fromisoformat(item["start_date"]),
        end_date=date.fromisoformat(item["end_date"]) if item["end_date"] else None,
        countries=item["countries"],
        cities=item["cities"],
        contact_name=item["contact_name"],
        contact_email=item["contact_email"],
        body=rich_paragraphs(item["body"]),
        listing_image=image,
    )
    programme.thematic_areas.set([areas[slug] for slug in item["thematic_areas"]])
    programme.partners.set([partners[name] for name in item["partners"]])
    brief = placeholder_pdf(f"{item['title']} – programme brief", item["body"], pages=2)
    programme.documents = [ProgrammeDocument(document=brief)]
    programme.gallery_images = [
        ProgrammeGalleryImage(image=image, caption=item["title"]),
        ProgrammeGalleryImage(image=placeholder_image(f"{item['title']} workshop"), caption=item["cities"]),
    ]
    stories = []
    if news_index is not None:
        by_slug = {page.slug: page for page in news_index.get_children().filter(slug__in=item["stories"])}
        stories = [by_slug[slug] for slug in item["stories"] if slug in by_slug]
    programme.related_stories = [ProgrammeRelatedStory(page=story) for story in stories]
    programme.save_revision().publish()
    return programme
