"""Tags for what search engines and social networks read in a page's head."""

from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import to_locale

from pages import discovery, languages
from pages.models import SiteSettings
from pages.renditions import SOCIAL_IMAGE_SPEC

register = template.Library()

# Search engines show about 160 characters of a description; longer summaries are cut.
DESCRIPTION_WORDS = 40


@register.inclusion_tag("components/meta_tags.html", takes_context=True)
def meta_tags(context):
    """Description, canonical address, Open Graph and Twitter card of the current page,
    each from the editor's override when there is one. Page types change what they are
    (`og_type`) and which picture stands for them (`default_sharing_image`) on their model;
    a page without any picture is shared with the site's default social image."""
    page = context.get("page")
    request = context.get("request")
    if page is None or request is None:
        return {"page": None}
    organisation = SiteSettings.for_request(request)
    image = getattr(page, "sharing_image", None) or organisation.social_image
    rendition = image.get_rendition(SOCIAL_IMAGE_SPEC) if image else None
    site_name = organisation.organisation_name or organisation.organisation_short_name
    social_title = getattr(page, "sharing_title", "") or page.seo_title or page.title
    if page.depth <= 2 and not (getattr(page, "social_title", "") or page.seo_title):
        social_title = site_name or social_title
    description = getattr(page, "meta_description", "") or page.search_description
    alternates = languages.translation_links(page, request) if hasattr(page, "translation_key") else []
    return {
        "page": page,
        "canonical_url": page.get_full_url(request),
        "description": Truncator(description).words(DESCRIPTION_WORDS),
        "social_title": social_title,
        "social_description": getattr(page, "sharing_description", "") or description,
        "social_type": getattr(page, "og_type", "website"),
        "social_image_url": discovery.absolute_url(request, rendition.url) if rendition else "",
        "social_image": rendition,
        "social_image_alt": image.default_alt_text if image else "",
        "site_name": site_name,
        "locale": to_locale(languages.language_code_of(page)),
        "alternates": alternates,
        # Visitors whose language has no translation are sent to the English original.
        "default_alternate": dict(alternates).get(settings.LANGUAGE_CODE, ""),
    }


@register.simple_tag(takes_context=True)
def structured_data(context):
    """The page's schema.org data as JSON-LD data blocks, which browsers never execute."""
    page = context.get("page")
    request = context.get("request")
    get_data = getattr(page, "get_structured_data", None)
    if get_data is None:
        return ""
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        ((discovery.json_ld(item),) for item in get_data(request)),
    )
