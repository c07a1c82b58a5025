"""The database cache table, the site's languages, staff groups, the moderation workflow, the
site's address and a first admin account.
Safe to run again."""

import os
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# What Wagtail's migrations give its default Editors and Moderators groups over images and
# documents, in every collection and for the models. A database whose groups were made here
# rather than by those migrations (a restored or emptied one) would otherwise leave editors an
# empty image chooser.
MEDIA_PERMISSIONS = [
    (app_label, f"{action}_{model}")
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "delete", "choose")
]
TRANSLATION_REQUEST = ("wagtail_localize", "submit_translation")
# Codenames each group gets on top of admin access; feature apps add theirs in migrations
# or signals of their own.
GROUP_PERMISSIONS = {
    "Editors": [*MEDIA_PERMISSIONS, TRANSLATION_REQUEST],
    "Moderators": [*MEDIA_PERMISSIONS, TRANSLATION_REQUEST, ("pages", "change_sitesettings")],
    "Membership": [],
}
# Page permissions over the whole tree, as Wagtail's migrations give them.
PAGE_PERMISSIONS = {
    "Editors": ["add", "change"],
    "Moderators": ["add", "change", "publish", "lock", "unlock"],
}
# The address Wagtail's first migration gives the default site: nobody chose it, so setup
# replaces it; any other address was set by an operator and is kept.
WAGTAIL_DEFAULT_SITE = ("localhost", 80)
DEFAULT_PORTS = {"http": 80, "https": 443}


class Command(BaseCommand):
    help = (
        "Create the database cache table, a locale for each configured language, the staff groups and the "
        "moderation workflow, give the "
        "default site the address of WAGTAILADMIN_BASE_URL, and create an admin account if none exists."
    )

    def handle(self, *args, **options):
        # Whatever the cache in use: a site set up with Redis can then run without it.
        call_command("createcachetable", settings.DATABASE_CACHE_TABLE, verbosity=options["verbosity"])
        with transaction.atomic():
            self._ensure_locales()
            groups = self._ensure_groups()
            self._ensure_workflow(groups["Moderators"])
            self._ensure_site_address()
        self._ensure_admin()

    def _ensure_locales(self):
        """A locale for each configured language, so editors can translate into it. Existing
        pages keep the locale they have: before the site was multilingual, English."""
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        self.stdout.write("Languages ready: " + ", ".join(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES))

    def _ensure_groups(self):
        groups = {}
        self._ensure_translation_request_permission()
        for name, extra in GROUP_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=name)
            for app_label, codename in (ADMIN_ACCESS, *extra):
                permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if permission:
                    group.permissions.add(permission)
            groups[name] = group
        root = Page.get_first_root_node()
        for name, permission_types in PAGE_PERMISSIONS.items():
            for permission_type in permission_types:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                )
                GroupPagePermission.objects.get_or_create(group=groups[name], page=root, permission=permission)
        self._ensure_media_permissions([groups["Editors"], groups["Moderators"]])
        self.stdout.write("Staff groups ready: " + ", ".join(groups))
        return groups

    def _ensure_translation_request_permission(self):
        """wagtail-localize's migration hangs this permission off a content type of no model,
        which an emptied database no longer has."""
        app_label, codename = TRANSLATION_REQUEST
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model="translation")
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": "Can submit translations"}
        )

    def _ensure_media_permissions(self, groups):
        root = Collection.get_first_root_node()
        for app_label, codename in MEDIA_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for group in groups:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)

    def _ensure_workflow(self, moderators):
        workflow, _ = Workflow.objects.get_or_create(name="Moderators approval", defaults={"active": True})
        if not WorkflowTask.objects.filter(workflow=workflow).exists():
            task, _ = GroupApprovalTask.objects.get_or_create(name="Moderators approval")
            task.groups.add(moderators)
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        root = Page.get_first_root_node()
        WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
        self.stdout.write("Moderation workflow ready: " + workflow.name)

    def _ensure_site_address(self):
        """Absolute links (canonical, sitemap, feeds) are built from the Site record, so it must
        carry the public address rather than Wagtail's placeholder `localhost:80`."""
        site = Site.objects.filter(is_default_site=True).first()
        hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
        if site is None or not hostname:
            return
        if (site.hostname, site.port) == (hostname, port):
            return
        if (site.hostname, site.port) != WAGTAIL_DEFAULT_SITE:
            self.stdout.write(
                f"The default site keeps its address {site.hostname}:{site.port} "
                f"(WAGTAILADMIN_BASE_URL says {hostname}:{port}; change it under Settings → Sites)."
            )
            return
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"Default site address set to {hostname}:{port}")

    def _ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists already.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.org")
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        User.objects.create_superuser(username=username, email=email, password=password)
        shown = "(from DJANGO_SUPERUSER_PASSWORD)" if os.environ.get("DJANGO_SUPERUSER_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(f"Admin account created. Log in at /admin/ as {username!r} with password {shown}")
        )


def site_address(base_url):
    """(hostname, port) of a URL such as `https://www.uclg-aspac.org` → ("www.uclg-aspac.org", 443)."""
    parts = urlsplit(base_url or "")
    return parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
