"""Builders for COVID-19 repository tests."""

import datetime
import json

from pages.repository.models import (
    Publisher,
    ResourceCountry,
    ResourceIndexPage,
    ResourcePage,
    ResourceTheme,
    ResourceType,
)


def repository():
    return ResourceIndexPage.objects.get(locale__language_code="en")


def suggest_url():
    return f"{repository().url}suggest/"


def make_resource(title, *, summary="A summary.", body="", type_name="Report", themes=(), countries=(), **fields):
    """A published resource under the repository page."""
    fields.setdefault("publication_date", datetime.date(2021, 5, 1))
    if "document" not in fields:
        fields.setdefault("external_url", f"https://example.org/{abs(hash(title))}")
    resource = ResourcePage(
        title=title,
        summary=summary,
        body=body,
        resource_type=ResourceType.objects.get_or_create(name=type_name, locale__language_code="en")[0],
        **fields,
    )
    resource.themes = [ResourceTheme.objects.get_or_create(name=name, locale__language_code="en")[0] for name in themes]
    resource.countries = [ResourceCountry(country=code) for code in countries]
    repository().add_child(instance=resource)
    resource.save_revision().publish()
    return ResourcePage.objects.get(pk=resource.pk)


def make_publisher(name="Test Publisher", acronym="TP"):
    return Publisher.objects.get_or_create(name=name, locale__language_code="en", defaults={"acronym": acronym})[0]


def api(client, query=""):
    response = client.get(f"{repository().url}api/?{query}")
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def live_resources():
    return list(
        ResourcePage.objects.live()
        .public()
        .select_related("resource_type", "publisher")
        .prefetch_related("themes", "countries", "languages", "sdgs")
    )


def suggestion_data(**changes):
    """A valid repository suggestion, as a visitor fills the form (without its token)."""
    return {
        "title": "Community kitchens in Cebu",
        "url": "",
        "publisher": "City of Cebu",
        "country": "PH",
        "reason": "Shows how barangays fed families during the lockdown.",
        "name": "Maria Santos",
        "organisation": "League of Cities",
        "email": "maria@example.org",
        "consent": "on",
        **changes,
    }
