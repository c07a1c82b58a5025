"""Card and hero images carry the alt text the editor wrote, or an empty one only when the
editor marked the image decorative."""

import re
from datetime import date

import pytest

from tests.builders import make_image
from tests.builders_news import make_story

pytestmark = pytest.mark.django_db

ALT = "Mayors planting mangroves on the Surabaya coast"


def image_alts(html, css_class):
    """The alt attribute of every <img> with `css_class`, in page order (None when absent)."""
    alts = []
    for tag in re.findall(r"<img\b[^>]*>", html):
        if re.search(rf'class="[^"]*\b{css_class}\b', tag):
            match = re.search(r'\balt="([^"]*)"', tag)
            alts.append(match.group(1) if match else None)
    return alts


def story_with_hero(image, title="Mangrove planting in Surabaya"):
    # Dated after every demo story, so it leads the news listing and the home page.
    return make_story(title, day=date(2031, 1, 1), hero_image=image)


def test_story_hero_image_has_the_alt_text_the_editor_typed(client):
    story = story_with_hero(make_image("DSC_0042", description=ALT, file_name="DSC_0042.jpg"))

    html = client.get(story.url).content.decode()

    assert image_alts(html, "story__hero-image") == [ALT]


def test_story_card_on_the_news_listing_and_the_home_page_has_the_alt_text(client):
    story = story_with_hero(make_image("Surabaya coast", description=ALT))

    for url in (story.get_parent().url, "/"):
        html = client.get(url).content.decode()
        assert ALT in image_alts(html, "card__image"), url


def test_a_decorative_image_has_an_empty_alt(client):
    story = story_with_hero(make_image("Blue pattern", description="", is_decorative=True))

    html = client.get(story.url).content.decode()

    assert image_alts(html, "story__hero-image") == [""]


def test_a_file_name_never_becomes_alt_text(client):
    """Without alt text a title a person wrote is used; a camera's file name is not."""
    named = story_with_hero(make_image("Mayors at the congress"), title="Congress")
    unnamed = story_with_hero(make_image("IMG_1234", file_name="IMG_1234.jpg"), title="Workshop")

    assert image_alts(client.get(named.url).content.decode(), "story__hero-image") == ["Mayors at the congress"]
    assert image_alts(client.get(unnamed.url).content.decode(), "story__hero-image") == [""]
