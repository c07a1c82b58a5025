"""The converter from a WordPress post's body HTML to our body StreamField."""

import random
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from pages.blocks import BodyBlock
from pages.models import StandardPage
from pages.wordpress.content import Conversion, convert_body, wpautop
from tests.builders import make_document, make_image

OLD = "https://old.example.org"


class FakeResolver:
    """The importer's lookups, answered from dicts."""

    def __init__(self, images_by_url=None, images_by_id=None, documents=None, pages=None):
        self.images_by_url = images_by_url or {}
        self.images_by_id = images_by_id or {}
        self.documents = documents or {}
        self.pages = pages or {}

    def image_for_url(self, url):
        return self.images_by_url.get(url)

    def image_for_id(self, wp_id):
        return self.images_by_id.get(wp_id)

    def document_for_url(self, url):
        return self.documents.get(url)

    def page_for_url(self, url):
        return self.pages.get(url)

    def is_old_site_url(self, url):
        return urlsplit(url).hostname == "old.example.org"


def fake(pk, description=""):
    return SimpleNamespace(pk=pk, description=description)


def convert(html, **lookups) -> Conversion:
    return convert_body(html, FakeResolver(**lookups))


def paragraph(html, **lookups) -> str:
    conversion = convert(html, **lookups)
    assert [block["type"] for block in conversion.blocks] == ["paragraph"]
    return conversion.blocks[0]["value"]


def types(conversion):
    return [block["type"] for block in conversion.blocks]


def assert_well_formed(rich_text):
    ElementTree.fromstring(f"<root>{rich_text}</root>")


# Classic bodies and Gutenberg delimiters


def test_classic_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    assert paragraph("First line\nsecond line\n\nNext paragraph") == (
        "<p>First line<br/>second line</p><p>Next paragraph</p>"
    )


def test_classic_block_elements_are_not_wrapped_in_paragraphs():
    assert wpautop("<ul>\n<li>One</li>\n</ul>\n\nText") == "<ul>\n<li>One</li>\n</ul>\n<p>Text</p>\n"
    assert paragraph("<ul>\n<li>One</li>\n</ul>\n\nText") == "<ul><li>One</li></ul><p>Text</p>"


def test_gutenberg_delimiters_are_stripped_and_paragraphs_grouped_into_one_block():
    html = (
        "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:paragraph {"align":"center"} -->\n<p>Two</p>\n<!-- /wp:paragraph -->'
    )
    conversion = convert(html)
    assert conversion.blocks == [{"type": "paragraph", "value": "<p>One</p><p>Two</p>"}]
    assert conversion.warnings == []


def test_gutenberg_layout_blocks_are_flattened_with_one_warning():
    html = (
        '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div class="wp-block-column">'
        "<!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column -->"
        '<!-- wp:column --><div class="wp-block-column"><p>Right</p></div><!-- /wp:column --></div>'
        '<!-- /wp:columns --><!-- wp:spacer {"height":40} /-->'
    )
    conversion = convert(html)
    assert conversion.blocks == [{"type": "paragraph", "value": "<p>Left</p><p>Right</p>"}]
    assert conversion.warnings == ["Layout blocks (column, columns, spacer) were flattened."]


# Rich text


def test_only_the_allowed_features_and_attributes_remain():
    html = (
        '<p class="lead" onclick="x()" style="color:red"><strong>Strong</strong> <em>em</em> '
        '<span style="font-size:20px">span</span> <font color="red">font</font> <u>u</u> x<sup>2</sup></p>'
    )
    conversion = convert(html)
    assert conversion.blocks[0]["value"] == "<p><b>Strong</b> <i>em</i> span font u x2</p>"
    assert conversion.warnings == ["Inline styles were removed."]


