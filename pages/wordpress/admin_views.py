"""The admin screen of the WordPress import: upload an export, read the dry run's report,
map categories, then import. The work runs on the task worker; these views store and queue."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.admin import messages

from .forms import ExportUploadForm, MappingForm
from .models import WordPressImport
from .report import ImportReport
from .tasks import check_wordpress_export, run_wordpress_import

IMPORT_PERMISSION = "wordpress.add_wordpressimport"
RECENT_IMPORTS = 20


def may_import(user):
    return user.has_perm(IMPORT_PERMISSION)


def _check_permission(request):
    if not may_import(request.user):
        raise PermissionDenied


def upload_view(request):
    _check_permission(request)
    form = ExportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["export_file"]
        job = WordPressImport.objects.create(
            export_file=upload,
            original_name=upload.name[:255],
            uploaded_by=request.user,
            as_drafts=form.cleaned_data["as_drafts"],
        )
        transaction.on_commit(lambda: check_wordpress_export.enqueue(job.pk))
        return redirect("wordpress_import_detail", job.pk)
    imports = WordPressImport.objects.select_related("uploaded_by")[:RECENT_IMPORTS]
    context = {"form": form, "imports": imports, "media_dir": settings.WORDPRESS_MEDIA_DIR}
    return render(request, "wordpress/admin/upload.html", context)


def detail_view(request, import_id):
    _check_permission(request)
    job = get_object_or_404(WordPressImport, pk=import_id)
    check = ImportReport.from_json(job.check_report)
    form = None
    if check and job.status in (WordPressImport.Status.CHECKED, WordPressImport.Status.IMPORTED):
        form = MappingForm(request.POST or None, categories=check.categories, job=job)
    if request.method == "POST":
        if form is None or job.is_running:
            messages.error(request, _("This import is busy: wait for it to finish."))
            return redirect("wordpress_import_detail", job.pk)
        if form.is_valid():
            return _start(request, job, form)
    return render(
        request,
        "wordpress/admin/detail.html",
        {"job": job, "check": check, "result": ImportReport.from_json(job.import_report), "form": form},
    )


def _start(request, job, form):
    job.category_mapping, job.event_categories = form.mapping()
    importing = "import" in request.POST
    job.status = WordPressImport.Status.IMPORTING if importing else WordPressImport.Status.CHECKING
    job.save(update_fields=["category_mapping", "event_categories", "status"])
    task = run_wordpress_import if importing else check_wordpress_export
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return redirect("wordpress_import_detail", job.pk)
