"""Header and footer navigation, from the page tree of the visitor's language."""

from django import template
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from motesplats.pages.models import AccessibilityStatementPage, StandardPage

register = template.Library()


def _home_for(context) -> Page | None:
    request = context.get("request")
    cache = getattr(request, "_motesplats_home", None) if request else None
    if cache is not None:
        return cache or None
    site = Site.find_for_request(request) if request else None
    site = (
        site
        or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    )
    home = None
    if site is not None:
        language = (get_language() or "sv").split("-")[0]
        home = (
            Page.objects.filter(
                translation_key=site.root_page.translation_key,
                locale__in=Locale.objects.filter(language_code=language),
            ).first()
            or site.root_page
        )
    if request is not None:
        request._motesplats_home = home or False
    return home


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[dict[str, object]]:
    home = _home_for(context)
    if home is None:
        return []
    request = context.get("request")
    path = request.path if request else ""
    items = []
    for page in home.get_children().live().in_menu().order_by("path"):
        url = page.get_url(request)
        items.append(
            {
                "title": page.title,
                "url": url,
                "active": bool(url) and path.startswith(url),
            }
        )
    return items


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[dict[str, object]]:
    home = _home_for(context)
    if home is None:
        return []
    request = context.get("request")
    statement = AccessibilityStatementPage.objects.live().child_of(home).first()
    standard = StandardPage.objects.live().child_of(home).filter(show_in_footer=True)
    pages = [*standard.order_by("path"), *([statement] if statement else [])]
    return [{"title": p.title, "url": p.get_url(request)} for p in pages]
