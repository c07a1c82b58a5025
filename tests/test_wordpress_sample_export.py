"""The sample WordPress export: reproducible, complete apart from its one missing file, and scalable."""

import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from pages.wordpress.sample_export import write_sample_export
from pages.wordpress.wxr import read_export


@pytest.fixture(scope="module")
def sample_directory(tmp_path_factory):
    directory = tmp_path_factory.mktemp("sample")
    write_sample_export(directory, posts=60)
    return directory


@pytest.fixture(scope="module")
def sample(sample_directory):
    return read_export(sample_directory / "export.xml")


def written_files(directory):
    return {path.relative_to(directory): path.read_bytes() for path in directory.rglob("*") if path.is_file()}


def test_the_same_seed_writes_the_same_export(tmp_path, sample_directory):
    write_sample_export(tmp_path / "again", posts=60)
    assert written_files(tmp_path / "again") == written_files(sample_directory)
    write_sample_export(tmp_path / "other", posts=60, seed=7)
    assert (tmp_path / "other" / "export.xml").read_bytes() != (sample_directory / "export.xml").read_bytes()


def test_every_attachment_file_is_written_but_one(sample, sample_directory):
    attachments = sample.attachments().values()
    uploads = sample_directory / "uploads"
    missing = [item for item in attachments if not (uploads / item.meta["_wp_attached_file"]).exists()]
    assert len(missing) == 1
    assert missing[0].attachment_url.endswith(".jpg")
    for item in attachments:
        assert item.attachment_url == f"https://www.uclg-aspac.org/wp-content/uploads/{item.meta['_wp_attached_file']}"


def test_the_media_files_are_real_images_and_pdfs(sample_directory):
    uploads = sample_directory / "uploads"
    jpeg = next(uploads.rglob("*.jpg"))
    with Image.open(jpeg) as image:
        assert (image.format, image.size) == ("JPEG", (640, 360))
    assert re.fullmatch(r"\d{4}/\d{2}", jpeg.parent.relative_to(uploads).as_posix())
    pdf = next(uploads.rglob("*.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_images_in_bodies_and_featured_images_are_attachments(sample):
    attachment_urls = {item.attachment_url for item in sample.attachments().values()}
    posts = [item for item in sample.items if item.post_type == "post"]
    image_urls = {url for post in posts for url in re.findall(r'<img src="([^"]+)"', post.content)}
    assert image_urls and image_urls <= attachment_urls
    featured = [post for post in posts if post.thumbnail_id]
    assert len(featured) > len(posts) * 0.7
    assert all(sample.item(post.thumbnail_id).post_type == "attachment" for post in featured)


def test_the_sample_has_the_content_an_old_site_has(sample):
    posts = [item for item in sample.items if item.post_type == "post"]
    bodies = "\n".join(post.content for post in posts)
    for marker in [
        "[caption id=",
        "[gallery ids=",
        "[embed]https://www.youtube.com/",
        '[contact-form-7 id="5"',
        "<!-- wp:paragraph -->",
        "<!-- wp:heading -->",
        '<!-- wp:image {"id":',
        "<!-- wp:list -->",
        "<!-- wp:quote -->",
        "<!-- wp:table -->",
        '<!-- wp:file {"id":',
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=',
        '.pdf">',
        "https://www.uclg-aspac.org/?p=",
        "<script>",
        "<iframe ",
        ' style="',
        'href="javascript:',
        "<p><b>bold <i>both</b> italic</i></p>",
    ]:
        assert marker in bodies, marker
    assert re.search(r'href="https://www\.uclg-aspac\.org/20\d\d/\d\d/[a-z0-9-]+/"', bodies)
    statuses = Counter(post.status for post in posts)
    assert statuses["draft"] >= 2 and statuses["private"] >= 1
    assert (statuses["pending"], statuses["trash"]) == (1, 1)
    assert sum(bool(post.password) for post in posts) == 1
    assert {post.date.year for post in posts if post.status == "publish"} == set(range(2016, 2026))


def test_the_sample_has_its_categories_stories_and_duplicate_slug(sample):
    posts = [item for item in sample.items if item.post_type == "post"]
    used = Counter(term.slug for post in posts for term in post.categories)
    assert set(used) >= {"news", "webinar", "training", "congress", "call-opportunity", "global-regional-activity"}
    assert 0 < used["press-release"] < 10
    slugs = Counter(post.slug for post in posts if post.status == "publish")
    [duplicate] = [slug for slug, count in slugs.items() if count == 2]
    links = [post.link for post in posts if post.slug == duplicate]
    assert len(set(links)) == 2
    assert {"uclgs-pact-for-the-future", "8th-uclg-aspac-congress", "xian-scholarship-programme"} <= set(slugs)


def test_the_pages_form_a_tree(sample):
    pages = {item.wp_id: item for item in sample.items if item.post_type == "page"}
    children = {page.slug for page in pages.values() if pages.get(page.parent_id, None) and page.menu_order}
    assert {"history", "secretariat", "members"} <= children
    top_level = {page.slug for page in pages.values() if page.parent_id == 0 and page.status == "publish"}
    assert top_level == {
        "about-us",
        "capacity-building",
        "policy-research",
        "programmes-projects",
        "decentralised-cooperations",
        "standing-committee",
    }
    history = next(page for page in pages.values() if page.slug == "history")
    assert history.link == "https://www.uclg-aspac.org/about-us/history/"
    assert [page.status for page in pages.values()].count("draft") == 1


def test_the_export_scales_with_the_number_of_posts(tmp_path, sample):
    small = read_export(write_sample_export(tmp_path, posts=40))
    assert sum(item.post_type == "post" for item in small.items) == 40
    assert len(small.attachments()) < len(sample.attachments())


def test_too_few_posts_are_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 40 posts"):
        write_sample_export(tmp_path, posts=12)


def test_the_command_writes_an_export_and_says_what_it_wrote(tmp_path, capsys):
    call_command("make_wordpress_export", str(tmp_path), "--posts", "45", "--seed", "3")
    output = capsys.readouterr().out
    assert "45 posts, 22 pages" in output
    assert (tmp_path / "export.xml").exists()
    with pytest.raises(CommandError, match="at least 40 posts"):
        call_command("make_wordpress_export", str(tmp_path), "--posts", "5")
