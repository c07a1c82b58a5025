"""The preview side panel frames the page preview: preview responses may be framed by the site
itself, public pages by nobody."""

import pytest
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

from newsletters.models import VolumePage
from pages.models import EventPage, StoryPage
from pages.repository.models import ResourcePage
from programmes.models import ProgrammePage

pytestmark = pytest.mark.django_db

PREVIEWED_TYPES = [StoryPage, EventPage, ResourcePage, VolumePage, ProgrammePage]


def frame_ancestors(response):
    directives = (part.strip() for part in response.get("Content-Security-Policy", "").split(";"))
    return next((part for part in directives if part.startswith("frame-ancestors")), None)


def preview(admin_client, page):
    """What the side panel does: post the editor's form, then load the preview."""
    edit_html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    form_data = querydict_from_html(edit_html, form_id="page-edit-form").copy()
    # StreamFields are drawn by the admin's JavaScript, so the HTML has no inputs for them:
    # preview them empty.
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            form_data.setdefault(f"{field.name}-count", "0")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    posted = admin_client.post(preview_url, form_data)
    assert posted.json() == {"is_valid": True, "is_available": True}
    return admin_client.get(preview_url, {"in_preview_panel": "true"})


@pytest.mark.parametrize("model", PREVIEWED_TYPES, ids=lambda model: model.__name__)
def test_preview_may_be_framed_by_the_site_itself(admin_client, model):
    page = model.objects.live().first()
    response = preview(admin_client, page)
    assert response.status_code == 200
    assert page.title in response.content.decode()
    assert frame_ancestors(response) == "frame-ancestors 'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("model", PREVIEWED_TYPES, ids=lambda model: model.__name__)
def test_public_pages_may_not_be_framed(client, model):
    response = client.get(model.objects.live().first().url)
    assert response.status_code == 200
    assert frame_ancestors(response) == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"
