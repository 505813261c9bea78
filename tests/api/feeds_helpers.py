"""Helpers for the feed, calendar, sitemap and JSON-LD tests: addresses and content
that must never be published (a draft, a private page)."""

from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, PageViewRestriction

from motesplats.knowledge.enums import ArticleType
from motesplats.knowledge.models import ArticlePage
from tests.events.factories import node_page


def url(name: str, language: str = "sv", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def draft_article(title: str = "Hemligt utkast om framtiden") -> ArticlePage:
    page = ArticlePage(
        title=title,
        slug="hemligt-utkast",
        summary="Ett utkast som inte får synas.",
        article_type=ArticleType.NEWS,
        body=[],
        live=False,
    )
    node_page("malmo").add_child(instance=page)
    page.save_revision()
    return page


def private_article(title: str = "Privat artikel för nodens redaktörer") -> ArticlePage:
    page = ArticlePage(
        title=title,
        slug="privat-artikel",
        summary="Bara för inloggade.",
        article_type=ArticleType.NEWS,
        body=[],
    )
    node_page("malmo").add_child(instance=page)
    page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    return page


def english_locale() -> Locale:
    return Locale.objects.get(language_code="en")
