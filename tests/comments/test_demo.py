"""The demo has a discussion, a guest's comment, an English comment and one in the queue."""

import pytest

from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment
from motesplats.nodes.models import CommentModeration, Node

pytestmark = pytest.mark.django_db


def test_demo_comments():
    published = Comment.objects.filter(status=CommentStatus.PUBLISHED)
    assert published.filter(parent__isnull=False).exists()
    assert published.filter(
        author__isnull=True, email_confirmed_at__isnull=False
    ).exists()
    assert published.filter(page__locale__language_code="en").exists()
    pending = Comment.objects.get(status=CommentStatus.PENDING)
    assert pending.page.locale.language_code == "sv"
    assert Node.objects.get(slug="malmo").comment_moderation == CommentModeration.POST
    assert Node.objects.get(slug="lulea").comment_moderation == CommentModeration.PRE
    # Demo members cannot sign in.
    authors = {c.author for c in Comment.objects.exclude(author=None)}
    assert authors
    assert not any(a.has_usable_password() for a in authors)
