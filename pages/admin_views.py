"""Admin views of the pages app: the editor's guide, the report of images whose alt text
still needs writing and the report of what is translated in each language."""

import django_filters
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.images import get_image_model
from wagtail.permissions import page_permission_policy, policy_registry

from pages.alt_text import alt_text_problem
from pages.translation_status import (
    STATUS_LABELS,
    pages_with_translation_status,
    status_field,
    target_languages,
    with_status,
)

PROBLEM_LABELS = {
    "missing": _("No alt text"),
    "file name": _("Alt text is a file name"),
}


def may_edit_images(user):
    return policy_registry.get_by_type(get_image_model()).user_has_any_permission(user, ["add", "change"])


def images_without_real_alt_text():
    """Images not marked decorative whose alt text is empty or only a file name, newest first.
    The file-name check is a pattern over each image, so it runs in Python over two columns."""
    Image = get_image_model()
    candidates = Image.objects.filter(is_decorative=False).values_list("pk", "description", "file")
    ids = [pk for pk, description, file_name in candidates if alt_text_problem(description, file_name)]
    return Image.objects.filter(pk__in=ids).order_by("-created_at", "-pk")


class AltTextColumn(Column):
    def get_value(self, instance):
        return PROBLEM_LABELS.get(alt_text_problem(instance.description, instance.file.name), "")


class ImagesWithoutAltTextView(ReportView):
    page_title = _("Images without alt text")
    header_icon = "image"
    index_url_name = "images_without_alt_text"
    index_results_url_name = "images_without_alt_text_results"
    any_permission_required = ["add", "change"]
    list_export = ["title", "description", "created_at"]
    columns = [
        TitleColumn("title", label=_("Image"), url_name="wagtailimages:edit"),
        Column("description", label=_("Alt text (description)")),
        AltTextColumn("problem", label=_("Problem")),
        DateColumn("created_at", label=_("Uploaded")),
    ]

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(get_image_model())

    def get_queryset(self):
        return images_without_real_alt_text()


class TranslationStatusColumn(Column):
    def get_value(self, instance):
        return STATUS_LABELS[getattr(instance, self.accessor)]


class TranslationFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=lambda: list(target_languages().items()), method="keep_all"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(STATUS_LABELS.items()), method="narrow_to_status"
    )

    def keep_all(self, queryset, name, value):
        """The language narrows the status filter and the columns, not the pages by itself."""
        return queryset

    def narrow_to_status(self, queryset, name, value):
        return with_status(queryset, value, self.form.cleaned_data.get("language"))


class TranslationReportView(ReportView):
    """Every page of the default language with its status in each other language:
    translated, outdated (the original changed since the translation was last synced) or
    missing (no published translation)."""

    page_title = _("Translations")
    header_icon = "site"
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    filterset_class = TranslationFilterSet
    any_permission_required = ["add", "change", "publish"]
    permission_policy = page_permission_policy
    list_export = ["title", "url_path"]

    @property
    def languages(self):
        chosen = self.filters.form.cleaned_data.get("language") if self.filters.is_valid() else None
        languages = target_languages()
        return {chosen: languages[chosen]} if chosen else languages

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit"),
            Column("page_type", label=_("Type"), accessor="content_type.name"),
            *(TranslationStatusColumn(status_field(code), label=name) for code, name in self.languages.items()),
        ]

    def get_queryset(self):
        return pages_with_translation_status()

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": self.get_queryset()}


def editor_guide_view(request):
    """The site's own editor's guide: a static page of the admin, open to all staff."""
    return render(request, "pages/admin/editor_guide.html")