def test_links_keep_safe_addresses_and_resolve_pages_and_documents():
    html = (
        '<a href="https://uclg.org/?a=1&amp;b=2" target="_blank">web</a> '
        '<a href="mailto:info@example.org">mail</a> '
        f'<a href="{OLD}/about/">about</a> '
        f'<a href="{OLD}/wp-content/uploads/report.pdf">report</a> '
        f'<a href="{OLD}/?p=12">by id</a>'
    )
    value = paragraph(
        html,
        pages={f"{OLD}/about/": fake(3), f"{OLD}/?p=12": fake(4)},
        documents={f"{OLD}/wp-content/uploads/report.pdf": fake(45)},
    )
    assert value == (
        '<p><a href="https://uclg.org/?a=1&amp;b=2">web</a> <a href="mailto:info@example.org">mail</a> '
        '<a linktype="page" id="3">about</a> <a linktype="document" id="45">report</a> '
        '<a linktype="page" id="4">by id</a></p>'
    )


def test_unsafe_links_lose_the_link_and_keep_the_text():
    conversion = convert('<p><a href="javascript:alert(1)">click</a> <a href="data:text/html,x">data</a></p>')
    assert conversion.blocks[0]["value"] == "<p>click data</p>"
    assert conversion.warnings == [
        "A javascript: link was removed; its text was kept.",
        "A data: link was removed; its text was kept.",
    ]


def test_protocol_relative_links_get_https():
    assert paragraph('<a href="//uclg.org/x">x</a>') == '<p><a href="https://uclg.org/x">x</a></p>'


def test_dead_links_to_the_old_site_are_reported():
    conversion = convert(
        f'<p><a href="{OLD}/gone/">gone</a> <a href="/relative/">rel</a> '
        f'<a href="{OLD}/wp-content/uploads/old.pdf">file</a></p>'
    )
    assert conversion.blocks[0]["value"] == "<p>gone rel file</p>"
    assert conversion.warnings == [
        f"The link to {OLD}/gone/ leads to nothing imported: its text was kept without the link.",
        "The link to /relative/ leads to nothing imported: its text was kept without the link.",
        f"The attached file {OLD}/wp-content/uploads/old.pdf was not found: its link was removed and its text kept.",
    ]


def test_text_is_decoded_and_escaped_so_that_it_cannot_inject_markup():
    value = paragraph('<p>Caf&eacute; &amp; &lt;script&gt;alert(1)&lt;/script&gt; "quoted" &#8220;x&#8221;</p>')
    assert value == '<p>Café &amp; &lt;script&gt;alert(1)&lt;/script&gt; "quoted" “x”</p>'
    attribute = paragraph('<a href="https://example.org/?q=&quot;&gt;&lt;b&gt;">x</a>')
    assert attribute == '<p><a href="https://example.org/?q=&quot;&gt;&lt;b&gt;">x</a></p>'


def test_empty_paragraphs_are_dropped():
    conversion = convert("<p>&nbsp;</p><p>Text</p><p> <br> </p><p><b> </b></p>")
    assert conversion.blocks == [{"type": "paragraph", "value": "<p>Text</p>"}]
    assert convert("<p>&nbsp;</p>").blocks == []


def test_nested_lists_are_flattened_to_one_level():
    value = paragraph("<ol><li>One<ul><li>One a</li></ul></li><li><b>Two</b></li></ol>")
    assert value == "<ol><li>One</li><li>One a</li><li><b>Two</b></li></ol>"


def test_broken_nesting_gives_well_formed_rich_text():
    for html in ["<p><b>bold <i>both</b> italic</i></p>", "<p><b>unclosed <i>tags", "text</div></p></span> more"]:
        conversion = convert(html)
        for block in conversion.blocks:
            assert_well_formed(block["value"])
    assert paragraph("<p><b>bold <i>both</b> italic</i></p>") == "<p><b>bold <i>both</i></b> italic</p>"


# Headings, quotes, tables


