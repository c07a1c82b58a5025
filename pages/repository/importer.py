"""Bulk import of resources from CSV or XLSX, shared by `manage.py import_resources` and the
admin import view.

Each row is checked on its own and reported with its line number. Rows are matched to
existing resources by identifier (DOI, ISBN, document code) and then by external link, so
importing the same file again updates those resources instead of duplicating them.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from pages.languages import in_default_language

from .models import (
    GovernmentLevel,
    GuidanceStatus,
    PandemicPhase,
    Publisher,
    ResourceCountry,
    ResourceIndexPage,
    ResourceLanguage,
    ResourcePage,
    ResourceTheme,
    ResourceType,
    SustainableDevelopmentGoal,
)

COLUMNS = [
    "title", "summary", "url", "identifier", "type", "themes", "sdgs", "phase", "status", "countries", "cities",
    "government_level", "publisher", "publisher_acronym", "publisher_website", "authors", "publication_date",
    "languages", "licence", "featured",
]  # fmt: skip
REQUIRED = ["title", "summary", "url", "type", "publication_date"]
MAX_ROWS = 5000


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class RowResult:
    line: int
    title: str
    errors: list = field(default_factory=list)
    action: str = ""
    values: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors


@dataclass
class ImportReport:
    rows: list
    dry_run: bool
    as_drafts: bool = False
    committed: bool = False

    @property
    def valid_rows(self):
        return [row for row in self.rows if row.ok]

    @property
    def invalid_rows(self):
        return [row for row in self.rows if not row.ok]

    def counts(self):
        return {
            "rows": len(self.rows),
            "created": sum(1 for row in self.valid_rows if row.action == "create"),
            "updated": sum(1 for row in self.valid_rows if row.action == "update"),
            "errors": len(self.invalid_rows),
        }


def read_rows(name, content: bytes):
    """The rows of a CSV (UTF-8) or XLSX file as dictionaries keyed by lower-case header."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            table = [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as error:
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The CSV file must be saved as UTF-8.")) from error
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportFileError(_("Choose a .csv or .xlsx file."))
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [str(name).strip().lower() for name in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    rows = [
        (number, dict(zip(header, row, strict=False)))
        for number, row in enumerate(table[1:], start=2)
        if any(str(cell).strip() for cell in row)
    ]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("At most %(count)s rows can be imported at once.") % {"count": MAX_ROWS})
    return rows


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()


def _split(value):
    return [part.strip() for part in str(value or "").replace(",", ";").split(";") if part.strip()]


class _Lookups:
    """Taxonomies loaded once per import, matched by slug or name."""

    def __init__(self):
        self.types = _by_slug_and_name(in_default_language(ResourceType.objects.all()))
        self.themes = _by_slug_and_name(in_default_language(ResourceTheme.objects.all()))
        self.languages = {}
        for language in in_default_language(ResourceLanguage.objects.all()):
            self.languages[language.code.lower()] = language
            self.languages[language.name.lower()] = language
        self.goals = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.all()}
        self.publishers = _by_slug_and_name(in_default_language(Publisher.objects.all()))


def _by_slug_and_name(queryset):
    found = {}
    for item in queryset:
        found[item.slug.lower()] = item
        found[item.name.lower()] = item
    return found


def _parse_date(text):
    if text.isdigit() and len(text) == 4:
        return datetime.date(int(text), 1, 1)
    return datetime.date.fromisoformat(text)


def _choice(value, choices, label, errors):
    text = str(value or "").strip().lower()
    if not text:
        return ""
    if text not in choices.values:
        errors.append(_("Unknown %(label)s “%(value)s”.") % {"label": label, "value": value})
    return text


