"""What a browser tab shows of the site: the favicon at `/favicon.ico` and in every page's
head, and the header logo sharp on high-density screens."""

import re
from io import BytesIO

import pytest
from django.templatetags.static import static
from PIL import Image

from pages.models import SiteSettings

pytestmark = pytest.mark.django_db

ICON_TYPES = {"image/x-icon", "image/vnd.microsoft.icon"}


def test_favicon_is_a_real_icon_cached_for_long(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ICON_TYPES
    icon = Image.open(BytesIO(response.content))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 7 * 24 * 60 * 60
    assert "public" in response["Cache-Control"]


def test_favicon_answers_head_requests_too(client):
    response = client.head("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ICON_TYPES


def test_every_page_links_to_the_icon(client):
    for path in ("/", "/about-us/", "/search/?q=cities", "/no-such-page/"):
        html = client.get(path).content.decode()
        assert f'<link rel="icon" href="{static("favicon.ico")}"' in html, path


def header_logo(html):
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    return re.search(r'<img class="site-header__logo"[^>]*>', header).group(0)


def attribute(tag, name):
    return re.search(rf'\s{name}="([^"]*)"', tag).group(1)


def test_header_logo_offers_a_twice_as_sharp_rendition(client):
    logo = SiteSettings.objects.get().logo
    normal, sharp = logo.get_rendition("height-56"), logo.get_rendition("height-112")
    tag = header_logo(client.get("/").content.decode())
    assert attribute(tag, "src") == normal.url
    assert attribute(tag, "srcset") == f"{normal.url} 1x, {sharp.url} 2x"
    assert (attribute(tag, "width"), attribute(tag, "height")) == (str(normal.width), "56")
    assert sharp.height == 112
