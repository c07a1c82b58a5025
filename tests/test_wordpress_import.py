"""The WordPress import through its command: posts, pages and attachments of a realistic export
become stories, pages, images and documents; old addresses redirect; a second run updates;
a dry run writes nothing; bad files are refused whole and bad items one by one."""

import io
import json
import re
import shutil
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from pages.models import EventPage, SiteDocument, SiteImage, StandardPage, StoryPage
from pages.wordpress import media
from pages.wordpress.models import ImportedItem
from pages.wordpress.sample_export import write_sample_export
from pages.wordpress.wxr import read_export

# The work an import leaves to the worker (PDF text, renditions, search index) waits in the
# database queue, as in production: these tests are about the import itself.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]

SAMPLE_POSTS = 40


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    directory = tmp_path_factory.mktemp("wordpress")
    export_path = write_sample_export(directory, posts=SAMPLE_POSTS)
    return {"path": export_path, "media": directory / "uploads", "export": read_export(export_path)}


def run_import(sample, *args, path=None, media_dir=True):
    out = io.StringIO()
    options = ["--media-dir", str(sample["media"])] if media_dir else []
    call_command("import_wordpress", str(path or sample["path"]), *options, *args, stdout=out)
    return out.getvalue()


def target_of(item):
    entry = ImportedItem.objects.get(wordpress_id=item.wp_id)
    target = entry.target
    return target.specific if isinstance(target, Page) else target


def items(sample, post_type, **conditions):
    found = [item for item in sample["export"].items if item.post_type == post_type]
    for name, value in conditions.items():
        found = [item for item in found if (value(item) if callable(value) else getattr(item, name) == value)]
    return found


def path_of(url):
    return urlsplit(url).path


def counts():
    return {
        "pages": Page.objects.count(),
        "images": SiteImage.objects.count(),
        "documents": SiteDocument.objects.count(),
        "redirects": Redirect.objects.count(),
        "items": ImportedItem.objects.count(),
    }


