"""Spreadsheet exports that cannot run formulas: cells beginning with = + - @ (or a tab or
carriage return, which some programs skip) are prefixed with an apostrophe."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse

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
