"""Follows and digests: what goes into a digest, how often, and sending that neither
loses nor duplicates a digest when the mail server fails or a run dies."""

from datetime import timedelta

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest

from motesplats.actors.models import Coalition, CoalitionUpdate
from motesplats.core.demo import publish
from motesplats.events.models import Session
from motesplats.knowledge.enums import ArticleType
from motesplats.knowledge.models import ArticlePage
from motesplats.pages.follows.digest import digest_content
from motesplats.pages.follows.models import (
    Digest,
    DigestSettings,
    DigestStatus,
    Follow,
    FollowKind,
    Frequency,
)
from motesplats.pages.follows.services import (
    digest_send_for,
    digests_send,
    follow_add,
)
from motesplats.taxonomy.models import Theme
from tests.events.factories import make_event, node_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THEME = "digital-inkludering"
OTHER_THEME = "jamlik-halsa"
_n = iter(range(1, 1_000_000))


def article(title: str, *, themes=(), node: str = "malmo", **fields) -> ArticlePage:
    page = ArticlePage(
        title=title,
        slug=f"foljd-artikel-{next(_n)}",
        summary="En kort sammanfattning.",
        article_type=ArticleType.NEWS,
        body=[],
        **fields,
    )
    node_page(node).add_child(instance=page)
    page.themes.set(Theme.objects.filter(slug__in=themes))
    return publish(page)


def member(frequency: str = Frequency.IMMEDIATELY, *, ago=timedelta(0), **kw):
    user = UserFactory(**kw)
    DigestSettings.objects.create(
        user=user,
        frequency=frequency,
        language="sv",
        covered_until=timezone.now() - ago,
    )
    return user


def follow(user, kind: str, key: str, label: str = "") -> Follow:
    return follow_add(user=user, kind=kind, key=str(key), label=label or str(key))


def to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


class ProcessDied(BaseException):
    """Not an Exception: nothing in the service catches it, like a killed process."""


class DiesAfter:
    """Delivers `limit` messages to the outbox, then the process dies."""

    limit = 1
    delivered = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if DiesAfter.delivered >= DiesAfter.limit:
            raise ProcessDied
        DiesAfter.delivered += len(messages)
        mail.outbox.extend(messages)
        return len(messages)


# --- What goes in -------------------------------------------------------------------


def test_one_digest_combines_several_follows_and_lists_an_item_once():
    user = member()
    follow(user, FollowKind.THEME, THEME, "Digital inkludering")
    follow(user, FollowKind.NODE, "malmo", "Malmö")
    both = article("Bibliotek som digital mötesplats", themes=[THEME])
    node_only = article("Nytt från Malmö", themes=[OTHER_THEME])
    article("Från Umeå om hälsa", themes=[OTHER_THEME], node="umea")

    report = digests_send(frequency=Frequency.IMMEDIATELY)

    assert report.sent == 1
    [message] = to(user)
    assert message.body.count(both.title) == 1
    assert node_only.title in message.body
    assert "Från Umeå om hälsa" not in message.body
    # Which follows matched: both, for the page that matched both.
    line = message.body.split(both.title, 1)[1].split("*", 1)[0]
    assert "Digital inkludering" in line
    assert "Malmö" in line
    assert Digest.objects.get(user=user).item_count == 2


def test_only_published_public_content_in_the_members_language():
    start = timezone.now()
    user = member()
    follow(user, FollowKind.NODE, "malmo")
    draft = ArticlePage(
        title="Ett utkast", slug="utkast-foljd", summary="x", article_type="news"
    )
    node_page("malmo").add_child(instance=draft)
    draft.save_revision()
    content = digest_content(
        user=user,
        language="en",
        start=start,
        end=timezone.now(),
    )
    article("Svensk nyhet")
    content_sv = digest_content(
        user=user,
        language="sv",
        start=start,
        end=timezone.now(),
    )
    titles = [i.title for i in content_sv.items]
    assert "Svensk nyhet" in titles
    assert "Ett utkast" not in titles
    assert content.items == []


