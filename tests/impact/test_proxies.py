"""The financial proxy library: the public listing with search and theme filter, and
the editors' admin, which accepts only licences that allow reuse."""

from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.impact.enums import ProxyLicence
from motesplats.impact.models import FinancialProxy
from motesplats.nodes.services import national_editor_add
from motesplats.taxonomy.models import Theme
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db


def _url(language="sv"):
    with translation.override(language):
        return reverse("impact:proxy_list")


def _count(response) -> int:
    return response.context["page_obj"].paginator.count


def test_listing_shows_every_published_proxy_with_its_facts(client):
    response = client.get(_url())
    assert response.status_code == 200
    published = FinancialProxy.objects.filter(is_published=True)
    assert _count(response) == published.count() >= 10
    body = response.content.decode()
    proxy = published.get(name_sv="Resa med egen bil")
    for text in (proxy.name_sv, proxy.source, proxy.source_url, "2024", "SEK"):
        assert text in body
    assert "Offentlig information" in body or "Public-sector information" in body


def test_english_listing_uses_english_names(client):
    body = client.get(_url("en")).content.decode()
    assert "Travel by own car" in body
    assert "Swedish mile (10 km)" in body


def test_unpublished_proxy_is_not_listed(client):
    proxy = FinancialProxy.objects.get(name_sv="Resa med egen bil")
    proxy.is_published = False
    proxy.save()
    body = client.get(_url()).content.decode()
    assert "Resa med egen bil" not in body


def test_search_finds_name_description_and_source(client):
    assert _count(client.get(_url(), {"q": "aktivitetsstöd"})) == 2
    assert _count(client.get(_url(), {"q": "Trafikverket"})) == 2
    response = client.get(_url(), {"q": "finns inte alls"})
    assert _count(response) == 0
    assert response.status_code == 200


def test_theme_filter_counts_match_the_database(client):
    for theme in Theme.objects.filter(is_active=True):
        response = client.get(_url(), {"theme": theme.slug})
        expected = FinancialProxy.objects.filter(
            is_published=True, themes=theme
        ).count()
        assert _count(response) == expected, theme.slug


def test_search_and_theme_combine(client):
    response = client.get(_url(), {"q": "Skatteverket", "theme": "digital-inkludering"})
    assert [p.name_sv for p in response.context["proxies"]] == ["Resa med egen bil"]


def test_unknown_theme_is_a_clear_400(client, sv):
    response = client.get(_url(), {"theme": "finns-inte"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_query_count_does_not_grow_with_the_list(client):
    client.get(_url())
    with CaptureQueriesContext(connection) as few:
        client.get(_url(), {"q": "Trafikverket"})
    with CaptureQueriesContext(connection) as many:
        client.get(_url())
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 15


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=150), theme=st.text(max_size=50))
def test_any_search_input_gets_an_answer_never_a_500(client, q, theme):
    response = client.get(_url(), {"q": q, "theme": theme})
    assert response.status_code in (200, 400)


# --- the editors' admin -------------------------------------------------------------


@pytest.fixture
def editor(client):
    user = UserFactory()
    national_editor_add(user=user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    login_with_totp(client, user)
    return user


def _form(**changes):
    data = {
        "name_sv": "Ett besök på biblioteket",
        "name_en": "A library visit",
        "description_sv": "",
        "description_en": "",
        "value": "50",
        "currency": "SEK",
        "unit_sv": "besök",
        "unit_en": "visit",
        "price_year": "2024",
        "method": "market_price",
        "geography": "Sverige",
        "source": "Egen beräkning",
        "source_url": "https://www.kb.se/",
        "licence": "own",
        "is_published": "on",
    }
    data.update(changes)
    return data


def test_impact_menu_lists_the_proxy_admin(client, editor):
    response = client.get(reverse("wagtailadmin_home"))
    body = response.content.decode()
    assert "Impact" in body
    assert reverse("financial_proxies:index") in body
    assert client.get(reverse("financial_proxies:index")).status_code == 200


def test_editor_adds_a_proxy_with_a_reusable_licence(client, editor):
    response = client.post(reverse("financial_proxies:add"), _form())
    assert response.status_code == 302
    assert FinancialProxy.objects.filter(name_sv="Ett besök på biblioteket").exists()


def test_admin_form_refuses_a_non_reusable_licence(client, editor):
    response = client.post(
        reverse("financial_proxies:add"), _form(licence="cc_by_nc_nd")
    )
    assert response.status_code == 200  # the form again, with its error
    assert "Select a valid choice" in response.content.decode()
    assert not FinancialProxy.objects.filter(
        name_sv="Ett besök på biblioteket"
    ).exists()


def test_admin_offers_only_reusable_licences(client, editor):
    body = client.get(reverse("financial_proxies:add")).content.decode()
    for value in ProxyLicence.values:
        assert f'value="{value}"' in body
    assert "cc_by_nc" not in body


def test_database_refuses_a_non_reusable_licence():
    proxy = FinancialProxy.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancialProxy.objects.filter(pk=proxy.pk).update(licence="cc_by_nc_nd")
    proxy.refresh_from_db()
    assert proxy.licence in ProxyLicence.values


def test_members_without_editor_rights_have_no_proxy_admin(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("financial_proxies:index"))
    assert response.status_code in (302, 403)
