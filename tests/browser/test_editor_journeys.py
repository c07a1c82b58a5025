"""Editor journeys in the admin, done in Chromium as staff would: an Editors-group user submits
a story for moderation and a Moderators-group user approves it; a resource import checked with
a dry run then imported; a WordPress export checked then imported; a Membership-group user
reviews an application."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-known-test-password"
TIMEOUT_MS = 20_000
IMPORT_TIMEOUT_MS = 120_000


def staff_user(username, group_name=None, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in_page(browser, demo_site, username):
    """A fresh browser context (its own cookies) signed in to the admin as `username`."""
    context = browser.new_context(base_url=demo_site.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    return page


def open_action_menu(page):
    page.locator("footer .w-dropdown__toggle").first.click()


def test_editor_submits_a_story_for_moderation_and_a_moderator_approves_it(browser, demo_site):
    from pages.models import StoryPage

    staff_user("writer", "Editors")
    staff_user("checker", "Moderators")
    title = "Coastal cities pool their flood data"

    writer = logged_in_page(browser, demo_site, "writer")
    writer.get_by_role("link", name="Add a story").click()
    writer.wait_for_url("**/add/pages/storypage/*/")
    writer.locator("#id_title").fill(title)
    writer.locator("#id_teaser").fill("Five coastal cities agreed to share their flood data.")
    writer.locator("#id_hero_image-chooser .unchosen button").click()
    writer.locator(".modal-content [data-chooser-modal-choice]").first.click()
    writer.wait_for_selector("#id_hero_image-chooser:not(.blank)")
    # The choice is kept in the form, not only shown.
    expect(writer.locator("#id_hero_image")).not_to_have_value("")
    open_action_menu(writer)
    writer.get_by_role("button", name=re.compile(r"^Submit to Moderators approval")).click()
    writer.wait_for_selector(".messages li")
    story = StoryPage.objects.get(title=title)
    assert "submitted" in writer.locator(".messages").inner_text()
    assert not story.live
    assert story.current_workflow_state is not None
    writer.context.close()

    checker = logged_in_page(browser, demo_site, "checker")
    # The dashboard lists the story under the pages awaiting the moderator's review.
    assert title in checker.get_by_role("region", name="Awaiting your review").inner_text()
    checker.goto(f"/admin/pages/{story.pk}/edit/")
    open_action_menu(checker)
    # The last task of the workflow: approving publishes.
    checker.get_by_role("button", name="Approve and Publish", exact=True).click()
    checker.wait_for_selector(".messages li")
    checker.context.close()

    story.refresh_from_db()
    assert story.live
    page = browser.new_page(base_url=demo_site.url)
    page.goto(story.url)
    assert page.locator("h1").inner_text().strip() == title
    page.close()


def test_staff_import_resources_with_a_dry_run_then_for_real(browser, demo_site, tmp_path):
    from pages.repository.models import ResourcePage

    staff_user("librarian", superuser=True)
    page = logged_in_page(browser, demo_site, "librarian")
    page.goto("/admin/repository/import/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download a sample CSV").click()
    download = download_info.value
    assert download.suggested_filename == "resources-sample.csv"
    sample = tmp_path / download.suggested_filename
    download.save_as(sample)
    before = ResourcePage.objects.count()

    page.locator("#id_file").set_input_files(sample)
    assert page.locator("#id_dry_run").is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Check and import").click()
    report = page.locator('section[aria-labelledby="import-report"] [role="status"]')
    assert "Dry run: nothing was saved." in report.inner_text()
    assert "2 rows: 2 new, 0 updates, 0 with errors." in report.inner_text()
    assert ResourcePage.objects.count() == before

    page.locator("#id_file").set_input_files(sample)
    page.locator("#id_dry_run").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Check and import").click()
    assert "Imported." in report.inner_text()
    assert ResourcePage.objects.count() == before + 2
    imported = ResourcePage.objects.get(identifier="SAMPLE-0001")
    assert imported.live
    page.context.close()


def test_membership_staff_review_an_application_until_approved(browser, demo_site):
    from members.models import Member, MembershipApplication
    from tests.builders_members import make_application

    application = make_application(3, organisation_name="City of Example Bay")
    staff_user("secretary", "Membership")
    page = logged_in_page(browser, demo_site, "secretary")

    # From the dashboard panel of new applications to the application itself.
    page.get_by_role("link", name="City of Example Bay").click()
    page.wait_for_url(f"**/membership/applications/inspect/{application.pk}/")
    assert application.reference in page.content()

    for status, note in (("Under review", "Letter checked."), ("Approved", "Approved by the council.")):
        page.goto(f"/admin/membership/applications/edit/{application.pk}/")
        page.locator("#id_status").select_option(label=status)
        page.locator("#id_change_note").fill(note)
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_selector(".messages li")

    application.refresh_from_db()
    assert application.status == "approved"
    assert Member.objects.filter(organisation_name="City of Example Bay").exists()
    page.goto(f"/admin/membership/applications/inspect/{application.pk}/")
    history = page.locator("tr.status-change")
    assert history.count() == 2
    assert "Approved by the council." in history.last.inner_text() or "Approved by the council." in page.content()
    assert MembershipApplication.objects.get(pk=application.pk).status_changes.count() == 2
    page.context.close()


def test_staff_import_a_wordpress_export_after_its_dry_run(browser, demo_site, tmp_path, settings):
    from pages.models import EventPage, StoryPage
    from pages.wordpress.models import ImportedItem
    from pages.wordpress.sample_export import write_sample_export

    export_path = write_sample_export(tmp_path, posts=40)
    settings.WORDPRESS_MEDIA_DIR = str(tmp_path / "uploads")
    staff_user("webmaster", superuser=True)
    page = logged_in_page(browser, demo_site, "webmaster")
    page.goto("/admin/")
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="WordPress import").click()
    page.wait_for_url("**/admin/wordpress-import/")

    page.get_by_label("WordPress export file").set_input_files(export_path)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#import-status")).to_contain_text("Checked: ready to import")
    dry_run = page.locator('section[aria-labelledby="check-report"]')
    expect(dry_run.get_by_role("row", name=re.compile(r"^Stories"))).to_be_visible()
    assert not ImportedItem.objects.exists()

    page.get_by_role("combobox", name="Press Release").select_option(label="News")
    page.get_by_role("checkbox", name="Webinar").check()
    # The test settings run the worker's import inside this request: give it the time a
    # slow machine needs for 40 posts and their files.
    with page.expect_navigation(timeout=IMPORT_TIMEOUT_MS):
        page.get_by_role("button", name="Import", exact=True).click(timeout=IMPORT_TIMEOUT_MS)
    expect(page.locator("#import-status")).to_contain_text("Imported")
    result = page.locator('section[aria-labelledby="import-result"]')
    expect(result.get_by_role("heading", name="What the import did")).to_be_visible()
    imported = ImportedItem.objects.filter(kind="post").values("object_id")
    assert StoryPage.objects.filter(pk__in=imported, category__slug="news").exists()
    assert EventPage.objects.filter(pk__in=imported).exists()

    # An old address of a published post lands on the imported story.
    story = StoryPage.objects.live().filter(pk__in=ImportedItem.objects.filter(kind="post").values("object_id")).first()
    wordpress_id = ImportedItem.objects.get(kind="post", object_id=story.pk).wordpress_id
    page.goto(f"/?p={wordpress_id}")
    expect(page.locator("h1")).to_have_text(story.title)
    page.context.close()
