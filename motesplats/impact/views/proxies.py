"""The public library of financial proxies: search and a theme filter."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motesplats.core.forms import error_summary
from motesplats.impact.forms.proxies import ProxyFilterForm
from motesplats.impact.selectors import proxy_library

PER_PAGE = 25


@require_GET
def proxy_list_view(request: HttpRequest) -> HttpResponse:
    form = ProxyFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound and valid else {}
    q, theme = filters.get("q", ""), filters.get("theme")
    proxies = proxy_library(q=q, theme=theme)
    page = Paginator(proxies, PER_PAGE).get_page(request.GET.get("page"))
    query = {}
    if q:
        query["q"] = q
    if theme is not None:
        query["theme"] = theme.slug
    return render(
        request,
        "impact/proxies/list.html",
        {
            "form": form,
            "errors": [] if valid else error_summary(form),
            "page_obj": page,
            "proxies": list(page.object_list),
            "query": urlencode(query),
            "is_filtered": bool(query),
        },
        status=200 if valid else 400,
    )
