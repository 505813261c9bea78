"""Writes on accounts: export and erase personal data, purge by retention rules."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motesplats.core.audit import log_action

from . import gdpr
from .models import User


def user_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, one section per registered handler."""
    return {
        "generated_at": timezone.now().isoformat(),
        "sections": {h.name: h.export(user) for h in gdpr.handlers()},
    }


@transaction.atomic
def user_erase(*, user: User, actor: Any = None) -> None:
    """Erase `user`: every handler scrubs its data, then the account row goes.

    Handlers run first so that contributions meant to stay are anonymised rather than
    cascaded away. The audit entry names the erased account by id only.
    """
    user_id = user.pk
    for handler in gdpr.handlers():
        handler.erase(user)
    user.delete()
    log_action(action="accounts.user.erased", actor=actor, data={"user_id": user_id})


def user_purge_expired(*, now=None) -> dict[str, int]:
    """Apply the retention rules; returns how many rows each rule removed."""
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- avoids a cycle at import

    from motesplats.core.models import AuditEntry  # noqa: PLC0415 -- same

    now = now or timezone.now()
    unconfirmed_cutoff = now - timedelta(
        days=settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS
    )
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(
        date_joined__lt=unconfirmed_cutoff, last_login__isnull=True, is_staff=False
    ).exclude(pk__in=verified)
    removed_accounts = 0
    for user in stale.iterator():
        user_erase(user=user)
        removed_accounts += 1
    audit_cutoff = now - timedelta(days=settings.RETENTION_AUDIT_LOG_DAYS)
    removed_audit, _ = AuditEntry.objects.filter(created_at__lt=audit_cutoff).delete()
    counts = {"unconfirmed_accounts": removed_accounts, "audit_entries": removed_audit}
    # Apps with retention rules of their own register a `purge` hook with their handler
    # (accounts may not import them).
    for handler in gdpr.handlers():
        purge = handler.extra.get("purge")
        if purge is not None:
            counts.update(purge(now=now))
    return counts


def consent_set(*, user: User, purpose: str, given: bool, source: str) -> bool:
    """Give or withdraw `user`'s consent to `purpose`; True when that changed anything.

    A record is added only when the state changes, or when consent is given again to a
    newer text. Withdrawing runs the purpose's undo hooks in the same transaction. The user's row is locked so that two clicks at once add one record.
    """
    from django.utils.translation import get_language  # noqa: PLC0415 -- keeps top light

    from .consents import PURPOSES, withdraw_hooks  # noqa: PLC0415 -- models import it
    from .models import ConsentRecord  # noqa: PLC0415 -- same

    if purpose not in PURPOSES:
        raise ValueError(f"Unknown consent purpose: {purpose!r}")
    spec = PURPOSES[purpose]
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        last = (
            ConsentRecord.objects.filter(user=user, purpose=purpose)
            .order_by("-created_at", "-id")
            .first()
        )
        current = last is not None and last.given
        if current == given and (not given or last.version == spec.version):
            return False
        ConsentRecord.objects.create(
            user=user,
            purpose=purpose,
            version=spec.version,
            text=str(spec.text),
            language=(get_language() or settings.LANGUAGE_CODE)[:8],
            given=given,
            source=source,
        )
        if not given:
            for undo in withdraw_hooks(purpose):
                undo(user)
    log_action(
        action=f"accounts.consent.{'given' if given else 'withdrawn'}",
        actor=user,
        data={"purpose": purpose, "version": spec.version},
    )
    return True
