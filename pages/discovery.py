"""What search engines and social networks read about a page: the text of its documents
for site search, and schema.org data for JSON-LD."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.safestring import mark_safe
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField

SCHEMA_CONTEXT = "https://schema.org"
# Characters that could end a <script> element or start an HTML entity are written as
# JSON escapes, so the data block cannot break out of its element whatever editors type.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def documents_of_page(page, document_model):
    """Documents chosen in the page's own document fields and anywhere in its StreamFields."""
    found = {}
    for field in page._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and issubclass(field.related_model, document_model):
            document = getattr(page, field.name)
            if document is not None:
                found[document.pk] = document
        elif isinstance(field, StreamField):
            for document in _documents_in_value(getattr(page, field.name), document_model):
                found[document.pk] = document
    return list(found.values())


def _documents_in_value(value, document_model):
    if isinstance(value, document_model):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _documents_in_value(child.value, document_model)
    elif isinstance(value, StructValue):
        for item in value.values():
            yield from _documents_in_value(item, document_model)
    elif isinstance(value, (ListValue, list, tuple)):
        for item in value:
            yield from _documents_in_value(item, document_model)


def absolute_url(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def image_url(image, request, spec="fill-1200x630"):
    return absolute_url(request, image.get_rendition(spec).url) if image else None


def page_data(page, request, schema_type=None):
    """What every schema.org object describing a page says: its type, name, address,
    description, picture and when it last changed."""
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": schema_type or page.schema_page_type,
        "name": page.seo_title or page.title,
        "url": page.get_full_url(request),
    }
    description = getattr(page, "meta_description", "") or page.search_description
    if description:
        data["description"] = description
    image = getattr(page, "sharing_image", None)
    if image:
        data["image"] = [image_url(image, request)]
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    return data


def headline(text, limit=110):
    """An article's headline; search engines cut those longer than 110 characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def organization_reference(site_settings, url, request):
    """The organisation behind the site, as the author, publisher or organiser of a page."""
    data = {"@type": "Organization", "name": site_settings.organisation_name or site_settings.organisation_short_name}
    if url:
        data["url"] = url
    if site_settings.logo:
        data["logo"] = image_url(site_settings.logo, request, "max-600x600")
    return data


def event_location(venue, is_online, online_url):
    """schema.org's attendance mode and location of an event held at `venue`, online, or both."""
    places = []
    if venue:
        places.append({"@type": "Place", "name": venue, "address": venue})
    if is_online:
        places.append({"@type": "VirtualLocation", "url": online_url})
    if not places:
        return {}
    if venue and is_online:
        mode = "MixedEventAttendanceMode"
    elif is_online:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    return {
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": places if len(places) > 1 else places[0],
    }


def person_data(name):
    """An author written "Family name, Given name" (or as one name)."""
    family, _, given = (part.strip() for part in name.partition(","))
    if not given:
        return {"@type": "Person", "name": name}
    return {"@type": "Person", "name": f"{given} {family}", "givenName": given, "familyName": family}


def organization_named(name, url=""):
    data = {"@type": "Organization", "name": name}
    if url:
        data["url"] = url
    return data


def publisher_data(publisher):
    data = organization_named(publisher.name, publisher.website)
    if publisher.acronym:
        data["alternateName"] = publisher.acronym
    return data


def identifier_data(identifier, is_doi):
    """A DOI as a typed identifier with its resolver address; an ISBN or document code as text."""
    if not is_doi:
        return {"identifier": identifier}
    return {
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": identifier},
        "sameAs": f"https://doi.org/{identifier}",
    }


def site_trail(page, request, site_model):
    """The pages from the site's home page down to `page`, inclusive. The request's site
    (which the navigation has loaded already) when the page is in it."""
    site = site_model.find_for_request(request) if request is not None else None
    if site is None or not page.path.startswith(site.root_page.path):
        site = page.get_site()
    root_depth = site.root_page.depth if site else 2
    return list(page.get_ancestors(inclusive=True).filter(depth__gte=root_depth))


def breadcrumb_data(page, request, trail):
    """The trail from the site's home page to this page."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.title, "item": crumb.get_full_url(request)}
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def organization_data(site_settings, home_page, request):
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Organization",
        "name": site_settings.organisation_name or home_page.title,
        "url": home_page.get_full_url(request),
    }
    if site_settings.organisation_short_name:
        data["alternateName"] = site_settings.organisation_short_name
    if site_settings.logo:
        data["logo"] = image_url(site_settings.logo, request, "max-600x600")
    if site_settings.email:
        data["email"] = site_settings.email
    if site_settings.phone:
        data["telephone"] = site_settings.phone
    if site_settings.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": site_settings.address}
    same_as = [link.value.get("url") for link in site_settings.social_links if link.value.get("url")]
    if same_as:
        data["sameAs"] = same_as
    return data


def json_ld(data):
    """`data` as the content of a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
