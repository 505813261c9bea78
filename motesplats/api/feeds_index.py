"""The page that lists every feed and calendar, with addresses to copy and a short
explanation of how to subscribe (`/sv/floden/`, `/en/feeds/`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motesplats.nodes.selectors import node_list
from motesplats.taxonomy.selectors import theme_list

from .feeds_content import KINDS, kind_label


@dataclass(frozen=True)
class FeedRow:
    """One scope: its name and the absolute addresses of its formats."""

    key: str
    name: str
    atom: str
    rss: str
    ics: str = ""

    @property
    def webcal(self) -> str:
        return "webcal://" + self.ics.split("://", 1)[1] if self.ics else ""


def _row(
    request: HttpRequest, key: str, name: str, route: str, value: str = ""
) -> FeedRow:
    kwargs = {"value": value} if value else None

    def url(fmt: str) -> str:
        return request.build_absolute_uri(
            reverse(f"feeds:{route}_{fmt}", kwargs=kwargs)
        )

    ics = url("ics") if route in ("node", "theme", "all") else ""
    return FeedRow(key=key, name=name, atom=url("atom"), rss=url("rss"), ics=ics)


def feed_rows(request: HttpRequest) -> dict[str, list[FeedRow]]:
    """Every feed, grouped: everything, per kind, per node, per theme."""
    return {
        "all": [_row(request, "all", _("Everything"), "all")],
        "kinds": [
            _row(request, f"kind-{kind}", kind_label(kind), "kind", kind)
            for kind in KINDS
        ],
        "nodes": [
            _row(request, f"node-{node.slug}", str(node.name), "node", node.slug)
            for node in node_list()
        ],
        "themes": [
            _row(request, f"theme-{theme.slug}", str(theme.name), "theme", theme.slug)
            for theme in theme_list()
        ],
    }


@require_GET
def feeds_index_view(request: HttpRequest) -> HttpResponse:
    return render(request, "api/feeds_index.html", {"groups": feed_rows(request)})
