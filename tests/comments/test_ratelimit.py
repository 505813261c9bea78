"""Rate limits: per account and per IP, answered with 429 and Retry-After."""

from django.urls import reverse

import pytest

from motesplats.comments import ratelimit
from motesplats.comments.models import Comment, CommentReport
from motesplats.comments.services import comment_create
from tests.comments.conftest import guest_data, member_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.COMMENTS_RATE_LIMIT = 2
    settings.COMMENTS_RATE_LIMIT_PERIOD = 600


def test_member_gets_429_with_retry_after_after_the_limit(member_client, post_page):
    for i in range(2):
        response = member_client.post(post_page.url, member_data(body=f"Nr {i}"))
        assert response.status_code == 303
    response = member_client.post(post_page.url, member_data(body="För mycket"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    assert not Comment.objects.filter(body="För mycket").exists()
    assert "<h1>" in response.content.decode()


def test_limit_per_account_holds_across_addresses(member_client, post_page):
    for i, ip in enumerate(("192.0.2.1", "192.0.2.2")):
        member_client.post(post_page.url, member_data(body=f"Nr {i}"), REMOTE_ADDR=ip)
    response = member_client.post(
        post_page.url, member_data(body="Tredje"), REMOTE_ADDR="192.0.2.3"
    )
    assert response.status_code == 429


def test_limit_per_ip_holds_across_accounts(client, post_page):
    for i in range(2):
        client.force_login(UserFactory())
        client.post(
            post_page.url, member_data(body=f"Nr {i}"), REMOTE_ADDR="198.51.100.7"
        )
    client.force_login(UserFactory())
    response = client.post(
        post_page.url,
        member_data(body="Ny person, samma IP"),
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429
    other_ip = client.post(
        post_page.url, member_data(body="Annan IP"), REMOTE_ADDR="198.51.100.8"
    )
    assert other_ip.status_code == 303


def test_guests_are_limited_by_ip(client, post_page):
    for i in range(2):
        assert (
            client.post(post_page.url, guest_data(body=f"Gäst {i}")).status_code == 303
        )
    assert client.post(post_page.url, guest_data(body="Gäst 3")).status_code == 429


def test_failed_attempts_do_not_count(member_client, post_page):
    for _ in range(4):
        assert (
            member_client.post(post_page.url, member_data(body="")).status_code == 200
        )
    assert member_client.post(post_page.url, member_data(body="Nu")).status_code == 303


def test_reports_are_limited_too(client, post_page, member):
    comments = [
        comment_create(page=post_page, body=f"T{i}", author=member) for i in range(3)
    ]
    for comment in comments[:2]:
        url = reverse("comments:report", args=[comment.pk])
        assert client.post(url, {"reason": "spam"}).status_code == 303
    response = client.post(
        reverse("comments:report", args=[comments[2].pk]), {"reason": "spam"}
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert CommentReport.objects.filter(comment=comments[2]).count() == 0


def test_window_ends_and_retry_after_counts_down():
    idents = ["ip:203.0.113.9"]
    start = 6000.0  # the start of a window of 600 seconds
    ratelimit.record(scope="t", idents=idents, now=start)
    ratelimit.record(scope="t", idents=idents, now=start + 1)
    assert ratelimit.retry_after(scope="t", idents=idents, now=start + 100) == 500
    assert ratelimit.retry_after(scope="t", idents=idents, now=start + 600) == 0
