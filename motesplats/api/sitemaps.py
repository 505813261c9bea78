"""Sitemaps and robots.txt.

Chosen layout: a sitemap index at `/sitemap.xml` that points at one sitemap per language
(`/sv/sitemap.xml`, `/en/sitemap.xml`). Each entry of a language's sitemap names its
other language versions with `xhtml:link rel="alternate" hreflang` (itself included, as
Google asks) plus `x-default` (the Swedish version, the platform's first language).

Entries: every live, public page in the language (pages are paired with their
translations by Wagtail's translation key), and the public routes that are not pages:
the organisation directory and approved organisations, the coalitions and active
coalitions, and the needs and offers listing. The XML is written with ElementTree, so
every address is escaped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page, Site

from motesplats.actors.selectors.coalitions import coalitions_active
from motesplats.actors.selectors.organisations import organisations_approved
from motesplats.core.i18n import PRIMARY_LANGUAGE, current_language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
CONTENT_TYPE = "application/xml; charset=utf-8"
ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("xhtml", XHTML_NS)


@dataclass
class Entry:
    loc: str
    lastmod: datetime | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # language → address


def languages() -> list[str]:
    """The site's languages that have a locale, the first language first."""
    codes = set(Locale.objects.values_list("language_code", flat=True))
    return [code for code, _name in settings.LANGUAGES if code in codes]


def _root_url(request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def page_entries(language: str) -> list[Entry]:
    """Live, public pages in `language`, each with its translations as alternates."""
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .select_related("locale")
        .only(
            "id",
            "url_path",
            "translation_key",
            "last_published_at",
            "locale__language_code",
        )
        .order_by("path")
    )
    groups: dict = defaultdict(dict)
    ordered: list[Page] = []
    for page in pages:
        url = page.get_full_url()
        if not url:
            continue  # outside every site
        groups[page.translation_key][page.locale.language_code] = url
        if page.locale.language_code == language:
            ordered.append((page, url))
    return [
        Entry(
            loc=url,
            lastmod=page.last_published_at,
            alternates=groups[page.translation_key],
        )
        for page, url in ordered
    ]


def _route_alternates(
    root: str, name: str, codes: list[str], **kwargs
) -> dict[str, str]:
    alternates = {}
    for code in codes:
        with translation.override(code):
            alternates[code] = root + reverse(name, kwargs=kwargs or None)
    return alternates


def route_entries(language: str, root: str, codes: list[str]) -> list[Entry]:
    """The public listings that are not pages, and the records they list."""
    entries = []
    for name in (
        "actors:organisation_list",
        "actors:coalition_list",
        "actors:need_list",
        "feeds:index",
    ):
        alternates = _route_alternates(root, name, codes)
        entries.append(Entry(loc=alternates[language], alternates=alternates))
    for organisation in (
        organisations_approved().only("slug", "updated_at").order_by("slug")
    ):
        alternates = _route_alternates(
            root, "actors:organisation_detail", codes, slug=organisation.slug
        )
        entries.append(
            Entry(
                loc=alternates[language],
                lastmod=organisation.updated_at,
                alternates=alternates,
            )
        )
    for coalition in coalitions_active().only("slug", "updated_at").order_by("slug"):
        alternates = _route_alternates(
            root, "actors:coalition_detail", codes, slug=coalition.slug
        )
        entries.append(
            Entry(
                loc=alternates[language],
                lastmod=coalition.updated_at,
                alternates=alternates,
            )
        )
    return entries


def sitemap_xml(entries: list[Entry]) -> bytes:
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.loc
        if entry.lastmod is not None:
            ET.SubElement(
                url, f"{{{SITEMAP_NS}}}lastmod"
            ).text = entry.lastmod.date().isoformat()
        if len(entry.alternates) > 1:
            for code, href in entry.alternates.items():
                ET.SubElement(
                    url,
                    f"{{{XHTML_NS}}}link",
                    {"rel": "alternate", "hreflang": code, "href": href},
                )
            default = entry.alternates.get(PRIMARY_LANGUAGE)
            if default:
                ET.SubElement(
                    url,
                    f"{{{XHTML_NS}}}link",
                    {"rel": "alternate", "hreflang": "x-default", "href": default},
                )
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


@require_GET
def sitemap_view(request: HttpRequest) -> HttpResponse:
    """The sitemap of the language in the address."""
    language = current_language()
    codes = languages()
    root = _root_url(request)
    entries = page_entries(language) + route_entries(language, root, codes)
    return HttpResponse(sitemap_xml(entries), content_type=CONTENT_TYPE)


@require_GET
def sitemap_index_view(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: one sitemap per language."""
    root = _root_url(request)
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for code in languages():
        with translation.override(code):
            path = reverse("sitemap")
        sitemap = ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(sitemap, f"{{{SITEMAP_NS}}}loc").text = root + path
    body = ET.tostring(index, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type=CONTENT_TYPE)


@require_GET
def robots_view(request: HttpRequest) -> HttpResponse:
    """robots.txt: everything public may be crawled except the admin and search
    results (endless combinations of the same content); points at the sitemap index."""
    root = _root_url(request)
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code in languages():
        with translation.override(code):
            lines.append(f"Disallow: {reverse('search')}")
    lines.append(f"Sitemap: {root}{reverse('sitemap_index')}")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
