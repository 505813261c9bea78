"""{% comments_section page %}: the thread and the form, for any commentable page."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from motesplats.comments.enums import BODY_MAX_LENGTH
from motesplats.comments.forms import CommentForm
from motesplats.comments.selectors import (
    comment_reply_target,
    comment_thread,
    moderation_mode_for_page,
)
from motesplats.comments.text import render_comment

register = template.Library()


@register.filter
def comment_text(value: str) -> SafeString:
    return render_comment(value or "")


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, page):
    request = context["request"]
    # Set by the page's POST handler when the form had errors (views.comment_post).
    form = getattr(request, "comment_form", None)
    if form is not None:
        reply_to = form.reply_target or comment_reply_target(
            page=page, pk=form.data.get("parent")
        )
    else:
        reply_to = comment_reply_target(page=page, pk=request.GET.get("reply_to"))
        form = CommentForm(
            page=page,
            user=request.user,
            auto_id="comment-%s",
            initial={"parent": reply_to.pk if reply_to else ""},
        )
    thread = comment_thread(page=page)
    # Previews and drafts show the thread but take no comments (the form would post
    # to the preview view).
    form_open = page.live and not getattr(request, "is_preview", False)
    page_url = page.get_url(request) or ""
    return {
        "page": page,
        "page_url": page_url,
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "form": form,
        "form_open": form_open,
        "reply_to": reply_to,
        "comments": thread,
        "count": len(thread) + sum(len(c.published_replies) for c in thread),
        "moderation": moderation_mode_for_page(page),
        "body_max_length": BODY_MAX_LENGTH,
        "login_url": reverse("account_login")
        + "?"
        + urlencode({"next": f"{page_url}#comment-form"}),
    }
