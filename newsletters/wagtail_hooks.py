from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .admin_views import NotifySubscribersView
from .models import Subscriber, VolumeNotification, VolumePage


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["email", "status", "language", "created_at", "confirmed_at"]
    list_filter = ["status", "language"]
    list_export = [
        "email",
        "get_status_display",
        "language",
        "consent",
        "consented_at",
        "confirmed_at",
        "unsubscribed_at",
        "created_at",
        "ip_address",
    ]
    export_headings = {
        "email": _("Email address"),
        "get_status_display": _("Status"),
        "language": _("Language"),
        "consent": _("Consent given"),
        "consented_at": _("Consent given at"),
        "confirmed_at": _("Confirmed at"),
        "unsubscribed_at": _("Unsubscribed at"),
        "created_at": _("Created at"),
        "ip_address": _("IP address"),
    }
    search_fields = ["email"]
    form_fields = ["email", "status", "language"]
    export_filename = "newsletter-subscribers"


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")


@hooks.register("register_admin_urls")
def register_notify_url():
    return [
        path(
            "newsletters/notify/<int:page_id>/",
            NotifySubscribersView.as_view(),
            name="newsletters_notify",
        )
    ]


def _can_notify(page, user):
    if not (page.live and isinstance(page.specific_deferred, VolumePage)):
        return False
    return page.permissions_for_user(user).can_publish()


@hooks.register("register_page_header_buttons")
def notify_subscribers_button(page, user, view_name, next_url=None):
    if _can_notify(page, user):
        yield Button(
            _("Notify subscribers"),
            url=reverse("newsletters_notify", args=[page.pk]),
            icon_name="mail",
            priority=80,
        )


@hooks.register("after_publish_page")
def offer_notification_after_publishing(request, page):
    if _can_notify(page, request.user) and not VolumeNotification.objects.filter(volume_id=page.pk).exists():
        messages.info(
            request,
            _("Tell the newsletter's subscribers about “%(title)s”?") % {"title": page.title},
            buttons=[messages.button(reverse("newsletters_notify", args=[page.pk]), _("Notify subscribers"))],
        )


@hooks.register("register_quick_add_page_type")
def quick_add_volume():
    return [(_("Add a volume"), "newsletters.VolumePage")]
