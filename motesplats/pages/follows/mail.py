"""The digest e-mail: plain text and HTML in the member's language, with a one-click
unsubscribe (RFC 8058) and a Message-ID that is the same on every attempt, so a
receiving server can drop a copy should a retry follow a send that did go through."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from motesplats.core.mail import absolute_url


def _domain() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def digest_message_id(digest) -> str:
    return f"<digest.{digest.user_id}.{int(digest.period_end.timestamp())}@{_domain()}>"


def digest_send_mail(*, digest, user, language: str, items, unsubscribe_token: str):
    with translation.override(language):
        unsubscribe_url = absolute_url(
            reverse("follows:unsubscribe", args=[unsubscribe_token])
        )
        context = {
            "items": items,
            "count": len(items),
            "digest": digest,
            "unsubscribe_url": unsubscribe_url,
            "follows_url": absolute_url(reverse("follows:mine")),
            "language": language,
        }
        subject = " ".join(
            render_to_string("pages/email/digest_subject.txt", context).split()
        )
        text = render_to_string("pages/email/digest.txt", context)
        html = render_to_string("pages/email/digest.html", context)
    headers = {
        "Message-ID": digest_message_id(digest),
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Precedence": "bulk",
    }
    message = EmailMultiAlternatives(subject, text, None, [user.email], headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()
    return message
