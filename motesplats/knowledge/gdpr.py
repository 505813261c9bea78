"""Personal data in the knowledge bank: who submitted which innovation case."""

from typing import Any

from motesplats.accounts.gdpr import PersonalDataHandler, register


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


def _erase_submissions(user) -> None:
    from .services import innovation_submissions_erase  # noqa: PLC0415 -- app registry

    innovation_submissions_erase(user=user)


def _register() -> None:
    from .models import InnovationPage  # noqa: PLC0415 -- app registry ready

    register(
        PersonalDataHandler(
            name="innovation_submissions",
            models=(InnovationPage,),
            export=_export_submissions,
            erase=_erase_submissions,
            retention="The credit stays while the case is published and the account "
            "exists; on erasure drafts never published are deleted and published "
            "cases lose the link to the member.",
        )
    )


_register()