def check_row(line, raw, lookups):
    """Validate one row; the result holds the cleaned values or the errors."""
    values = {key: _text(raw.get(key)) for key in COLUMNS}
    result = RowResult(line=line, title=values["title"])
    errors = result.errors
    for column in REQUIRED:
        if not values[column]:
            errors.append(_("“%(column)s” is required.") % {"column": column})
    if len(values["title"]) > 255:
        errors.append(_("The title is longer than 255 characters."))
    if values["url"] and not values["url"].startswith(("https://", "http://")):
        errors.append(_("The url must start with https:// or http://."))
    resource_type = lookups.types.get(values["type"].lower()) if values["type"] else None
    if values["type"] and resource_type is None:
        errors.append(_("Unknown type “%(value)s”.") % {"value": values["type"]})
    themes = []
    for name in _split(values["themes"]):
        theme = lookups.themes.get(name.lower())
        if theme is None:
            errors.append(_("Unknown theme “%(value)s”.") % {"value": name})
        else:
            themes.append(theme)
    goals = []
    for number in _split(values["sdgs"]):
        goal = lookups.goals.get(int(number)) if number.isdigit() else None
        if goal is None:
            errors.append(_("Unknown SDG “%(value)s” (use 1 to 17).") % {"value": number})
        else:
            goals.append(goal)
    country_codes = []
    for code in _split(values["countries"]):
        if code.upper() not in dict(all_countries):
            errors.append(_("Unknown country code “%(value)s” (use ISO 3166 alpha-2).") % {"value": code})
        else:
            country_codes.append(code.upper())
    languages = []
    for code in _split(values["languages"]):
        language = lookups.languages.get(code.lower())
        if language is None:
            errors.append(_("Unknown language “%(value)s”.") % {"value": code})
        else:
            languages.append(language)
    phase = _choice(values["phase"], PandemicPhase, _("phase"), errors)
    status = _choice(values["status"], GuidanceStatus, _("status"), errors) or GuidanceStatus.CURRENT
    level = _choice(values["government_level"], GovernmentLevel, _("level of government"), errors)
    publication_date = None
    if values["publication_date"]:
        try:
            publication_date = _parse_date(values["publication_date"])
        except ValueError:
            errors.append(_("The publication date must look like 2021-06-30 or 2021."))
    result.values = {
        "title": values["title"][:255],
        "summary": values["summary"][:600],
        "external_url": values["url"],
        "identifier": values["identifier"][:120],
        "resource_type": resource_type,
        "themes": list(dict.fromkeys(themes)),
        "sdgs": list(dict.fromkeys(goals)),
        "phase": phase,
        "status": status,
        "countries": list(dict.fromkeys(country_codes)),
        "cities": values["cities"][:255],
        "government_level": level,
        "publisher": values["publisher"],
        "publisher_acronym": values["publisher_acronym"][:30],
        "publisher_website": values["publisher_website"],
        "authors": values["authors"][:255],
        "publication_date": publication_date,
        "languages": list(dict.fromkeys(languages)),
        "licence": values["licence"][:120],
        "featured": values["featured"].lower() in ("1", "yes", "true", "y"),
    }
    return result


def _existing_resource(values):
    if values["identifier"]:
        found = ResourcePage.objects.filter(identifier__iexact=values["identifier"]).first()
        if found:
            return found
    if values["external_url"]:
        return ResourcePage.objects.filter(external_url=values["external_url"]).first()
    return None


def _publisher(values, lookups):
    name = values["publisher"]
    if not name:
        return None
    publisher = lookups.publishers.get(name.lower()) or lookups.publishers.get(slugify(name))
    if publisher is None:
        publisher = Publisher.objects.create(
            name=name[:120], acronym=values["publisher_acronym"], website=values["publisher_website"]
        )
        lookups.publishers[name.lower()] = publisher
    return publisher


def _save_resource(row, index_page, lookups, as_draft=False):
    values = row.values
    resource = _existing_resource(values)
    fields = {
        key: values[key]
        for key in (
            "title",
            "summary",
            "external_url",
            "identifier",
            "resource_type",
            "phase",
            "status",
            "cities",
            "government_level",
            "authors",
            "publication_date",
            "licence",
            "featured",
        )  # fmt: skip
    }
    fields["publisher"] = _publisher(values, lookups)
    if resource is None:
        resource = ResourcePage(**fields, live=not as_draft)
        _set_relations(resource, values)
        index_page.add_child(instance=resource)
    else:
        resource = resource.specific
        for name, value in fields.items():
            setattr(resource, name, value)
        _set_relations(resource, values)
    revision = resource.save_revision()
    if not as_draft:
        # A draft leaves an existing resource's live version as it is, for an editor to review.
        revision.publish()
    return resource


def _set_relations(resource, values):
    resource.themes = values["themes"]
    resource.sdgs = values["sdgs"]
    resource.languages = values["languages"]
    existing = {entry.country.code: entry for entry in resource.countries.all()} if resource.pk else {}
    resource.countries = [existing.get(code) or ResourceCountry(country=code) for code in values["countries"]]