def test_saved_search_reports_new_matching_pages():
    user = member()
    follow(user, FollowKind.SEARCH, "  Gröna  TAK ", "gröna tak")
    assert Follow.objects.get(user=user).key == "gröna tak"
    article("Gröna tak i förorten")
    article("Något helt annat om cyklar")
    digests_send(frequency=Frequency.IMMEDIATELY)
    [message] = to(user)
    assert "Gröna tak i förorten" in message.body
    assert "cyklar" not in message.body


def test_coalition_updates_and_event_changes():
    event = make_event(title="Träff om trygghet")
    Session.objects.create(
        event=event,
        title_sv="Gammal punkt",
        kind="talk",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
    )
    user = member()
    coalition = Coalition.objects.filter(is_active=True).first()
    follow(user, FollowKind.COALITION, coalition.uuid, coalition.name_sv)
    follow(user, FollowKind.EVENT, event.translation_key, event.title)
    CoalitionUpdate.objects.create(
        coalition=coalition, title="Vi ses i maj", body="Nästa möte är i maj."
    )
    Session.objects.create(
        event=event,
        title_sv="Ny workshop",
        kind="workshop",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
    )
    event.city = "Lund"
    publish(event)

    digests_send(frequency=Frequency.IMMEDIATELY)

    [message] = to(user)
    assert "Vi ses i maj" in message.body
    assert "Ny workshop" in message.body
    assert "Gammal punkt" not in message.body
    with translation.override("sv"):
        assert gettext("Changed: %(what)s") % {"what": gettext("place")} in message.body
    # The next digest does not repeat the session.
    mail.outbox.clear()
    digests_send(frequency=Frequency.IMMEDIATELY, now=timezone.now() + timedelta(1))
    assert to(user) == []


def test_nothing_new_sends_nothing_but_moves_the_watermark():
    user = member()
    follow(user, FollowKind.THEME, THEME)
    before = DigestSettings.objects.get(user=user).covered_until
    report = digests_send(frequency=Frequency.IMMEDIATELY)
    assert report.empty == 1
    assert to(user) == []
    assert DigestSettings.objects.get(user=user).covered_until > before
    assert not Digest.objects.filter(user=user).exists()


# --- Frequency ----------------------------------------------------------------------


def test_each_run_sends_only_its_frequency():
    immediate = member(Frequency.IMMEDIATELY)
    daily = member(Frequency.DAILY, ago=timedelta(days=2))
    weekly = member(Frequency.WEEKLY, ago=timedelta(days=8))
    never = member(Frequency.NEVER, ago=timedelta(days=8))
    for user in (immediate, daily, weekly, never):
        follow(user, FollowKind.THEME, THEME)
    article("Nyhet för alla", themes=[THEME])

    digests_send(frequency=Frequency.IMMEDIATELY)
    assert len(to(immediate)) == 1
    assert not to(daily)
    assert not to(weekly)

    digests_send(frequency=Frequency.DAILY)
    assert len(to(daily)) == 1
    assert not to(weekly)

    digests_send(frequency=Frequency.WEEKLY)
    assert len(to(weekly)) == 1
    assert not to(never)
    assert len(to(immediate)) == 1
    assert len(to(daily)) == 1


def test_a_daily_member_gets_one_digest_a_day():
    user = member(Frequency.DAILY, ago=timedelta(days=1))
    follow(user, FollowKind.THEME, THEME)
    article("Första", themes=[THEME])
    digests_send(frequency=Frequency.DAILY)
    article("Andra", themes=[THEME])
    digests_send(frequency=Frequency.DAILY)
    assert len(to(user)) == 1


# --- Headers and unsubscribe ---------------------------------------------------------


