"""The site's languages as visitors meet them: which language a page is in, its translations
for the language switcher and for `hreflang` links, and the other languages' home pages."""

import uuid
from functools import cache

from django import forms
from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site, TranslatableMixin

from pages.compiled_query import CompiledQuery
from pages.request_version import memoised_for_this_version
from pages.routing import site_for_request

TRANSLATION_KEY_STAND_IN = uuid.UUID(int=7_301_779)

# Locales change only when an operator adds a language; the few rows are read once per process
# instead of once per page, and read again when a page names a locale not seen yet.
_codes_by_locale_id = {}


def language_code_of(page):
    """The language of `page`'s content, without a query once its locale is known."""
    if page.locale_id not in _codes_by_locale_id:
        _codes_by_locale_id.update(Locale.objects.values_list("pk", "language_code"))
    return _codes_by_locale_id.get(page.locale_id, settings.LANGUAGE_CODE)


def forget_locale_ids(**kwargs):
    """Signal receiver: locales were added, removed or made again with other ids."""
    _codes_by_locale_id.clear()


def active_locale_id():
    """The id of the locale of the visitor's language, without a query once the locales are
    known; None when the language has none."""
    code = get_language() or settings.LANGUAGE_CODE
    if code not in _codes_by_locale_id.values():
        _codes_by_locale_id.update(Locale.objects.values_list("pk", "language_code"))
    return next((pk for pk, known in _codes_by_locale_id.items() if known == code), None)


def site_languages():
    """The configured languages as a model field's choices (read when used, so migrations
    do not freeze them)."""
    return settings.LANGUAGES


def language_names():
    """{code: name in that language} for every configured language, in the settings' order."""
    return dict(settings.LANGUAGES)


def in_default_language(queryset):
    """A translatable snippet's original rows, in the site's default language: the ones imports,
    generators and the demo match names against and link English pages to."""
    return queryset.filter(locale__language_code=settings.LANGUAGE_CODE)


def named_in_active_language(queryset):
    """A translatable list's original entries (in the default language), each with
    `local_name`: its name in the visitor's language where editors translated it, else its own.
    Read in the same query. Pages link to the originals (or, once translated with
    wagtail-localize, to the translations), so filters work on translation keys or slugs, which
    every language shares."""
    code = get_language() or settings.LANGUAGE_CODE
    originals = in_default_language(queryset)
    if code == settings.LANGUAGE_CODE:
        return originals.annotate(local_name=F("name"))
    translated = queryset.model.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=code
    ).values("name")[:1]
    return originals.annotate(local_name=Coalesce(Subquery(translated), F("name"))).order_by("local_name")


def local_name(entry):
    """The name of a translatable list's entry (a category, a theme, a type) in the visitor's
    language: a page copied into a language, or an English resource listed there, still links
    to the English entry. Each list's translated names are read once per cache version."""
    locale_id = active_locale_id()
    if entry is None or locale_id is None or entry.locale_id == locale_id:
        return getattr(entry, "name", "")
    model = type(entry)
    names = memoised_for_this_version(
        ("local-names", model._meta.label, locale_id),
        lambda: dict(model.objects.filter(locale_id=locale_id).values_list("translation_key", "name")),
    )
    return names.get(entry.translation_key, entry.name)


class LocalNameChoiceField(forms.ModelChoiceField):
    """A choice of entries from `named_in_active_language`, labelled in the visitor's language."""

    def label_from_instance(self, obj):
        return obj.local_name


def offer_lists_in_page_language(form):
    """Narrow an admin page form's choices of translatable entries (categories, themes,
    types…) to those in the page's language, and any already chosen: otherwise each entry is
    offered once per translation, and an English page could link to a Korean category."""
    locale_id = form.instance.locale_id or getattr(form.parent_page, "locale_id", None)
    if locale_id is None:
        return
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and issubclass(queryset.model, TranslatableMixin):
            field.queryset = queryset.filter(Q(locale_id=locale_id) | Q(pk__in=_chosen(form.instance, name)))


def _chosen(instance, name):
    if not instance.pk:
        return []
    value = getattr(instance, name, None)
    if hasattr(value, "all"):
        return [item.pk for item in value.all()]
    return [value.pk] if value is not None else []


def live_translations(page, request):
    """{language code: page} of `page` and its live translations, public or not."""
    return _translations_and_homes(page, request)[0]


def _translations_and_homes(page, request):
    """The page's live translations and the site's live home pages, by language: one query
    for the translations, compiled once (pages.compiled_query); the home pages change only
    through publishing and are read once per cache version. Kept on the request so the
    switcher and the `hreflang` links share them."""
    known = getattr(request, "_page_translations", None)
    if known is not None and known[0] == getattr(page, "pk", None):
        return known[1]
    site = Site.find_for_request(request)
    homes = memoised_for_this_version(("live-home-pages", getattr(site, "pk", None)), lambda: _live_homes(site))
    translations = _by_language(_translations_query().all(page.translation_key)) if page is not None else {}
    request._page_translations = (getattr(page, "pk", None), (translations, homes))
    return translations, homes


@cache
def _translations_query():
    return CompiledQuery(Page.objects.live(), "translation_key", TRANSLATION_KEY_STAND_IN)


def site_home_in_active_language(request):
    """The site's live home page in the visitor's language, else the site's root page; read
    as the language switcher reads it, so it costs no query of its own."""
    site = site_for_request(request)
    if site is None:
        return None
    homes = _translations_and_homes(None, request)[1]
    return homes.get(get_language()) or site.root_page


def _live_homes(site):
    if site is None:
        return {}
    return _by_language(Page.objects.filter(translation_key=site.root_page.translation_key).live())


def _by_language(pages):
    return {language_code_of(item): item for item in pages}


def translation_links(page, request):
    """[(language code, absolute URL)] of the page's live translations in the configured
    languages' order, for `<link rel="alternate" hreflang>`; empty when it has none."""
    translations = live_translations(page, request)
    if len(translations) < 2:
        return []
    return [(code, translations[code].get_full_url(request)) for code in language_names() if code in translations]


def switcher_entries(page, request):
    """One entry per configured language: its name in itself, and a link to the page's
    translation in it, else to that language's home page, else none."""
    translations, homes = _translations_and_homes(page, request)
    current = language_code_of(page) if page is not None else get_language()
    entries = []
    for code, name in language_names().items():
        target = translations.get(code) or homes.get(code)
        entries.append(
            {
                "code": code,
                "name": name,
                "url": target.get_url(request) if target else "",
                "is_translation": code in translations,
                "current": code == current,
            }
        )
    return entries


def translations_in_active_language(pages):
    """{translation key: live translation} of `pages` in the visitor's language, for the pages
    not in it already; one query, none when all are."""
    code = get_language() or settings.LANGUAGE_CODE
    keys = {page.translation_key for page in pages if language_code_of(page) != code}
    if not keys:
        return {}
    translations = Page.objects.filter(translation_key__in=keys, locale__language_code=code).live()
    return {translation.translation_key: translation for translation in translations}
