"""Routes: `/robots.txt`, the sitemap index `/sitemap.xml` and one sitemap per language
(`/sv/sitemap.xml`, `/en/sitemap.xml`, mounted inside the language prefix)."""

from django.urls import path

from .sitemaps import robots_view, sitemap_index_view, sitemap_view

root_patterns = [
    path("robots.txt", robots_view, name="robots"),
    path("sitemap.xml", sitemap_index_view, name="sitemap_index"),
]
language_patterns = [path("sitemap.xml", sitemap_view, name="sitemap")]
