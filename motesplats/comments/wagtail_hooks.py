from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .selectors import page_is_commentable, user_can_moderate
from .views import FORM_MARKER, comment_post


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.QueueView.as_view(), name="queue"),
        path("<int:pk>/<slug:action>/", admin_views.decide, name="decide"),
    ]
    return [path("comments/", include((urls, "comments_admin")))]


class QueueMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return user_can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        _("Comments"),
        reverse("comments_admin:queue"),
        name="comments",
        icon_name="comment",
        order=260,
    )


@hooks.register("on_serve_page")
def serve_comment_post(next_serve):
    """Comment forms post to the page itself, so errors show on the page they belong to.

    Wagtail runs this after its own checks (privacy, passwords) in `serve`.
    """

    def serve(page, request, args, kwargs):
        if (
            request.method == "POST"
            and FORM_MARKER in request.POST
            and page_is_commentable(page)
        ):
            response = comment_post(request, page)
            if response is not None:
                return response
        return next_serve(page, request, args, kwargs)

    return serve
