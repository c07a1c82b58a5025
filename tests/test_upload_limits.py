"""Images that would cost too much memory to process are refused at upload: animated GIFs
count every frame against the pixel limit, and a request body over the site's limit is
refused from its declared length, before it is read."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pages.models import SiteImage


def _animated_gif(width, height, frames):
    colours = [(index * 20 % 256, 80, 140) for index in range(frames)]
    images = [Image.new("RGB", (width, height), colour) for colour in colours]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return buffer.getvalue()


def _upload(admin_client, name, content, content_type="image/gif"):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Congress animation", "file": SimpleUploadedFile(name, content, content_type)},
    )


def test_an_animated_gif_over_the_pixel_limit_by_its_frames_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    gif = _animated_gif(500, 500, 5)  # 250,000 pixels a frame, 1,250,000 in all
    assert Image.open(io.BytesIO(gif)).n_frames == 5
    images_before = SiteImage.objects.count()
    response = _upload(admin_client, "animation.gif", gif)
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert SiteImage.objects.count() == images_before


def test_an_animated_gif_within_the_pixel_limit_is_stored(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    response = _upload(admin_client, "animation.gif", _animated_gif(400, 400, 5))
    assert response.status_code == 302
    assert SiteImage.objects.filter(title="Congress animation").exists()


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(admin_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 200_000
    images_before = SiteImage.objects.count()
    response = _upload(admin_client, "large.gif", b"GIF89a" + b"\0" * 300_000)
    assert response.status_code == 413
    html = response.content.decode()
    assert "too large" in html and 'class="site-header' in html
    assert SiteImage.objects.count() == images_before
