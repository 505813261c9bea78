"""The moderation queue in the Wagtail admin.

Node editors see comments on their node's pages; national editors and superusers see
all. Every decision is a POST that calls one service, which records it in the audit log.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .selectors import (
    comment_for_moderation,
    comment_moderation_queue,
    user_can_moderate,
)
from .services import CommentError, comment_approve, comment_reject, comment_restore


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "comments/admin/queue.html"
    page_title = gettext_lazy("Comments to moderate")
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comments"] = comment_moderation_queue(user=self.request.user)
        context["threshold"] = settings.COMMENTS_AUTO_HIDE_REPORTS
        return context


ACTIONS = {
    "approve": (comment_approve, gettext_lazy("The comment is published.")),
    "restore": (
        comment_restore,
        gettext_lazy("The comment is shown and its reports are closed."),
    ),
    "reject": (comment_reject, gettext_lazy("The comment is removed from the page.")),
}


@require_POST
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    comment = comment_for_moderation(user=request.user, pk=pk)
    if comment is None:
        # Not theirs, or gone: Wagtail sends the editor back to the dashboard.
        raise PermissionDenied
    service, done = ACTIONS[action]
    try:
        service(comment=comment, actor=request.user)
    except CommentError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, str(done))
    return redirect(reverse("comments_admin:queue"))