def test_rfc_8058_headers_plain_text_and_html(client):
    user = member()
    follow(user, FollowKind.THEME, THEME)
    article("Rubrik", themes=[THEME])
    digests_send(frequency=Frequency.IMMEDIATELY)
    [message] = to(user)
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith(("<https://", "<http"))
    assert link.endswith("/>")
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "Rubrik" in html
    assert message.extra_headers["Message-ID"].startswith("<digest.")
    # One click: a POST without session or CSRF token.
    url = link[1:-1].split("://", 1)[1].split("/", 1)[1]
    client_csrf = client.__class__(enforce_csrf_checks=True)
    response = client_csrf.post("/" + url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert DigestSettings.objects.get(user=user).frequency == Frequency.NEVER


def _unsubscribe_path(user) -> str:
    from motesplats.pages.follows.services import unsubscribe_token  # noqa: PLC0415

    with translation.override("sv"):
        return reverse("follows:unsubscribe", args=[unsubscribe_token(user)])


def test_get_shows_a_button_and_changes_nothing(client):
    user = member()
    response = client.get(_unsubscribe_path(user))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert DigestSettings.objects.get(user=user).frequency == Frequency.IMMEDIATELY


@pytest.mark.parametrize(
    "token", ["nonsense", "eyJ1IjoxfQ:1abc:def", "a" * 300, "%00", ".."]
)
def test_a_bad_token_is_a_400_with_a_message(client, token):
    with translation.override("sv"):
        path = reverse("follows:unsubscribe", args=["x"]).replace("/x/", f"/{token}/")
    response = client.post(path)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        with translation.override("sv"):
            assert gettext("The link does not work").encode() in response.content


def test_an_expired_token_is_refused(client):
    user = member()
    path = _unsubscribe_path(user)
    with override_settings():
        from freezegun import freeze_time  # noqa: PLC0415

        with freeze_time(timezone.now() + timedelta(days=400)):
            response = client.post(path)
    assert response.status_code == 400
    assert DigestSettings.objects.get(user=user).frequency == Frequency.IMMEDIATELY


# --- Failure, retry, crash -----------------------------------------------------------


def test_a_mail_server_failure_is_retried_with_the_same_items_once():
    user = member()
    follow(user, FollowKind.THEME, THEME)
    article("Viktig nyhet", themes=[THEME])
    watermark = DigestSettings.objects.get(user=user).covered_until
    with override_settings(EMAIL_BACKEND="tests.pages.test_follows.FailingBackend"):
        report = digests_send(frequency=Frequency.IMMEDIATELY)
    assert report.failed == 1
    digest = Digest.objects.get(user=user)
    assert digest.status == DigestStatus.FAILED
    assert digest.attempts == 1
    assert DigestSettings.objects.get(user=user).covered_until == watermark

    later = timezone.now() + timedelta(minutes=15)
    digests_send(frequency=Frequency.IMMEDIATELY, now=later)
    [message] = to(user)
    assert message.body.count("Viktig nyhet") == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert digest.attempts == 2
    assert DigestSettings.objects.get(user=user).covered_until == digest.period_end
    digests_send(frequency=Frequency.IMMEDIATELY, now=later + timedelta(minutes=15))
    assert len(to(user)) == 1


def test_a_run_that_dies_mid_send_is_finished_without_duplicates():
    users = [member() for _ in range(3)]
    for user in users:
        follow(user, FollowKind.THEME, THEME)
    article("Nyhet inför krasch", themes=[THEME])
    DiesAfter.delivered = 0
    DiesAfter.limit = 1
    with (
        override_settings(EMAIL_BACKEND="tests.pages.test_follows.DiesAfter"),
        pytest.raises(ProcessDied),
    ):
        digests_send(frequency=Frequency.IMMEDIATELY)
    assert len(mail.outbox) == 1

    crashed = Digest.objects.get(status=DigestStatus.PENDING, user__in=users).user
    # At once, another run sends to those not reached yet but leaves the dead run's
    # claim alone (it might still be running) ...
    digests_send(frequency=Frequency.IMMEDIATELY, now=timezone.now())
    assert len(mail.outbox) == 2
    assert not to(crashed)
    # ... and after the lease it takes the claim over: everyone once.
    digests_send(frequency=Frequency.IMMEDIATELY, now=timezone.now() + timedelta(1))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert Digest.objects.filter(user__in=users, status=DigestStatus.SENT).count() == 3


def test_a_claimed_window_is_not_sent_twice():
    user = member()
    follow(user, FollowKind.THEME, THEME)
    article("En gång", themes=[THEME])
    now = timezone.now()
    assert digest_send_for(user_id=user.pk, now=now) == "sent"
    assert digest_send_for(user_id=user.pk, now=now) == "busy"
    assert len(to(user)) == 1
