"""A node editor edits only their own node's pages; a national editor edits everything."""

from wagtail.models import Page

import pytest

from motesplats.nodes.models import Node, NodePage
from motesplats.nodes.services import (
    national_editor_add,
    node_editor_add,
    node_provision,
)
from motesplats.pages.models import HomePage, StandardPage, ThemePage
from motesplats.taxonomy.models import Theme
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def malmo():
    return Node.objects.get(slug="malmo")


@pytest.fixture
def malmo_editor(malmo):
    user = UserFactory()
    node_editor_add(node=malmo, user=user)
    return user


@pytest.fixture
def national_editor():
    user = UserFactory()
    national_editor_add(user=user)
    return user


def _node_pages(slug: str) -> list[NodePage]:
    return list(NodePage.objects.filter(node__slug=slug).select_related("locale"))


def test_node_editor_can_edit_and_publish_own_node_page_in_both_languages(malmo_editor):
    pages = _node_pages("malmo")
    assert {p.locale.language_code for p in pages} == {"sv", "en"}
    for page in pages:
        perms = page.permissions_for_user(malmo_editor)
        assert perms.can_edit()
        assert perms.can_publish()
        assert perms.can_add_subpage()


def test_node_editor_cannot_touch_another_nodes_page(malmo_editor):
    for page in _node_pages("jonkoping"):
        perms = page.permissions_for_user(malmo_editor)
        assert not perms.can_edit()
        assert not perms.can_publish()
        assert not perms.can_add_subpage()


def test_node_editor_cannot_edit_national_pages(malmo_editor):
    for page in [*HomePage.objects.all(), *ThemePage.objects.all()]:
        assert not page.permissions_for_user(malmo_editor).can_edit()


def test_node_editor_cannot_change_shared_vocabulary(malmo_editor):
    assert not malmo_editor.has_perm("taxonomy.change_theme")
    assert not malmo_editor.has_perm("nodes.change_node")


def test_national_editor_can_edit_every_page(national_editor):
    for page in Page.objects.filter(depth__gt=1):
        perms = page.specific.permissions_for_user(national_editor)
        assert perms.can_edit(), page
        assert perms.can_publish(), page


def test_national_editor_can_change_vocabulary_and_nodes(national_editor):
    assert national_editor.has_perm("taxonomy.change_theme")
    assert national_editor.has_perm("taxonomy.add_glossaryterm")
    assert national_editor.has_perm("nodes.add_node")


def test_node_editor_admin_edit_view_allows_own_and_refuses_other(client, malmo_editor):
    login_with_totp(client, malmo_editor)
    own = NodePage.objects.get(node__slug="malmo", locale__language_code="sv")
    other = NodePage.objects.get(node__slug="umea", locale__language_code="sv")
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other.pk}/edit/")
    assert response.status_code in (302, 403)
    assert (
        "Du har inte behörighet" in response.content.decode()
        or response.status_code == 302
    )


def test_node_editor_can_create_page_under_own_node_through_admin(client, malmo_editor):
    login_with_totp(client, malmo_editor)
    parent = NodePage.objects.get(node__slug="malmo", locale__language_code="sv")
    url = f"/admin/pages/add/pages/standardpage/{parent.pk}/"
    response = client.post(
        url,
        {
            "title": "Nätverksträff i Malmö",
            "slug": "natverkstraff",
            "intro": "Välkommen till vår nätverksträff.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = StandardPage.objects.get(slug="natverkstraff", locale__language_code="sv")
    assert created.live
    assert created.get_parent().pk == parent.pk
    # The synchronised tree gives the English node page an alias to translate later.
    alias = StandardPage.objects.get(slug="natverkstraff", locale__language_code="en")
    assert alias.alias_of_id == created.pk


def test_node_editor_cannot_create_page_under_other_node_through_admin(
    client, malmo_editor
):
    login_with_totp(client, malmo_editor)
    parent = NodePage.objects.get(node__slug="orebro", locale__language_code="sv")
    response = client.post(
        f"/admin/pages/add/pages/standardpage/{parent.pk}/",
        {"title": "Intrång", "slug": "intrang", "body-count": "0"},
    )
    assert response.status_code in (302, 403)
    assert not StandardPage.objects.filter(slug="intrang").exists()


def test_provision_is_idempotent_and_covers_new_translations(malmo):
    before = malmo.editors_group.page_permissions.count()
    node_provision(node=malmo)
    assert malmo.editors_group.page_permissions.count() == before
    # 3 permissions on each of the two language versions of the node page
    assert before == 6


def test_new_node_created_in_admin_gets_group_and_collection(client, national_editor):
    login_with_totp(client, national_editor)
    response = client.post(
        "/admin/snippets/nodes/node/add/",
        {
            "name_sv": "Mötesplats Väst – Borås",
            "name_en": "Mötesplats West – Borås",
            "slug": "boras",
            "university_sv": "Högskolan i Borås",
            "university_en": "University of Borås",
            "city": "Borås",
            "county": Node.objects.get(slug="malmo")
            .county.__class__.objects.get(code="14")
            .pk,
            "email": "vast@motesplats.example",
            "phone": "",
            "website": "",
            "description_sv": "Noden i Västra Götaland.",
            "description_en": "The node in Västra Götaland.",
            "is_active": "on",
            "sort_order": "6",
            "comment_moderation": "pre",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    node = Node.objects.get(slug="boras")
    assert node.editors_group is not None
    assert node.collection is not None
    assert node.editors_group.permissions.filter(codename="access_admin").exists()


def test_theme_vocabulary_unchanged_by_node_editor_post(client, malmo_editor):
    login_with_totp(client, malmo_editor)
    theme = Theme.objects.first()
    response = client.post(
        f"/admin/snippets/taxonomy/theme/edit/{theme.pk}/", {"name_sv": "Kapat"}
    )
    assert response.status_code in (302, 403)
    theme.refresh_from_db()
    assert theme.name_sv != "Kapat"