def test_headings_become_heading_blocks_of_three_levels():
    conversion = convert("<h1>One</h1><h2>Two <em>x</em></h2><h3>Three</h3><h5>Five</h5><h4> </h4>")
    assert [block["value"] for block in conversion.blocks] == [
        {"text": "One", "level": "h2"},
        {"text": "Two x", "level": "h2"},
        {"text": "Three", "level": "h3"},
        {"text": "Five", "level": "h4"},
    ]


def test_plain_text_joins_inline_pieces_and_leaves_out_scripts():
    conversion = convert(
        "<h2>Wo<b>rd</b><script>x()</script></h2><table><tr><td>One<br>two<!-- c --></td></tr></table>"
    )
    assert conversion.blocks[0]["value"]["text"] == "Word"
    assert conversion.blocks[1]["value"]["data"] == [["One two"]]


def test_text_blocks_are_interrupted_by_other_blocks():
    conversion = convert("Before\n\n<h2>Title</h2>\nAfter one\n\nAfter two")
    assert conversion.blocks == [
        {"type": "paragraph", "value": "<p>Before</p>"},
        {"type": "heading", "value": {"text": "Title", "level": "h2"}},
        {"type": "paragraph", "value": "<p>After one</p><p>After two</p>"},
    ]


def test_quotes_keep_paragraphs_and_attribution():
    html = (
        '<!-- wp:quote --><blockquote class="wp-block-quote"><p>Cities first.</p><p>Then <b>the</b> rest,<br>'
        "together.</p><cite>A mayor</cite></blockquote><!-- /wp:quote -->"
    )
    assert convert(html).blocks == [
        {"type": "quote", "value": {"text": "Cities first.\n\nThen the rest,\ntogether.", "attribution": "A mayor"}}
    ]
    classic = convert("<blockquote>Said once.</blockquote>")
    assert classic.blocks == [{"type": "quote", "value": {"text": "Said once.", "attribution": ""}}]


def test_tables_become_table_blocks_of_plain_text():
    conversion = convert(
        "<table><thead><tr><th>City</th><th>People</th></tr></thead>"
        "<tbody><tr><td><b>Surabaya</b></td><td>2.9 m</td></tr><tr><td>Solo</td></tr></tbody></table>"
    )
    value = conversion.blocks[0]["value"]
    assert value["data"] == [["City", "People"], ["Surabaya", "2.9 m"], ["Solo", ""]]
    assert value["first_row_is_table_header"] is True
    assert value["first_col_is_header"] is False
    plain = convert("<table><tr><td>a</td><td>b</td></tr></table>").blocks[0]["value"]
    assert plain["first_row_is_table_header"] is False
    assert plain["data"] == [["a", "b"]]


def test_gutenberg_table_caption_and_rows_without_cells():
    html = (
        '<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr></tr><tr><td>a</td><td>b</td></tr>'
        "</tbody></table><figcaption>Members by year</figcaption></figure><!-- /wp:table -->"
    )
    value = convert(html).blocks[0]["value"]
    assert value["data"] == [["a", "b"]]
    assert value["table_caption"] == "Members by year"
    assert value["first_row_is_table_header"] is False


# Images and galleries


def test_images_resolve_by_class_id_by_gutenberg_id_and_by_address():
    html = (
        f'<img class="alignleft wp-image-12 size-medium" src="{OLD}/a-300x200.jpg" alt="Mangroves">\n\n'
        f'<!-- wp:image {{"id":13}} --><figure class="wp-block-image"><img src="{OLD}/b.jpg" alt=""/>'
        "<figcaption>A <em>caption</em></figcaption></figure><!-- /wp:image -->\n\n"
        f'<img src="{OLD}/c.jpg">'
    )
    conversion = convert(
        html,
        images_by_id={12: fake(1), 13: fake(2, "The image's own description")},
        images_by_url={f"{OLD}/c.jpg": fake(3)},
    )
    assert [block["value"] for block in conversion.blocks] == [
        {"image": {"image": 1, "alt_text": "Mangroves", "decorative": False}, "caption": ""},
        {"image": {"image": 2, "alt_text": "The image's own description", "decorative": False}, "caption": "A caption"},
        {"image": {"image": 3, "alt_text": "", "decorative": False}, "caption": ""},
    ]
    assert conversion.warnings == []


