"""Writes on follows and digests.

Sending is an outbox: a run claims a member's digest window by creating (or taking
over) its `Digest` row while holding the member's settings row, sends one mail, and
only then marks it sent and moves the watermark, in one transaction. A mail-server
failure leaves the watermark, so the next run retries the same window; a run that
crashes leaves a pending row that the next run takes over after CLAIM_LEASE.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from motesplats.core.audit import log_action
from motesplats.core.mail import mail_language
from motesplats.events.models import Session

from .digest import digest_content
from .mail import digest_send_mail
from .models import Digest, DigestSettings, DigestStatus, Follow, FollowKind, Frequency

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "pages.follows.unsubscribe"
UNSUBSCRIBE_PURPOSE = "digest-unsubscribe"
# One-click links in old mails keep working this long.
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)
# A pending digest claimed longer ago than this was left by a run that died.
CLAIM_LEASE = timedelta(minutes=10)
# The shortest window a run sends for each frequency (cron runs daily at 07:00 and
# weekly on Mondays; the margin keeps a late run from skipping a day).
MIN_WINDOW = {
    Frequency.IMMEDIATELY: timedelta(0),
    Frequency.DAILY: timedelta(hours=20),
    Frequency.WEEKLY: timedelta(days=6, hours=20),
}
MAX_QUERY_LENGTH = 200


class FollowError(ValueError):
    """A follow that cannot be made (unknown kind, empty key)."""


class DigestBusy(Exception):
    """Another run holds this member's digest."""


def normalise_query(query: str) -> str:
    return " ".join((query or "").lower().split())[:MAX_QUERY_LENGTH]


def digest_settings_for(user) -> DigestSettings:
    """The member's settings, made on first use (watermark: now, so a new follower
    is not sent everything ever published)."""
    obj, _created = DigestSettings.objects.get_or_create(
        user=user,
        defaults={
            "covered_until": timezone.now(),
            "language": mail_language(getattr(user, "preferred_language", "")),
        },
    )
    return obj


@transaction.atomic
def follow_add(*, user, kind: str, key: str, label: str) -> Follow:
    if kind not in FollowKind.values:
        raise FollowError(kind)
    key = normalise_query(key) if kind == FollowKind.SEARCH else (key or "").strip()
    label = " ".join((label or key).split())[:200]
    if not key or len(key) > MAX_QUERY_LENGTH:
        raise FollowError(key)
    digest_settings_for(user)
    seen = 0
    if kind == FollowKind.EVENT:
        seen = (
            Session.objects.filter(event__translation_key=key).aggregate(m=Max("pk"))[
                "m"
            ]
            or 0
        )
    follow, created = Follow.objects.get_or_create(
        user=user,
        kind=kind,
        key=key,
        defaults={"label": label, "seen_session_id": seen},
    )
    if created:
        log_action(action="pages.follow.added", actor=user, obj=follow)
    return follow


@transaction.atomic
def follow_remove(*, user, kind: str, key: str) -> bool:
    if kind == FollowKind.SEARCH:
        key = normalise_query(key)
    deleted, _ = Follow.objects.filter(user=user, kind=kind, key=key).delete()
    if deleted:
        log_action(action="pages.follow.removed", actor=user, data={"kind": kind})
    return bool(deleted)


@transaction.atomic
def follow_remove_by_id(*, user, follow_id: int) -> bool:
    deleted, _ = Follow.objects.filter(user=user, pk=follow_id).delete()
    if deleted:
        log_action(action="pages.follow.removed", actor=user)
    return bool(deleted)


@transaction.atomic
def digest_settings_update(*, user, frequency: str, language: str | None = None):
    obj = digest_settings_for(user)
    obj.frequency = frequency
    if language:
        obj.language = mail_language(language)
    obj.save(update_fields=["frequency", "language", "updated_at"])
    log_action(
        action="pages.digest_settings.updated",
        actor=user,
        data={"frequency": frequency},
    )
    return obj


# --- Unsubscribe ---------------------------------------------------------------------


