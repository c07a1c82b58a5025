"""Demo content of the COVID-19 repository: taxonomies, publishers and about thirty real,
public documents (linked to their publishers' sites and marked as demo entries)."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale

from pages.demo.media import placeholder_pdf
from pages.demo.pages import upsert_child
from pages.demo.registry import demo_step
from pages.languages import in_default_language

from .models import (
    Publisher,
    ResourceCountry,
    ResourceIndexPage,
    ResourceLanguage,
    ResourcePage,
    ResourceTheme,
    ResourceType,
    SustainableDevelopmentGoal,
)

DATA = Path(__file__).parent / "data" / "resources.json"
LIST_TRANSLATIONS = Path(__file__).parent / "data" / "list_translations.json"


def _taxonomy(model, names):
    found = {}
    for name in names:
        found[name], _created = in_default_language(model.objects.all()).get_or_create(name=name)
    return found


def _publishers(entries):
    found = {}
    for entry in entries:
        publisher, _created = in_default_language(Publisher.objects.all()).update_or_create(
            name=entry["name"], defaults={"acronym": entry["acronym"], "website": entry["website"]}
        )
        found[entry["acronym"] or entry["name"]] = publisher
    return found


def _demo_document(item):
    paragraphs = [
        "Demonstration file for the UCLG ASPAC COVID-19 repository.",
        f"It stands in for: {item['title']}. Read the original on the publisher's site: {item['url']}",
        item["summary"],
        *item["lessons"],
    ]
    return placeholder_pdf(f"Demo file: {item['title']}", paragraphs, pages=3, filename=f"{item['slug'][:60]}.pdf")


@demo_step(order=30)
def load_repository(context):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    types = _taxonomy(ResourceType, data["types"])
    themes = _taxonomy(ResourceTheme, data["themes"])
    languages = {}
    for code, name in data["languages"]:
        languages[code], _created = in_default_language(ResourceLanguage.objects.all()).get_or_create(
            code=code, defaults={"name": name}
        )
    publishers = _publishers(data["publishers"])
    goals = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.all()}

    index = upsert_child(
        context.home,
        ResourceIndexPage,
        "covid-19-repository",
        title=data["index"]["title"],
        introduction=data["index"]["introduction"],
        show_in_menus=True,
    )
    resources = {}
    for item in data["resources"]:
        fields = {
            "title": item["title"],
            "summary": item["summary"],
            "body": "".join(f"<p>{lesson}</p>" for lesson in item["lessons"]),
            "resource_type": types[item["type"]],
            "phase": item["phase"],
            "status": item["status"],
            "government_level": item.get("level", ""),
            "cities": item.get("cities", ""),
            "publisher": publishers[item["publisher"]],
            "authors": item.get("authors", ""),
            "publication_date": datetime.date.fromisoformat(item["date"]),
            "external_url": item["url"],
            "identifier": item.get("identifier", ""),
            "licence": item.get("licence", ""),
            "featured": item.get("featured", False),
            "is_demo": True,
            "themes": [themes[name] for name in item["themes"]],
            "sdgs": [goals[number] for number in item["sdgs"]],
            "languages": [languages[code] for code in item["languages"]],
        }
        if item.get("pdf"):
            fields["document"] = _demo_document(item)
        existing = index.get_children().filter(slug=item["slug"]).first()
        current = {entry.country.code: entry for entry in existing.specific.countries.all()} if existing else {}
        fields["countries"] = [current.get(code) or ResourceCountry(country=code) for code in item.get("countries", [])]
        resources[item["slug"]] = upsert_child(index, ResourcePage, item["slug"], **fields)
    for item in data["resources"]:
        if item.get("superseded_by"):
            resource = resources[item["slug"]]
            resource.superseded_by = resources[item["superseded_by"]]
            resource.save_revision().publish()

    home = context.home
    home.hero_link = index
    home.save_revision().publish()
    context.created["repository"] = index
    context.report(f"Repository: {len(resources)} resources.")


@demo_step(order=35)
def load_list_translations(context):
    """Translated names of a few types, themes and languages, so the repository's filters show
    them on the translated sites; the others stay English there."""
    data = json.loads(LIST_TRANSLATIONS.read_text(encoding="utf-8"))
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != settings.LANGUAGE_CODE
    }
    count = 0
    for model, key in ((ResourceType, "types"), (ResourceTheme, "themes"), (ResourceLanguage, "languages")):
        originals = in_default_language(model.objects.filter(name__in=data[key]))
        for original in originals:
            for code, name in data[key][original.name].items():
                if code in locales:
                    _translate_name(original, locales[code], name)
                    count += 1
    context.report(f"Repository list translations: {count}.")


def _translate_name(original, locale, name):
    translation = original.get_translation_or_none(locale) or original.copy_for_translation(locale)
    translation.name = name
    translation.save()
