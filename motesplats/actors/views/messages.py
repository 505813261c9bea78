"""Messages: write to a person or an organisation, the inbox, sent messages, one
message (opening it marks it read) and replies."""

import uuid as uuidlib

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motesplats.actors.enums import NeedOfferStatus, OrganisationStatus
from motesplats.actors.forms.messages import MessageForm
from motesplats.actors.models import NeedOffer, Organisation
from motesplats.actors.selectors.messages import inbox, message_for, sent, thread_for
from motesplats.actors.selectors.profiles import (
    name_for_viewer,
    profile_public_get,
    public_profile_data,
)
from motesplats.actors.services.messages import (
    RateLimited,
    message_mark_read,
    message_send,
    sender_name,
)
from motesplats.core.forms import error_summary

PER_PAGE = 25


def _uuid(value: str | None):
    try:
        return uuidlib.UUID(value or "")
    except ValueError:
        return None


class _Target:
    """Whom the form writes to, worked out from the query string."""

    def __init__(self) -> None:
        self.recipient = None
        self.organisation = None
        self.regarding = None
        self.reply_to = None
        self.label = ""
        self.problem = ""


def _target(request: HttpRequest) -> _Target | None:
    target = _Target()
    params = request.GET
    if "regarding" in params:
        key = _uuid(params.get("regarding"))
        target.regarding = (
            NeedOffer.objects.select_related("organisation", "author")
            .filter(uuid=key)
            .first()
            if key
            else None
        )
        if target.regarding is None:
            return None
        if target.regarding.status != NeedOfferStatus.OPEN:
            target.problem = _(
                "That need or offer is closed and takes no more answers."
            )
    if "reply" in params:
        original = message_for(request.user, _uuid(params.get("reply")))
        if original is None:
            return None
        target.reply_to = original
        target.regarding = target.regarding or original.regarding
        if original.sender_id == request.user.pk:
            # Following up one's own message: to the same person or organisation.
            target.recipient = original.recipient
            target.organisation = original.recipient_organisation
        else:
            target.recipient = original.sender
        if target.recipient is None and target.organisation is None:
            target.problem = _("The person who wrote has left the platform.")
    elif "to" in params:
        profile = profile_public_get(_uuid(params.get("to")), request.user)
        if profile is None:
            return None
        data = public_profile_data(profile, request.user)
        target.recipient = profile.user
        target.label = data.get("name") or _("a member")
        if not profile.accepts_messages:
            target.problem = _(
                "This person does not take messages through the platform."
            )
    elif "organisation" in params:
        key = _uuid(params.get("organisation"))
        target.organisation = (
            Organisation.objects.filter(
                uuid=key, status=OrganisationStatus.APPROVED
            ).first()
            if key
            else None
        )
        if target.organisation is None:
            return None
    elif target.regarding is not None:
        need = target.regarding
        if (
            need.organisation_id
            and need.organisation.status == OrganisationStatus.APPROVED
        ):
            target.organisation = need.organisation
        else:
            target.recipient = need.author
            target.label = name_for_viewer(need.author, request.user)
            if need.author is None:
                target.problem = _("The person who posted it has left the platform.")
    else:
        return None
    if target.organisation is not None:
        target.label = target.organisation.name
    elif target.recipient is not None and not target.label:
        target.label = name_for_viewer(target.recipient, request.user) or _("a member")
    return target


@login_required
@require_http_methods(["GET", "POST"])
def message_send_view(request: HttpRequest) -> HttpResponse:
    target = _target(request)
    if target is None:
        raise Http404
    status = 200
    if target.reply_to is not None and request.method == "GET":
        subject = target.reply_to.subject
        prefix = _("Re:")
        initial = {
            "subject": subject if subject.startswith(prefix) else f"{prefix} {subject}"
        }
    elif target.regarding is not None:
        initial = {"subject": target.regarding.title}
    else:
        initial = {}
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST":
        status = 400
        if target.problem:
            form.add_error(None, target.problem)
        elif form.is_valid():
            try:
                message = message_send(
                    sender=request.user,
                    recipient=target.recipient,
                    organisation=target.organisation,
                    regarding=target.regarding,
                    reply_to=target.reply_to,
                    **form.cleaned_data,
                )
            except RateLimited as limited:
                response = render(
                    request,
                    "actors/messages/rate_limited.html",
                    {"minutes": max(1, round(limited.retry_after / 60))},
                    status=429,
                )
                response["Retry-After"] = str(limited.retry_after)
                return response
            except ValidationError as error:
                form.add_error(None, error)
            else:
                flash.success(request, _("Your message has been sent."))
                return redirect("actors:message_detail", uuid=message.uuid)
    context = {
        "form": form,
        "target": target,
        "errors": error_summary(form) if request.method == "POST" else [],
    }
    return render(request, "actors/messages/send.html", context, status=status)


def _listing(request: HttpRequest, qs, box: str) -> HttpResponse:
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    for message in page.object_list:
        message.sender_label = sender_name(message.sender)
        message.recipient_label = (
            message.recipient_organisation.name
            if message.recipient_organisation_id
            else name_for_viewer(message.recipient, request.user) or _("a member")
        )
    return render(
        request,
        "actors/messages/list.html",
        {"page_obj": page, "box": box, "filter_query": ""},
    )


@login_required
@require_GET
def message_inbox_view(request: HttpRequest) -> HttpResponse:
    return _listing(request, inbox(request.user), "inbox")


@login_required
@require_GET
def message_sent_view(request: HttpRequest) -> HttpResponse:
    return _listing(request, sent(request.user), "sent")


@login_required
@require_GET
def message_detail_view(request: HttpRequest, uuid) -> HttpResponse:
    message = message_for(request.user, uuid)
    if message is None:
        raise Http404
    message_mark_read(message=message, user=request.user)
    context = {
        "message": message,
        "sender_name": sender_name(message.sender),
        "recipient_name": (
            message.recipient_organisation.name
            if message.recipient_organisation_id
            else name_for_viewer(message.recipient, request.user) or _("a member")
        ),
        "thread": [
            (m, sender_name(m.sender))
            for m in thread_for(request.user, message)
            if m.pk != message.pk
        ],
        "is_sender": message.sender_id == request.user.pk,
        "can_reply": message.sender_id is not None,
    }
    return render(request, "actors/messages/detail.html", context)
