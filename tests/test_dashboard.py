"""The admin dashboard: what waits for staff (applications, suggestions, scheduled pages) and
quick buttons to add a story, event, resource or volume, each shown only to who may use it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from newsletters.models import NewsletterIndexPage
from pages.models import NewsIndexPage
from pages.repository.models import ResourceIndexPage, ResourceSuggestion
from tests.builders_members import make_application
from tests.builders_news import make_story

pytestmark = pytest.mark.django_db


def dashboard_for(client, django_user_model, group_name):
    user = django_user_model.objects.create_user(group_name.lower(), f"{group_name.lower()}@example.org", "x" * 16)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return dashboard(client)


def dashboard(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def quick_add_urls():
    news = NewsIndexPage.objects.get(locale__language_code="en").pk
    repository_pk = ResourceIndexPage.objects.get(locale__language_code="en").pk
    return {
        "Add a story": f"/admin/pages/add/pages/storypage/{news}/",
        "Add an event": f"/admin/pages/add/pages/eventpage/{news}/",
        "Add a resource": f"/admin/pages/add/repository/resourcepage/{repository_pk}/",
        "Add a volume": f"/admin/pages/add/newsletters/volumepage/{NewsletterIndexPage.objects.get().pk}/",
    }


def test_superuser_sees_what_waits_and_the_quick_add_buttons(admin_client):
    application = make_application(7, organisation_name="City of Testville")
    make_application(8, organisation_name="Reviewed Town", status="approved")
    suggestion = ResourceSuggestion.objects.create(
        title="Market hygiene guide", reason="Useful", name="Ana", email="ana@example.org"
    )
    scheduled = make_story("Embargoed story", live=False)
    scheduled.save_revision(approved_go_live_at=timezone.now() + timedelta(days=2))

    html = dashboard(admin_client)

    assert 'data-count="new_applications">1<' in html
    assert f'href="/admin/membership/applications/inspect/{application.pk}/">City of Testville</a>' in html
    assert "Reviewed Town" not in html
    assert 'data-count="new_suggestions">1<' in html
    assert f'href="/admin/repository_suggestions/inspect/{suggestion.pk}/">Market hygiene guide</a>' in html
    assert 'data-count="scheduled_pages">1<' in html
    assert f'href="/admin/pages/{scheduled.pk}/edit/">Embargoed story</a>' in html
    for label, url in quick_add_urls().items():
        assert f'href="{url}"' in html and label in html, label


def test_editor_sees_quick_add_but_not_membership_applications(client, django_user_model):
    make_application(9, organisation_name="Hidden Municipality")
    html = dashboard_for(client, django_user_model, "Editors")
    for url in quick_add_urls().values():
        assert f'href="{url}"' in html
    assert 'data-count="new_applications"' not in html
    assert "Hidden Municipality" not in html
    assert 'data-count="scheduled_pages"' in html


def test_membership_staff_see_applications_and_no_page_buttons(client, django_user_model):
    make_application(10, organisation_name="Applicant City")
    html = dashboard_for(client, django_user_model, "Membership")
    assert "Applicant City" in html and 'data-count="new_applications">' in html
    assert "Add a story" not in html
    assert 'data-count="new_suggestions"' not in html


def test_quick_add_button_leads_to_a_working_editor(admin_client):
    for url in quick_add_urls().values():
        assert admin_client.get(url).status_code == 200, url
