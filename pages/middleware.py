"""Small site-wide middlewares: a Permissions-Policy header, previews the admin may frame, one
shared-cache copy per address whatever the visitor's languages, and clear answers when the
database is unreachable or the media disk is full."""

import errno
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from pages.admin_faults import DATABASE_FAULTS, admin_fault_response, admin_save_overtaken_response, is_admin_request

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses, for every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PreviewFramingMiddleware:
    """The editor's preview side panel shows the page preview in a frame of the admin: preview
    responses may be framed by this site, public pages stay unframeable. Sits inside django-csp's
    middleware (which reads `_csp_replace`) and outside Django's clickjacking middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            response._csp_replace = {"frame-ancestors": ["'self'"]}
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class LanguageByAddressMiddleware:
    """Public pages take their language from the address alone (English without a prefix), never
    from the browser's Accept-Language, yet Django's LocaleMiddleware says `Vary: Accept-Language`
    on every unprefixed address: a shared cache would then keep one copy of each English page per
    browser language setting. Listed above LocaleMiddleware, so it sees that header; the admin
    keeps it (its login page follows the browser's language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Vary") and not is_admin_request(request):
            kept = [name.strip() for name in response["Vary"].split(",")]
            kept = [name for name in kept if name and name.lower() != "accept-language"]
            del response["Vary"]
            if kept:
                patch_vary_headers(response, kept)
        return response


class RequestBodyLimitMiddleware:
    """A request that declares a body over `MAX_REQUEST_BODY_BYTES` gets a 413 page before
    anything reads the body, so an oversized upload never fills memory or the temporary disk.
    (A body without a declared length is bounded by the reverse proxy.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.MAX_REQUEST_BODY_BYTES:
            logger.warning("Refused a %s-byte request body to %s", declared, request.path)
            limit_mb = settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024) or 1
            return render(request, "413.html", {"limit_mb": limit_mb}, status=413)
        return self.get_response(request)


class ServiceFaultMiddleware:
    """A database outage answers visitors with the friendly 503 page (no traceback, no database
    access) and editors in the admin's own way (`pages.admin_faults`); a full media disk during
    an admin upload answers with an error message. Nothing is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return fault_response(request, exception)


class AdminTransactionMiddleware:
    """An editor's request that changes data (save, publish, autosave, preview) runs in one
    transaction, so a database failure half-way leaves nothing behind: Wagtail writes a new
    page and then its revision, and a failure between them left a page that blocked the retry
    ("slug already in use"). Placed after the CSRF check, because it calls the view itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS") or not is_admin_request(request):
            return None
        try:
            with transaction.atomic():
                return view_func(request, *view_args, **view_kwargs)
        except Exception as error:
            # Exceptions raised here skip the middlewares' process_exception: answer the same way.
            response = fault_response(request, error)
            if response is None:
                raise
            return response


def fault_response(request, exception):
    """The answer to a database outage, a page save overtaken by another or a full media disk,
    or None for other exceptions."""
    if isinstance(exception, DATABASE_FAULTS):
        if is_admin_request(request):
            logger.warning("Database busy or unavailable during the admin request %s", request.path, exc_info=exception)
            return admin_fault_response(request)
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        return database_unavailable()
    if isinstance(exception, ValidationError) and is_admin_request(request):
        logger.warning("An admin save at %s was overtaken by another: %s", request.path, exception)
        return admin_save_overtaken_response(request, exception)
    if isinstance(exception, OSError) and exception.errno == errno.ENOSPC:
        logger.error("Media storage full during an upload to %s", request.path, exc_info=exception)
        return _storage_full(request)
    return None


def _storage_full(request):
    message = _(
        "The file could not be saved because the server’s storage is full. Nothing was saved. "
        "Please tell the site administrator."
    )
    if request.headers.get("x-requested-with") == "XMLHttpRequest" or "json" in request.headers.get("accept", ""):
        return JsonResponse({"success": False, "error_message": message}, status=507)
    if is_admin_request(request):
        messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())
    return HttpResponse(message, status=507, content_type="text/plain; charset=utf-8")


def database_unavailable():
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response
