"""On PostgreSQL the repository searches each resource's stored vector, not the site's search
index: the vector follows the resource through edits, publishing and its document's text."""

import pytest
from django.core.files.base import ContentFile
from wagtail.search.models import IndexEntry

from pages.repository.generator import copy_resources
from pages.repository.models import ResourcePage
from tests.builders import make_document
from tests.builders_repository import api, make_resource, repository
from tests.crafted_pdfs import small_valid_pdf
from tests.worker_queue import run_worker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only(reason="SQLite searches Wagtail's index; only PostgreSQL stores resource vectors"),
]


def found(client, words):
    return [item["title"] for item in api(client, f"q={words}")["results"]]


def test_the_repository_search_needs_no_site_search_index(client):
    make_resource("Axolotl hatcheries", summary="Wetland cooperatives in Xochimilco.")
    IndexEntry.objects.all().delete()
    assert found(client, "axolotl") == ["Axolotl hatcheries"]
    assert found(client, "xochimilco+wetlands") == ["Axolotl hatcheries"]  # stemmed as English


def test_a_resource_edited_and_published_is_found_by_its_new_words_only(client):
    resource = make_resource("Kelp farming for coastal towns")
    resource.title = "Seaweed cooperatives for coastal towns"
    resource.save_revision()
    assert found(client, "kelp") == ["Kelp farming for coastal towns"]
    assert found(client, "seaweed") == [], "a draft's words are not searched"

    resource.get_latest_revision().publish()
    assert found(client, "seaweed") == ["Seaweed cooperatives for coastal towns"]
    assert found(client, "kelp") == []


def test_an_unpublished_resource_is_no_longer_found(client):
    resource = make_resource("Narwhal tusk exports")
    assert found(client, "narwhal") == ["Narwhal tusk exports"]
    resource.unpublish()
    assert found(client, "narwhal") == []


def test_a_resource_is_found_by_the_text_of_its_replaced_file_once_the_worker_read_it(client, database_queue):
    document = make_document("Kitchens source")
    resource = make_resource("Community kitchens report", document=document)
    run_worker()
    assert found(client, "okapi") == []

    document.file.save("okapi.pdf", ContentFile(small_valid_pdf("Okapi sanctuaries")), save=False)
    document.save()
    run_worker()
    assert found(client, "okapi+sanctuary") == [resource.title]


def test_bulk_copied_resources_are_found_like_their_original(client):
    make_resource("Pangolin rescue networks")
    resources = ResourcePage.objects.child_of(repository()).live().count()
    copy_resources(2 * resources, repository())  # each resource copied twice
    assert found(client, "pangolin") == ["Pangolin rescue networks"] * 3
