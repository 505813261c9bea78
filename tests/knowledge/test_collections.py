import pytest

from motesplats.knowledge.models import CollectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection():
    return CollectionPage.objects.get(locale__language_code="sv")


def test_collection_lists_its_items_in_order_with_criteria(client, collection):
    body = client.get(collection.url).content.decode()
    entries = list(collection.items.order_by("sort_order"))
    assert len(entries) == 25
    positions = [body.index(entry.item.url) for entry in entries]
    assert positions == sorted(positions)
    assert "Utgåva 2017" in body
    assert len(collection.criteria) == 4
    for criterion in collection.criteria:
        assert criterion in body


def test_unpublished_items_drop_out_of_the_collection(client, collection):
    first = collection.items.order_by("sort_order").first().item
    first.unpublish()
    body = client.get(collection.url).content.decode()
    assert first.url_path not in body
    assert "24 objekt i samlingen" in body


def test_english_collection_links_to_english_items(client):
    english = CollectionPage.objects.get(locale__language_code="en")
    body = client.get(english.url).content.decode()
    assert "Edition 2017" in body
    for entry in english.items.all():
        assert entry.item.locale.language_code == "en"
        assert entry.item.url in body
