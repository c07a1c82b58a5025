"""Reports → Translations: every English page with, per language, whether it is translated,
outdated (the English page changed since the translation was last synced) or missing; filtered
by language and status; its query count does not grow with the number of pages."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from pages.models import HomePage, StoryPage
from tests.builders import add_standard_pages

pytestmark = pytest.mark.django_db

TRANSLATED = "cop26-highlight"
UNTRANSLATED = "training-public-transportation-system"
LANGUAGES = ["Bahasa Indonesia", "简体中文", "한국어"]


def _story(slug):
    return StoryPage.objects.get(slug=slug, locale__language_code="en")


def _rows(admin_client, **filters):
    """{page title: [its cells after the title]} of the report's table."""
    response = admin_client.get(reverse("translation_status_report"), filters)
    assert response.status_code == 200
    html = response.content.decode()
    if '<table class="listing' not in html:  # no page matches
        return {}
    start = html.index('<table class="listing')
    table = html[start : html.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def _text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _statuses(row):
    """The status cells of a row (after the page type)."""
    return row[1:]


def test_the_report_is_under_reports_and_headed_by_the_languages(admin_client):
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("translation_status_report") in dashboard
    html = admin_client.get(reverse("translation_status_report")).content.decode()
    for language in LANGUAGES:
        assert language in html


def test_translated_and_missing_pages_per_language(admin_client):
    rows = _rows(admin_client)
    assert _statuses(rows[_story(TRANSLATED).title]) == ["Translated"] * 3
    assert _statuses(rows[_story(UNTRANSLATED).title]) == ["Missing"] * 3


def test_an_english_page_edited_after_its_translation_is_outdated(admin_client):
    story = _story(TRANSLATED)
    story.teaser = "Changed after the translations were made."
    story.save_revision().publish()
    assert _statuses(_rows(admin_client)[story.title]) == ["Outdated"] * 3


def test_syncing_a_translation_made_with_wagtail_localize_brings_it_up_to_date(
    admin_client, django_capture_on_commit_callbacks
):
    story = _story(UNTRANSLATED)
    korean = Locale.objects.get(language_code="ko")
    admin_client.post(reverse("wagtail_localize:submit_page_translation", args=[story.pk]), {"locales": [korean.pk]})
    translated = story.get_translation(korean)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        admin_client.post(reverse("wagtailadmin_pages:edit", args=[translated.pk]), {"action": "publish"})
    assert _statuses(_rows(admin_client)[story.title]) == ["Missing", "Missing", "Translated"]

    story.save_revision().publish()
    assert _statuses(_rows(admin_client)[story.title]) == ["Missing", "Missing", "Outdated"]

    source_id = TranslationSource.objects.get(object_id=story.translation_key).pk
    response = admin_client.post(reverse("wagtail_localize:update_translations", args=[source_id]), {})
    assert response.status_code == 302
    assert _statuses(_rows(admin_client)[story.title]) == ["Missing", "Missing", "Translated"]


def test_filter_by_language_and_status(admin_client):
    translated, untranslated = _story(TRANSLATED).title, _story(UNTRANSLATED).title
    missing_in_korean = _rows(admin_client, language="ko", status="missing")
    assert untranslated in missing_in_korean and translated not in missing_in_korean
    assert _statuses(missing_in_korean[untranslated]) == ["Missing"]  # only the chosen language's column
    translated_anywhere = _rows(admin_client, status="translated")
    assert translated in translated_anywhere and untranslated not in translated_anywhere
    assert _rows(admin_client, status="outdated") == {}


def test_the_report_reads_as_many_queries_with_more_pages(admin_client):
    url = reverse("translation_status_report")
    admin_client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url, {"status": "missing"}).status_code == 200
        return len(captured)

    before = queries()
    add_standard_pages(HomePage.objects.get(locale__language_code="en"), 30, with_image=False)
    assert queries() == before
