"""Spreadsheet exports that cannot run formulas: cells beginning with = + - @ (or a tab or
carriage return, which some programs skip) are prefixed with an apostrophe."""

import csv
import datetime
import io

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values):
    return [spreadsheet_safe("" if value is None else value) for value in values]


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A CSV download (UTF-8 with a byte-order mark so spreadsheet programs read Unicode)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Line:
    """A file-like object that hands back what the CSV writer writes, one row at a time."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The CSV text row by row (a byte-order mark first), formulas neutralised."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))


def streaming_csv_response(filename: str, header, rows) -> StreamingHttpResponse:
    """A CSV download sent as it is written: `rows` may be a generator over a large query,
    so neither the whole file nor every row object is ever held in memory."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Every admin export ------------------------------------------------------------------
#
# Wagtail's `SpreadsheetExportMixin` writes every admin download: the "Download CSV/XLSX"
# buttons of model viewsets and snippets, the reports (site history, locked and aging pages,
# workflows), redirects and search terms. Its defaults write text that begins with "=" or "+"
# as-is into CSV, and datetimes in UTC without saying so. Replacing a few of its methods once,
# when the pages app is ready, covers every export, including those added later, rather than
# relying on each viewset remembering a base class.


def _local_naive(value):
    """A datetime in the site's zone without its offset (spreadsheets cannot store one);
    the column's heading names the zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _is_datetime_field(model, field_path):
    """Whether `field_path` ("submitted_at", or dotted through relations such as
    "workflow_state.created_at") names a datetime field of `model`."""
    field = None
    for name in field_path.split("."):
        try:
            field = model._meta.get_field(name)
        except (FieldDoesNotExist, AttributeError):
            return False
        model = field.related_model
    return isinstance(field, models.DateTimeField)


class SafeSpreadsheetExport:
    """The methods that replace Wagtail's, with the original ones reachable as `_wagtail_*`."""

    def preprocess_field_value(self, field, value, export_format):
        own_rule = export_format in self.custom_field_preprocess.get(field, {})
        if isinstance(value, datetime.datetime) and not own_rule:
            value = _local_naive(value)
            if export_format == self.FORMAT_CSV:
                return value.isoformat(sep=" ", timespec="seconds")
            return value
        value = self._wagtail_preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value

    def get_heading(self, queryset, field):
        heading = self._wagtail_get_heading(queryset, field)
        if _is_datetime_field(getattr(queryset, "model", None), field):
            return _("%(heading)s (%(zone)s)") % {"heading": heading, "zone": timezone.get_current_timezone_name()}
        return heading

    def stream_csv(self, queryset):
        writer = csv.writer(_Echo())
        yield "\ufeff".encode()  # a byte-order mark, so spreadsheet programs read UTF-8
        yield writer.writerow(safe_row(self.get_heading(queryset, field) for field in self.list_export))
        for item in queryset:
            row = self.to_row_dict(item)
            yield writer.writerow(
                [self.preprocess_field_value(field, value, self.FORMAT_CSV) for field, value in row.items()]
            )

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for field, value in row_dict.items():
            yield xlsx_cell(worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX), date_format)

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook
        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=str(_("Export")))
        worksheet.append(xlsx_cell(worksheet, self.get_heading(queryset, field)) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format))
        workbook.save(output)


class _Echo:
    """The write method of a file, returning what it is given, so rows can be streamed."""

    def write(self, value):
        return value.encode("utf-8")


def xlsx_cell(worksheet, value, date_format=None):
    """One XLSX cell. Text is stored as a text cell formatted as text ("@"): no formula, and
    phone numbers and codes such as "+62 21 123" or "007" stay as typed, without a visible
    apostrophe."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(worksheet, value)
        cell.data_type = "s"
        cell.number_format = "@"
        return cell
    cell = WriteOnlyCell(worksheet, value)
    if date_format and isinstance(value, datetime.datetime):
        cell.number_format = date_format
    return cell


def install_safe_spreadsheet_exports():
    """Route every admin export through the methods above (called once, from `PagesConfig`)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_spreadsheet_safe", False):
        return
    for name in ("preprocess_field_value", "get_heading"):
        setattr(SpreadsheetExportMixin, f"_wagtail_{name}", getattr(SpreadsheetExportMixin, name))
    for name in ("preprocess_field_value", "get_heading", "stream_csv", "generate_xlsx_row", "write_xlsx"):
        setattr(SpreadsheetExportMixin, name, SafeSpreadsheetExport.__dict__[name])
    SpreadsheetExportMixin._spreadsheet_safe = True
