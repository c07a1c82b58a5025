"""Staff see only the admin menu items they can use: every link of the menu opens for each
staff group that setup_site creates, instead of answering "you do not have permission"."""

import re

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

DENIED = "do not have permission"


def admin_menu_urls(html):
    """The admin's own links in the sidebar (menus, submenus, account), read from the JSON
    the sidebar is drawn from."""
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    return sorted({url for url in re.findall(r'"url":\s*"([^"]+)"', props) if url.startswith("/admin/")})


@pytest.fixture
def staff_client(client, django_user_model):
    def log_in(group_name):
        user = django_user_model.objects.create_user(f"{group_name.lower()}-member", "staff@example.org", "x" * 16)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return client

    return log_in


@pytest.mark.parametrize("group_name", ["Editors", "Moderators", "Membership"])
def test_every_menu_link_opens_for_the_group(staff_client, group_name):
    client = staff_client(group_name)
    urls = admin_menu_urls(client.get("/admin/").content.decode())
    assert "/admin/account/" in urls  # the parsing found the menu

    refused = []
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code != 200 or DENIED in response.content.decode():
            refused.append(f"{url} -> {response.status_code} {response.redirect_chain}")
    assert refused == []


def test_editors_do_not_see_the_resource_import(staff_client):
    client = staff_client("Editors")

    assert "/admin/repository/import/" not in admin_menu_urls(client.get("/admin/").content.decode())