def import_resources(rows, *, dry_run=False, commit_valid=False, as_drafts=False, index_page=None):
    """Check every row and, unless this is a dry run, save them: all rows when every row is
    valid, or only the valid ones when `commit_valid` is set. `as_drafts` saves each resource
    as a draft revision for editors to review and publish, instead of publishing it."""
    lookups = _Lookups()
    results = [check_row(line, raw, lookups) for line, raw in rows]
    seen = set()
    for result in results:
        if not result.ok:
            continue
        key = result.values["identifier"].lower() or result.values["external_url"]
        if key in seen:
            result.errors.append(_("The same resource appears earlier in the file."))
            continue
        seen.add(key)
        result.action = "update" if _existing_resource(result.values) else "create"
    report = ImportReport(rows=results, dry_run=dry_run, as_drafts=as_drafts)
    if dry_run or (report.invalid_rows and not commit_valid):
        return report
    index_page = index_page or ResourceIndexPage.objects.first()
    if index_page is None:
        raise ImportFileError(_("Create the repository page before importing resources."))
    with transaction.atomic():
        for result in report.valid_rows:
            _save_resource(result, index_page, lookups, as_draft=as_drafts)
    report.committed = True
    return report


# ---- What editors need to write a file: the columns, their allowed values, a sample ----------


@dataclass
class ColumnHelp:
    name: str
    required: bool
    description: str
    allowed: list = field(default_factory=list)


def column_guide():
    """Every column with what it takes; the taxonomies are read from the database so the
    list always matches what the importer accepts."""
    types = [item.name for item in in_default_language(ResourceType.objects.all())]
    themes = [item.name for item in in_default_language(ResourceTheme.objects.all())]
    languages = [f"{item.code} ({item.name})" for item in in_default_language(ResourceLanguage.objects.all())]
    described = {
        "title": (_("Title of the resource, at most 255 characters."), []),
        "summary": (_("A few sentences; at most 600 characters."), []),
        "url": (_("The publisher's page or file, starting with https:// or http://."), []),
        "identifier": (_("DOI, ISBN or document code; used to find the resource again."), []),
        "type": (_("One type, by name or slug."), types),
        "themes": (_("Themes by name or slug, separated by semicolons."), themes),
        "sdgs": (_("Sustainable Development Goal numbers, separated by semicolons."), ["1 … 17"]),
        "phase": (_("Pandemic phase."), list(PandemicPhase.values)),
        "status": (_("Guidance status; current when empty."), list(GuidanceStatus.values)),
        "countries": (_("ISO 3166 alpha-2 codes, separated by semicolons (e.g. ID;PH)."), []),
        "cities": (_("Free text."), []),
        "government_level": (_("Level of government."), list(GovernmentLevel.values)),
        "publisher": (_("Publisher name; a new name creates the publisher."), []),
        "publisher_acronym": (_("Used when a new publisher is created."), []),
        "publisher_website": (_("Used when a new publisher is created."), []),
        "authors": (_("Free text."), []),
        "publication_date": (_("2021-06-30, or just the year: 2021."), []),
        "languages": (_("Language codes, separated by semicolons."), languages),
        "licence": (_("E.g. CC BY 4.0."), []),
        "featured": (_("yes or no."), ["yes", "no"]),
    }
    return [ColumnHelp(name, name in REQUIRED, *described[name]) for name in COLUMNS]


def sample_csv():
    """A two-row CSV built from the current taxonomies, which imports without errors."""
    resource_type = in_default_language(ResourceType.objects.all()).first()
    themes = [item.slug for item in in_default_language(ResourceTheme.objects.all())[:2]]
    language = in_default_language(ResourceLanguage.objects.all()).first()
    rows = [
        {
            "title": _("Sample resource: handwashing stations in public markets"),
            "summary": _("How a city set up handwashing stations in its markets within two weeks."),
            "url": "https://example.org/sample-resource-1",
            "identifier": "SAMPLE-0001",
            "type": resource_type.slug if resource_type else "",
            "themes": ";".join(themes),
            "sdgs": "3;6",
            "phase": PandemicPhase.RESPONSE,
            "status": GuidanceStatus.CURRENT,
            "countries": "ID;PH",
            "cities": "Surabaya",
            "government_level": GovernmentLevel.LOCAL,
            "publisher": "Example City Government",
            "publisher_acronym": "ECG",
            "publisher_website": "https://example.org/",
            "authors": "A. Author; B. Author",
            "publication_date": "2021-06-30",
            "languages": language.code if language else "",
            "licence": "CC BY 4.0",
            "featured": "no",
        },
        {
            "title": _("Sample resource: a recovery plan in one page"),
            "summary": _("A short recovery plan template for local governments."),
            "url": "https://example.org/sample-resource-2",
            "type": resource_type.slug if resource_type else "",
            "publication_date": "2022",
        },
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
