"""The page's language for `<html lang>` and the header's language switcher."""

from django import template
from django.utils.translation import get_language

from pages import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language of the page's content (an untranslated page keeps its own), else the
    language of the request for views that are not pages."""
    page = context.get("page")
    if page is not None and getattr(page, "locale_id", None):
        return languages.language_code_of(page)
    return get_language()


@register.filter
def local_name(entry):
    """A category's, theme's or type's name in the visitor's language."""
    return languages.local_name(entry)


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    if request is None or not hasattr(page, "translation_key"):
        page = None
    entries = languages.switcher_entries(page, request) if request is not None else []
    current = next((entry for entry in entries if entry["current"]), None)
    return {"entries": entries, "current": current}
