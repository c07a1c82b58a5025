"""Indonesian, Chinese and Korean versions of the home page, the sections, News & Events and
three stories, so the language switcher has something to switch to. Each says in its search
description that it is a demo translation awaiting review."""

import json
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale

from .registry import demo_step

DATA = Path(__file__).parent / "data" / "translations.json"


@demo_step(order=90)
def load_translations(context):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code in data["demo_mark"]]
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in languages}
    count = 0
    for item in data["pages"]:
        source = _page_at(context.home, item["path"])
        if source is None:
            continue
        for code in languages:
            _translate(source, locales[code], item[code], data["demo_mark"][code])
            count += 1
    context.report(f"Demo translations: {count} pages in {', '.join(languages) or 'no other language'}.")


def _page_at(home, slugs):
    page = home
    for slug in slugs:
        page = page.get_children().filter(slug=slug).first()
        if page is None:
            return None
    return page.specific


def _translate(source, locale, fields, demo_mark):
    """The published translation of `source` in `locale`, created from a copy of it when missing."""
    translation = source.get_translation_or_none(locale)
    if translation is None:
        translation = source.copy_for_translation(locale, copy_parents=True)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.search_description = demo_mark
    translation.save_revision().publish()
    return translation
