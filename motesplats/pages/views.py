"""Site search: /sv/sok/ and /en/search/."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from motesplats.core.search import search
from motesplats.core.search.backend import FACETS
from motesplats.knowledge.enums import KnowledgeKind
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Theme

from .models import ThemePage

PER_PAGE = 10
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
MAX_PAGE = 100
MAX_QUERY_LENGTH = 200
KIND_LABELS = {
    **dict(KnowledgeKind.choices),
    "collection": _("Collection"),
    "event": _("Event"),
    "theme": _("Theme"),
    "glossary": _("Glossary term"),
    "node": _("Node"),
    "page": _("Page"),
}
FACET_LABELS = {"kind": _("Kind"), "theme": _("Theme"), "node": _("Node")}


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def _facet_labels() -> dict[str, dict[str, str]]:
    return {
        "kind": {k: str(v) for k, v in KIND_LABELS.items()},
        "theme": {t.slug: str(t.name) for t in Theme.objects.all()},
        "node": {n.slug: str(n.name) for n in Node.objects.all()},
    }


def _query_string(params: dict[str, str], **changes: str) -> str:
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v})


def search_view(request: HttpRequest) -> TemplateResponse:
    language = (get_language() or "sv")[:2]
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    # Facet values are slugs; anything else (a typo, a NUL byte) is no filter at all.
    filters = {
        k: v if SLUG_RE.fullmatch(v := request.GET.get(k, "").strip()) else ""
        for k in FACETS
    }
    page_number = _page_number(request.GET.get("page"))
    params = {"q": query, **filters}
    context: dict = {"query": query, "filters": filters, "uses_htmx": True}
    if query:
        result = search(
            query,
            language=language,
            filters=filters,
            offset=(page_number - 1) * PER_PAGE,
            limit=PER_PAGE,
        )
        labels = _facet_labels()
        for hit in result.hits:
            hit.kind_label = labels["kind"].get(hit.entry.kind, hit.entry.kind)
        facets = []
        for key in FACETS:
            options = [
                {
                    "value": value,
                    "label": labels[key].get(value, value),
                    "count": count,
                    "selected": filters[key] == value,
                }
                for value, count in result.facets.get(key, [])
            ]
            if options or filters[key]:
                facets.append(
                    {
                        "key": key,
                        "label": FACET_LABELS[key],
                        "options": options,
                        "selected": filters[key],
                        "clear_query": _query_string(params, **{key: "", "page": ""}),
                    }
                )
        pages = max(1, -(-result.total // PER_PAGE))
        context.update(
            {
                "result": result,
                "facets": facets,
                "first_number": (page_number - 1) * PER_PAGE + 1,
                "page_number": page_number,
                "pages": pages,
                "previous_query": _query_string(params, page=str(page_number - 1))
                if page_number > 1
                else "",
                "next_query": _query_string(params, page=str(page_number + 1))
                if page_number < min(pages, MAX_PAGE)
                else "",
                "suggestion_query": _query_string({"q": result.suggestion})
                if result.suggestion
                else "",
                "has_filters": any(filters.values()),
                "unfiltered_query": _query_string({"q": query}),
            }
        )
    if not query or not context["result"].total:
        context["themes"] = (
            ThemePage.objects.live()
            .filter(locale__language_code=language)
            .order_by("theme__sort_order")
        )
    template = "pages/search.html"
    if getattr(request, "htmx", False):
        template += "#results"
    response = TemplateResponse(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
