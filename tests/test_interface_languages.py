"""The interface in each of the site's languages: every string marked for translation is in
each catalogue, the visitor-facing ones are translated, dates and amounts follow the language,
forms, emails, feeds, calendars and error pages speak the language of their address."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from wagtail.models import Locale

from members.models import CorrespondenceLanguage, MembershipApplication
from pages.interface_strings import marked_strings
from pages.models import HomePage, StoryPage
from tests.builders import form_started
from tests.builders_members import application_data, membership_page

OTHER_LANGUAGES = ["id", "zh-hans", "ko"]
CATALOGUE_FOLDERS = {"id": "id", "zh-hans": "zh_Hans", "ko": "ko"}
REVIEW_STATES = re.compile(r"^(awaiting native-speaker review|reviewed by .+, \d{4}-\d{2}-\d{2})$")
# The Python modules whose strings visitors read: public forms and their validation messages,
# emails, feeds, and the answers of public views. Every template outside the admin counts too.
VISITOR_MODULES = {
    "members/emails.py",
    "members/forms.py",
    "newsletters/emails.py",
    "newsletters/feeds.py",
    "newsletters/forms.py",
    "pages/forms.py",
    "pages/middleware.py",
    "pages/news/feeds.py",
    "pages/news/forms.py",
    "pages/pdf.py",
    "pages/protection.py",
    "pages/repository/facets.py",
    "pages/repository/feeds.py",
    "pages/repository/finder.py",
    "pages/repository/forms.py",
    "pages/repository/views.py",
    "programmes/forms.py",
    "programmes/news_filter.py",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TRANSLATED_STORY = "/news-events/cop26-highlight/"


def _catalogue(language):
    path = Path(settings.BASE_DIR) / "locale" / CATALOGUE_FOLDERS[language] / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(path))


def _seen_by_visitors(place):
    if place.startswith("templates/"):
        return "/admin/" not in place and not place.startswith(("templates/wagtail", "templates/pages/admin_"))
    return place in VISITOR_MODULES


# --- The catalogues --------------------------------------------------------------------


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_string_marked_for_translation_is_in_the_catalogue(language):
    """A string marked in a template or in code but missing from the .po would show in English
    without anyone noticing; `manage.py update_translations` adds it."""
    known = {(entry.msgctxt or "", entry.msgid) for entry in _catalogue(language)}
    missing = [
        f"{found.places[0]}: {message}"
        for (context, message), found in marked_strings().items()
        if (context, message) not in known
    ]
    assert missing == []


def test_the_extraction_finds_template_python_and_plural_strings():
    marked = marked_strings()
    assert "templates/base.html" in marked[("", "Skip to main content")].places
    assert "members/forms.py" in marked[("", "Official website")].places
    assert marked[("", "%(counter)s member")].plural == "%(counter)s members"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_what_visitors_read_is_translated_with_the_same_placeholders(language):
    entries = {(entry.msgctxt or "", entry.msgid): entry for entry in _catalogue(language)}
    untranslated, broken = [], []
    for key, found in marked_strings().items():
        if not any(_seen_by_visitors(place) for place in found.places):
            continue
        entry = entries.get(key)
        if entry is None or not entry.translated():
            untranslated.append(key[1])
            continue
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        if any(set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(entry.msgid)) for text in translations):
            broken.append(key[1])
    assert untranslated == []
    assert broken == []


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_each_catalogue_says_whether_a_native_speaker_has_reviewed_it(language):
    assert REVIEW_STATES.match(_catalogue(language).metadata.get("X-Review-Status", ""))


def test_a_string_without_translation_shows_in_english():
    untranslated = next(entry.msgid for entry in _catalogue("ko") if not entry.translated() and not entry.msgid_plural)
    with translation.override("ko"):
        assert translation.gettext(untranslated) == untranslated


# --- Dates and numbers --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "17 August 2022"), ("id", "17 Agustus 2022"), ("zh-hans", "2022年8月17日"), ("ko", "2022년 8월 17일")],
)
def test_a_storys_date_follows_the_language(client, language, shown):
    english = StoryPage.objects.get(locale__language_code="en", slug="cop26-highlight")
    StoryPage.objects.filter(translation_key=english.translation_key).update(date=date(2022, 8, 17))
    prefix = "" if language == "en" else f"/{language}"
    html = client.get(prefix + TRANSLATED_STORY).content.decode()
    assert f'<time datetime="2022-08-17">{shown}</time>' in html


# --- Membership -----------------------------------------------------------------------------


def _translated_membership_page(language):
    """The Be a Member page translated into `language`, published under its prefix."""
    translation_page = membership_page().copy_for_translation(Locale.objects.get(language_code=language)).specific
    translation_page.save_revision().publish()
    return translation_page


def _correspondence(name):
    return CorrespondenceLanguage.objects.get(name=name).pk


@pytest.mark.django_db
# Django's Chinese format groups digits by ten thousand (万), with no separator below that.
@pytest.mark.parametrize(
    ("language", "heading", "thousands"),
    [("id", "Biaya tahunan indikatif", "6.000"), ("zh-hans", "指示性年费", "6000"), ("ko", "연간 예상 회비", "6,000")],
)
def test_the_join_form_speaks_the_language_of_its_address(client, language, heading, thousands):
    url = _translated_membership_page(language).url
    assert url == f"/{language}/be-a-member/"
    html = client.get(url).content.decode()
    assert heading in html
    assert re.search(rf"<td>{re.escape(thousands)}</td>", html), "amounts are grouped the language's way"
    with translation.override(language):
        expected_error = translation.gettext("We can only process your application with your consent.")
    data = application_data(token=form_started(html), consent=None)
    response = client.post(url, data)
    assert response.status_code == 200
    assert expected_error in response.content.decode()
    assert expected_error != "We can only process your application with your consent."


@pytest.mark.django_db
def test_an_application_from_the_indonesian_page_is_acknowledged_in_indonesian(client):
    url = _translated_membership_page("id").url
    token = form_started(client.get(url).content.decode())
    response = client.post(url, application_data(token=token, preferred_language=_correspondence("日本語 (Japanese)")))
    assert response["Location"] == "/id/be-a-member/thanks/"
    application = MembershipApplication.objects.get()
    assert application.submitted_language == "id"
    acknowledgement, notification = mail.outbox
    assert acknowledgement.subject.startswith("Permohonan keanggotaan UCLG ASPAC Anda")
    assert "Terima kasih" in acknowledgement.body and "Terima kasih" in acknowledgement.alternatives[0][0]
    assert "6.000" in acknowledgement.body
    assert '<html lang="id">' in acknowledgement.alternatives[0][0]
    assert '<html lang="en">' in notification.alternatives[0][0]
    assert notification.subject.startswith("New membership application"), "staff read English"
    assert "Country or territory" in notification.body


@pytest.mark.django_db
def test_an_applicant_choosing_a_language_of_the_site_is_written_to_in_it(client):
    token = form_started(client.get("/be-a-member/").content.decode())
    client.post("/be-a-member/", application_data(token=token, preferred_language=_correspondence("한국어 (Korean)")))
    acknowledgement, notification = mail.outbox
    assert MembershipApplication.objects.get().submitted_language == "en"
    assert "UCLG ASPAC 회원 가입 신청" in acknowledgement.subject
    assert notification.subject.startswith("New membership application")


# --- Newsletter subscription --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label", "subject"),
    [
        ("id", "Alamat email", "Mohon konfirmasi langganan buletin UCLG ASPAC Anda"),
        ("zh-hans", "电子邮件地址", "请确认订阅 UCLG ASPAC 简报"),
        ("ko", "이메일 주소", "UCLG ASPAC 뉴스레터 구독을 확인해 주세요"),
    ],
)
def test_subscribing_under_a_prefix_is_answered_in_that_language(client, language, label, subject):
    url = f"/{language}/newsletters/subscribe/"
    html = client.get(url).content.decode()
    assert label in html
    with translation.override(language):
        expected_error = translation.gettext("Tick this box to subscribe.")
    email = "walikota@surabaya.go.id"
    invalid = client.post(url, {"email": email, "form_started": form_started(html)}).content.decode()
    assert expected_error in invalid
    response = client.post(url, {"email": email, "consent": "on", "form_started": form_started(invalid)})
    assert response["Location"] == f"/{language}/newsletters/subscribe/sent/"
    (message,) = mail.outbox
    assert message.subject == subject
    assert f"http://testserver/{language}/newsletters/subscribe/confirm/" in message.body
    assert f'<html lang="{language}">' in message.alternatives[0][0]


# --- Feeds and calendars ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_indonesian_news_feed_lists_the_indonesian_stories_in_indonesian(client):
    response = client.get("/id/news-events/feed/rss/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "id"
    links = [item.findtext("link") for item in channel.findall("item")]
    indonesian = StoryPage.objects.live().filter(locale__language_code="id")
    assert links and sorted(links) == sorted(page.get_full_url() for page in indonesian)
    assert ET.fromstring(client.get("/news-events/feed/rss/").content).find("channel").findtext("language") == "en"


@pytest.mark.django_db
def test_the_korean_atom_feed_is_marked_korean(client):
    response = client.get("/ko/news-events/feed/atom/")
    assert response.status_code == 200
    assert ET.fromstring(response.content).get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "name"), [("id", "Acara UCLG ASPAC"), ("ko", "UCLG ASPAC 행사")])
def test_the_events_calendar_is_named_in_the_language_of_its_address(client, language, name):
    response = client.get(f"/{language}/news-events/calendar/")
    assert response.status_code == 200
    assert f"X-WR-CALNAME:{name}" in response.content.decode()


# --- Error pages ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("id", "Halaman tidak ditemukan"), ("zh-hans", "找不到页面"), ("ko", "페이지를 찾을 수 없습니다")],
)
def test_the_not_found_page_is_in_the_language_of_its_address(client, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert f'<html lang="{language}"' in response.content.decode()
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("id", "Maaf, terjadi kesalahan"), ("zh-hans", "抱歉，出错了"), ("ko", "죄송합니다. 문제가 발생했습니다")],
)
def test_the_server_error_page_is_in_the_language_of_its_address(client, monkeypatch, language, heading):
    def broken(*args, **kwargs):
        raise RuntimeError("a fault in the page")

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'href="/{language}/"' in html
