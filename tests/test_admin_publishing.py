"""Staff create and publish pages through the admin's own views."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import HomePage, SectionPage

pytestmark = pytest.mark.django_db


def test_admin_creates_and_publishes_a_section_page(admin_client, client):
    home = HomePage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=("pages", "sectionpage", home.pk))
    data = nested_form_data(
        {
            "title": "Urban Resilience",
            "slug": "urban-resilience",
            "introduction": "How cities prepare for shocks.",
            "body": streamfield([("paragraph", rich_text("<p>Resilience starts locally.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = SectionPage.objects.get(locale__language_code="en", slug="urban-resilience")
    assert page.live
    public = client.get("/urban-resilience/")
    assert public.status_code == 200
    assert "Resilience starts locally." in public.content.decode()


def test_admin_rejects_a_section_page_without_a_title(admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    url = reverse("wagtailadmin_pages:add", args=("pages", "sectionpage", home.pk))
    data = nested_form_data({"title": "", "slug": "no-title", "body": streamfield([]), "action-publish": "publish"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not SectionPage.objects.filter(locale__language_code="en", slug="no-title").exists()


def test_admin_dashboard_and_settings_open_for_staff(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    site_id = HomePage.objects.get(locale__language_code="en").get_site().pk
    response = admin_client.get(reverse("wagtailsettings:edit", args=("pages", "sitesettings", site_id)))
    assert response.status_code == 200


def test_staff_groups_and_workflow_exist():
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow

    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Moderators", "Membership"}
    workflow = Workflow.objects.get(name="Moderators approval")
    assert workflow.active
    assert workflow.tasks.filter(groupapprovaltask__groups__name="Moderators").exists()
