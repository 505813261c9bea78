"""The shared vocabulary: themes (with their questions), Agenda 2030 goals, the
glossary, and the university nodes.

Terms are identified by their slug (goals by number, nodes by slug): these are the
values the other resources' filters take. The vocabulary has no change times, so it
has no `updated_since`; it is small, and ETags make fetching it again cheap.
"""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ninja import Field, Path, Query, Router, Schema

from motesplats.api.pagination import Order
from motesplats.knowledge.models import KnowledgeIndexPage
from motesplats.nodes.selectors import node_list, node_pages_by_slug
from motesplats.taxonomy.models import GlossaryTerm, SdgGoal
from motesplats.taxonomy.selectors import glossary_search, swedish_sort_key, theme_list

from .common import (
    CSV_RESPONSE,
    CURSOR,
    DETAIL_ERRORS,
    FORMAT,
    LANG,
    LIMIT,
    LIST_ERRORS,
    ApiError,
    Format,
    Lang,
    Ref,
    detail_answer,
    language_of,
    list_answer,
    locale_for,
    page_url,
    ref,
    refs,
    sorted_list_answer,
)

router = Router(tags=["vocabulary"])

THEME_ORDER = Order(
    "themes", (("sort_order", False), ("name_sv", False), ("pk", False))
)
GOAL_ORDER = Order("goals", (("number", False),))
NODE_ORDER = Order("nodes", (("sort_order", False), ("name_sv", False), ("pk", False)))


def _site_pages(model_name: str, language: str) -> list:
    """Live pages of a type of the `pages` app in one language. The API may not
    import that app (both are top layers), so the type is looked up by name."""
    model = apps.get_model("pages", model_name)
    return list(model.objects.live().public().filter(locale__language_code=language))


# --- themes ------------------------------------------------------------------------------


class ThemeOut(Schema):
    id: str = Field(description="Stable id: the theme's slug (the `theme` filter).")
    name: str = Field(description="Name in the request's language.")
    description: str = Field(description="What the theme is about.")
    questions: list[str] = Field(description="Questions and needs in focus, in order.")
    url: str | None = Field(description="The theme's page on the website, if any.")


class ThemeListOut(Schema):
    items: list[ThemeOut] = Field(description="One page of themes, in their order.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many themes there are.")


def _theme_urls(request: HttpRequest, language: str) -> dict[int, str]:
    return {
        page.theme_id: page_url(request, page)
        for page in _site_pages("ThemePage", language)
    }


def theme_out(theme, urls: dict[int, str]) -> dict:
    return {
        "id": theme.slug,
        "name": str(theme.name),
        "description": str(theme.description),
        "questions": [str(q.text) for q in theme.questions.all()],
        "url": urls.get(theme.pk),
    }


