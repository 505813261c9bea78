"""Public views: posting on a page, reporting, confirming a guest's comment, the
proof-of-work challenge. Each parses input with a form and calls one service."""

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Page

from allauth.account.adapter import get_adapter

from motesplats.core.ratelimit import rate_limited

from . import ratelimit
from .enums import CommentStatus
from .forms import CommentForm, ReportForm
from .pow import challenge_create
from .selectors import comment_public
from .services import (
    CommentError,
    comment_confirm_guest,
    comment_create,
    comment_for_token,
    comment_report,
)

FORM_MARKER = "comment-form"


def _idents(request: HttpRequest) -> list[str]:
    idents = [f"ip:{get_adapter().get_client_ip(request)}"]
    if request.user.is_authenticated:
        idents.append(f"user:{request.user.pk}")
    return idents


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


class HttpResponseSeeOther(HttpResponseRedirect):
    """After a POST: GET the page again (303, so the browser never re-sends)."""

    status_code = 303


def _see_other(url: str) -> HttpResponse:
    return HttpResponseSeeOther(url)


SUCCESS = {
    CommentStatus.PUBLISHED: lambda: _("Thank you! Your comment is published."),
    CommentStatus.PENDING: lambda: _(
        "Thank you! Your comment will be published when an editor has read it."
    ),
    CommentStatus.UNCONFIRMED: lambda: _(
        "Almost done: we have sent a link to your e-mail address. Your comment is "
        "shown after you have opened the link and confirmed."
    ),
}


def comment_post(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Handle a comment form posted to `page`.

    Returns a response (a redirect, or a 429), or None with the invalid form left on
    the request, so the page renders itself with the errors in place.
    """
    idents = _idents(request)
    wait = ratelimit.retry_after(scope="comment", idents=idents)
    if wait:
        return too_many_requests(request, wait)
    form = CommentForm(request.POST, page=page, user=request.user, auto_id="comment-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = comment_create(
                page=page,
                body=data["body"],
                author=request.user,
                guest_name=data.get("name", ""),
                guest_email=data.get("email", ""),
                parent=data["parent"],
                language=request.LANGUAGE_CODE,
            )
        except CommentError as error:
            form.add_error(None, error)
        else:
            ratelimit.record(scope="comment", idents=idents)
            messages.success(request, SUCCESS[comment.status]())
            url = page.get_url(request)
            if comment.status == CommentStatus.PUBLISHED:
                return _see_other(f"{url}#comment-{comment.pk}")
            # Nothing new to see in the thread: land where the message shows.
            return _see_other(url)
    request.comment_form = form
    return None


def _reporter_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        value = f"user:{request.user.pk}"
    else:
        value = f"ip:{get_adapter().get_client_ip(request)}"
    return salted_hmac("motesplats.comments.reporter", value).hexdigest()


def _page_readable(page: Page, request: HttpRequest) -> bool:
    """The comment's page is live and this visitor may read it (its view
    restrictions, inherited ones included): otherwise the walkable comment id
    would show what the page no longer shows."""
    if not page.live:
        return False
    return all(r.accept_request(request) for r in page.get_view_restrictions())


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_public(pk=pk)
    if comment is None or not _page_readable(comment.page, request):
        raise Http404
    page_url = comment.page.get_url(request) or "/"
    if request.method == "POST":
        idents = _idents(request)
        wait = ratelimit.retry_after(scope="report", idents=idents)
        if wait:
            return too_many_requests(request, wait)
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                comment_report(
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                    reporter=request.user,
                    reporter_key=_reporter_key(request),
                )
            except CommentError as error:
                form.add_error(None, error)
            else:
                ratelimit.record(scope="report", idents=idents)
                messages.success(
                    request,
                    _("Thank you for your report. An editor will look at the comment."),
                )
                return _see_other(page_url)
    else:
        form = ReportForm()
    return render(
        request,
        "comments/report.html",
        {"form": form, "comment": comment, "page_url": page_url},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("comment_confirm")
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A guest's confirmation link. GET asks; POST confirms (mail scanners only GET)."""
    try:
        comment = comment_for_token(token=token)
    except CommentError as error:
        return render(
            request, "comments/confirm.html", {"error": error.messages[0]}, status=400
        )
    if request.method == "POST":
        comment = comment_confirm_guest(token=token)
        page_url = comment.page.get_url(request) or "/"
        if comment.status == CommentStatus.PUBLISHED:
            messages.success(
                request, _("Thank you! Your comment is confirmed and published.")
            )
            return _see_other(f"{page_url}#comment-{comment.pk}")
        if comment.status == CommentStatus.PENDING:
            messages.success(
                request,
                _(
                    "Thank you! Your comment is confirmed and will be published when "
                    "an editor has read it."
                ),
            )
        else:
            messages.info(request, _("This comment has already been handled."))
        return _see_other(page_url)
    return render(
        request,
        "comments/confirm.html",
        {"comment": comment, "confirmed": comment.status != CommentStatus.UNCONFIRMED},
    )


@never_cache
@require_GET
def challenge(request: HttpRequest) -> JsonResponse:
    """A fresh proof-of-work challenge for a guest's comment."""
    return JsonResponse(challenge_create())
