"""The image form asks for alt text in words editors understand, and a report lists the
images whose alt text is missing or only a file name."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pages.models import SiteImage
from tests.builders import make_image

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/images-without-alt-text/"


def png_upload(name):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_the_image_form_labels_the_description_as_alt_text_and_leaves_it_empty(admin_client):
    html = admin_client.get(reverse("wagtailimages:add")).content.decode()

    assert re.search(r'<label[^>]*for="id_description"[^>]*>\s*Alt text \(description\)', html)
    assert "for people who cannot see it" in html
    description_input = re.search(r'<input[^>]*name="description"[^>]*>', html).group()
    assert 'value="' not in description_input or 'value=""' in description_input
    assert 'name="is_decorative"' in html


def test_uploading_an_image_keeps_the_typed_alt_text_and_nothing_copies_the_file_name(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "DSC_0042", "file": png_upload("DSC_0042.png"), "description": "", "collection": 1},
    )
    assert response.status_code == 302
    image = SiteImage.objects.get(title="DSC_0042")
    assert image.description == ""
    assert image.default_alt_text == ""

    admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "DSC_0042", "description": "Volunteers cleaning a river bank", "collection": 1},
    )
    image.refresh_from_db()
    assert image.default_alt_text == "Volunteers cleaning a river bank"


def test_the_report_lists_images_without_real_alt_text(admin_client):
    make_image("Empty", description="")
    make_image("Camera", description="DSC_0042")
    make_image("Phone", description="IMG_1234")
    make_image("Stem", description="congress-photo", file_name="congress-photo.png")
    make_image("Written", description="Delegates voting at the 2024 congress")
    make_image("Pattern", description="", is_decorative=True)

    response = admin_client.get(REPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    listed = set(re.findall(r'href="/admin/images/\d+/"[^>]*>\s*([^<]+?)\s*<', html))
    assert {"Empty", "Camera", "Phone", "Stem"} <= listed
    assert not {"Written", "Pattern"} & listed
    assert "Alt text is a file name" in html and "No alt text" in html


def test_the_report_is_in_the_reports_menu(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert REPORT_URL in html


def test_the_report_refuses_staff_who_cannot_edit_images(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", "reader@example.org", "x" * 16)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert client.get(REPORT_URL).status_code in (302, 403)
    assert REPORT_URL not in client.get("/admin/").content.decode()
