"""Personal data in the knowledge bank: who submitted which innovation case."""

from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motesplats.accounts.gdpr import LegalBasis, PersonalDataHandler, register


def _export_submissions(user) -> list[dict[str, Any]]:
    from .contributions import submissions_for_user  # noqa: PLC0415

    return [
        {
            "title": item.page.title,
            "status": item.status,
            "submitted_at": item.submitted_at.isoformat()
            if item.submitted_at
            else None,
            "published_at": item.page.first_published_at.isoformat()
            if item.page.first_published_at
            else None,
            "url": item.page.full_url if item.page.live else None,
        }
        for item in submissions_for_user(user=user)
    ]


def _neutral_file_name(image) -> None:
    """Store a kept case's image under a name of its own, not the one it was uploaded
    with: file names often carry the photographer's or the member's name."""
    old = image.file.name
    storage = image.file.storage
    extension = PurePath(old).suffix.lower() or ".jpg"
    with image.file.open("rb") as handle:
        content = ContentFile(handle.read())
    image.file.save(f"innovation-{image.pk}{extension}", content, save=False)
    image.save(update_fields=["file"])
    # Renditions are named after the original; they are made again when needed.
    image.renditions.all().delete()
    transaction.on_commit(lambda: storage.delete(old))


def _erase_submissions(user) -> None:
    from wagtail.models import PageLogEntry  # noqa: PLC0415 -- app registry ready

    from .models import InnovationPage  # noqa: PLC0415
    from .services import innovation_submissions_erase  # noqa: PLC0415

    pages = list(
        InnovationPage.objects.filter(submitted_by=user).select_related("image")
    )
    drafts = [p.pk for p in pages if p.first_published_at is None and not p.live]
    for page in pages:
        image = page.image
        if page.pk not in drafts and image and image.uploaded_by_user_id == user.pk:
            _neutral_file_name(image)
    innovation_submissions_erase(user=user)
    # The history of a deleted draft repeats its title and who worked on it.
    PageLogEntry.objects.filter(page_id__in=drafts).delete()


def _register() -> None:
    from .models import InnovationPage  # noqa: PLC0415 -- app registry ready

    register(
        PersonalDataHandler(
            name="innovation_submissions",
            title=_("Innovation cases you submit"),
            purpose=_(
                "To review the innovation cases members submit, publish them in the "
                "knowledge bank and credit who submitted them."
            ),
            data=_(
                "The case you submit with its image, that you submitted it, and its "
                "review."
            ),
            legal_basis=LegalBasis.PUBLIC_TASK,
            period=_(
                "The credit: while the case is published and your account exists. Cases "
                "never published are deleted with the account."
            ),
            kept_after_erasure=_(
                "Published cases stay in the knowledge bank, without your name; their "
                "image gets a new file name."
            ),
            models=(InnovationPage,),
            export=_export_submissions,
            erase=_erase_submissions,
            retention="The credit stays while the case is published and the account "
            "exists; on erasure drafts never published are deleted and published "
            "cases lose the link to the member.",
        )
    )


_register()
