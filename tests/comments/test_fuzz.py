"""Any comment POST, from a guest or a member, gives a page or a redirect: never a 500."""

from django.core.cache import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.comments.models import Comment
from tests.comments.conftest import solved_pow

pytestmark = pytest.mark.django_db

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=300,
)
FIELDS = st.fixed_dictionaries(
    {"comment-form": st.just("1")},
    optional={
        "body": TEXT,
        "name": TEXT,
        "email": st.one_of(TEXT, st.emails()),
        "parent": st.one_of(TEXT, st.integers().map(str)),
        "website": TEXT,
        "altcha": st.one_of(TEXT, st.builds(lambda: solved_pow())),
    },
)
ALLOWED = {200, 303, 429}


def _check(client, page, data):
    cache.clear()  # the rate limit would otherwise end every run with 429s
    before = Comment.objects.count()
    response = client.post(page.url, data)
    assert response.status_code in ALLOWED, response.status_code
    if response.status_code != 303:
        assert Comment.objects.count() == before


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=FIELDS)
def test_guest_comment_posts_never_fail(client, post_page, data):
    _check(client, post_page, data)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=FIELDS)
def test_member_comment_posts_never_fail(member_client, pre_page, data):
    _check(member_client, pre_page, data)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(["reason", "text", "website"]),
        st.one_of(TEXT, st.sampled_from(["spam", "offensive", "other"])),
    )
)
def test_report_posts_never_fail(client, post_page, data):
    from django.urls import reverse  # noqa: PLC0415

    cache.clear()
    comment = Comment.objects.filter(page=post_page, status="published").first()
    response = client.post(reverse("comments:report", args=[comment.pk]), data)
    assert response.status_code in ALLOWED
