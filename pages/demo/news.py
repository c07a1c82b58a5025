"""News & Events: the index, the story categories and the seed stories and events."""

import json
import zoneinfo
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from pages.models import EventPage, NewsIndexPage, SectionPage, StoryCategory, StoryPage

from .media import placeholder_image
from .pages import rich_paragraphs, upsert_child
from .registry import demo_step

DATA = Path(__file__).parent / "data" / "stories.json"


@demo_step(order=20)
def load_news(context):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    home = context.home
    index = upsert_child(
        home, NewsIndexPage, data["index"]["slug"], show_in_menus=False, **_without(data["index"], "slug")
    )
    categories = {}
    for item in data["categories"]:
        categories[item["slug"]], _created = StoryCategory.objects.update_or_create(
            slug=item["slug"],
            locale_id=home.locale_id,
            defaults={"name": item["name"], "description": item["description"]},
        )
    sections = {section.slug: section for section in SectionPage.objects.filter(locale=home.locale_id)}
    stories = {}
    for item in data["items"]:
        stories[item["slug"]] = _load_item(index, item, categories, sections)

    home.activities_heading = data["home"]["activities_heading"]
    home.activities_category = categories[data["home"]["activities_category"]]
    home.featured_pages = [{"type": "page", "value": stories[slug].pk} for slug in data["home"]["featured"]]
    home.save_revision().publish()
    context.created.update(news_index=index, stories=stories, story_categories=categories)
    context.report(f"News & Events: {len(stories)} stories and events, {len(categories)} categories.")


def _load_item(index, item, categories, sections):
    fields = {
        "title": item["title"],
        "date": date.fromisoformat(item["date"]),
        "teaser": item["teaser"],
        "body": rich_paragraphs(item["body"]),
        "category": categories[item["category"]],
        "hero_image": placeholder_image(item["title"]),
    }
    model = StoryPage
    if item["kind"] == "event":
        model = EventPage
        zone = zoneinfo.ZoneInfo(item["time_zone"])
        fields.update(
            start=timezone.make_aware(datetime.fromisoformat(item["start"]), zone),
            end=timezone.make_aware(datetime.fromisoformat(item["end"]), zone),
            time_zone=item["time_zone"],
            venue=item["venue"],
            is_online=item["is_online"],
            registration_url=item["registration_url"],
            recording_url=item["recording_url"],
        )
    page = upsert_child(index, model, item["slug"], **fields)
    page.tags.set(item["tags"])
    page.sections.set([sections[slug] for slug in item["sections"] if slug in sections])
    page.save_revision().publish()
    return page


def _without(values, *names):
    return {name: value for name, value in values.items() if name not in names}
