"""An image's admin thumbnail is made on the worker when the image is saved, so the image
chooser and the image listing show it without making it in the editor's request; the
renditions a published page shows are made on the worker when it is published, so no
visitor's request makes them, even after a restart; `prepare_renditions` queues what pages
published before that still lack."""

import io
from datetime import date

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.rect import Rect

from pages.renditions import ADMIN_THUMBNAIL_SPEC, CARD_SPEC, SOCIAL_IMAGE_SPEC
from tests.builders import make_image
from tests.builders_news import make_story
from tests.crafted_pdfs import small_valid_pdf
from tests.worker_queue import queued_tasks, run_worker

pytestmark = pytest.mark.django_db


def png_upload(name="harbour.png"):
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


def test_a_published_story_is_shown_on_the_home_page_without_making_renditions_in_the_request(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image("Flood barrier", size=(1600, 900))
        story = make_story("Flood barriers rise in Semarang", day=date.today(), live=False, hero_image=image)
        story.save_revision().publish()
    # A restarted server: nothing in the process's rendition cache, only what the database holds.
    caches["renditions"].clear()
    before = set(image.renditions.values_list("filter_spec", flat=True))

    home = client.get("/").content.decode()
    story_page = client.get(story.url).content.decode()

    assert set(image.renditions.values_list("filter_spec", flat=True)) == before
    assert "Flood barriers rise in Semarang" in home
    card = image.renditions.get(filter_spec=CARD_SPEC)
    assert card.url in home
    assert image.renditions.get(filter_spec="width-1200").url in story_page
    assert image.renditions.get(filter_spec=SOCIAL_IMAGE_SPEC).url in story_page


def test_a_card_follows_the_focal_point_an_editor_moves(client, django_capture_on_commit_callbacks):
    """Listings take a card's picture from the renditions they fetched with it: a crop made
    for the old focal point is not reused once an editor has moved it."""
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image("Mangrove planting", size=(1600, 900))
        story = make_story("Mangroves return to Surabaya", day=date.today(), live=False, hero_image=image)
        story.save_revision().publish()
    old_crop = image.renditions.get(filter_spec=CARD_SPEC)
    assert old_crop.url in client.get("/news-events/").content.decode()

    image.set_focal_point(Rect(1400, 700, 1500, 800))
    image.save()
    listing = client.get("/news-events/").content.decode()

    new_crop = image.renditions.exclude(pk=old_crop.pk).get(filter_spec=CARD_SPEC)
    assert new_crop.url in listing
    assert old_crop.url not in listing


@pytest.mark.usefixtures("database_queue")
def test_prepare_renditions_queues_what_pages_published_earlier_lack_for_the_worker(
    client, django_capture_on_commit_callbacks
):
    # A story published before renditions were prepared on publish: nothing was queued.
    image = make_image("Mangrove nursery", size=(1600, 900))
    story = make_story("Mangroves return to Demak", day=date.today(), hero_image=image, listing_image=image)
    assert not image.renditions.exists()

    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prepare_renditions", stdout=output)
    # Queued, not made by the command itself.
    assert "Queued the missing renditions of" in output.getvalue()
    assert not image.renditions.exists()
    assert queued_tasks().filter(task_path="pages.tasks.prepare_renditions", args_kwargs__args__0=image.pk).count() == 1

    run_worker()
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert {ADMIN_THUMBNAIL_SPEC, CARD_SPEC, SOCIAL_IMAGE_SPEC, "width-1200"} <= made

    caches["renditions"].clear()
    story_page = client.get(story.url).content.decode()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == made
    assert image.renditions.get(filter_spec="width-1200").url in story_page

    # Run again, it queues nothing for what the worker has made.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prepare_renditions", stdout=io.StringIO())
    assert not queued_tasks().filter(task_path="pages.tasks.prepare_renditions", args_kwargs__args__0=image.pk).exists()


@pytest.mark.usefixtures("database_queue")
def test_the_worker_makes_renditions_before_slower_work_queued_earlier(
    admin_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("kitchens.pdf", small_valid_pdf("Community kitchens", pages=2), "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("wagtaildocs:add"), {"title": "Kitchens", "file": upload, "collection": 1})
        image = make_image("Mangrove nursery", size=(1600, 900))
        make_story("Mangroves return to Demak", day=date.today(), hero_image=image, listing_image=image)
    queued = list(queued_tasks().values_list("task_path", flat=True))  # in the order the worker takes them
    text, renditions = "pages.tasks.extract_document_text", "pages.tasks.prepare_renditions"
    assert text in queued and renditions in queued
    assert queued.index(renditions) < queued.index(text)

    run_worker()
    done = list(DBTaskResult.objects.order_by("finished_at").values_list("task_path", flat=True))
    assert done.index(renditions) < done.index(text)
    assert image.renditions.exists()
