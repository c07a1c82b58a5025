"""The site's editor's guide is in the admin's Help menu, and the group forms say what the
site's staff groups are for."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.test_admin_menus import admin_menu_urls

pytestmark = pytest.mark.django_db

GUIDE_URL = "/admin/guide/"
TOPICS = [
    "Publish a story or an event",
    "Images and alt text",
    "Add a resource to the COVID-19 repository",
    "Publish a newsletter volume and notify subscribers",
    "Review membership applications",
    "Redirects",
]


def test_an_editor_reaches_the_guide_from_the_help_menu(client, django_user_model):
    editor = django_user_model.objects.create_user("guide-reader", "guide@example.org", "x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert GUIDE_URL in admin_menu_urls(client.get("/admin/").content.decode())
    response = client.get(GUIDE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for topic in TOPICS:
        assert f">{topic}</h2>" in html, topic
    assert reverse("images_without_alt_text") in html


def test_the_guide_is_not_public(client):
    response = client.get(GUIDE_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_group_form_explains_the_staff_groups(admin_client):
    editors = Group.objects.get(name="Editors")

    html = admin_client.get(reverse("wagtailusers_groups:edit", args=[editors.pk])).content.decode()

    assert "Submit to Moderators approval" in html
    assert "Review Be a Member applications" in html
    assert GUIDE_URL in html
