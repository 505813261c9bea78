"""Actors: approved organisations, active coalitions, open needs and offers.

Only what the website shows everyone: never people, members' names, authors,
statuses or internal notes. Each list is the website's own selector with the
website's own reading of the filters.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema

from motesplats.actors.enums import NeedOfferStatus, OrganisationStatus
from motesplats.actors.forms.coalitions import coalition_filters_from
from motesplats.actors.forms.needs import need_filters_from
from motesplats.actors.forms.organisations import parse_filters, parse_query
from motesplats.actors.selectors.coalitions import (
    coalition_browse,
    coalition_facet_labels,
    coalitions_active,
)
from motesplats.actors.selectors.needs import (
    WHOLE_COUNTRY,
    need_browse,
    need_facet_labels,
    needs_open,
)
from motesplats.actors.selectors.organisations import (
    OrganisationFilters,
    organisation_directory,
    organisation_facet_labels,
    organisations_approved,
)
from motesplats.api.pagination import Order

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
    ref,
    refs,
)

router = Router(tags=["actors"])

ORGANISATION_ORDER = Order("organisations", (("name", False), ("pk", False)))
COALITION_ORDER = Order("coalitions", (("name_sv", False), ("pk", False)))
NEED_ORDER = Order("needs", (("created_at", True), ("pk", True)))


def site_url(request: HttpRequest, name: str, language: str, **kwargs) -> str:
    """A page of the website (not the API) in `language`, absolute."""
    from django.conf import settings  # noqa: PLC0415 -- read per call (tests override)

    with translation.override(language):
        path = reverse(name, kwargs=kwargs, urlconf=settings.ROOT_URLCONF)
    return request.build_absolute_uri(path)


# --- organisations ---------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: uuid.UUID = Field(description="Stable id.")
    name: str = Field(description="Name.")
    slug: str = Field(description="Short name in the website's address.")
    sector: Ref = Field(description="Sector (the `sector` filter).")
    county: Ref | None = Field(description="County (the `county` filter, by code).")
    municipality: str = Field(description="Municipality.")
    themes: list[Ref] = Field(description="Themes it works with (the `theme` filter).")
    description: str = Field(description="Description in the request's language.")
    website: str = Field(description="Website.")
    contact_email: str = Field(description="Public contact address (never a person's).")
    contact_url: str = Field(description="Contact page.")
    url: str = Field(description="The organisation's page on the website.")
    updated_at: datetime = Field(description="When last changed.")


class OrganisationListOut(Schema):
    items: list[OrganisationOut] = Field(description="One page, A–Ö.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many organisations match.")
    facets: list[FacetOut] = Field(description="The directory's filters with counts.")


def organisation_out(request: HttpRequest, org, language: str) -> dict:
    return {
        "id": org.uuid,
        "name": org.name,
        "slug": org.slug,
        "sector": ref(org.sector),
        "county": ref(org.county, "code"),
        "municipality": org.municipality,
        "themes": refs(org.themes.all()),
        "description": str(org.description),
        "website": org.website,
        "contact_email": org.contact_email,
        "contact_url": org.contact_url,
        "url": site_url(request, "actors:organisation_detail", language, slug=org.slug),
        "updated_at": org.updated_at,
    }


@router.get(
    "/organisations",
    response={200: OrganisationListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Approved organisations (public fields only)",
)
def organisations_list(
    request: HttpRequest,
    response: HttpResponse,
    *,
    lang: Lang | None = LANG,
    q: str | None = Query(None, max_length=200, description="Words in the name."),
    sector: Annotated[
        list[str],
        Query(
            default_factory=list, description="Sector slug (repeat for any of several)."
        ),
    ],
    county: Annotated[
        list[str], Query(default_factory=list, description="County code.")
    ],
    theme: Annotated[list[str], Query(default_factory=list, description="Theme slug.")],
    updated_since: Since | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    language = language_of(request, lang)
    labels = organisation_facet_labels()
    filters = OrganisationFilters(
        selected=parse_filters(request.GET, labels), query=parse_query(request.GET)
    )
    items, facets = organisation_directory(filters, labels=labels)
    return list_answer(
        request,
        response,
        items,
        ORGANISATION_ORDER,
        serialize=lambda org: organisation_out(request, org, language),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="organisations",
        columns=list(OrganisationOut.model_fields),
        changed_field="updated_at",
        updated_since=updated_since,
        extra={"facets": facets_out(facets)},
    )


@router.get(
    "/organisations/{id}",
    response={200: OrganisationOut, **DETAIL_ERRORS},
    summary="One approved organisation",
)
def organisation_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    org = (
        organisations_approved()
        .filter(uuid=id)
        .select_related("sector", "county")
        .prefetch_related("themes")
        .first()
    )
    if org is None or org.status != OrganisationStatus.APPROVED:
        raise ApiError(404, _("No approved organisation with this id."))
    return detail_answer(
        response, organisation_out(request, org, language), language, org.updated_at
    )


# --- coalitions ----------------------------------------------------------------------------


class CoalitionOut(Schema):
    id: uuid.UUID = Field(description="Stable id.")
    name: str = Field(description="Name in the request's language.")
    slug: str = Field(description="Short name in the website's address.")
    purpose: str = Field(description="What it works for.")
    theme: Ref = Field(description="Its theme (the `theme` filter).")
    kind: str = Field(description="coalition or alliance (a knowledge alliance).")
    access: str = Field(description="open or application: how one joins.")
    node: Ref | None = Field(description="The node it belongs to.")
    url: str = Field(description="The coalition's page on the website.")
    updated_at: datetime = Field(description="When last changed.")


class CoalitionListOut(Schema):
    items: list[CoalitionOut] = Field(description="One page, by name.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many coalitions match.")
    facets: list[FacetOut] = Field(description="The listing's filters with counts.")


def coalition_out(request: HttpRequest, coalition, language: str) -> dict:
    return {
        "id": coalition.uuid,
        "name": str(coalition.name),
        "slug": coalition.slug,
        "purpose": str(coalition.purpose),
        "theme": ref(coalition.theme),
        "kind": "alliance" if coalition.is_knowledge_alliance else "coalition",
        "access": coalition.access,
        "node": ref(coalition.node),
        "url": site_url(
            request, "actors:coalition_detail", language, slug=coalition.slug
        ),
        "updated_at": coalition.updated_at,
    }


@router.get(
    "/coalitions",
    response={200: CoalitionListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Active coalitions and knowledge alliances",
)
def coalitions_list(
    request: HttpRequest,
    response: HttpResponse,
    *,
    lang: Lang | None = LANG,
    theme: Annotated[
        list[str],
        Query(
            default_factory=list, description="Theme slug (repeat for any of several)."
        ),
    ],
    kind: Annotated[
        list[str], Query(default_factory=list, description="coalition or alliance.")
    ],
    access: Annotated[
        list[str], Query(default_factory=list, description="open or application.")
    ],
    node: Annotated[list[str], Query(default_factory=list, description="Node slug.")],
    updated_since: Since | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    language = language_of(request, lang)
    filters, _unknown = coalition_filters_from(request.GET, coalition_facet_labels())
    page, facets = coalition_browse(filters=filters)
    # The website's list, whole (the selector pages it for the website).
    items = page.paginator.object_list
    return list_answer(
        request,
        response,
        items,
        COALITION_ORDER,
        serialize=lambda coalition: coalition_out(request, coalition, language),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="coalitions",
        columns=list(CoalitionOut.model_fields),
        changed_field="updated_at",
        updated_since=updated_since,
        extra={"facets": facets_out(facets)},
    )


@router.get(
    "/coalitions/{id}",
    response={200: CoalitionOut, **DETAIL_ERRORS},
    summary="One active coalition",
)
def coalition_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    coalition = (
        coalitions_active().filter(uuid=id).select_related("theme", "node").first()
    )
    if coalition is None:
        raise ApiError(404, _("No active coalition with this id."))
    return detail_answer(
        response,
        coalition_out(request, coalition, language),
        language,
        coalition.updated_at,
    )


# --- needs and offers ------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: uuid.UUID = Field(description="The organisation's id (see /organisations).")
    name: str = Field(description="Its name.")


class NeedOfferOut(Schema):
    id: uuid.UUID = Field(description="Stable id.")
    kind: str = Field(description="need or offer.")
    category: str = Field(description="partner, competence, method, premises, …")
    title: str = Field(description="Title.")
    description: str = Field(description="What is needed or offered.")
    themes: list[Ref] = Field(description="Themes.")
    counties: list[Ref] = Field(description="Counties; empty for the whole country.")
    sectors_sought: list[Ref] = Field(description="Sectors it wants to reach.")
    organisation: OrganisationRef | None = Field(
        description="On behalf of this (approved) organisation, if any."
    )
    expires_on: date = Field(description="Open until this day.")
    created_at: datetime = Field(description="When posted.")
    updated_at: datetime = Field(description="When last changed.")
    url: str = Field(description="Its page on the website.")


class NeedOfferListOut(Schema):
    items: list[NeedOfferOut] = Field(description="One page, newest first.")
    next: str | None = Field(description="URL of the next page; null on the last.")
    count: int = Field(description="How many match.")
    facets: list[FacetOut] = Field(description="The listing's filters with counts.")


def need_out(request: HttpRequest, need, language: str) -> dict:
    organisation = need.organisation
    public = organisation is not None and organisation.status == (
        OrganisationStatus.APPROVED
    )
    return {
        "id": need.uuid,
        "kind": need.kind,
        "category": need.category,
        "title": need.title,
        "description": need.description,
        "themes": refs(need.themes.all()),
        "counties": refs(need.counties.all(), "code"),
        "sectors_sought": refs(need.sectors_sought.all()),
        "organisation": {"id": organisation.uuid, "name": organisation.name}
        if public
        else None,
        "expires_on": need.expires_on,
        "created_at": need.created_at,
        "updated_at": need.updated_at,
        "url": site_url(request, "actors:need_detail", language, uuid=need.uuid),
    }


@router.get(
    "/needs-offers",
    response={200: NeedOfferListOut, **LIST_ERRORS},
    openapi_extra={"responses": CSV_RESPONSE},
    summary="Open needs and offers",
)
def needs_list(
    request: HttpRequest,
    response: HttpResponse,
    *,
    lang: Lang | None = LANG,
    kind: Annotated[
        list[str], Query(default_factory=list, description="need or offer.")
    ],
    category: Annotated[
        list[str], Query(default_factory=list, description="Category.")
    ],
    theme: Annotated[list[str], Query(default_factory=list, description="Theme slug.")],
    county: Annotated[
        list[str],
        Query(default_factory=list, description=f"County code, or `{WHOLE_COUNTRY}`."),
    ],
    sector: Annotated[
        list[str], Query(default_factory=list, description="Sector sought (slug).")
    ],
    updated_since: Since | None = UPDATED_SINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
    format: Format = FORMAT,
):
    """Open ones whose date has not passed, as on the website."""
    language = language_of(request, lang)
    filters, _unknown = need_filters_from(request.GET, need_facet_labels())
    page, facets = need_browse(filters=filters)
    return list_answer(
        request,
        response,
        page.paginator.object_list,
        NEED_ORDER,
        serialize=lambda need: need_out(request, need, language),
        language=language,
        cursor=cursor,
        limit=limit,
        format=format,
        filename="needs-offers",
        columns=list(NeedOfferOut.model_fields),
        changed_field="updated_at",
        updated_since=updated_since,
        extra={"facets": facets_out(facets)},
    )


@router.get(
    "/needs-offers/{id}",
    response={200: NeedOfferOut, **DETAIL_ERRORS},
    summary="One open need or offer",
)
def need_detail(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    lang: Lang | None = LANG,
):
    language = language_of(request, lang)
    need = (
        needs_open()
        .filter(uuid=id, status=NeedOfferStatus.OPEN)
        .select_related("organisation")
        .prefetch_related("themes", "counties", "sectors_sought")
        .first()
    )
    if need is None:
        raise ApiError(404, _("No open need or offer with this id."))
    return detail_answer(
        response, need_out(request, need, language), language, need.updated_at
    )
