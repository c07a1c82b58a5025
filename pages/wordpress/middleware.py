"""WordPress's numeric addresses (/?p=12, /?page_id=7, /?attachment_id=9) ask for the home
page, which answers them: Wagtail's redirects only answer missing pages. This sends them on
to what the item became, when an import left a redirect for it."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.middleware import get_redirect

from .links import QUERY_NAMES

WORDPRESS_PARAMETERS = tuple(QUERY_NAMES.values())


class WordPressAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.method in ("GET", "HEAD"):
            response = self._redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _redirect(request):
        for name in WORDPRESS_PARAMETERS:
            value = request.GET.get(name, "")
            if value.isdigit() and len(value) < 20:
                redirect = get_redirect(request, "/?" + urlencode({name: value}))
                if redirect is not None and redirect.link:
                    response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
                    return response_class(redirect.link)
        return None