def test_caption_shortcode_and_linked_image():
    html = (
        '[caption id="attachment_7" align="alignnone" width="300"]<a href="https://old.example.org/big.jpg">'
        '<img class="wp-image-7" src="https://old.example.org/small.jpg" alt="A" /></a> Mayors meeting[/caption]'
    )
    conversion = convert(html, images_by_id={7: fake(7)})
    assert conversion.blocks == [
        {
            "type": "image",
            "value": {"image": {"image": 7, "alt_text": "A", "decorative": False}, "caption": "Mayors meeting"},
        }
    ]
    linked = convert(
        f'<p>See <a href="{OLD}/x/"><img class="wp-image-7" src="x.jpg"></a> here</p>', images_by_id={7: fake(7)}
    )
    assert types(linked) == ["paragraph", "image", "paragraph"]


def test_missing_images_leave_a_placeholder_and_a_warning():
    conversion = convert(f'<p>Text <img src="{OLD}/wp-content/uploads/2019/05/gone%20photo.jpg"></p>')
    assert conversion.blocks == [
        {"type": "paragraph", "value": "<p>Text</p><p><i>[Image not imported: gone photo.jpg]</i></p>"}
    ]
    assert conversion.warnings == [
        f"The image {OLD}/wp-content/uploads/2019/05/gone%20photo.jpg is missing: "
        "a placeholder text stands in its place."
    ]
    hotlinked = convert('<img src="https://elsewhere.com/pic.png">')
    assert hotlinked.blocks[0]["value"] == "<p><i>[Image not imported: pic.png]</i></p>"
    assert hotlinked.warnings == [
        "The image https://elsewhere.com/pic.png is on another site: external images are not fetched, "
        "so a placeholder text stands in its place."
    ]


def test_galleries_give_one_image_block_per_resolved_id():
    images = {1: fake(1), 2: fake(2), 4: fake(4)}
    conversion = convert('[gallery columns="2" ids="1, 2,3"]', images_by_id=images)
    assert [block["value"]["image"]["image"] for block in conversion.blocks] == [1, 2]
    assert conversion.warnings == ["The gallery image with WordPress ID 3 was not found."]
    gutenberg = convert(
        '<!-- wp:gallery {"ids":[4,1]} --><figure class="wp-block-gallery"></figure><!-- /wp:gallery -->',
        images_by_id=images,
    )
    assert [block["value"]["image"]["image"] for block in gutenberg.blocks] == [4, 1]
    nested = convert(
        '<!-- wp:gallery {"linkTo":"none"} --><figure class="wp-block-gallery">'
        '<!-- wp:image {"id":2} --><figure class="wp-block-image"><img src="x.jpg" class="wp-image-2"/></figure>'
        "<!-- /wp:image --></figure><!-- /wp:gallery -->",
        images_by_id=images,
    )
    assert types(nested) == ["image"]


# Files and embeds


def test_a_paragraph_holding_only_a_file_link_becomes_a_document_block():
    url = f"{OLD}/wp-content/uploads/annual-report.pdf"
    conversion = convert(
        f'<a href="{url}">Annual report 2023</a>\n\nRead <a href="{url}">it</a> now.', documents={url: fake(45)}
    )
    assert conversion.blocks == [
        {"type": "document", "value": {"document": 45, "label": "Annual report 2023"}},
        {"type": "paragraph", "value": '<p>Read <a linktype="document" id="45">it</a> now.</p>'},
    ]