@router.get(
    "/themes",
    response={200: ThemeListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Themes with their questions in focus",
)
def themes_list(
    request: HttpRequest,
    response: HttpResponse,
    lang: Lang | None = LANG,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    language = language_of(request, lang)
    urls = _theme_urls(request, language)
    return list_answer(
        request,
        response,
        theme_list(),
        THEME_ORDER,
        serialize=lambda theme: theme_out(theme, urls),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="themes",
        columns=list(ThemeOut.model_fields),
    )


@router.get(
    "/themes/{id}",
    response={200: ThemeOut, **DETAIL_ERRORS},
    summary="One theme",
)
def theme_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: str = Path(..., max_length=80, description="The theme's slug."),
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    theme = theme_list().filter(slug=id).first()
    if theme is None:
        raise ApiError(404, _("No active theme with this id."))
    return detail_answer(
        response, theme_out(theme, _theme_urls(request, language)), language
    )


# --- Agenda 2030 goals ---------------------------------------------------------------------


class GoalOut(Schema):
    id: int = Field(description="The goal's number, 1–17 (the `goal` filter).")
    name: str = Field(description="Name in the request's language.")
    url: str | None = Field(
        description="The knowledge bank on the website, filtered on this goal."
    )


class GoalListOut(Schema):
    items: list[GoalOut] = Field(description="The goals, by number.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many goals there are.")


def _knowledge_bank_url(request: HttpRequest, language: str) -> str | None:
    page = (
        KnowledgeIndexPage.objects.live().filter(locale__language_code=language).first()
    )
    return page_url(request, page) if page else None


def goal_out(goal: SdgGoal, bank: str | None) -> dict:
    return {
        "id": goal.number,
        "name": str(goal.name),
        "url": f"{bank}?{urlencode({'goal': goal.number})}" if bank else None,
    }


@router.get(
    "/goals",
    response={200: GoalListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="The 17 goals of the 2030 Agenda",
)
def goals_list(
    request: HttpRequest,
    response: HttpResponse,
    lang: Lang | None = LANG,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    language = language_of(request, lang)
    bank = _knowledge_bank_url(request, language)
    return list_answer(
        request,
        response,
        SdgGoal.objects.all(),
        GOAL_ORDER,
        serialize=lambda goal: goal_out(goal, bank),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="goals",
        columns=list(GoalOut.model_fields),
    )


@router.get(
    "/goals/{id}",
    response={200: GoalOut, **DETAIL_ERRORS},
    summary="One Agenda 2030 goal",
)
def goal_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=17, description="The goal's number."),
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    goal = SdgGoal.objects.filter(number=id).first()
    if goal is None:
        raise ApiError(404, _("No goal with this number."))
    return detail_answer(
        response, goal_out(goal, _knowledge_bank_url(request, language)), language
    )


# --- glossary ------------------------------------------------------------------------------


class GlossaryTermOut(Schema):
    id: str = Field(description="Stable id: the term's slug.")
    term: str = Field(description="The term in the request's language.")
    definition: str = Field(description="Its plain definition.")
    source: str = Field(description="Where the concept comes from, if known.")
    themes: list[Ref] = Field(description="Themes it belongs to.")
    url: str | None = Field(description="The term on the website's glossary page.")


class GlossaryListOut(Schema):
    items: list[GlossaryTermOut] = Field(description="Terms, A–Ö in this language.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many terms match.")


def _glossary_url(request: HttpRequest, language: str) -> str | None:
    pages = _site_pages("GlossaryPage", language)
    return page_url(request, pages[0]) if pages else None


def term_out(term: GlossaryTerm, glossary: str | None) -> dict:
    return {
        "id": term.slug,
        "term": str(term.term),
        "definition": str(term.definition),
        "source": term.source,
        "themes": refs(term.themes.all()),
        "url": f"{glossary}#{term.slug}" if glossary else None,
    }


def _term_key(term: GlossaryTerm) -> list:
    return [list(swedish_sort_key(str(term.term))), term.slug]


@router.get(
    "/glossary",
    response={200: GlossaryListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="The glossary of the field",
)
def glossary_list(
    request: HttpRequest,
    response: HttpResponse,
    lang: Lang | None = LANG,
    q: str | None = Query(
        None, max_length=100, description="Words in a term or its definition."
    ),
    letter: str | None = Query(
        None, max_length=1, description="Terms starting with this letter (A–Ö)."
    ),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    """The same terms, in the same order, as the website's glossary page."""
    language = language_of(request, lang)
    terms = glossary_search(query=q or "", letter=letter or "")
    # The glossary is read whole (hundreds of terms); its themes in one query.
    from django.db.models import prefetch_related_objects  # noqa: PLC0415

    prefetch_related_objects(terms, "themes")
    glossary = _glossary_url(request, language)
    return sorted_list_answer(
        request,
        response,
        terms,
        name=f"glossary:{language}",
        key=_term_key,
        serialize=lambda term: term_out(term, glossary),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="glossary",
        columns=list(GlossaryTermOut.model_fields),
    )


@router.get(
    "/glossary/{id}",
    response={200: GlossaryTermOut, **DETAIL_ERRORS},
    summary="One glossary term",
)
def glossary_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: str = Path(..., max_length=120, description="The term's slug."),
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    term = GlossaryTerm.objects.filter(slug=id).prefetch_related("themes").first()
    if term is None:
        raise ApiError(404, _("No glossary term with this id."))
    return detail_answer(
        response, term_out(term, _glossary_url(request, language)), language
    )


# --- nodes -----------------------------------------------------------------------------------


class NodeOut(Schema):
    id: str = Field(description="Stable id: the node's slug (the `node` filter).")
    name: str = Field(description="Name in the request's language.")
    university: str = Field(description="The university that hosts the node.")
    city: str = Field(description="City.")
    county: Ref = Field(description="County (by code).")
    description: str = Field(description="What the node does.")
    email: str = Field(description="The node's contact address.")
    phone: str = Field(description="The node's phone number.")
    website: str = Field(description="Website.")
    url: str | None = Field(description="The node's page on the website.")


class NodeListOut(Schema):
    items: list[NodeOut] = Field(description="The active nodes, in their order.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many nodes there are.")


def _node_urls(request: HttpRequest, language: str) -> dict[str, str]:
    return {
        slug: page_url(request, page)
        for slug, page in node_pages_by_slug(language).items()
        if page.live
    }


def node_out(node, urls: dict[str, str]) -> dict:
    return {
        "id": node.slug,
        "name": str(node.name),
        "university": str(node.university),
        "city": node.city,
        "county": ref(node.county, "code"),
        "description": str(node.description),
        "email": node.email,
        "phone": node.phone,
        "website": node.website,
        "url": urls.get(node.slug),
    }


@router.get(
    "/nodes",
    response={200: NodeListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="The university nodes of the network",
)
def nodes_list(
    request: HttpRequest,
    response: HttpResponse,
    lang: Lang | None = LANG,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    language = language_of(request, lang)
    locale_for(language)
    urls = _node_urls(request, language)
    return list_answer(
        request,
        response,
        node_list(),
        NODE_ORDER,
        serialize=lambda node: node_out(node, urls),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="nodes",
        columns=list(NodeOut.model_fields),
    )


@router.get(
    "/nodes/{id}",
    response={200: NodeOut, **DETAIL_ERRORS},
    summary="One node",
)
def node_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: str = Path(..., max_length=60, description="The node's slug."),
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    node = node_list().filter(slug=id).first()
    if node is None:
        raise ApiError(404, _("No active node with this id."))
    return detail_answer(
        response, node_out(node, _node_urls(request, language)), language
    )
