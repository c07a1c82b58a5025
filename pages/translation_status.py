"""Which pages are translated, outdated or missing in each language, for the editors' report.

Worked out in the database, in the one query that lists the pages: per language, a page's
live translation and when it was last brought up to date with its original. That is when
wagtail-localize last synced the original (its translation source's `last_updated_at`) or,
for a translation made without it, when the translation was last saved. An original edited
since then is outdated in that language."""

from django.conf import settings
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from pages.languages import language_names

TRANSLATED = "translated"
OUTDATED = "outdated"
MISSING = "missing"
STATUS_LABELS = {TRANSLATED: _("Translated"), OUTDATED: _("Outdated"), MISSING: _("Missing")}


def target_languages():
    """{code: name} of the languages pages are translated into."""
    return {code: name for code, name in language_names().items() if code != settings.LANGUAGE_CODE}


def status_field(code):
    """The annotation holding a page's status in language `code`."""
    return "status_" + code.replace("-", "_")


def pages_with_translation_status():
    """The original pages (in the default language, below the root), each annotated with its
    status in every target language."""
    last_synced = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
    )
    pages = (
        Page.objects.filter(locale__language_code=settings.LANGUAGE_CODE, depth__gt=1)
        .select_related("content_type")
        .annotate(last_synced_at=Subquery(last_synced.values("last_updated_at")[:1]))
        .order_by("path")
    )
    for code in target_languages():
        translation = Page.objects.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=code, live=True
        )
        saved = Subquery(translation.values("latest_revision_created_at")[:1])
        pages = pages.annotate(
            **{
                status_field(code): Case(
                    When(~Exists(translation), then=Value(MISSING)),
                    When(latest_revision_created_at__gt=Coalesce(F("last_synced_at"), saved), then=Value(OUTDATED)),
                    default=Value(TRANSLATED),
                    output_field=CharField(),
                )
            }
        )
    return pages


def with_status(pages, status, language=None):
    """`pages` whose status is `status` in `language`, or in any target language."""
    codes = [language] if language else list(target_languages())
    wanted = Q()
    for code in codes:
        wanted |= Q(**{status_field(code): status})
    return pages.filter(wanted)
