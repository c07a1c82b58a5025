"""Staff views: "Notify subscribers"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import VolumeNotification, VolumePage
from .notifications import AlreadyNotified, confirmed_subscriber_count, start_notification


class NotifySubscribersView(WagtailAdminTemplateMixin, TemplateView):
    """A confirmation step, then one email per confirmed subscriber, sent in batches."""

    template_name = "newsletters/admin/notify.html"
    header_icon = "mail"
    page_title = _("Notify subscribers")

    def dispatch(self, request, page_id):
        self.volume = get_object_or_404(VolumePage, pk=page_id)
        if not self.volume.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.volume.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.volume.pk]), "label": self.volume.title},
            {"url": "", "label": _("Notify subscribers")},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            volume=self.volume,
            notification=VolumeNotification.objects.filter(volume=self.volume).first(),
            subscriber_count=confirmed_subscriber_count(),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.volume.pk]),
            **kwargs,
        )

    def post(self, request, page_id):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.volume.pk])
        if not self.volume.live:
            messages.error(request, _("Publish the volume before notifying subscribers."))
            return redirect(edit_url)
        try:
            notification = start_notification(self.volume, request.user)
        except AlreadyNotified:
            messages.warning(request, _("Subscribers were already notified about this volume; nothing was sent."))
            return redirect(edit_url)
        messages.success(
            request,
            _("Sending “%(title)s” to %(count)d confirmed subscribers.")
            % {"title": self.volume.title, "count": notification.recipient_count},
        )
        return redirect(edit_url)
