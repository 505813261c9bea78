"""The knowledge bank: innovation cases, articles, resources, films; and collections.

The list is the knowledge bank's own (`knowledge_browse`, the same facets and sorts as
the website); `q` narrows it to the best matches of the site search.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from wagtail.rich_text import expand_db_html

from ninja import Field, Query, Router, Schema

from motesplats.api.pagination import Order
from motesplats.core.search import search
from motesplats.knowledge.enums import KnowledgeKind
from motesplats.knowledge.forms import parse_filters
from motesplats.knowledge.models import CollectionItem, CollectionPage, KnowledgePage
from motesplats.knowledge.selectors import knowledge_browse

from .common import (
    CSV_RESPONSE,
    CURSOR,
    DETAIL_ERRORS,
    FORMAT,
    LANG,
    LIMIT,
    LIST_ERRORS,
    UPDATED_SINCE,
    ApiError,
    FacetOut,
    Format,
    Lang,
    Ref,
    Since,
    detail_answer,
    facets_out,
    language_of,
    list_answer,
    locale_for,
    page_url,
    ref,
    refs,
)

router = Router(tags=["knowledge"])

# `q` keeps at most this many best matches per kind (the search ranks, the list sorts).
MAX_SEARCH_MATCHES = 100
MAX_QUERY_LENGTH = 200
ORDERS = {
    "newest": Order("newest", (("first_published_at", True), ("pk", True))),
    "title": Order("title", (("title", False), ("pk", False))),
    "year": Order("year", (("year", True), ("title", False), ("pk", False))),
}
KIND_CLASSES = {
    KnowledgeKind.INNOVATION: "innovationpage",
    KnowledgeKind.ARTICLE: "articlepage",
    KnowledgeKind.RESOURCE: "resourcepage",
    KnowledgeKind.FILM: "filmpage",
}


class NodeRef(Schema):
    id: str = Field(description="The node's slug.")
    name: str = Field(description="The node's name in the request's language.")


class KnowledgeItemOut(Schema):
    id: uuid.UUID = Field(
        description="Stable id, the same for every language version of the item."
    )
    kind: str = Field(description="innovation, article, resource or film.")
    kind_label: str = Field(description="The kind in the request's language.")
    title: str = Field(description="Title in this language.")
    summary: str = Field(description="Short summary in this language.")
    url: str = Field(description="The item's page on the website, in this language.")
    language: str = Field(description="Language of this version: sv or en.")
    node: NodeRef | None = Field(description="The node that publishes it.")
    themes: list[Ref] = Field(description="Themes, by slug.")
    goals: list[int] = Field(description="Agenda 2030 goals, by number (1–17).")
    year: int | None = Field(description="The year it started or appeared.")
    published_at: datetime | None = Field(description="When first published.")
    updated_at: datetime | None = Field(description="When last published (changed).")


class KnowledgeListOut(Schema):
    items: list[KnowledgeItemOut] = Field(description="One page of items.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many items match, over all pages.")
    facets: list[FacetOut] = Field(
        description="The knowledge bank's filters with their counts, as on the "
        "website; empty unless asked for with facets=true."
    )


class OrganisationOut(Schema):
    name: str = Field(description="An organisation behind the innovation.")
    sector: Ref = Field(description="Its sector.")


class LinkOut(Schema):
    title: str = Field(description="What the link is.")
    url: str = Field(description="The address.")


class InnovationOut(Schema):
    need: str = Field(description="The need or problem addressed.")
    solution_html: str = Field(description="The solution (HTML).")
    organisations: list[OrganisationOut] = Field(description="Who is behind it.")
    county: Ref | None = Field(description="County (by code).")
    municipality: str = Field(description="Municipality.")
    area_types: list[Ref] = Field(description="Urban or rural.")
    maturity: str = Field(description="idea, pilot, established or spreading.")
    evidence_level: str = Field(
        description="none, self_reported, evaluated or independent."
    )
    evidence_links: list[LinkOut] = Field(description="Evidence of effects.")
    contact_organisation: str = Field(description="Contact (an organisation).")
    website: str = Field(description="Website.")


class ArticleOut(Schema):
    article_type: str = Field(description="news, interview or event_report.")
    body_html: str = Field(description="The article (HTML).")


class ResourceOut(Schema):
    resource_type: str = Field(description="handbook, report, white_paper or guide.")
    document_url: str | None = Field(description="The document to download.")
    chapters: list[str] = Field(description="Table of contents, one chapter each.")


class FilmOut(Schema):
    video_url: str = Field(description="Where the film is.")
    duration_minutes: int = Field(description="Length in minutes.")
    captions_url: str = Field(description="Captions file (WebVTT), if any.")
    transcript: str = Field(description="Transcript, if any.")
    research_and_partners: str = Field(description="Research and partners shown.")


class KnowledgeDetailOut(KnowledgeItemOut):
    innovation: InnovationOut | None = Field(description="For innovation cases.")
    article: ArticleOut | None = Field(description="For articles.")
    resource: ResourceOut | None = Field(description="For resources.")
    film: FilmOut | None = Field(description="For films.")


def knowledge_item(request: HttpRequest, page: KnowledgePage) -> dict:
    kinds = dict(KnowledgeKind.choices)
    return {
        "id": page.translation_key,
        "kind": page.kind,
        "kind_label": str(kinds.get(page.kind, page.kind)),
        "title": page.title,
        "summary": page.summary,
        "url": page_url(request, page),
        "language": page.locale.language_code,
        "node": ref(page.node),
        "themes": refs(page.themes.all()),
        "goals": [goal.number for goal in page.sdg_goals.all()],
        "year": page.year,
        "published_at": page.first_published_at,
        "updated_at": page.last_published_at,
    }


def _matching_ids(query: str, language: str, kinds: list[str]) -> list[int]:
    """Pages among the best site-search matches of `query`, for each kind asked."""
    ids: list[int] = []
    for kind in kinds or list(KIND_CLASSES):
        result = search(
            query, language=language, filters={"kind": kind}, limit=MAX_SEARCH_MATCHES
        )
        ids.extend(hit.entry.object_id for hit in result.hits)
    return ids


@router.get(
    "/knowledge",
    response={200: KnowledgeListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Knowledge bank: innovation cases, articles, resources and films",
)
def knowledge_list(
    request: HttpRequest,
    response: HttpResponse,
    *,
    lang: Lang | None = LANG,
    kind: Annotated[
        list[str],
        Query(
            default_factory=list,
            description="innovation, article, resource or film (repeat).",
        ),
    ],
    theme: Annotated[
        list[str],
        Query(
            default_factory=list, description="Theme slug (repeat for any of several)."
        ),
    ],
    goal: Annotated[
        list[str], Query(default_factory=list, description="Agenda 2030 goal number.")
    ],
    sector: Annotated[
        list[str],
        Query(
            default_factory=list,
            description="Sector slug of an innovation's organisations.",
        ),
    ],
    county: Annotated[
        list[str],
        Query(
            default_factory=list, description="County code of an innovation (e.g. 12)."
        ),
    ],
    area: Annotated[
        list[str],
        Query(default_factory=list, description="Urban or rural (area type slug)."),
    ],
    maturity: Annotated[
        list[str], Query(default_factory=list, description="Maturity of an innovation.")
    ],
    evidence: Annotated[
        list[str],
        Query(default_factory=list, description="Evidence level of an innovation."),
    ],
    node: Annotated[list[str], Query(default_factory=list, description="Node slug.")],
    year: Annotated[list[str], Query(default_factory=list, description="Year.")],
    q: str | None = Query(
        None,
        max_length=MAX_QUERY_LENGTH,
        description="Full-text search (the site search's best matches).",
    ),
    sort: str = Query(
        "newest",
        max_length=2000,
        description="newest (default), title or year; anything else is newest, as on "
        "the website.",
    ),
    facets: bool = Query(
        False,
        description="Also count each filter's values, as the website's listing does "
        "(slower; off by default).",
    ),
    updated_since: Since | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    """Filters combine as on the website: values of one filter with OR, different
    filters with AND. Unknown filter values are ignored, as on the website."""
    language = language_of(request, lang)
    locale = locale_for(language)
    # The website's own reading of the filters (bad values are dropped, not errors).
    selected, sort = parse_filters(request.GET)
    items, counted = knowledge_browse(
        locale=locale, selected=selected, sort=sort, with_facets=facets
    )
    query = " ".join((q or "").split())
    if query:
        kinds = [k for k in selected.get("kind", []) if k in KIND_CLASSES]
        items = items.filter(pk__in=_matching_ids(query, language, kinds))
    items = items.select_related("locale").prefetch_related("sdg_goals")
    return list_answer(
        request,
        response,
        items,
        ORDERS[sort],
        serialize=lambda page: knowledge_item(request, page),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="knowledge",
        columns=list(KnowledgeItemOut.model_fields),
        changed_field="last_published_at",
        updated_since=updated_since,
        extra={"facets": facets_out(counted)},
    )


def _detail_fields(request: HttpRequest, page) -> dict:
    data = {"innovation": None, "article": None, "resource": None, "film": None}
    if page.kind == KnowledgeKind.INNOVATION:
        data["innovation"] = {
            "need": page.need,
            "solution_html": expand_db_html(page.solution),
            "organisations": [
                {"name": o.name, "sector": ref(o.sector)}
                for o in page.organisations.select_related("sector")
            ],
            "county": ref(page.county, "code"),
            "municipality": page.municipality,
            "area_types": refs(page.area_types.all()),
            "maturity": page.maturity,
            "evidence_level": page.evidence_level,
            "evidence_links": [
                {"title": link.title, "url": link.url}
                for link in page.evidence_links.all()
            ],
            "contact_organisation": page.contact_organisation,
            "website": page.website,
        }
    elif page.kind == KnowledgeKind.ARTICLE:
        data["article"] = {
            "article_type": page.article_type,
            "body_html": str(page.body),
        }
    elif page.kind == KnowledgeKind.RESOURCE:
        document = page.document
        data["resource"] = {
            "resource_type": page.resource_type,
            "document_url": request.build_absolute_uri(document.url)
            if document
            else None,
            "chapters": page.chapters,
        }
    elif page.kind == KnowledgeKind.FILM:
        data["film"] = {
            "video_url": page.video_url,
            "duration_minutes": page.duration_minutes,
            "captions_url": page.captions_url,
            "transcript": page.transcript,
            "research_and_partners": page.research_and_partners,
        }
    return data


@router.get(
    "/knowledge/{id}",
    response={200: KnowledgeDetailOut, **DETAIL_ERRORS},
    summary="One item of the knowledge bank, with the fields of its kind",
)
def knowledge_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    page = (
        KnowledgePage.objects.live()
        .public()
        .filter(translation_key=id, locale__language_code=language)
        .select_related("node", "locale")
        .first()
    )
    if page is None:
        raise ApiError(404, _("No published item with this id in this language."))
    page = page.specific
    data = knowledge_item(request, page) | _detail_fields(request, page)
    return detail_answer(response, data, language, page.last_published_at)


# --- collections ----------------------------------------------------------------------------


class CollectionEntryOut(Schema):
    id: uuid.UUID = Field(description="The item's stable id (see /knowledge/{id}).")
    kind: str = Field(description="The item's kind.")
    title: str = Field(description="The item's title.")
    url: str = Field(description="The item's page on the website.")
    note: str = Field(description="Why it is in the collection.")


class CollectionOut(Schema):
    id: uuid.UUID = Field(description="Stable id, the same for every language.")
    title: str = Field(description="Title in this language.")
    edition: str = Field(description="Edition, e.g. 2017.")
    intro_html: str = Field(description="Introduction (HTML).")
    criteria: list[str] = Field(description="Selection criteria.")
    url: str = Field(description="The collection's page on the website.")
    language: str = Field(description="Language of this version.")
    items: list[CollectionEntryOut] = Field(
        description="The published items, in the editors' order."
    )
    updated_at: datetime | None = Field(description="When last published.")


class CollectionListOut(Schema):
    items: list[CollectionOut] = Field(description="One page of collections.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many collections there are.")


COLLECTION_ORDER = Order("collections", (("first_published_at", True), ("pk", True)))


def _collections(locale):
    entries = CollectionItem.objects.filter(item__live=True).select_related("item")
    return (
        CollectionPage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("locale")
        .prefetch_related(
            Prefetch("items", queryset=entries.order_by("sort_order"), to_attr="shown")
        )
    )


def collection_out(request: HttpRequest, page: CollectionPage) -> dict:
    return {
        "id": page.translation_key,
        "title": page.title,
        "edition": page.edition,
        "intro_html": expand_db_html(page.intro),
        "criteria": page.criteria,
        "url": page_url(request, page),
        "language": page.locale.language_code,
        "items": [
            {
                "id": entry.item.translation_key,
                "kind": entry.item.kind,
                "title": entry.item.title,
                "url": page_url(request, entry.item),
                "note": entry.note,
            }
            for entry in page.shown
        ],
        "updated_at": page.last_published_at,
    }


@router.get(
    "/collections",
    response={200: CollectionListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Curated collections of the knowledge bank",
)
def collection_list(
    request: HttpRequest,
    response: HttpResponse,
    lang: Lang | None = LANG,
    updated_since: Since | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    language = language_of(request, lang)
    return list_answer(
        request,
        response,
        _collections(locale_for(language)),
        COLLECTION_ORDER,
        serialize=lambda page: collection_out(request, page),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="collections",
        columns=list(CollectionOut.model_fields),
        changed_field="last_published_at",
        updated_since=updated_since,
    )


@router.get(
    "/collections/{id}",
    response={200: CollectionOut, **DETAIL_ERRORS},
    summary="One collection with its items",
)
def collection_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    page = _collections(locale_for(language)).filter(translation_key=id).first()
    if page is None:
        raise ApiError(404, _("No published collection with this id in this language."))
    return detail_answer(
        response, collection_out(request, page), language, page.last_published_at
    )
