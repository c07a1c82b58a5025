"""An editor never loses work to a busy or failing database: an admin save is all or nothing,
and a failed save, autosave or preview answers in the admin (the form kept, an error message),
never with the public "site is briefly unavailable" page."""

import pytest
from django.db import OperationalError
from django.urls import reverse
from wagtail.admin.models import FormState
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from pages.models import NewsIndexPage, StoryCategory, StoryPage

pytestmark = pytest.mark.django_db

PUBLIC_FAULT_PAGE = "The site is briefly unavailable"


@pytest.fixture
def database_locked_at_revision(monkeypatch):
    """The database fails after the page row is written, when Wagtail saves the revision."""

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(Page, "save_revision", locked)
    return monkeypatch


def story_form(title, slug, **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": "",
            "date": "2033-03-01",
            "teaser": "A teaser typed by the editor.",
            "body": streamfield([("paragraph", rich_text("<p>Paragraph typed by the editor.</p>"))]),
            "category": StoryCategory.objects.get(slug="news").pk,
            "tags": "",
            **fields,
        }
    )


def add_story_url():
    return reverse(
        "wagtailadmin_pages:add", args=("pages", "storypage", NewsIndexPage.objects.get(locale__language_code="en").pk)
    )


def test_a_failed_create_leaves_no_page_and_the_retry_succeeds(admin_client, database_locked_at_revision):
    data = story_form("Floods in Semarang", "floods-in-semarang")
    admin_client.post(add_story_url(), data)
    assert not Page.objects.filter(slug="floods-in-semarang").exists()

    database_locked_at_revision.undo()
    retry = admin_client.post(add_story_url(), data)
    assert retry.status_code == 302, retry.content.decode()[:2000]
    story = StoryPage.objects.get(slug="floods-in-semarang")
    assert story.revisions.count() == 1


def test_a_failed_create_shows_the_form_again_with_what_was_typed(admin_client, database_locked_at_revision):
    response = admin_client.post(add_story_url(), story_form("Floods in Semarang", "floods-in-semarang"))
    html = response.content.decode()
    assert response.status_code == 200
    assert PUBLIC_FAULT_PAGE not in html
    assert "The database was busy; nothing was lost — try saving again." in html
    assert 'value="Floods in Semarang"' in html
    assert "A teaser typed by the editor." in html
    assert "Paragraph typed by the editor." in html


def test_a_failed_edit_shows_the_form_again_with_what_was_typed(admin_client, database_locked_at_revision):
    story = StoryPage.objects.live().first()
    revisions_before = story.revisions.count()
    url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    response = admin_client.post(url, story_form("A corrected title", story.slug, **{"action-publish": "publish"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert PUBLIC_FAULT_PAGE not in html
    assert "The database was busy; nothing was lost — try saving again." in html
    assert 'value="A corrected title"' in html
    story.refresh_from_db()
    assert story.title != "A corrected title"
    assert story.revisions.count() == revisions_before


def test_a_failed_autosave_answers_wagtails_autosave_in_json(admin_client, database_locked_at_revision):
    story = StoryPage.objects.live().first()
    url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    response = admin_client.post(url, story_form("Autosaved title", story.slug), headers={"accept": "application/json"})
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["success"] is False
    # A code whose message Wagtail's autosave indicator shows, and after which it keeps going.
    assert answer["error_code"] == "validation_error"
    assert "nothing was lost" in answer["error_message"]
    assert not Revision.objects.filter(object_id=str(story.pk), content__title="Autosaved title").exists()


def test_a_failed_preview_update_answers_the_side_panel_in_json(admin_client, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(FormState.objects, "update_or_create_by_instance", locked)
    story = StoryPage.objects.live().first()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(story.pk,))
    response = admin_client.post(url, story_form(story.title, story.slug))
    assert response["Content-Type"] == "application/json"
    assert response.json()["is_available"] is False
    assert "database was busy" in response.json()["error_message"]


def test_a_failed_preview_load_shows_an_admin_message_in_the_frame(admin_client, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(FormState.objects, "for_preview", locked)
    story = StoryPage.objects.live().first()
    response = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=(story.pk,)))
    html = response.content.decode()
    assert PUBLIC_FAULT_PAGE not in html
    assert "The database was busy, so the preview was not updated" in html


def test_a_preview_that_fails_to_render_shows_an_admin_message_in_the_frame(admin_client, monkeypatch):
    story = StoryPage.objects.live().first()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(story.pk,))
    edit_html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(story.pk,))).content.decode()
    form_data = querydict_from_html(edit_html, form_id="page-edit-form").copy()
    form_data["body-count"] = "0"
    assert admin_client.post(url, form_data).json()["is_valid"] is True

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(StoryPage, "get_context", locked)
    # Wagtail's preview handler reports the exception as the test client would re-raise it.
    admin_client.raise_request_exception = False
    html = admin_client.get(url, {"in_preview_panel": "true"}).content.decode()
    assert "Sorry, something went wrong" not in html
    assert "The database was busy, so the preview was not updated" in html


def test_visitors_still_get_the_public_page_when_the_database_fails(client, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(NewsIndexPage, "get_context", locked)
    response = client.get(NewsIndexPage.objects.get(locale__language_code="en").url)
    assert response.status_code == 503
    assert PUBLIC_FAULT_PAGE in response.content.decode()


def slug_taken_after_the_forms_check(monkeypatch):
    """From now on, another request takes the slug after this one's form checked it and before
    it saves."""
    slug_is_available = Page._slug_is_available
    checks = []

    def first_check_passes(*args, **kwargs):
        checks.append(args)
        return len(checks) == 1 or slug_is_available(*args, **kwargs)

    monkeypatch.setattr(Page, "_slug_is_available", staticmethod(first_check_passes))


def test_a_save_overtaken_by_another_shows_the_form_again_with_the_reason(admin_client, monkeypatch):
    """Two clicks on Publish while the first is still saving: both pass the form's slug check,
    and the second finds the slug taken when it saves. The editor sees why, with the form."""
    data = story_form("Floods in Semarang", "floods-in-semarang", **{"action-publish": "publish"})
    assert admin_client.post(add_story_url(), data).status_code == 302
    slug_taken_after_the_forms_check(monkeypatch)

    response = admin_client.post(add_story_url(), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The slug &#x27;floods-in-semarang&#x27; is already in use" in html
    assert "A teaser typed by the editor." in html
    assert StoryPage.objects.filter(slug="floods-in-semarang").count() == 1


def test_an_autosave_overtaken_by_a_publish_answers_wagtails_autosave_in_json(admin_client, monkeypatch):
    data = story_form("Floods in Semarang", "floods-in-semarang")
    assert admin_client.post(add_story_url(), {**data, "action-publish": "publish"}).status_code == 302
    slug_taken_after_the_forms_check(monkeypatch)

    response = admin_client.post(add_story_url(), data, headers={"accept": "application/json"})

    assert response.status_code == 400
    answer = response.json()
    assert answer["error_code"] == "validation_error"
    assert "already in use" in answer["error_message"]
    assert StoryPage.objects.filter(slug="floods-in-semarang").count() == 1
