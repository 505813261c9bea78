"""Registry of personal-data exporters and erasers.

Every app that stores personal data registers a `PersonalDataHandler` here, from its own
`gdpr.py`, imported in its AppConfig.ready(). `user_export` and `user_erase` in
services.py run all of them, so no model holding personal data is forgotten; the test
suite checks that every model with a link to the user is covered by a handler or listed
as holding no personal data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Exporter = Callable[[Any], dict[str, Any] | list[Any]]
Eraser = Callable[[Any], None]


Text = str | Promise


class LegalBasis(models.TextChoices):
    """Article 6(1) GDPR: the lawful basis of a processing purpose."""

    CONSENT = "consent", _("Consent (article 6.1 a)")
    CONTRACT = "contract", _("Performing an agreement with the member (article 6.1 b)")
    LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation (article 6.1 c)")
    PUBLIC_TASK = "public_task", _("A task in the public interest (article 6.1 e)")
    LEGITIMATE_INTEREST = (
        "legitimate_interest",
        _("Legitimate interest (article 6.1 f)"),
    )


@dataclass(frozen=True)
class PersonalDataHandler:
    """One purpose of processing: what it stores, why, for how long, and its handlers.

    `retention` is the developers' note; the translated fields make up the processing
    register on the privacy page. `period` may name retention settings in braces, e.g.
    "{RETENTION_MESSAGE_DAYS} days after sending"; they are filled in from settings.
    `kept_after_erasure` says what stays (anonymised) when the member deletes the
    account; empty when nothing does.
    """

    name: str
    models: tuple[type[models.Model], ...]
    export: Exporter
    erase: Eraser
    retention: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    title: Text = ""
    purpose: Text = ""
    data: Text = ""
    legal_basis: str = ""
    period: Text = ""
    kept_after_erasure: Text = ""

    def period_text(self) -> str:
        return str(self.period).format(**retention_settings())

    def legal_basis_label(self) -> str:
        return str(LegalBasis(self.legal_basis).label) if self.legal_basis else ""


def retention_settings() -> dict[str, Any]:
    """Every RETENTION_* setting and the other periods the register's texts name."""
    names = [n for n in dir(settings) if n.startswith("RETENTION_")]
    names += getattr(settings, "GDPR_PERIOD_SETTINGS", [])
    return {name: getattr(settings, name) for name in names if hasattr(settings, name)}


_handlers: dict[str, PersonalDataHandler] = {}

# Models linked to users that hold no personal data of their own (checked by the tests).
NOT_PERSONAL: set[str] = set()


def register(handler: PersonalDataHandler) -> None:
    _handlers[handler.name] = handler


def handlers() -> list[PersonalDataHandler]:
    return sorted(_handlers.values(), key=lambda h: h.name)


def covered_models() -> set[str]:
    return {m._meta.label for h in _handlers.values() for m in h.models}


def mark_not_personal(*labels: str) -> None:
    NOT_PERSONAL.update(labels)


