"""The Wagtail admin serves no inline script, so the strict CSP holds there too."""

import re

import pytest

from motesplats.nodes.models import NodePage
from motesplats.nodes.services import national_editor_add
from motesplats.pages.models import AccessibilityStatementPage, ThemePage
from motesplats.taxonomy.models import Theme
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
DATA_TYPES = ("application/json", "text/template", "application/ld+json")


def _inline_scripts(html: str) -> list[str]:
    return [
        body.strip()[:120]
        for attrs, body in INLINE_SCRIPT.findall(html)
        if not any(kind in attrs for kind in DATA_TYPES) and body.strip()
    ]


@pytest.fixture
def editor_client(client):
    user = UserFactory()
    national_editor_add(user=user)
    login_with_totp(client, user)
    return client


def _admin_urls() -> list[str]:
    statement = AccessibilityStatementPage.objects.first()
    theme_page = ThemePage.objects.first()
    node_page = NodePage.objects.first()
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{statement.pk}/edit/",
        f"/admin/pages/{theme_page.pk}/edit/",
        f"/admin/pages/{node_page.pk}/edit/",
        f"/admin/pages/add/pages/standardpage/{node_page.pk}/",
        f"/admin/snippets/taxonomy/theme/edit/{Theme.objects.first().pk}/",
        "/admin/snippets/nodes/node/add/",
        "/admin/images/",
        "/admin/documents/",
    ]


def test_admin_pages_have_no_inline_scripts(editor_client):
    for url in _admin_urls():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert _inline_scripts(response.content.decode()) == [], url


def test_admin_widgets_are_started_from_markers(editor_client):
    statement = AccessibilityStatementPage.objects.first()
    html = editor_client.get(f"/admin/pages/{statement.pk}/edit/").content.decode()
    assert 'data-motesplats-init="initDateChooser" data-target="id_assessed_on"' in html
    assert 'data-motesplats-init="InlinePanel"' in html
    assert "js/admin-init.js" in html
    node_form = editor_client.get("/admin/snippets/nodes/node/add/").content.decode()
    assert 'data-motesplats-init="SnippetChooser" data-target="id_county"' in node_form


def test_admin_loads_no_gravatar(editor_client):
    assert "gravatar" not in editor_client.get("/admin/").content.decode()
