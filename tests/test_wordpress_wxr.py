"""Reading WordPress exports: the sample export's fields, odd dates, and every kind of bad file."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from pages.wordpress.sample_export import write_sample_export
from pages.wordpress.wxr import WxrError, read_export

ENTITIES_MESSAGE = "The file declares XML entities, which a WordPress export never does: it was not read."
NOT_WXR = "This is not a WordPress export (WXR) file: "
JAKARTA = timedelta(hours=7)


def wxr(items: str, version: str = "1.2") -> bytes:
    """A minimal export around `items`, with the namespaces of WXR `version`."""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>Test site</title>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>https://example.org</wp:base_site_url>
  <wp:base_blog_url>https://example.org</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[ed]]></wp:author_login><wp:author_email>ed@example.org</wp:author_email>
    <wp:author_display_name><![CDATA[Ed Itor]]></wp:author_display_name></wp:author>
  {items}
</channel>
</rss>""".encode()


def item(post_id="7", title="A post", **fields) -> str:
    """An `<item>`; each keyword is a `wp:` child (post_date_gmt=...), pubDate and post_id aside."""
    pub_date = fields.pop("pubDate", "")
    children = "".join(f"<wp:{name}><![CDATA[{value}]]></wp:{name}>" for name, value in fields.items())
    post_id_xml = f"<wp:post_id>{post_id}</wp:post_id>" if post_id is not None else ""
    return (
        f"<item><title>{title}</title><link>https://example.org/?p={post_id}</link>"
        f"<pubDate>{pub_date}</pubDate><dc:creator>ed</dc:creator>"
        f"<content:encoded><![CDATA[<p>Body</p>]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[Short]]></excerpt:encoded>{post_id_xml}{children}</item>"
    )


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    return write_sample_export(tmp_path_factory.mktemp("wordpress"), posts=120)


@pytest.fixture(scope="module")
def sample(sample_path):
    return read_export(sample_path)


def by_slug(export, slug):
    return next(item for item in export.items if item.slug == slug)


def test_the_sample_export_is_read_with_its_site_authors_and_terms(sample):
    assert sample.title == "UCLG ASPAC"
    assert sample.wxr_version == "1.2"
    assert sample.base_site_url == "https://www.uclg-aspac.org"
    assert sample.author_name("rpratama") == "Rizky Pratama"
    assert sample.author_name("nobody") == "nobody"
    assert {term.slug for term in sample.categories} >= {"news", "call-opportunity", "press-release"}
    assert len(sample.tags) >= 30
    assert sample.problems == []


def test_the_sample_export_has_every_item(sample):
    count = {post_type: sum(item.post_type == post_type for item in sample.items) for post_type in ("post", "page")}
    assert count == {"post": 120, "page": 22}
    assert any(item.post_type == "nav_menu_item" for item in sample.items)
    assert all(item.post_type == "attachment" for item in sample.attachments().values())


def test_a_post_has_its_categories_tags_excerpt_date_and_featured_image(sample):
    story = next(entry for entry in _stories() if entry["slug"] == "cop26-highlight")
    post = by_slug(sample, "cop26-highlight")
    assert post.post_type == "post"
    assert post.title == story["title"]
    assert post.link == "https://www.uclg-aspac.org/2021/11/cop26-highlight/"
    assert [term.slug for term in post.categories] == ["news"]
    assert [term.name for term in post.tags] == story["tags"]
    assert post.excerpt == story["teaser"]
    assert post.date == datetime(2021, 11, 15, 2, 30, tzinfo=UTC)
    assert post.date_problem == ""
    assert post.is_public
    thumbnail = sample.item(post.thumbnail_id)
    assert thumbnail.post_type == "attachment"
    assert thumbnail.parent_id == post.wp_id
    assert thumbnail.attachment_url.startswith("https://www.uclg-aspac.org/wp-content/uploads/2021/11/")


def test_a_draft_is_dated_by_its_local_post_date(sample):
    draft = next(item for item in sample.items if item.post_type == "post" and item.status == "draft")
    assert draft.date.utcoffset() == JAKARTA
    assert draft.date_problem == ""
    assert draft.link == f"https://www.uclg-aspac.org/?p={draft.wp_id}"
    assert not draft.is_public


def test_attachments_have_alt_text_or_none(sample):
    images = [item for item in sample.attachments().values() if not item.attachment_url.endswith(".pdf")]
    with_alt = [image for image in images if image.alt_text]
    assert 0 < len(with_alt) < len(images)
    assert all(image.meta["_wp_attached_file"] in image.attachment_url for image in images)


def test_a_page_knows_its_parent_and_menu_order(sample):
    about, secretariat = by_slug(sample, "about-us"), by_slug(sample, "secretariat")
    assert about.post_type == "page"
    assert (about.parent_id, secretariat.parent_id, secretariat.menu_order) == (0, about.wp_id, 2)


def test_a_password_protected_post_is_not_public(sample):
    [protected] = [item for item in sample.items if item.password]
    assert protected.status == "publish"
    assert not protected.is_public