def test_gutenberg_file_block_becomes_a_document_block():
    url = f"{OLD}/wp-content/uploads/plan.pdf"
    html = (
        f'<!-- wp:file {{"id":33,"href":"{url}"}} --><div class="wp-block-file"><a href="{url}">City plan</a>'
        f'<a href="{url}" class="wp-block-file__button" download>Download</a></div><!-- /wp:file -->'
    )
    assert convert(html, documents={url: fake(45)}).blocks == [
        {"type": "document", "value": {"document": 45, "label": "City plan"}}
    ]
    missing = convert(html)
    assert missing.blocks == [{"type": "paragraph", "value": "<p>City plan</p>"}]
    assert missing.warnings == [f"The attached file {url} was not found: its link was removed and its text kept."]


@pytest.mark.parametrize(
    "html",
    [
        "[embed]https://www.youtube.com/watch?v=abc[/embed]",
        "Watch this:\n\nhttps://www.youtube.com/watch?v=abc\n\nThanks",
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} --><figure class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abc\n</div></figure><!-- /wp:embed -->',
        '<!-- wp:core-embed/youtube {"url":"https://www.youtube.com/watch?v=abc"} --><figure><div>'
        "https://www.youtube.com/watch?v=abc</div></figure><!-- /wp:core-embed/youtube -->",
    ],
)
def test_embeds_become_links(html):
    conversion = convert(html)
    link = '<p><a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc</a></p>'
    assert link in conversion.blocks[0]["value"]
    assert conversion.warnings == ["The video embed https://www.youtube.com/watch?v=abc became a link."]


def test_a_url_inside_a_sentence_is_not_an_embed():
    assert paragraph("See https://example.org for more") == "<p>See https://example.org for more</p>"


# What is dropped


def test_scripts_styles_frames_forms_objects_and_comments_are_dropped_with_warnings():
    html = (
        "<p>Kept</p><script>alert(1)</script><style>p{}</style>"
        '<iframe src="https://www.youtube.com/embed/abc"></iframe><form><input name="q">Search</form>'
        '<object data="x.swf"></object><!-- a note --><!--more--><p>Also kept</p>'
    )
    conversion = convert(html)
    assert conversion.blocks == [{"type": "paragraph", "value": "<p>Kept</p><p>Also kept</p>"}]
    assert conversion.warnings == [
        "A script was removed.",
        "A block of CSS styles was removed.",
        "An embedded frame from youtube.com was removed.",
        "A form was removed.",
        "An embedded object was removed.",
        "An HTML comment was removed.",
    ]


def test_unknown_shortcodes_are_removed_keeping_enclosed_text():
    conversion = convert('[contact-form-7 id="12" title="Contact"]\n\n[su_note]Important[/su_note] and [tweet/]')
    assert conversion.blocks == [{"type": "paragraph", "value": "<p>Important and</p>"}]
    assert conversion.warnings == [
        "The [contact-form-7] shortcode was removed.",
        "The [su_note] shortcode was removed.",
        "The [tweet] shortcode was removed.",
    ]


def test_bracketed_text_is_not_mistaken_for_a_shortcode():
    text = "As noted [1], the plan [sic] was [citation needed] adopted [2020] [a] [/x]."
    conversion = convert(text)
    assert conversion.blocks == [{"type": "paragraph", "value": f"<p>{text}</p>"}]
    assert conversion.warnings == []


# Never raises


@pytest.mark.parametrize("html", [None, "", "   ", 42, "<", "<<>>", "]]>", "<!--", "<!-- wp:image {bad json} -->"])
def test_odd_input_gives_an_empty_or_small_conversion(html):
    conversion = convert_body(html, FakeResolver())
    assert isinstance(conversion, Conversion)


def test_deep_nesting_and_huge_bodies_do_not_raise():
    deep = convert("<div>" * 5000 + "Deep text" + "</div>" * 5000)
    assert "Deep text" in "".join(block["value"] for block in deep.blocks)
    huge = convert("<p>Lorem <b>ipsum</b> dolor.</p>\n\n" * 5000)
    assert len(huge.blocks) == 1


