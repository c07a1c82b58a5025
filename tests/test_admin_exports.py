"""Every CSV and XLSX download of the admin, found by walking the admin's URLs: none of them
lets a spreadsheet program run a cell as a formula, XLSX keeps text as text cells, and times
are in the site's zone with the zone named in the heading, as they are on the admin's pages."""

import csv
import datetime
import io
import itertools

import pytest
from django.db import IntegrityError, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Workflow

from newsletters.models import Subscriber
from pages.repository.models import ResourceSuggestion
from tests.builders import make_image
from tests.builders_members import make_application

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "-2+3", "@SUM(1,1)", "+1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ZONE = "Asia/Jakarta"

# Exports that list nothing the test can put hostile text into; each says why.
NOTHING_TO_POISON = {}


def _walk(patterns, prefix="/"):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _view_offers_export(pattern):
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
        return False
    return bool(view_class(**pattern.callback.view_initkwargs).list_export)


def admin_export_urls():
    """Every admin URL whose view offers "Download CSV/XLSX"; a viewset added later is
    found here without anyone listing it."""
    urls = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("/admin/") and _view_offers_export(pattern):
            assert "<" not in route, f"{route}: give this export URL's arguments to the test"
            urls.append(route)
    return urls


def _model_of(route):
    pattern = get_resolver().resolve(route)
    view_class = pattern.func.view_class
    return pattern.func.view_initkwargs.get("model") or getattr(view_class, "model", None)


def _text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not (field.primary_key or field.unique or field.choices or field.name in ("path", "url_path"))
    ]


def poison(model):
    """Hostile text in every free-text field of one row of `model` (a new row if none)."""
    values = dict(zip((field.attname for field in _text_fields(model)), itertools.cycle(HOSTILE), strict=False))
    if not values:
        return
    row = model._default_manager.order_by("pk").first()
    if row is not None:
        model._default_manager.filter(pk=row.pk).update(**values)
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**values)
    except (IntegrityError, ValueError, TypeError):
        pass


@pytest.fixture
def hostile_records(admin_user):
    """Hostile text in what every export of the admin lists: a page (site history, aging and
    locked pages, workflows), a redirect, a search term, and one row of each viewset's model."""
    page = Page.objects.filter(depth=3, live=True).order_by("pk").first().specific
    page.title = HOSTILE[0]
    page.save_revision(user=admin_user, log_action=True).publish(user=admin_user)
    Workflow.objects.filter(active=True).first().start(page, admin_user)
    Page.objects.filter(pk=page.pk).update(locked=True, locked_by=admin_user, locked_at=timezone.now())
    Redirect.objects.create(old_path="/old-page", redirect_link=HOSTILE[1])
    Query.get(HOSTILE[2]).add_hit()
    make_application(1, organisation_name=HOSTILE[0], city=HOSTILE[3])
    Subscriber.objects.create(email="-2+3@example.org", consent=True, status=Subscriber.Status.CONFIRMED)
    ResourceSuggestion.objects.create(title=HOSTILE[0], url="", reason=HOSTILE[2], name=HOSTILE[1], email="a@b.org")
    make_image(title=HOSTILE[3], file_name="DSC_0042.png")  # listed by the images-without-alt-text report
    for route in admin_export_urls():
        model = _model_of(route)
        if model is not None:
            poison(model)


def _csv_cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


def _xlsx_cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(body))
    return [cell for row in workbook.active.iter_rows() for cell in row]


@pytest.mark.parametrize("url", admin_export_urls())
def test_no_admin_csv_export_can_run_a_formula(admin_client, hostile_records, url):
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    cells = _csv_cells(response)
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    neutralised = [cell for cell in cells if cell[:2] in {"'" + start for start in FORMULA_STARTS}]
    assert neutralised or url in NOTHING_TO_POISON, f"no hostile text reached {url}: give the test a record for it"


@pytest.mark.parametrize("url", admin_export_urls())
def test_no_admin_xlsx_export_can_run_a_formula(admin_client, hostile_records, url):
    response = admin_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    cells = _xlsx_cells(response)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [cell for cell in cells if isinstance(cell.value, str)]
    assert [(cell.coordinate, cell.number_format) for cell in texts if cell.number_format != "@"] == []
    hostile = [cell.value for cell in texts if cell.value.startswith(FORMULA_STARTS)]
    assert hostile or url in NOTHING_TO_POISON, f"no hostile text reached {url}: give the test a record for it"


def test_the_suggestions_export_from_the_issue_neutralises_each_formula(admin_client):
    ResourceSuggestion.objects.create(
        title=HOSTILE[0], publisher=HOSTILE[1], reason=HOSTILE[2], name=HOSTILE[3], email="a@b.org"
    )
    cells = _csv_cells(admin_client.get("/admin/repository_suggestions/", {"export": "csv"}))
    for value in HOSTILE:
        assert "'" + value in cells
    xlsx = {cell.value: cell for cell in _xlsx_cells(admin_client.get("/admin/repository_suggestions/?export=xlsx"))}
    for value in HOSTILE:
        assert xlsx[value].data_type == "s" and xlsx[value].number_format == "@"


def test_exports_give_times_in_the_site_zone_and_say_so(admin_client):
    application = make_application(7, organisation_name="Kota Padang")
    submitted = datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC)
    type(application).objects.filter(pk=application.pk).update(submitted_at=submitted)
    response = admin_client.get("/admin/membership/applications/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[f"Submitted at ({ZONE})"] == "2026-03-01 08:30:00"
    response = admin_client.get("/admin/membership/applications/?export=xlsx")
    sheet = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    row = dict(zip(sheet[0], sheet[1], strict=True))
    assert row[f"Submitted at ({ZONE})"] == datetime.datetime(2026, 3, 1, 8, 30)
    assert row["Contact phone"] == "+6321234567"


def _submitted_at_utc(instance, when):
    type(instance).objects.filter(pk=instance.pk).update(submitted_at=when)


@pytest.mark.parametrize("kind", ["application", "suggestion"])
def test_detail_views_show_times_in_the_site_zone_like_the_list(admin_client, kind):
    if kind == "application":
        instance, index = make_application(8, organisation_name="Kota Medan"), "/admin/membership/applications/"
    else:
        instance = ResourceSuggestion.objects.create(title="A guide", reason="Useful", name="Ana", email="a@b.org")
        index = "/admin/repository_suggestions/"
    _submitted_at_utc(instance, datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC))
    listing = admin_client.get(index).content.decode()
    detail = admin_client.get(f"{index}inspect/{instance.pk}/").content.decode()
    assert "8:30" in listing
    assert "8:30" in detail and "1:30" not in detail
