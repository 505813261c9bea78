"""Personal data in follows and digests: what a member follows, their digest settings
and the record of the digests sent to them.

Erasure deletes all three. Retention: follows and settings last while the member keeps
them; the record of a sent digest is deleted after RETENTION_DIGEST_DAYS (it only
serves to prove a window was sent, so no digest goes twice).
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register


def _export(user) -> dict[str, Any]:
    from .models import Digest, DigestSettings, Follow  # noqa: PLC0415 -- registry ready

    digest_settings = DigestSettings.objects.filter(user=user).first()
    return {
        "follows": [
            {
                "kind": f.kind,
                "key": f.key,
                "label": f.label,
                "since": f.created_at.isoformat(),
            }
            for f in Follow.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "settings": (
            {
                "frequency": digest_settings.frequency,
                "language": digest_settings.language,
                "covered_until": digest_settings.covered_until.isoformat(),
            }
            if digest_settings
            else None
        ),
        "digests": [
            {
                "period_start": d.period_start.isoformat(),
                "period_end": d.period_end.isoformat(),
                "status": d.status,
                "items": d.item_count,
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
            }
            for d in Digest.objects.filter(user=user).order_by("period_end")
        ],
    }


def _erase(user) -> None:
    from .models import Digest, DigestSettings, Follow  # noqa: PLC0415 -- registry ready

    Follow.objects.filter(user=user).delete()
    DigestSettings.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()


def purge_digests(*, now) -> dict[str, int]:
    from .models import Digest, DigestStatus  # noqa: PLC0415 -- registry ready

    cutoff = now - timedelta(days=settings.RETENTION_DIGEST_DAYS)
    removed, _ = Digest.objects.filter(
        status=DigestStatus.SENT, sent_at__lt=cutoff
    ).delete()
    return {"sent_digests": removed}


def register_handler() -> None:
    from .models import Digest, DigestSettings, Follow  # noqa: PLC0415 -- registry ready

    register(
        PersonalDataHandler(
            name="follows",
            title=_("Follows and e-mail digests"),
            purpose=_(
                "To send you news about what you follow, as often as you choose."
            ),
            data=_(
                "What you follow (themes, nodes, coalitions, events, saved searches), "
                "how often and in which language you want the digest, and which digests "
                "were sent."
            ),
            legal_basis=LegalBasis.CONSENT,
            period=_(
                "Follows and settings: until you remove them. Records of sent digests: "
                "{RETENTION_DIGEST_DAYS} days."
            ),
            models=(Follow, DigestSettings, Digest),
            export=_export,
            erase=_erase,
            retention="Follows and digest settings last until the member removes them "
            "or the account; records of sent digests are deleted after "
            "RETENTION_DIGEST_DAYS.",
            extra={"purge": purge_digests},
        )
    )
