"""Reads on comments: a page's thread, moderation mode, who moderates, the queue."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from wagtail.models import Page

from motesplats.nodes.models import CommentModeration, Node, NodePage
from motesplats.nodes.selectors import node_for_page
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP

from .enums import COMMENTABLE_PAGE_MODELS, CommentStatus
from .models import Comment, CommentReport

QUEUE_STATUSES = (CommentStatus.PENDING, CommentStatus.HIDDEN)


def page_is_commentable(page: Page) -> bool:
    return page.specific_class is not None and (
        page.specific_class._meta.label_lower in COMMENTABLE_PAGE_MODELS
    )


def moderation_mode_for_page(page: Page) -> str:
    """The node's choice; pages outside any node are pre-moderated."""
    node = node_for_page(page)
    return node.comment_moderation if node else CommentModeration.PRE


def comment_thread(*, page: Page) -> list[Comment]:
    """Published top-level comments with their published replies, oldest first.

    Three queries however long the thread is; each comment has `published_replies`.
    """
    replies = Comment.objects.filter(status=CommentStatus.PUBLISHED).select_related(
        "author"
    )
    return list(
        Comment.objects.filter(
            page=page, parent__isnull=True, status=CommentStatus.PUBLISHED
        )
        .select_related("author")
        .prefetch_related(
            Prefetch("replies", queryset=replies, to_attr="published_replies")
        )
    )


def comment_reply_target(*, page: Page, pk: Any) -> Comment | None:
    """The comment a reader may reply to: published, top-level, on this page."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.filter(
            pk=pk, page=page, parent__isnull=True, status=CommentStatus.PUBLISHED
        )
        .select_related("author")
        .first()
    )


def comment_public(*, pk: int) -> Comment | None:
    """A comment readers can see (and so report)."""
    return (
        Comment.objects.filter(pk=pk, status=CommentStatus.PUBLISHED)
        .select_related("author", "page")
        .first()
    )


def comment_moderators_for_page(page: Page) -> list:
    """Who is told about comments on `page`: its node's editors, else national ones."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    node = node_for_page(page)
    if node is not None and node.editors_group_id:
        node_editors = list(users.filter(groups=node.editors_group_id).distinct())
        if node_editors:
            return node_editors
    return list(users.filter(groups__name=NATIONAL_EDITORS_GROUP).distinct())


def _moderation_scope(user) -> Q | None:
    """Which comments `user` may moderate: None for none, Q() for all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    groups = user.groups.all()
    if groups.filter(name=NATIONAL_EDITORS_GROUP).exists():
        return Q()
    nodes = Node.objects.filter(editors_group__in=groups)
    paths = NodePage.objects.filter(node__in=nodes).values_list("path", flat=True)
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(page__path__startswith=path)
    return scope if paths else None


def user_can_moderate(user) -> bool:
    return _moderation_scope(user) is not None


def comment_moderation_queue(*, user) -> QuerySet[Comment]:
    """Comments awaiting a decision that `user` may make, with their open reports."""
    scope = _moderation_scope(user)
    if scope is None:
        return Comment.objects.none()
    open_reports = CommentReport.objects.filter(resolved_at__isnull=True)
    return (
        Comment.objects.filter(scope)
        .annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
        .filter(Q(status__in=QUEUE_STATUSES) | Q(open_reports__gt=0))
        .select_related("page", "author", "parent")
        .prefetch_related(
            Prefetch("reports", queryset=open_reports, to_attr="open_report_list")
        )
        .order_by("created_at", "pk")
    )


def comment_for_moderation(*, user, pk: int) -> Comment | None:
    scope = _moderation_scope(user)
    if scope is None:
        return None
    return Comment.objects.filter(scope).filter(pk=pk).select_related("page").first()
