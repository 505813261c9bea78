"""Reads on members' contributions: the cases a member submitted and where they stand.

The status comes from the page and its latest Wagtail moderation workflow, read with
subqueries, so the list costs the same number of queries however long it is.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, TaskState, WorkflowState

from .models import InnovationPage

STATUS_LABELS = {
    "in_review": _("In review"),
    "changes_requested": _("Changes requested"),
    "published": _("Published"),
    "withdrawn": _("Not accepted"),
    "not_published": _("Not published"),
}


@dataclass(frozen=True)
class Contribution:
    page: InnovationPage
    status: str
    comment: str
    submitted_at: datetime | None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _status(page: Any) -> str:
    if page.live:
        return "published"
    return {
        WorkflowState.STATUS_IN_PROGRESS: "in_review",
        WorkflowState.STATUS_NEEDS_CHANGES: "changes_requested",
        WorkflowState.STATUS_CANCELLED: "withdrawn",
    }.get(page.workflow_status, "not_published")


def _submissions(user: Any) -> QuerySet[InnovationPage]:
    page_type = ContentType.objects.get_for_model(Page)
    states = WorkflowState.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
    )
    tasks = TaskState.objects.filter(
        workflow_state__base_content_type=page_type,
        workflow_state__object_id=Cast(OuterRef("pk"), CharField()),
    )
    return (
        InnovationPage.objects.filter(submitted_by=user)
        .select_related("node", "locale")
        .annotate(
            workflow_status=Subquery(
                states.order_by("-created_at", "-pk").values("status")[:1]
            ),
            submitted_at=Subquery(
                states.order_by("created_at", "pk").values("created_at")[:1]
            ),
            review_comment=Subquery(
                tasks.order_by("-started_at", "-pk").values("comment")[:1]
            ),
        )
        .order_by("-pk")
    )


def submissions_for_user(*, user: Any) -> list[Contribution]:
    """The member's submitted cases, newest first, one per case (in the active
    language when an editor has translated it)."""
    language = get_language() or "sv"
    chosen: dict[Any, Any] = {}
    order: list[Any] = []
    for page in _submissions(user):
        key = page.translation_key
        if key not in chosen:
            order.append(key)
            chosen[key] = page
        elif page.locale.language_code == language:
            chosen[key] = page
    result = []
    for key in order:
        page = chosen[key]
        status = _status(page)
        result.append(
            Contribution(
                page=page,
                status=status,
                comment=(page.review_comment or "")
                if status in ("changes_requested", "withdrawn")
                else "",
                submitted_at=page.submitted_at,
            )
        )
    return result
