"""Glossary terms in the site search: one document per language, linking to the term
on that language's glossary page."""

from __future__ import annotations

from wagtail.signals import page_published

from motesplats.core.search import SearchDocument, index_object, register_model
from motesplats.taxonomy.models import GlossaryTerm

from .models import GlossaryPage


def glossary_documents(term: GlossaryTerm) -> list[SearchDocument]:
    documents = []
    pages = {
        p.locale.language_code: p
        for p in GlossaryPage.objects.live().select_related("locale")
    }
    for language, page in pages.items():
        english = language == "en"
        title = (term.term_en if english else "") or term.term_sv
        definition = (term.definition_en if english else "") or term.definition_sv
        documents.append(
            SearchDocument(
                language=language,
                kind="glossary",
                title=title,
                url=f"{page.get_url()}#{term.slug}",
                summary=definition,
                body=term.source,
                themes=tuple(t.slug for t in term.themes.all()),
            )
        )
    return documents


def _glossary_published(sender, instance, **kwargs) -> None:
    """The glossary page gives the terms their URLs: index them when it appears."""
    if isinstance(instance.specific, GlossaryPage):
        for term in GlossaryTerm.objects.all():
            index_object(term)


def register() -> None:
    page_published.connect(_glossary_published, dispatch_uid="search-glossary-page")
    register_model(
        GlossaryTerm,
        queryset=lambda: GlossaryTerm.objects.prefetch_related("themes"),
        describe=glossary_documents,
    )
