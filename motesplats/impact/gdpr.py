"""Personal data in impact models.

- The member who created a model (`ImpactModel.created_by`): exported; on erasure the
  link is cut, and their drafts that belong to no case, organisation or coalition are
  deleted (no one else could ever reach them).
- Stories (`Story`): told by people who are usually not members, kept only with their
  recorded consent. The member who recorded one is exported and unlinked on erasure.
  A story is deleted when consent is withdrawn (its editors delete it) and, at the latest,
  RETENTION_IMPACT_STORY_DAYS after consent was given (the `purge` hook below).
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register


def _export(user) -> dict[str, Any]:
    from motesplats.impact.models import ImpactModel, Story  # noqa: PLC0415 -- app registry ready

    return {
        "impact_models_created": [
            {
                "title": m.title,
                "status": m.status,
                "created_at": m.created_at.isoformat(),
            }
            for m in ImpactModel.objects.filter(created_by=user).order_by("pk")
        ],
        "stories_recorded": [
            {
                "title": s.title,
                "impact_model": s.step.model.title,
                "recorded_at": s.created_at.isoformat(),
            }
            for s in Story.objects.filter(recorded_by=user)
            .select_related("step__model")
            .order_by("pk")
        ],
    }


def _erase(user) -> None:
    from motesplats.impact.enums import ModelStatus  # noqa: PLC0415
    from motesplats.impact.models import ImpactModel, Story  # noqa: PLC0415 -- app registry ready

    ImpactModel.objects.filter(
        created_by=user,
        status=ModelStatus.DRAFT,
        innovation__isnull=True,
        organisation__isnull=True,
        coalition__isnull=True,
    ).delete()
    ImpactModel.objects.filter(created_by=user).update(created_by=None)
    Story.objects.filter(recorded_by=user).update(recorded_by=None)


def _purge(*, now=None) -> dict[str, int]:
    from motesplats.impact.models import Story  # noqa: PLC0415 -- app registry ready

    today = timezone.localdate(now or timezone.now())
    cutoff = today - timedelta(days=settings.RETENTION_IMPACT_STORY_DAYS)
    removed, _ = Story.objects.filter(consent_given_on__lt=cutoff).delete()
    return {"impact_stories": removed}


def _register() -> None:
    from motesplats.impact.models import ImpactModel, Story  # noqa: PLC0415 -- app registry ready

    register(
        PersonalDataHandler(
            name="impact_models",
            title=_("Impact models and stories"),
            purpose=_(
                "To build and publish impact models, and to keep the stories people "
                "tell as evidence, with their consent."
            ),
            data=_(
                "The impact models you created, and the stories you recorded: the "
                "story, a description of the teller, and how and when they agreed."
            ),
            legal_basis=LegalBasis.CONSENT,
            period=_(
                "Stories: until consent is withdrawn, at the latest "
                "{RETENTION_IMPACT_STORY_DAYS} days after it was given. Your link to a "
                "model: as long as the account."
            ),
            kept_after_erasure=_(
                "Models that are published or belong to a case, an organisation or a "
                "coalition stay, without your name. Stories you recorded stay until "
                "their own time is up."
            ),
            models=(ImpactModel, Story),
            export=_export,
            erase=_erase,
            retention="Stories: deleted when consent is withdrawn, at the latest "
            "RETENTION_IMPACT_STORY_DAYS after consent. The creator of a model: "
            "unlinked on erasure; their unattached drafts are deleted.",
            extra={"purge": _purge},
        )
    )


_register()