def test_random_tag_soup_never_raises_and_gives_valid_stream_data():
    pieces = [
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<i>",
        "</em>",
        "<div>",
        "</div>",
        "<ul>",
        "<li>",
        "</ul>",
        "<table>",
        "<tr>",
        "<td>",
        "<th>",
        "</table>",
        "<blockquote>",
        "<cite>",
        "</blockquote>",
        "<h2>",
        "</h3>",
        '<img src="https://old.example.org/x.jpg">',
        '<img class="wp-image-1">',
        '<a href="javascript:x">',
        '<a href="https://old.example.org/about/">',
        "</a>",
        "<script>",
        "</script>",
        "<iframe>",
        "<!--",
        "-->",
        "<!-- wp:columns -->",
        "<!-- /wp:columns -->",
        '<!-- wp:image {"id":1} -->',
        "<!-- /wp:image -->",
        "[caption]",
        "[/caption]",
        '[gallery ids="1,2"]',
        "[embed]",
        "[/embed]",
        "[foo-bar]",
        "[1]",
        "\n",
        "\n\n",
        "text",
        "&amp;",
        "&nbsp;",
        "&lt;",
        "<",
        ">",
        '"',
        "https://youtu.be/x",
        "<br>",
        "<figure>",
        "<figcaption>",
        "</figure>",
        "<span style='x'>",
        "<",
        "[",
        "]",
    ]
    generator = random.Random(20260130)
    block = BodyBlock()
    resolver = FakeResolver(images_by_id={1: fake(1)}, pages={"https://old.example.org/about/": fake(2)})
    for _ in range(400):
        soup = "".join(generator.choice(pieces) for _ in range(generator.randint(1, 40)))
        conversion = convert_body(soup, resolver)
        for item in conversion.blocks:
            assert item["type"] in block.child_blocks
            if item["type"] == "paragraph":
                assert_well_formed(item["value"])


# The stored format is what Wagtail reads and renders


@pytest.mark.django_db
def test_a_converted_body_with_every_block_type_renders_on_a_page(client, home_page):
    image = make_image("Mangroves")
    document = make_document("Annual report")
    target = home_page.get_children().first()
    image_url = f"{OLD}/wp-content/uploads/mangroves.jpg"
    document_url = f"{OLD}/wp-content/uploads/annual-report.pdf"
    html = (
        "<h2>Our cities</h2>\n"
        f'Cities <strong>act</strong> &amp; <a href="{OLD}/about/">learn</a>, '
        f'see <a href="{document_url}">the report</a>.\n\n'
        "<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n"
        f'[caption id="attachment_9" width="300"]<img class="wp-image-9" src="{image_url}" alt="" />'
        " Planting day[/caption]\n\n"
        f'<a href="{document_url}">Download the annual report</a>\n\n'
        "<blockquote>Local first.<cite>The president</cite></blockquote>\n"
        "<table><tr><th>City</th><th>Trees</th></tr><tr><td>Surabaya</td><td>1,200</td></tr></table>\n"
        f'<img src="{OLD}/wp-content/uploads/lost.jpg">'
    )
    resolver = FakeResolver(
        images_by_id={9: image}, documents={document_url: document}, pages={f"{OLD}/about/": target}
    )
    conversion = convert_body(html, resolver)
    assert types(conversion) == ["heading", "paragraph", "image", "document", "quote", "table", "paragraph"]

    page = StandardPage(title="Imported story", slug="imported-story", body=conversion.blocks)
    home_page.add_child(instance=page)
    page.refresh_from_db()
    assert [child.block_type for child in page.body] == types(conversion)
    for child in page.body:
        child.render_as_block()

    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Our cities", "Planting day", "Download the annual report", "Local first.", "The president"]:
        assert text in html
    assert "Surabaya" in html
    assert "[Image not imported: lost.jpg]" in html
    assert document.url in html
    assert target.url in html
    assert "<b>act</b> &amp;" in html
