"""The site's URLs plus the benchmark's ceiling: routed only under `uclg_site.settings.bench`."""

from django.http import HttpResponse
from django.urls import path

from uclg_site import urls as site_urls

handler400 = site_urls.handler400
handler500 = site_urls.handler500


def ceiling(request):
    """The least a Django view can do under the site's settings; `make bench` compares pages
    with it."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), *site_urls.urlpatterns]