def unsubscribe_token(user) -> str:
    return signing.dumps(
        {"u": user.pk, "p": UNSUBSCRIBE_PURPOSE}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def unsubscribe_user_id(token: str) -> int | None:
    """The member a token was made for, or None when it is bad or too old."""
    try:
        data = signing.loads(
            token,
            salt=UNSUBSCRIBE_SALT,
            max_age=UNSUBSCRIBE_MAX_AGE.total_seconds(),
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("p") != UNSUBSCRIBE_PURPOSE:
        return None
    user_id = data.get("u")
    return user_id if isinstance(user_id, int) else None


@transaction.atomic
def digest_unsubscribe(*, user_id: int) -> bool:
    """Stop the digests (one click, no sign-in); follows stay for the website."""
    updated = DigestSettings.objects.filter(user_id=user_id).update(
        frequency=Frequency.NEVER, updated_at=timezone.now()
    )
    log_action(
        action="pages.digest.unsubscribed", data={"user_id": user_id, "had": updated}
    )
    return bool(updated)


# --- Sending -------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    empty: int = 0
    failed: int = 0
    busy: int = 0


def _due(frequency: str | None, now: datetime):
    """Settings of members whose digest is due, with those with an unfinished one."""
    unfinished = Q(
        user__digests__status__in=[DigestStatus.PENDING, DigestStatus.FAILED]
    )
    frequencies = [frequency] if frequency else list(MIN_WINDOW)
    condition = Q()
    for f in frequencies:
        condition |= Q(frequency=f) & (
            Q(covered_until__lte=now - MIN_WINDOW[f]) | unfinished
        )
    return (
        DigestSettings.objects.filter(condition, user__is_active=True)
        .exclude(frequency=Frequency.NEVER)
        .filter(user__follows__isnull=False)
        .distinct()
        .order_by("pk")
    )


def digest_claim(*, user_id: int, now: datetime) -> Digest:
    """Take this member's next digest: the unfinished one for the current window if
    there is one, else a new one for (covered_until, now]. Raises DigestBusy when
    another run holds it."""
    with transaction.atomic():
        digest_settings = DigestSettings.objects.select_for_update().get(
            user_id=user_id
        )
        open_digest = (
            Digest.objects.select_for_update()
            .filter(
                user_id=user_id,
                period_start=digest_settings.covered_until,
                status__in=[DigestStatus.PENDING, DigestStatus.FAILED],
            )
            .first()
        )
        if open_digest is not None:
            if (
                open_digest.status == DigestStatus.PENDING
                and open_digest.claimed_at > now - CLAIM_LEASE
            ):
                raise DigestBusy(user_id)
            open_digest.status = DigestStatus.PENDING
            open_digest.claimed_at = now
            open_digest.attempts += 1
            open_digest.save(update_fields=["status", "claimed_at", "attempts"])
            return open_digest
        if now <= digest_settings.covered_until:
            raise DigestBusy(user_id)
        try:
            with transaction.atomic():
                return Digest.objects.create(
                    user_id=user_id,
                    period_start=digest_settings.covered_until,
                    period_end=now,
                    claimed_at=now,
                    attempts=1,
                )
        except IntegrityError as exc:  # another run made this window first
            raise DigestBusy(user_id) from exc


def _finish(digest: Digest, *, item_count: int, seen_sessions: dict[int, int]) -> None:
    with transaction.atomic():
        DigestSettings.objects.filter(user_id=digest.user_id).update(
            covered_until=digest.period_end
        )
        for follow_id, session_id in seen_sessions.items():
            Follow.objects.filter(pk=follow_id, seen_session_id__lt=session_id).update(
                seen_session_id=session_id
            )
        if item_count:
            digest.status = DigestStatus.SENT
            digest.sent_at = timezone.now()
            digest.item_count = item_count
            digest.last_error = ""
            digest.save(update_fields=["status", "sent_at", "item_count", "last_error"])
        else:
            # Nothing new: no mail and no record, only the watermark moves.
            digest.delete()


def _fail(digest: Digest, error: Exception) -> None:
    Digest.objects.filter(pk=digest.pk).update(
        status=DigestStatus.FAILED, last_error=f"{type(error).__name__}: {error}"[:300]
    )


def digest_send_for(*, user_id: int, now: datetime | None = None) -> str:
    """Claim, build and send one member's digest; returns what happened."""
    now = now or timezone.now()
    try:
        digest = digest_claim(user_id=user_id, now=now)
    except DigestBusy:
        return "busy"
    digest_settings = DigestSettings.objects.select_related("user").get(user_id=user_id)
    language = mail_language(digest_settings.language)
    content = digest_content(
        user=digest_settings.user,
        language=language,
        start=digest.period_start,
        end=digest.period_end,
    )
    if not content.items:
        _finish(digest, item_count=0, seen_sessions=content.seen_sessions)
        return "empty"
    try:
        digest_send_mail(
            digest=digest,
            user=digest_settings.user,
            language=language,
            items=content.items,
            unsubscribe_token=unsubscribe_token(digest_settings.user),
        )
    except Exception as exc:  # noqa: BLE001 -- any mail failure: retry the same window
        logger.warning("Digest %s not sent: %s", digest.pk, exc)
        _fail(digest, exc)
        return "failed"
    _finish(digest, item_count=len(content.items), seen_sessions=content.seen_sessions)
    return "sent"


def digests_send(*, frequency: str | None = None, now: datetime | None = None):
    """Send every due digest (of one frequency, or all); one member's failure does
    not stop the others."""
    now = now or timezone.now()
    if frequency is not None and frequency not in MIN_WINDOW:
        raise ValueError(frequency)
    report = SendReport()
    user_ids = list(_due(frequency, now).values_list("user_id", flat=True))
    for user_id in user_ids:
        outcome = digest_send_for(user_id=user_id, now=now)
        if outcome == "busy":
            report.busy += 1
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
    if report.sent or report.failed:
        log_action(
            action="pages.digest.run",
            data={"frequency": frequency or "all", **report.__dict__},
        )
    return report