def test_a_path_bytes_and_a_file_object_read_alike(sample_path):
    from_bytes = read_export(sample_path.read_bytes())
    with sample_path.open("rb") as stream:
        from_stream = read_export(stream)
    assert len(from_bytes.items) == len(from_stream.items) == len(read_export(str(sample_path)).items)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"post_date_gmt": "2019-05-03 10:22:11"}, datetime(2019, 5, 3, 10, 22, 11, tzinfo=UTC)),
        ({"post_date_gmt": "2019-05-03T10:22:11"}, datetime(2019, 5, 3, 10, 22, 11, tzinfo=UTC)),
        ({"post_date_gmt": "2019-05-03"}, datetime(2019, 5, 3, tzinfo=UTC)),
        ({"post_date_gmt": "2019/05/03 10:22"}, datetime(2019, 5, 3, 10, 22, tzinfo=UTC)),
        (
            {"post_date_gmt": "0000-00-00 00:00:00", "post_date": "2019-05-03 17:22:11"},
            datetime(2019, 5, 3, 10, 22, 11, tzinfo=UTC),
        ),
        (
            {"post_date_gmt": "yesterday", "post_date": "2019/5/3 17:22"},
            datetime(2019, 5, 3, 10, 22, tzinfo=UTC),
        ),
        ({"pubDate": "Fri, 03 May 2019 10:22:11 +0000"}, datetime(2019, 5, 3, 10, 22, 11, tzinfo=UTC)),
    ],
)
def test_odd_dates_are_read(fields, expected):
    [post] = read_export(wxr(item(**fields))).items
    assert post.date == expected
    assert post.date.tzinfo is not None


def test_an_unreadable_date_is_named_in_the_problem():
    [post] = read_export(wxr(item(post_date="31/31/2019"))).items
    assert post.date is None
    assert "“31/31/2019” is not a date" in post.date_problem


def test_a_draft_with_only_zero_dates_has_no_date():
    fields = {"post_date_gmt": "0000-00-00 00:00:00", "pubDate": "Mon, 30 Nov -0001 00:00:00 +0000"}
    [post] = read_export(wxr(item(**fields))).items
    assert post.date is None
    assert post.date_problem


def test_an_item_without_a_usable_id_is_skipped_and_reported():
    export = read_export(wxr(item(post_id=None, title="Lost") + item(post_id="x1", title="Odd") + item()))
    assert [post.wp_id for post in export.items] == [7]
    assert len(export.problems) == 2
    assert "Lost" in export.problems[0]
    assert "“x1”" in export.problems[1]


def test_junk_numbers_become_zero():
    [post] = read_export(wxr(item(menu_order="first", post_parent=""))).items
    assert (post.menu_order, post.parent_id) == (0, 0)


def test_a_wxr_1_1_export_is_read():
    export = read_export(wxr(item(post_type="page", post_name="about", status="publish"), version="1.1"))
    [page] = export.items
    assert (export.wxr_version, page.post_type, page.slug, page.excerpt) == ("1.1", "page", "about", "Short")
    assert page.author_login == "ed"
    assert export.author_name("ed") == "Ed Itor"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&e;</title></channel></rss>"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_entities_are_refused(content):
    with pytest.raises(WxrError, match=ENTITIES_MESSAGE):
        read_export(content)


def test_a_truncated_file_names_the_line(sample_path):
    content = sample_path.read_bytes()
    with pytest.raises(WxrError, match=r"not well-formed XML: .* at line \d+, column \d+"):
        read_export(content[: len(content) // 2])


@pytest.mark.parametrize("content", [b"", b"  \n\t"])
def test_an_empty_file_is_refused(content):
    with pytest.raises(WxrError, match="The file is empty."):
        read_export(content)


def test_bytes_that_are_not_utf8_are_refused():
    content = wxr(item(title="Café")).replace(b"Caf\xc3\xa9", "Café".encode("latin-1"))
    with pytest.raises(WxrError, match="not well-formed XML.*UTF-8"):
        read_export(content)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
            "it is an Atom feed.",
        ),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>x</title></item>'
            b"</channel></rss>",
            "it is an RSS feed without WordPress data",
        ),
        (b"<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>Hi</title></head></html>", "it is a web page"),
        (b'<?xml version="1.0"?><drupal><node nid="1"/></drupal>', "its root element is <drupal>, not <rss>."),
        (b"PK\x03\x04 a zip archive", "it is not an XML file."),
    ],
    ids=["atom", "rss-without-wp", "html", "another-cms", "not-xml"],
)
def test_other_xml_is_not_a_wordpress_export(content, reason):
    with pytest.raises(WxrError) as raised:
        read_export(content)
    assert str(raised.value).startswith(NOT_WXR + reason)


def test_a_missing_path_is_a_wxr_error(tmp_path):
    with pytest.raises(WxrError, match="could not be opened"):
        read_export(tmp_path / "nothing.xml")


def test_a_stream_is_not_closed_by_the_reader():
    stream = io.BytesIO(wxr(item()))
    read_export(stream)
    assert not stream.closed


def _stories():
    return json.loads((settings.BASE_DIR / "pages" / "demo" / "data" / "stories.json").read_text())["items"]
