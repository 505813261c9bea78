"""Template tags shared by every page: the language switcher and small helpers."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Page

from motesplats.core.cache import content_version

register = template.Library()


def _translated_page_urls(page: Page, request) -> dict[str, str]:
    urls: dict[str, str] = {}
    for translation in (
        page.get_translations(inclusive=True).live().select_related("locale")
    ):
        url = translation.get_url(request)
        if url:
            urls[translation.locale.language_code] = url
    return urls


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict[str, object]]:
    """One link per language that keeps the visitor on the same page.

    A Wagtail page links to its translation; without one it links to the translated home
    page. Any other view is reached through the same URL under the other prefix.
    """
    request = context.get("request")
    page = context.get("page") or context.get("self")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    page_urls: dict[str, str] = {}
    if isinstance(page, Page) and request is not None:
        page_urls = _translated_page_urls(page, request)
    links = []
    for code, name in settings.LANGUAGES:
        if code in page_urls:
            url = page_urls[code]
        elif isinstance(page, Page):
            url = f"/{code}/"
        else:
            # The path without its query: these links are cached per path.
            path = request.path if request is not None else "/"
            url = translate_url(path, code)
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current}
        )
    return links


@register.simple_tag(takes_context=True)
def content_version_tag(context) -> int:
    """The content version, read once per request."""
    request = context.get("request")
    version = getattr(request, "_motesplats_content_version", None)
    if version is None:
        version = content_version()
        if request is not None:
            request._motesplats_content_version = version
    return version


@register.simple_tag
def locale_root_url(language_code: str | None = None) -> str:
    code = (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return f"/{code}/"
