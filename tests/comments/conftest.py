"""Fixtures for comments: a post-moderated page (Malmö), a pre-moderated one (Luleå)."""

from wagtail.models import Page

import pytest

from motesplats.comments.pow import challenge_create, solve
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _quick_pow(settings):
    # The same puzzle as in production, only smaller, so solving in Python is quick.
    settings.COMMENTS_POW_MAX_NUMBER = 3000


@pytest.fixture
def post_page():
    """Yalla Trappan, below Malmö's node page; the demo sets Malmö to post-moderation."""
    return Page.objects.get(slug="yalla-trappan", locale__language_code="sv").specific


@pytest.fixture
def pre_page():
    """An article below Luleå's node page, which keeps the default pre-moderation."""
    return Page.objects.get(
        slug="regional-samverkan-i-norr", locale__language_code="sv"
    ).specific


@pytest.fixture
def member():
    return UserFactory(display_name="Kim Kommentar")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def solved_pow() -> str:
    return solve(challenge_create())


def guest_data(**overrides) -> dict:
    data = {
        "comment-form": "1",
        "name": "Gustav Gäst",
        "email": "gustav.gast@example.org",
        "body": "En fråga från en gäst.",
        "altcha": solved_pow(),
    }
    data.update(overrides)
    return data


def member_data(**overrides) -> dict:
    data = {"comment-form": "1", "body": "Ett medlemsinlägg."}
    data.update(overrides)
    return data
