"""The sitemap: every live public page in every language, each with its translations as
`xhtml:link` alternates."""

from collections import defaultdict

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from pages.languages import language_code_of, language_names


class MultilingualSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_language = Page.objects.none()
        for root in roots:
            in_any_language |= Page.objects.descendant_of(root, inclusive=True)
        return in_any_language.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        alternates = self._alternates(items)
        urls = []
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates.get(item.translation_key, [])})
        last_mods = {url_info.get("lastmod") for url_info in urls}
        # As Wagtail's own: no Last-Modified header when a page lacks a date.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, items):
        """{translation key: [{lang_code, location}]} of the items that have translations; one query."""
        keys = {item.translation_key for item in items}
        found = defaultdict(dict)
        for translation in Page.objects.filter(translation_key__in=keys).live().public():
            found[translation.translation_key][language_code_of(translation)] = translation
        alternates = {}
        for key, by_code in found.items():
            if len(by_code) < 2:
                continue
            links = [
                {"lang_code": code, "location": by_code[code].get_full_url(self.request)}
                for code in language_names()
                if code in by_code
            ]
            if settings.LANGUAGE_CODE in by_code:
                links.append(
                    {"lang_code": "x-default", "location": by_code[settings.LANGUAGE_CODE].get_full_url(self.request)}
                )
            alternates[key] = links
        return alternates
