"""How the admin answers when the database fails during an editor's request (a busy SQLite
file, a PostgreSQL restart): never with the public 503 page. The request's writes were rolled
back (`pages.middleware.AdminTransactionMiddleware`), so the editor is told that nothing was
saved and keeps what they typed."""

import logging
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from pages.languages import offer_lists_in_page_language

logger = logging.getLogger(__name__)

# The database could not do its work just now (locked, restarting, unreachable).
DATABASE_FAULTS = (OperationalError, InterfaceError)

# The error message of a page form that failed to save, while it is shown again (see SitePageForm).
_form_shown_again_with = ContextVar("form_shown_again_with", default=None)

# Wagtail's preview endpoints (pages and snippets): the side panel posts the form with fetch()
# and loads the preview in a frame.
PREVIEW_URL_NAMES = {"preview_on_add", "preview_on_edit", "preview_on_create"}


def is_admin_request(request):
    return request.path.startswith(reverse("wagtailadmin_home"))


def admin_fault_response(request):
    """The answer to an admin request whose database work failed."""
    url_name = request.resolver_match.url_name if request.resolver_match else None
    if url_name in PREVIEW_URL_NAMES or getattr(request, "is_preview", False):
        return _preview_unavailable(request)
    if not request.accepts("text/html"):
        message = _(
            "The database was busy, so this change was not autosaved yet; nothing was lost — keep editing or save."
        )
        return _autosave_failed(message, status=503)
    if request.method == "POST":
        response = _form_shown_again(request, _("The database was busy; nothing was lost — try saving again."))
        if response is not None:
            return response
    return _database_busy_page(_("The database was busy, so nothing was saved; try again in a moment."))


def _preview_unavailable(request):
    message = _("The database was busy, so the preview was not updated; it will be on your next change.")
    if request.method == "GET":
        # The preview frame shows this page.
        return _database_busy_page(message)
    # The side panel reads `is_valid` and `is_available`: the preview shows as unavailable.
    return _no_store(JsonResponse({"is_valid": False, "is_available": False, "error_message": message}, status=503))


def _autosave_failed(message, status):
    # Wagtail's autosave shows `error_message` only for the error codes it knows, and keeps
    # autosaving after a validation error; any other code shows "A server error occurred."
    body = {"success": False, "error_code": "validation_error", "error_message": message}
    return _no_store(JsonResponse(body, status=status))


def admin_save_overtaken_response(request, error):
    """The answer to a page save that another request overtook between the form's checks and
    the save (a second click on Publish while the first was still saving, both with the same
    slug, or an autosave racing the click): the editor again with the reason, or None when the
    request was not a page form."""
    if request.method != "POST":
        return None
    message = " ".join(error.messages)
    if not request.accepts("text/html"):
        return _autosave_failed(message, status=400)
    return _form_shown_again(request, message)


def _form_shown_again(request, message):
    """The page editor again, with what was posted and `message` as the form's error, or None
    when the request was not a page form or the form cannot be shown now."""
    match = request.resolver_match
    if match is None or match.namespace != "wagtailadmin_pages" or match.url_name not in {"add", "edit"}:
        return None
    showing_again = _form_shown_again_with.set(message)
    try:
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    except DATABASE_FAULTS:
        logger.warning("The form at %s could not be shown again: the database still fails", request.path)
        return None
    finally:
        _form_shown_again_with.reset(showing_again)
    return response


class SitePageForm(WagtailAdminPageForm):
    """The admin form of every page type. When saving it failed (a busy database, a save that
    another request overtook), the view is run again with this form invalid, so Wagtail shows
    the editor what they posted with the error message, and saves nothing. Its lists of
    categories, themes and types offer the page's language only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_lists_in_page_language(self)

    def clean(self):
        cleaned_data = super().clean()
        message = _form_shown_again_with.get()
        if message:
            raise ValidationError(message)
        return cleaned_data


def _database_busy_page(message):
    html = loader.get_template("pages/admin_database_busy.html").render(
        {"message": message, "admin_url": reverse("wagtailadmin_home")}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "5"
    return _no_store(response)


def _no_store(response):
    add_never_cache_headers(response)
    return response
