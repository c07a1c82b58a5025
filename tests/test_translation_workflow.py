"""Editors translate a page through the admin as wagtail-localize offers it: “Translate this
page”, the translation editor segment by segment (or a PO file downloaded for a translator and
uploaded back), publish; then the English page changes and “Sync translated pages” brings the
change over. All through the admin's HTTP views."""

import json
import re
from html import unescape
from urllib.parse import urlencode

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation

from pages.models import StoryPage

pytestmark = pytest.mark.django_db

SOURCE_SLUG = "training-public-transportation-system"
INDONESIAN_URL = f"/id/news-events/{SOURCE_SLUG}/"


@pytest.fixture
def source():
    return StoryPage.objects.get(slug=SOURCE_SLUG, locale__language_code="en")


@pytest.fixture
def indonesian():
    return Locale.objects.get(language_code="id")


def _submit(admin_client, page, locale):
    """“Translate this page” into `locale`; the translation is a draft until published."""
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = admin_client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    return page.get_translation(locale)


def _editor_props(admin_client, translated_page):
    """What the translation editor (the translated page's edit view) is given: its segments
    and the PO download and upload links."""
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[translated_page.pk])).content.decode()
    return json.loads(unescape(re.search(r'class="js-translation-editor" data-props="([^"]*)"', html).group(1)))


@pytest.fixture
def publish(admin_client, django_capture_on_commit_callbacks):
    """Publish from the translation editor. wagtail-localize publishes the new revision once the
    request's transaction commits, which a test's rolled-back transaction never does."""

    def publish(translated_page):
        edit_url = reverse("wagtailadmin_pages:edit", args=[translated_page.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert admin_client.post(edit_url, {"action": "publish"}).status_code == 302

    return publish


def test_an_editor_translates_segment_by_segment_and_publishes(admin_client, client, source, indonesian, publish):
    translated = _submit(admin_client, source, indonesian)
    assert not translated.live
    assert client.get(INDONESIAN_URL).status_code == 404

    props = _editor_props(admin_client, translated)
    segments = {segment["contentPath"]: segment for segment in props["segments"] if segment["type"] == "string"}
    assert segments["title"]["source"] == source.title
    response = admin_client.put(
        segments["title"]["editUrl"],
        urlencode({"value": "Pelatihan Sistem Transportasi Umum"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    publish(translated)

    page = client.get(INDONESIAN_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="id"' in html
    assert "Pelatihan Sistem Transportasi Umum</h1>" in html
    assert source.teaser in html  # not translated yet: the English text stands in


def test_a_translator_works_offline_with_a_po_file(admin_client, client, source, indonesian, publish):
    translated = _submit(admin_client, source, indonesian)
    links = _editor_props(admin_client, translated)["links"]

    download = admin_client.get(links["downloadPofile"])
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith("-id.po")
    po = polib.pofile(download.content.decode())
    by_context = {entry.msgctxt: entry for entry in po}
    assert by_context["title"].msgid == source.title and by_context["title"].msgstr == ""
    by_context["title"].msgstr = "Pelatihan transportasi umum (dari berkas PO)"
    by_context["teaser"].msgstr = "Ringkasan yang diterjemahkan di luar jaringan."

    upload = SimpleUploadedFile("translation.po", str(po).encode(), content_type="text/x-gettext-translation")
    edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    response = admin_client.post(links["uploadPofile"], {"file": upload, "next": edit_url})
    assert response.status_code == 302 and response["Location"] == edit_url
    publish(translated)

    html = client.get(INDONESIAN_URL).content.decode()
    assert "Pelatihan transportasi umum (dari berkas PO)" in html
    assert "Ringkasan yang diterjemahkan di luar jaringan." in html


def test_a_po_file_of_another_translation_is_refused(admin_client, source, indonesian, publish):
    translated = _submit(admin_client, source, indonesian)
    links = _editor_props(admin_client, translated)["links"]
    po = polib.pofile(admin_client.get(links["downloadPofile"]).content.decode())
    po.metadata["X-WagtailLocalize-TranslationID"] = "00000000-0000-0000-0000-000000000000"
    for entry in po:
        entry.msgstr = "Tidak boleh masuk"
    upload = SimpleUploadedFile("other.po", str(po).encode())
    admin_client.post(links["uploadPofile"], {"file": upload, "next": "/admin/"})
    publish(translated)
    translated.refresh_from_db()
    assert translated.title == source.title


def test_sync_brings_the_changed_english_text_to_the_published_translation(
    admin_client, client, source, indonesian, publish, django_capture_on_commit_callbacks
):
    translated = _submit(admin_client, source, indonesian)
    publish(translated)
    source.teaser = "A new English teaser after the translation."
    source.save_revision().publish()
    assert "A new English teaser" not in client.get(INDONESIAN_URL).content.decode()

    translation = Translation.objects.get(source__object_id=source.translation_key, target_locale=indonesian)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[translation.source_id]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    assert "A new English teaser after the translation." in client.get(INDONESIAN_URL).content.decode()
