"""The stored full-text vector of each resource, which the repository searches on PostgreSQL.

Wagtail's index keeps a page's words in two vectors (title and body) of
`wagtailsearch_indexentry`, keyed by the page id as text: a search there concatenates both
for every entry and joins them to the resources on a cast id, which costs most of a broad
search. Each resource's `title || body`, made by the indexer Wagtail uses (the fields and
weights of `ResourcePage.search_fields`, stemmed with the text search configuration of the
resource's language, Chinese and Korean pairs included), is stored in `ResourceSearchVector`
with a GIN index, so the finder matches and ranks on a table keyed by the resource.

Like the index, it is refreshed on the worker after every save of a resource (the task reads
the saved row, so a draft leaves the published words in place), and when the text of a
resource's document has been extracted. Whether a resource is live or private is read from
the page itself, so unpublishing needs no new vector. On other databases the table stays
empty: the finder searches Wagtail's index there.
"""

from functools import cache

from django.db import connection
from django_tasks import TaskResultStatus, task
from modelsearch.backends.database.postgres.postgres import ObjectIndexer
from wagtail.search.backends import get_search_backend

from pages.languages import language_code_of
from pages.multilingual_search import text_search_config
from pages.tasks import extract_document_text

from .models import ResourcePage, ResourceSearchVector

BATCH_SIZE = 500


def store_search_vectors(resources):
    """Store the vectors of `resources` (read with their publisher and document), replacing
    the ones they had."""
    if connection.vendor != "postgresql":
        return
    vectors = [ResourceSearchVector(page_id=resource.pk, vector=_vector_of(resource)) for resource in resources]
    ResourceSearchVector.objects.bulk_create(
        vectors, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=["page"], update_fields=["vector"]
    )


def refresh_search_vectors(resources):
    """Store the current vectors of the queryset `resources`, a batch at a time."""
    batch = []
    for resource in resources.select_related("publisher", "document").iterator(chunk_size=BATCH_SIZE):
        batch.append(resource)
        if len(batch) == BATCH_SIZE:
            store_search_vectors(batch)
            batch = []
    store_search_vectors(batch)


def _vector_of(resource):
    indexer = ObjectIndexer(resource, _backend(text_search_config(language_code_of(resource))))
    return indexer.title + indexer.body


@cache
def _backend(config):
    return get_search_backend(SEARCH_CONFIG=config)


@task()
def refresh_resource_search_vector(page_id: int) -> str:
    refresh_search_vectors(ResourcePage.objects.filter(pk=page_id))
    return "done"


def queue_search_vector(sender, instance, raw=False, **kwargs):
    """post_save receiver of ResourcePage."""
    if not raw and connection.vendor == "postgresql":
        refresh_resource_search_vector.enqueue(instance.pk)


def refresh_after_text_extraction(sender, task_result, **kwargs):
    """task_finished receiver: the worker stores a document's extracted text with an UPDATE,
    which no save signal reports, so the resources whose file it is are refreshed here."""
    if (
        task_result.task.module_path != extract_document_text.module_path
        or task_result.status != TaskResultStatus.SUCCESSFUL
        or connection.vendor != "postgresql"
    ):
        return
    document_id = task_result.args[0]
    refresh_search_vectors(ResourcePage.objects.filter(document_id=document_id))