def _export_user(user) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _export_email_addresses(user) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- app registry ready

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def _export_authenticators(user) -> list[dict[str, Any]]:
    from allauth.mfa.models import Authenticator  # noqa: PLC0415 -- app registry ready

    # Secrets are never exported: only which factors exist and when they were used.
    return [
        {
            "type": a.type,
            "created_at": a.created_at.isoformat(),
            "last_used_at": a.last_used_at.isoformat() if a.last_used_at else None,
        }
        for a in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


def _export_audit(user) -> list[dict[str, Any]]:
    from motesplats.core.models import AuditEntry  # noqa: PLC0415 -- app registry ready

    return [
        {
            "time": e.created_at.isoformat(),
            "action": e.action,
            "object": e.object_repr,
            "details": e.data,
        }
        for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
    ]


def _erase_audit(user) -> None:
    import json  # noqa: PLC0415 -- only erasure needs it

    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415
    from django.db.models import Q  # noqa: PLC0415

    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- registry ready

    from motesplats.core.models import AuditEntry  # noqa: PLC0415 -- app registry ready

    # What the member did stays (what, when, on which object), without who; the
    # details and the object's name go too, as they may hold an IP address or a name.
    AuditEntry.objects.filter(actor=user).update(
        actor=None, actor_label="deleted user", object_repr="", data={}
    )
    # Entries by others (or the system) that name the member: their account, their
    # bookings and the like. JSON may store non-ASCII letters escaped.
    names = {user.email, user.display_name, user.get_full_name()}
    names.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    match = Q(
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
    )
    for name in {n.strip() for n in names if n and len(n.strip()) >= 4}:
        match |= Q(object_repr__icontains=name) | Q(data__icontains=name)
        match |= Q(data__icontains=json.dumps(name)[1:-1])
    AuditEntry.objects.filter(match).update(object_repr="", data={})


def _export_consents(user) -> list[dict[str, Any]]:
    from .models import ConsentRecord  # noqa: PLC0415 -- app registry ready

    return [
        {
            "purpose": r.purpose,
            "given": r.given,
            "time": r.created_at.isoformat(),
            "text_version": r.version,
            "text": r.text,
            "language": r.language,
            "where": r.source,
        }
        for r in ConsentRecord.objects.filter(user=user).order_by("created_at", "id")
    ]


def _erase_nothing(user) -> None:
    """Rows are removed with the user by the database cascade."""


def _register_builtin() -> None:
    from allauth.account.models import EmailAddress, EmailConfirmation  # noqa: PLC0415
    from allauth.mfa.models import Authenticator  # noqa: PLC0415

    from motesplats.core.models import AuditEntry  # noqa: PLC0415

    from .models import ConsentRecord, User  # noqa: PLC0415

    register(
        PersonalDataHandler(
            name="account",
            title=_("Your account"),
            purpose=_(
                "To let you sign in, and to show your name with what you do on the "
                "site."
            ),
            data=_(
                "Name, display name, e-mail address, password (stored only in a form "
                "that cannot be read back), preferred language, and when you joined and "
                "last signed in."
            ),
            legal_basis=LegalBasis.CONTRACT,
            period=_(
                "As long as you keep the account. An account whose e-mail address is "
                "never confirmed is deleted after {RETENTION_UNCONFIRMED_ACCOUNT_DAYS} "
                "days."
            ),
            models=(User,),
            export=_export_user,
            erase=_erase_nothing,
            retention="Until the member deletes the account; unconfirmed accounts after "
            "RETENTION_UNCONFIRMED_ACCOUNT_DAYS.",
        )
    )
    register(
        PersonalDataHandler(
            name="email_addresses",
            title=_("E-mail addresses"),
            purpose=_(
                "To check that the addresses are yours, to send you mail and to let you "
                "sign in with them."
            ),
            data=_(
                "Each address you add, whether it is confirmed and which one is the "
                "main address."
            ),
            legal_basis=LegalBasis.CONTRACT,
            period=_(
                "As long as the account exists; an address you remove is deleted at "
                "once."
            ),
            models=(EmailAddress, EmailConfirmation),
            export=_export_email_addresses,
            erase=_erase_nothing,
            retention="Deleted with the account.",
        )
    )
    register(
        PersonalDataHandler(
            name="two_factor",
            title=_("Two-step sign-in"),
            purpose=_("To protect your account with a second step when you sign in."),
            data=_(
                "The kind of second step, its secret key and recovery codes, and when "
                "they were last used."
            ),
            legal_basis=LegalBasis.CONTRACT,
            period=_("Until you turn it off or delete the account."),
            models=(Authenticator,),
            export=_export_authenticators,
            erase=_erase_nothing,
            retention="Deleted with the account.",
        )
    )
    register(
        PersonalDataHandler(
            name="audit_log",
            title=_("Security and change log"),
            purpose=_(
                "To see who changed what, to trace misuse and mistakes, and to keep the "
                "site secure."
            ),
            data=_(
                "What was done, when, by which account and to what, with the details of "
                "the change."
            ),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            period=_("{RETENTION_AUDIT_LOG_DAYS} days, then deleted."),
            kept_after_erasure=_(
                "Entries about what you did stay until they expire, without your name "
                "and without their details."
            ),
            models=(AuditEntry,),
            export=_export_audit,
            erase=_erase_audit,
            retention="Entries kept RETENTION_AUDIT_LOG_DAYS, then deleted; the link to "
            "the actor is cut on erasure.",
        )
    )
    register(
        PersonalDataHandler(
            name="consents",
            models=(ConsentRecord,),
            export=_export_consents,
            erase=_erase_nothing,
            retention="Every record of giving or withdrawing, kept as proof while the "
            "account exists; deleted with the account.",
            title=_("Consents"),
            purpose=_(
                "To know what you have agreed to (newsletter, showing your profile, "
                "photos at meetings) and to prove it, and to stop at once when you "
                "withdraw."
            ),
            data=_(
                "Each time you give or withdraw a consent: what it was for, the exact "
                "text and its version, the language, the time and where you did it."
            ),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            period=_("As long as the account exists; deleted with it."),
        )
    )


_register_builtin()
