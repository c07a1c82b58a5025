"""An image's admin thumbnail is made on the worker when the image is saved, so the image
chooser and the image listing show it without making it in the editor's request."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from pages.renditions import ADMIN_THUMBNAIL_SPEC

pytestmark = pytest.mark.django_db


def png_upload(name="harbour.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 90, 140)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload_through_the_admin(client):
    data = {
        "title": "Harbour clean-up",
        "file": png_upload(),
        "description": "Volunteers lifting nets out of the harbour",
        "collection": 1,
    }
    return client.post(reverse("wagtailimages:add"), data)


def test_uploading_an_image_queues_its_thumbnail_for_the_worker(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload_through_the_admin(admin_client)
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Harbour clean-up")
    # Nothing was made in the request itself; the worker's job is queued when it commits.
    assert not image.renditions.exists()
    assert len(callbacks) >= 1

    for callback in callbacks:
        callback()
    assert image.renditions.filter(filter_spec=ADMIN_THUMBNAIL_SPEC).exists()


def test_the_chooser_makes_no_thumbnails_for_images_the_worker_prepared(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            upload = png_upload(f"photo-{number}.png")
            get_image_model().objects.create(title=f"Photo {number}", file=upload, description=f"Photo {number}")
    Rendition = get_image_model().get_rendition_model()
    before = Rendition.objects.count()
    assert before >= 3

    response = admin_client.get(reverse("wagtailimages_chooser:choose"))
    assert response.status_code == 200
    assert Rendition.objects.count() == before


def test_an_unreadable_image_file_is_reported_not_retried(django_capture_on_commit_callbacks):
    from pages.tasks import prepare_renditions

    with django_capture_on_commit_callbacks(execute=False):
        image = get_image_model().objects.create(title="Broken", file=png_upload("broken.png"), description="Broken")
    # The stored file was damaged after the upload.
    with image.file.storage.open(image.file.name, "wb") as stored:
        stored.write(b"not a picture")

    assert prepare_renditions.call(image.pk, [ADMIN_THUMBNAIL_SPEC]) == "failed"
    assert not image.renditions.exists()
