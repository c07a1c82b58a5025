"""The admin page for importing resources from a spreadsheet."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from .forms import ImportForm
from .importer import ImportFileError, column_guide, import_resources, read_rows, sample_csv

IMPORT_PERMISSION = "repository.change_resourcesuggestion"


def _check_permission(request):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def import_view(request):
    _check_permission(request)
    report = None
    file_error = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = read_rows(upload.name, upload.read())
                report = import_resources(
                    rows,
                    dry_run=form.cleaned_data["dry_run"],
                    commit_valid=form.cleaned_data["commit_valid"],
                    as_drafts=form.cleaned_data["as_drafts"],
                )
            except ImportFileError as error:
                file_error = str(error)
    else:
        form = ImportForm()
    return render(
        request,
        "repository/admin/import_resources.html",
        {
            "form": form,
            "report": report,
            "counts": report.counts() if report else None,
            "file_error": file_error,
            "columns": column_guide(),
        },
    )


def sample_view(request):
    """A sample file made from today's types, themes and languages, so it imports cleanly."""
    _check_permission(request)
    # The BOM lets spreadsheet programs open the UTF-8 file with accents intact.
    response = HttpResponse("\ufeff" + sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="resources-sample.csv"'
    return response
