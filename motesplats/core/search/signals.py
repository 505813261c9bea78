"""Keep the index in step with published content."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from wagtail.models import Page

from .index import index_object, registered_models, remove_object

_state = threading.local()


@contextmanager
def indexing_paused():
    """Skip index updates inside (bulk loads); rebuild the index afterwards."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def _paused() -> bool:
    return getattr(_state, "paused", False)


def _searchable(instance) -> bool:
    return not _paused() and hasattr(instance, "search_documents")


def _registered(instance) -> bool:
    return not _paused() and instance._meta.label in registered_models()


def page_published(sender, instance, **kwargs) -> None:
    page = instance.specific
    if _searchable(page):
        index_object(page)


def page_unpublished(sender, instance, **kwargs) -> None:
    if not _paused():
        remove_object(instance)


def object_deleted(sender, instance, **kwargs) -> None:
    if (isinstance(instance, Page) and not _paused()) or _registered(instance):
        remove_object(instance)


def object_saved(sender, instance, **kwargs) -> None:
    """For registered non-page models: save means (re-)index."""
    if _registered(instance):
        index_object(instance)


def page_moved(sender, instance, **kwargs) -> None:
    """A move changes the URLs of the page and everything below it."""
    if _paused():
        return
    moved = Page.objects.get(pk=instance.pk)
    for page in moved.get_descendants(inclusive=True).live().specific():
        if _searchable(page):
            index_object(page)
