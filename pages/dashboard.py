"""Panels of the admin dashboard: what waits for staff, what is scheduled, and quick buttons to
add the pages editors add most.

Feature apps add their own panels with `LatestItemsPanel` in their `wagtail_hooks.py`, and their
own quick-add buttons through the `register_quick_add_page_type` hook, so this module never
names them.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision

LATEST_COUNT = 5
QUICK_ADD_HOOK = "register_quick_add_page_type"


@dataclass
class PanelItem:
    label: str
    url: str
    detail: str = ""


class LatestItemsPanel(Component):
    """A count and the latest few items, each linking to where staff act on it."""

    template_name = "pages/admin/dashboard_latest_items.html"

    def __init__(self, *, name, heading, count_label, count, items, all_url="", all_label="", order=150):
        self.name, self.heading, self.order = name, heading, order
        self.count_label, self.count, self.items = count_label, count, items
        self.all_url, self.all_label = all_url, all_label

    def get_context_data(self, parent_context=None):
        return {"panel": self}


def scheduled_pages_panel(user):
    """Pages whose publication is scheduled (approved revisions with a future go-live time)."""
    if not user_has_any_page_permission(user):
        return None
    revisions = Revision.page_revisions.filter(approved_go_live_at__gt=timezone.now()).order_by("approved_go_live_at")
    count = revisions.count()
    latest = list(revisions[:LATEST_COUNT])
    pages = Page.objects.in_bulk([int(revision.object_id) for revision in latest])
    items = [
        PanelItem(
            label=pages[int(revision.object_id)].get_admin_display_title(),
            url=reverse("wagtailadmin_pages:edit", args=[revision.object_id]),
            detail=timezone.localtime(revision.approved_go_live_at).strftime("%Y-%m-%d %H:%M"),
        )
        for revision in latest
        if int(revision.object_id) in pages
    ]
    return LatestItemsPanel(
        name="scheduled_pages",
        heading=_("Scheduled for publication"),
        count_label=_("pages scheduled"),
        count=count,
        items=items,
        order=160,
    )


# ---- Quick add ---------------------------------------------------------------------------------


@dataclass
class QuickAddButton:
    label: str
    url: str


class QuickAddPanel(Component):
    """'Add a story / event / resource / volume' buttons, under the page that takes them, for
    the users allowed to add there."""

    name = "quick_add"
    template_name = "pages/admin/dashboard_quick_add.html"
    order = 50

    def __init__(self, buttons):
        self.buttons = buttons

    def get_context_data(self, parent_context=None):
        return {"buttons": self.buttons}


def quick_add_panel(user):
    entries = [entry for hook in hooks.get_hooks(QUICK_ADD_HOOK) for entry in hook()]
    buttons = [button for label, model_label in entries if (button := _quick_add_button(user, label, model_label))]
    return QuickAddPanel(buttons) if buttons else None


def _quick_add_button(user, label, model_label):
    """The button to add a `model_label` page under the first parent of an allowed type where
    `user` may add it, or None."""
    model = apps.get_model(model_label)
    for parent_model in model.allowed_parent_page_models():
        for parent in parent_model.objects.order_by("path"):
            if model.can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage():
                url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
                return QuickAddButton(label=label, url=url)
    return None
