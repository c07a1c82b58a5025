from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from pages import views as page_views
from pages.health import health
from pages.repository import views as repository_views
from pages.sitemap import MultilingualSitemap

handler400 = "pages.views.bad_request"
handler500 = "pages.views.server_error"

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("favicon.ico", page_views.favicon, name="favicon"),
    path("repository/suggestions/<int:pk>/file/", repository_views.suggestion_file, name="repository_suggestion_file"),
]

if settings.SERVE_MEDIA:
    # Only images are public files; documents go through Wagtail's serve view, which
    # checks collection privacy.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?:images|original_images)/.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

urlpatterns += i18n_patterns(
    path("search/", page_views.search, name="search"),
    path("", page_views.home_or_legacy_redirect, name="home"),
    re_path(r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[-\w]+)/$", page_views.legacy_dated_post),
    path("newsletters/", include("newsletters.urls")),
    # Pages are served through the site's routing (pages.routing); Wagtail's own patterns
    # stay for its password and login views and for reversing page addresses.
    re_path(serve_pattern, page_views.serve_page),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
