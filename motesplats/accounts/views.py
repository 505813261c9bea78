"""The member's own privacy pages: download my data, consents, delete my account.

All of them act on the signed-in member only; there is no id in any URL.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motesplats.core import ratelimit
from motesplats.core.forms import error_summary
from motesplats.core.mail import mail_language

from . import gdpr
from .export_labels import export_label
from .forms import ConsentForm, DeleteAccountForm
from .models import User
from .register import processing_register
from .selectors import consent_history, consent_states
from .services import consent_set, user_erase, user_export


def _export_wait(request: HttpRequest) -> int:
    """0 when another export may be built now (and counts it), else the seconds to wait."""
    wait = ratelimit.wait_for(request, "data_export")
    if not wait:
        ratelimit.count(request, "data_export")
    return wait


@login_required
@require_GET
def my_data_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_data.html",
        {
            "states": consent_states(user=request.user),
            "register": processing_register(),
        },
    )


@login_required
@require_GET
def my_data_download_view(request: HttpRequest) -> HttpResponse:
    if wait := _export_wait(request):
        return ratelimit.too_many_requests(request, wait)
    data = user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = f"motesplats-{_('my-data')}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# -- The export as a readable page -------------------------------------------------


@dataclass
class Node:
    """One value of the export, shaped for the template: text, a list, a table or a
    set of labelled values."""

    kind: str  # "text" | "list" | "table" | "fields" | "empty"
    text: str = ""
    items: list[Any] = field(
        default_factory=list
    )  # list: [Node]; fields: [(label, Node)]
    columns: list[str] = field(default_factory=list)  # table
    rows: list[list["Node"]] = field(default_factory=list)  # table


_label = export_label
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _text(value: Any) -> str:
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "DATETIME_FORMAT")
    return str(value)


def _node(value: Any) -> Node:
    if value is None or value in ("", [], {}):
        return Node(kind="empty")
    if isinstance(value, dict):
        return Node(
            kind="fields", items=[(_label(k), _node(v)) for k, v in value.items()]
        )
    if isinstance(value, list | tuple):
        if all(isinstance(v, dict) for v in value):
            keys: list[str] = []
            for row in value:
                keys += [k for k in row if k not in keys]
            # Flat rows read best as a table; nested ones as a list of field sets.
            if all(
                not isinstance(v, dict | list) for row in value for v in row.values()
            ):
                return Node(
                    kind="table",
                    columns=[_label(k) for k in keys],
                    rows=[[_node(row.get(k)) for k in keys] for row in value],
                )
        return Node(kind="list", items=[_node(v) for v in value])
    return Node(kind="text", text=_text(value))


@login_required
@require_GET
def my_data_page_view(request: HttpRequest) -> HttpResponse:
    if wait := _export_wait(request):
        return ratelimit.too_many_requests(request, wait)
    data = user_export(user=request.user)
    titles = {h.name: str(h.title or _label(h.name)) for h in gdpr.handlers()}
    sections = [
        {"name": name, "title": titles.get(name, _label(name)), "node": _node(value)}
        for name, value in data["sections"].items()
    ]
    response = render(
        request,
        "accounts/my_data_page.html",
        {"sections": sections, "generated_at": timezone.now()},
    )
    response["Cache-Control"] = "no-store"
    return response


# -- Consents ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consents_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "accounts/consents.html",
                {
                    "states": consent_states(user=request.user),
                    "history": consent_history(user=request.user)[:50],
                    "errors": [
                        {"id": "", "text": _("Choose a consent and what to do.")}
                    ],
                },
                status=400,
            )
        purpose, given = (
            form.cleaned_data["purpose"],
            form.cleaned_data["action"] == "give",
        )
        changed = consent_set(
            user=request.user, purpose=purpose, given=given, source="consents page"
        )
        if changed:
            messages.success(
                request,
                _("Your consent is recorded.")
                if given
                else _("Your consent is withdrawn."),
            )
        return redirect("accounts:consents")
    return render(
        request,
        "accounts/consents.html",
        {
            "states": consent_states(user=request.user),
            "history": consent_history(user=request.user)[:50],
        },
    )


# -- Deleting the account ------------------------------------------------------------


def _what_stays(user: User) -> list[dict[str, str]]:
    """The handlers' notes on what stays, for the sections where the member has data."""
    sections = user_export(user=user)["sections"]
    stays = []
    for handler in gdpr.handlers():
        if handler.kept_after_erasure and _has_data(sections.get(handler.name)):
            stays.append(
                {"title": str(handler.title), "text": str(handler.kept_after_erasure)}
            )
    return stays


def _has_data(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_data(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_data(v) for v in value)
    return value not in (None, "", False)


def _is_last_superuser(user: User) -> bool:
    return (
        user.is_superuser
        and not User.objects.filter(is_superuser=True, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


def _mail_goodbye(*, email: str, language: str) -> None:
    with translation.override(mail_language(language)):
        body = render_to_string("accounts/email/account_deleted.txt", {"email": email})
        subject = _("Your account at %(site)s is deleted") % {
            "site": settings.WAGTAIL_SITE_NAME
        }
        send_mail(subject, body, None, [email])


@login_required
@require_http_methods(["GET", "POST"])
def delete_account_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    blocked = _is_last_superuser(user)
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and not blocked:
        # Every attempt counts, failed ones too: each one tries a password.
        if wait := ratelimit.wait_for(request, "account_delete"):
            return ratelimit.too_many_requests(request, wait)
        ratelimit.count(request, "account_delete")
        if form.is_valid():
            email, language = user.email, user.preferred_language
            # The real row, not the request's lazy wrapper: erasers look at its model.
            user_erase(user=User.objects.get(pk=user.pk), actor=None)
            logout(request)
            _mail_goodbye(email=email, language=language)
            return redirect("accounts:deleted")
    context = {
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "stays": _what_stays(user),
        "blocked": blocked,
        "register_url": reverse("accounts:my_data"),
    }
    if blocked:
        status = 409 if request.method == "POST" else 200
    else:
        status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/delete_account.html", context, status=status)


@require_GET
def account_deleted_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account_deleted.html")
