"""The demo site: loaded once, idempotent, with working demo editors."""

import io
import re

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Locale, Page, Site

import pytest
from allauth.account.models import EmailAddress

from motesplats.accounts.models import User
from motesplats.core.models import AuditEntry
from motesplats.events.models import EventIndexPage, EventPage
from motesplats.knowledge.models import CollectionPage, KnowledgePage
from motesplats.nodes.models import Node, NodePage
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP
from motesplats.pages.demo import (
    NATIONAL_EDITOR_EMAIL,
    NODE_EDITOR_EMAIL,
    demo_is_loaded,
    demo_load,
    demo_reset_passwords,
)
from motesplats.pages.models import (
    AccessibilityStatementPage,
    GlossaryPage,
    HomePage,
    NodeIndexPage,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
)
from motesplats.taxonomy.models import Theme

pytestmark = pytest.mark.django_db

EDITOR_EMAILS = [NATIONAL_EDITOR_EMAIL, NODE_EDITOR_EMAIL]


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "nodes": Node.objects.count(),
        "themes": Theme.objects.count(),
        "groups": Group.objects.count(),
        "sites": Site.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def _password_hashes() -> dict[str, str]:
    return dict(
        User.objects.filter(email__in=EDITOR_EMAILS).values_list("email", "password")
    )


def _call(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_is_loaded_for_the_session():
    assert demo_is_loaded() is True
    assert HomePage.objects.count() == 2


def test_demo_load_again_changes_nothing():
    before = _counts()
    hashes = _password_hashes()
    result = demo_load()
    assert result.created is False
    assert result.credentials == []
    assert _counts() == before
    assert _password_hashes() == hashes


def test_demo_site_has_every_page_in_both_languages():
    for model, count in [
        (HomePage, 1),
        (ThemeIndexPage, 1),
        (ThemePage, 5),
        (NodeIndexPage, 1),
        (NodePage, 5),
        (GlossaryPage, 1),
        (AccessibilityStatementPage, 1),
        (StandardPage, 2),
        (EventIndexPage, 1),
    ]:
        for lang in ("sv", "en"):
            pages = model.objects.live().filter(locale__language_code=lang)
            assert pages.count() == count, (model.__name__, lang)


def test_demo_site_translations_share_their_translation_keys():
    sv = Locale.objects.get(language_code="sv")
    en = Locale.objects.get(language_code="en")
    sv_keys = set(
        Page.objects.filter(locale=sv, depth__gt=1).values_list(
            "translation_key", flat=True
        )
    )
    en_keys = set(
        Page.objects.filter(locale=en, depth__gt=1).values_list(
            "translation_key", flat=True
        )
    )
    assert sv_keys == en_keys
    # 17 site pages, the knowledge bank, the events listing, every knowledge item,
    # the collections and every event
    items = KnowledgePage.objects.filter(locale=sv).count()
    collections = CollectionPage.objects.filter(locale=sv).count()
    events = EventPage.objects.filter(locale=sv).count()
    assert collections == 1
    assert events >= 20
    assert len(sv_keys) == 19 + items + collections + events


def test_demo_default_site_points_at_the_swedish_home_page():
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "Mötesplats"
    assert site.root_page.specific_class is HomePage
    assert site.root_page.locale.language_code == "sv"
    assert Site.objects.count() == 1


def test_demo_editors_exist_with_verified_primary_addresses():
    for email in EDITOR_EMAILS:
        user = User.objects.get(email=email)
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.verified, address.primary) == (
            email,
            True,
            True,
        )
        assert user.has_usable_password()


def test_demo_national_editor_is_a_national_editor():
    user = User.objects.get(email=NATIONAL_EDITOR_EMAIL)
    assert list(user.groups.values_list("name", flat=True)) == [NATIONAL_EDITORS_GROUP]
    assert NATIONAL_EDITORS_GROUP == "Nationella redaktörer"
    assert user.has_perm("wagtailadmin.access_admin")


def test_demo_malmo_editor_is_in_the_malmo_nodes_editors_group():
    user = User.objects.get(email=NODE_EDITOR_EMAIL)
    malmo = Node.objects.get(slug="malmo")
    assert malmo.editors_group is not None
    assert list(user.groups.all()) == [malmo.editors_group]
    assert not user.groups.filter(name=NATIONAL_EDITORS_GROUP).exists()


def test_demo_nodes_are_provisioned():
    for node in Node.objects.all():
        assert node.editors_group is not None, node.slug
        assert node.collection is not None, node.slug


def test_load_demo_command_when_loaded_says_so_and_changes_nothing():
    before = _counts()
    hashes = _password_hashes()
    out = _call("--if-empty")
    assert "Demo data already loaded" in out
    assert "Demodata finns redan" in out
    assert NATIONAL_EDITOR_EMAIL in out
    assert _counts() == before
    assert _password_hashes() == hashes


def test_load_demo_command_without_options_when_loaded_prints_no_password():
    hashes = _password_hashes()
    out = _call()
    assert "already" in out
    assert NODE_EDITOR_EMAIL not in out
    assert _password_hashes() == hashes


def test_load_demo_reset_passwords_prints_two_working_credentials():
    hashes = _password_hashes()
    out = _call("--reset-passwords")
    found = dict(re.findall(r"(\S+@motesplats\.example)  /  (\S+)", out))
    assert sorted(found) == sorted(EDITOR_EMAILS)
    new_hashes = _password_hashes()
    for email, password in found.items():
        assert new_hashes[email] != hashes[email]
        assert User.objects.get(email=email).check_password(password)
    assert found[NATIONAL_EDITOR_EMAIL] != found[NODE_EDITOR_EMAIL]


def test_demo_reset_passwords_skips_missing_editors():
    User.objects.filter(email=NODE_EDITOR_EMAIL).delete()
    credentials = demo_reset_passwords()
    assert [(role, email) for role, email, _ in credentials] == [
        ("national", NATIONAL_EDITOR_EMAIL)
    ]


def test_load_demo_reset_passwords_without_editors_says_so():
    User.objects.filter(email__in=EDITOR_EMAILS).delete()
    out = _call("--reset-passwords")
    assert "No demo editors found" in out
