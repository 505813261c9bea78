"""log_action: the one way services record who changed what."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def actor_label_for(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return f"user #{user.pk}"


def log_action(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record `action` (`<app>.<entity>.<verb>`) by `actor` on `obj`.

    The label stores the actor's id, not their name or e-mail, so that the log holds no
    personal data beyond the link to the account, which erasure cuts.
    """
    entry = AuditEntry(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label_for(actor),
        data=data or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(
            obj, for_concrete_model=False
        )
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:300]
    entry.save()
    return entry