def test_a_post_becomes_a_story_with_its_date_author_teaser_category_tags_and_image(sample, client):
    run_import(sample)
    post = next(
        item
        for item in items(sample, "post", is_public=True)
        if item.thumbnail_id and item.tags and item.excerpt and any(t.slug == "news" for t in item.categories)
    )
    story = target_of(post)
    assert isinstance(story, StoryPage) and story.live
    assert story.title == post.title
    assert story.date == timezone.localtime(post.date).date()
    assert story.author_name == sample["export"].author_name(post.author_login)
    assert story.teaser.rstrip("…") in " ".join(strip_tags(post.excerpt).split())
    assert story.category.slug == "news"
    assert sorted(tag.name for tag in story.tags.all()) == sorted(term.name for term in post.tags)
    assert story.hero_image == target_of(sample["export"].item(post.thumbnail_id))

    response = client.get(story.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"By {story.author_name}" in page
    assert "story__hero-image" in page


def test_pages_keep_their_hierarchy_and_order_and_sections_are_matched(sample, home_page):
    run_import(sample)
    about = next(item for item in items(sample, "page", slug="about-us"))
    about_page = target_of(about)
    assert isinstance(about_page, StandardPage) and about_page.get_parent().pk == home_page.pk
    children = sorted(items(sample, "page", parent_id=about.wp_id, is_public=True), key=lambda i: i.menu_order)
    assert [page.title for page in about_page.get_children()] == [child.title for child in children]

    section_item = next(item for item in items(sample, "page", slug="capacity-building"))
    section = target_of(section_item)
    assert section.slug == "capacity-building" and section.get_parent().pk == home_page.pk
    section_children = items(sample, "page", parent_id=section_item.wp_id, is_public=True)
    assert section_children
    for child in section_children:
        assert target_of(child).get_parent().pk == section.pk


def test_drafts_private_and_protected_posts_are_imported_unpublished_and_trash_is_not(sample, client):
    output = run_import(sample)
    hidden = items(sample, "post", status=lambda item: item.status in ("draft", "private", "pending") or item.password)
    assert hidden
    for item in hidden:
        page = target_of(item)
        assert not page.live, item.title
        assert client.get(f"/?p={item.wp_id}").status_code == 200  # the home page: no redirect to a draft
    for item in items(sample, "post", status="trash"):
        assert not ImportedItem.objects.filter(wordpress_id=item.wp_id).exists()
    assert "imported as a draft" in output


def test_every_old_address_answers_301_to_its_new_page_or_file(sample, client):
    run_import(sample)
    post = items(sample, "post", is_public=True)[0]
    story = target_of(post)
    for old in (path_of(post.link), f"/?p={post.wp_id}"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert path_of(response["Location"]) == story.url
    assert client.get(story.url).status_code == 200

    child = next(item for item in items(sample, "page", is_public=True) if item.parent_id)
    page = target_of(child)
    for old in (path_of(child.link), f"/?page_id={child.wp_id}"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert path_of(response["Location"]) == page.url

    image_item = next(item for item in items(sample, "attachment") if isinstance(target_of_or_none(item), SiteImage))
    image = target_of(image_item)
    for old in (path_of(image_item.attachment_url), f"/?attachment_id={image_item.wp_id}"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == image.file.url

    pdf_item = next(item for item in items(sample, "attachment") if isinstance(target_of_or_none(item), SiteDocument))
    response = client.get(path_of(pdf_item.attachment_url))
    assert response.status_code == 301
    assert response["Location"] == target_of(pdf_item).url
    assert client.get(response["Location"]).status_code == 200


POSTNAME_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
     xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel>
  <title>Old site</title><link>https://old.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.org</wp:base_site_url>
  <wp:base_blog_url>https://old.example.org</wp:base_blog_url>
  <item>
    <title>Mayors meet on river clean-up</title>
    <link>https://old.example.org/mayors-meet-on-river-clean-up/</link>
    <dc:creator><![CDATA[secretariat]]></dc:creator>
    <content:encoded><![CDATA[Mayors from six cities met in Jakarta.

They agreed a <strong>shared plan</strong>.]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>5</wp:post_id>
    <wp:post_date_gmt>2021-02-03 04:05:06</wp:post_date_gmt>
    <wp:post_name>mayors-meet-on-river-clean-up</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>"""


def test_a_site_with_post_name_permalinks_redirects_slash_slug(tmp_path, client):
    path = tmp_path / "export.xml"
    path.write_text(POSTNAME_EXPORT)
    call_command("import_wordpress", str(path), stdout=io.StringIO())
    story = StoryPage.objects.get(slug="mayors-meet-on-river-clean-up")
    assert story.live and story.date.isoformat() == "2021-02-03"
    assert story.teaser == "Mayors from six cities met in Jakarta. They agreed a shared plan."
    for old in ("/mayors-meet-on-river-clean-up/", "/?p=5"):
        response = client.get(old)
        assert response.status_code == 301 and path_of(response["Location"]) == story.url


def target_of_or_none(item):
    entry = ImportedItem.objects.filter(wordpress_id=item.wp_id).first()
    return entry.target if entry else None


def test_bodies_keep_images_documents_and_links_to_other_imported_posts(sample, client):
    run_import(sample)
    stories = [target_of(item) for item in items(sample, "post", is_public=True)]
    block_types = {block.block_type for story in stories for block in story.body}
    assert {"paragraph", "image", "heading", "document"} <= block_types
    linking = next(story for story in stories if 'linktype="page"' in stored_body(story))
    linked_id = int(re.search(r'linktype="page" id="(\d+)"', stored_body(linking)).group(1))
    linked = Page.objects.get(pk=linked_id)
    assert ImportedItem.objects.filter(object_id=linked.pk, kind="post").exists()
    response = client.get(linking.url)
    assert response.status_code == 200
    assert f'href="{linked.url}"' in response.content.decode()
    for story in stories:
        assert "<script" not in stored_body(story)
        assert "javascript:" not in stored_body(story)


def stored_body(page):
    return json.dumps(list(page.body.raw_data), ensure_ascii=False).replace('\\"', '"')


def test_posts_sharing_a_slug_both_arrive_at_addresses_of_their_own(sample, client):
    output = run_import(sample)
    slugs = [item.slug for item in items(sample, "post", is_public=True)]
    twins = [item for item in items(sample, "post", is_public=True) if slugs.count(item.slug) > 1]
    assert len(twins) == 2
    first, second = (target_of(item) for item in twins)
    assert first.pk != second.pk and first.url != second.url
    assert f"The address “{twins[0].slug}” was taken" in output
    for item, page in zip(twins, (first, second), strict=True):
        response = client.get(path_of(item.link))
        assert response.status_code == 301 and path_of(response["Location"]) == page.url


def test_a_missing_file_is_reported_and_its_post_still_renders(sample, client):
    missing = [
        item for item in items(sample, "attachment") if not (sample["media"] / media.relative_path(item)).exists()
    ]
    assert len(missing) == 1
    output = run_import(sample)
    assert f"#{missing[0].wp_id}" in output and "The file is missing" in output
    for item in items(sample, "post", is_public=True):
        response = client.get(target_of(item).url)
        assert response.status_code == 200, item.title


def test_a_second_import_updates_and_never_duplicates(sample):
    run_import(sample)
    first = counts()
    output = run_import(sample)
    assert counts() == first
    assert re.search(r"Stories\s+0\s+\d+", output), output


def test_a_second_import_leaves_pages_that_editors_changed_and_the_sections(sample, admin_user, home_page):
    run_import(sample)
    post = items(sample, "post", is_public=True)[0]
    story = target_of(post)
    story.title = "Retitled by an editor"
    story.save_revision(user=admin_user).publish()
    section = home_page.get_children().get(slug="capacity-building").specific
    section_revision = section.latest_revision_id

    output = run_import(sample)
    story.refresh_from_db()
    assert story.title == "Retitled by an editor"
    assert f"#{post.wp_id}" in output and "Edited on this site since it was imported" in output
    section.refresh_from_db()
    assert section.latest_revision_id == section_revision
    assert "Matched to the existing section “Capacity Building”" in output


def test_a_dry_run_writes_nothing_and_reports_what_the_import_then_does(sample):
    before = counts()
    dry = run_import(sample, "--dry-run")
    assert counts() == before
    real = run_import(sample)
    assert counts() != before
    table = lambda text: [line for line in text.splitlines() if re.match(r"^(Stories|Pages|Images|Documents)\b", line)]  # noqa: E731
    assert table(dry) == table(real)


def test_unknown_categories_are_reported_and_a_mapping_places_them(sample, tmp_path):
    output = run_import(sample, "--dry-run")
    assert "Unmapped category “Press Release” (press-release)" in output
    mapping = tmp_path / "mapping.json"
    # WordPress "News" (and "Uncategorized") left without a category, so that "Press Release" decides.
    mapping.write_text(
        json.dumps(
            {
                "categories": {"uncategorized": "", "news": "", "press-release": "call-opportunity"},
                "event_categories": ["webinar"],
            }
        )
    )
    output = run_import(sample, "--mapping", str(mapping))
    assert "Unmapped category" not in output
    press = items(
        sample,
        "post",
        is_public=True,
        categories=lambda i: {t.slug for t in i.categories} == {"news", "press-release"},
    )
    assert press
    for item in press:
        assert target_of(item).category.slug == "call-opportunity"
    news_only = items(sample, "post", is_public=True, categories=lambda i: [t.slug for t in i.categories] == ["news"])
    assert news_only and all(target_of(item).category is None for item in news_only)
    webinars = items(sample, "post", is_public=True, categories=lambda i: "webinar" in [t.slug for t in i.categories])
    assert webinars and all(isinstance(target_of(item), EventPage) for item in webinars)


def test_as_drafts_publishes_nothing(sample):
    live_before = Page.objects.live().count()
    run_import(sample, "--as-drafts")
    assert Page.objects.live().count() == live_before
    assert StoryPage.objects.filter(live=False).count() >= len(items(sample, "post", is_public=True))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><title>&lol2;</title></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title></feed>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "entities"),
        (EXTERNAL_ENTITY, "entities"),
        (ATOM, "not a WordPress export"),
        (b"", ""),
        (b"<html><body>Hello</body></html>", "not a WordPress export"),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_clear_message(tmp_path, sample, content, message):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError, match=message):
        run_import(sample, path=path)
    assert counts() == before


def test_a_truncated_export_is_refused_and_nothing_is_written(tmp_path, sample):
    text = sample["path"].read_bytes()
    path = tmp_path / "truncated.xml"
    path.write_bytes(text[: len(text) // 2])
    before = counts()
    with pytest.raises(CommandError, match="line"):
        run_import(sample, path=path)
    assert counts() == before


def test_an_item_that_fails_is_reported_and_the_others_are_imported(tmp_path, sample):
    # A PDF that is not one: the document fails the upload checks; everything else goes in.
    broken = next(item for item in items(sample, "attachment") if item.attachment_url.endswith(".pdf"))
    media_copy = tmp_path / "uploads"
    shutil.copytree(sample["media"], media_copy)
    (media_copy / media.relative_path(broken)).write_bytes(b"%PDF-1.4 not really")
    out = io.StringIO()
    call_command("import_wordpress", str(sample["path"]), "--media-dir", str(media_copy), stdout=out)
    output = out.getvalue()
    assert f"FAILED #{broken.wp_id}" in output
    assert not ImportedItem.objects.filter(wordpress_id=broken.wp_id).exists()
    assert StoryPage.objects.filter(pk__in=ImportedItem.objects.filter(kind="post").values("object_id")).exists()


def test_without_a_media_folder_every_attachment_is_reported_missing(sample, client):
    output = run_import(sample, media_dir=False)
    assert output.count("The file is missing") == len(items(sample, "attachment"))
    post = items(sample, "post", is_public=True)[0]
    assert client.get(target_of(post).url).status_code == 200
