"""The follow button, the member's follows page, and personal data in follows."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from motesplats.accounts.services import user_erase, user_export, user_purge_expired
from motesplats.actors.models import Coalition
from motesplats.pages.follows.models import (
    Digest,
    DigestSettings,
    DigestStatus,
    Follow,
    FollowKind,
    Frequency,
)
from motesplats.pages.follows.services import follow_add
from motesplats.pages.models import ThemePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("sv"):
        return reverse(name, args=args)


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_theme_page_button_follows_and_unfollows_without_javascript(client, member):
    page = ThemePage.objects.live().filter(locale__language_code="sv").first()
    response = client.get(page.url)
    assert b'name="kind" value="theme"' in response.content
    data = {"kind": "theme", "key": page.theme.slug, "next": page.url}
    response = client.post(url("follows:follow"), {**data, "action": "follow"})
    assert response.status_code == 302
    assert response["Location"] == page.url
    follow = Follow.objects.get(user=member)
    assert follow.label == str(page.theme.name)
    assert b'name="action" value="unfollow"' in client.get(page.url).content
    client.post(url("follows:follow"), {**data, "action": "unfollow"})
    assert not Follow.objects.filter(user=member).exists()


def test_anonymous_visitors_get_a_sign_in_link(client):
    page = ThemePage.objects.live().filter(locale__language_code="sv").first()
    response = client.get(page.url)
    assert b"?next=" in response.content
    response = client.post(
        url("follows:follow"), {"kind": "theme", "key": page.theme.slug}
    )
    assert response.status_code == 302
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("theme", "finns-inte"),
        ("coalition", "inte-en-uuid"),
        ("event", "00000000-0000-0000-0000-000000000000"),
        ("nonsense", "x"),
        ("theme", "\x00"),
        ("search", ""),
    ],
)
def test_bad_follows_are_a_400_and_change_nothing(client, member, kind, key):
    response = client.post(
        url("follows:follow"), {"kind": kind, "key": key, "action": "follow"}
    )
    assert response.status_code == 400
    assert not Follow.objects.filter(user=member).exists()


def test_next_may_not_leave_the_site(client, member):
    response = client.post(
        url("follows:follow"),
        {
            "kind": "node",
            "key": "malmo",
            "action": "follow",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == url("follows:mine")


def test_my_follows_lists_removes_and_sets_the_frequency(client, member):
    coalition = Coalition.objects.filter(is_active=True).first()
    follow = follow_add(
        user=member, kind=FollowKind.COALITION, key=str(coalition.uuid), label="K"
    )
    response = client.get(url("follows:mine"))
    assert response.status_code == 200
    assert b"K</strong>" in response.content
    response = client.post(
        url("follows:mine"), {"frequency": "daily", "language": "en"}
    )
    assert response.status_code == 302
    settings = DigestSettings.objects.get(user=member)
    assert settings.frequency == Frequency.DAILY
    assert settings.language == "en"
    assert client.post(url("follows:mine"), {"frequency": "hourly"}).status_code == 400
    client.post(url("follows:remove", follow.pk))
    assert not Follow.objects.filter(user=member).exists()


def test_someone_elses_follow_cannot_be_removed(client, member):
    other = UserFactory()
    follow = follow_add(user=other, kind=FollowKind.NODE, key="malmo", label="M")
    client.post(url("follows:remove", follow.pk))
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_export_erase_and_retention():
    user = UserFactory()
    follow_add(user=user, kind=FollowKind.SEARCH, key="Gröna tak", label="")
    now = timezone.now()
    old = Digest.objects.create(
        user=user,
        period_start=now - timedelta(days=200),
        period_end=now - timedelta(days=199),
        claimed_at=now - timedelta(days=199),
        status=DigestStatus.SENT,
        sent_at=now - timedelta(days=199),
        item_count=3,
    )
    recent = Digest.objects.create(
        user=user,
        period_start=now - timedelta(days=2),
        period_end=now - timedelta(days=1),
        claimed_at=now - timedelta(days=1),
        status=DigestStatus.SENT,
        sent_at=now - timedelta(days=1),
        item_count=1,
    )
    section = user_export(user=user)["sections"]["follows"]
    assert section["follows"][0]["key"] == "gröna tak"
    assert section["settings"]["frequency"] == Frequency.WEEKLY
    assert len(section["digests"]) == 2

    counts = user_purge_expired(now=now)
    assert counts["sent_digests"] == 1
    assert not Digest.objects.filter(pk=old.pk).exists()
    assert Digest.objects.filter(pk=recent.pk).exists()

    user_erase(user=user)
    assert not Follow.objects.filter(user_id=user.pk).exists()
    assert not DigestSettings.objects.filter(user_id=user.pk).exists()
    assert not Digest.objects.filter(user_id=user.pk).exists()
