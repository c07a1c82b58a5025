"""Times on the admin's detail ("inspect") pages in the site's zone, like its listings.

Wagtail's inspect template renders each value through `|localize`, which turns an aware
datetime into text before Django's template engine would convert it to the current zone, so
detail pages showed UTC while listings showed Asia/Jakarta. Converting the value first fixes
every inspect view, including those added later."""

import datetime

from django.utils import timezone


def _field_display_value_in_local_time(self, field_name, field):
    value = self._wagtail_get_field_display_value(field_name, field)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def install_local_times_in_inspect_views():
    """Called once, from `PagesConfig.ready`."""
    from wagtail.admin.views.generic.models import InspectView

    if hasattr(InspectView, "_wagtail_get_field_display_value"):
        return
    InspectView._wagtail_get_field_display_value = InspectView.get_field_display_value
    InspectView.get_field_display_value = _field_display_value_in_local_time
