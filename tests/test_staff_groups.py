"""`setup_site` gives the staff groups what Wagtail's migrations give them, also on a database
whose groups it made itself (a restored or emptied one): editors can choose images and
documents, request translations, moderators lock pages, and a story an editor submits waits
for a moderator."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Task, Workflow

from pages.models import StoryPage
from tests.test_admin_faults import add_story_url, story_form

pytestmark = pytest.mark.django_db

STAFF_GROUPS = ["Editors", "Moderators"]


def group_rights():
    return {
        group.name: (
            sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()),
            sorted((p.page.depth, p.permission.codename) for p in GroupPagePermission.objects.filter(group=group)),
            sorted(
                (p.collection.depth, p.permission.codename)
                for p in GroupCollectionPermission.objects.filter(group=group)
            ),
        )
        for group in Group.objects.filter(name__in=STAFF_GROUPS)
    }


def forget_group_rights():
    for group in Group.objects.filter(name__in=STAFF_GROUPS):
        group.permissions.clear()
    GroupPagePermission.objects.filter(group__name__in=STAFF_GROUPS).delete()
    GroupCollectionPermission.objects.all().delete()
    Permission.objects.filter(codename="submit_translation").delete()


def test_setup_gives_the_groups_what_wagtails_migrations_gave_them():
    migrated = group_rights()
    assert "wagtail_localize.submit_translation" in migrated["Editors"][0]

    forget_group_rights()
    call_command("setup_site", verbosity=0)

    assert group_rights() == migrated


@pytest.mark.parametrize("chooser", ["/admin/images/chooser/", "/admin/documents/chooser/"])
@pytest.mark.parametrize("group_name", STAFF_GROUPS)
def test_staff_choose_the_sites_media_after_setup_made_their_rights(client, django_user_model, group_name, chooser):
    forget_group_rights()
    call_command("setup_site", verbosity=0)
    user = django_user_model.objects.create_user("staff-member", "staff@example.org", "x" * 16)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)

    html = client.get(chooser).json()["html"]

    assert "haven't uploaded" not in html
    assert "data-chooser-modal-choice" in html


def test_a_story_an_editor_submits_waits_for_a_moderator_after_setup_made_the_workflow(client, django_user_model):
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    call_command("setup_site", verbosity=0)
    writer = django_user_model.objects.create_user("writer", "writer@example.org", "x" * 16)
    writer.groups.add(Group.objects.get(name="Editors"))
    client.force_login(writer)

    data = story_form("Coastal cities pool their flood data", "coastal-flood-data", **{"action-submit": "submit"})
    response = client.post(add_story_url(), data, follow=True)

    assert "submitted for moderation" in response.content.decode()
    story = StoryPage.objects.get(slug="coastal-flood-data")
    assert not story.live
    assert story.current_workflow_state.current_task_state.task.name == "Moderators approval"
