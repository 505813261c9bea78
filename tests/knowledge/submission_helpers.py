"""Shared helpers for the submission tests: a valid form post and test images."""

import io
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, WorkflowState

from PIL import Image

from motesplats.accounts.models import User
from motesplats.knowledge.forms import EvidenceLinkFormSet, OrganisationFormSet
from motesplats.taxonomy.models import Region, SdgGoal, Sector, Theme


def submit_url(language: str = "sv") -> str:
    with translation.override(language):
        return reverse("knowledge:innovation_submit")


def contributions_url(language: str = "sv") -> str:
    with translation.override(language):
        return reverse("knowledge:contributions")


def management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "10",
    }


def valid_post(**overrides: Any) -> dict[str, Any]:
    """A complete, valid submission for a case in Skåne (reviewed by the Malmö node)."""
    data = {
        "title": "Läxcafé med studenter i Lund",
        "summary": "Frivilliga studenter ger läxhjälp i kommunens bibliotek.",
        "need": "Många elever saknar stöd med läxorna hemma.",
        "solution": "Studenter möter elever två kvällar i veckan.\n\nBiblioteket "
        "står för lokalen.",
        "county": str(Region.objects.get(code="12").pk),
        "municipality": "Lund",
        "themes": [str(Theme.objects.order_by("pk").first().pk)],
        "sdg_goals": [str(SdgGoal.objects.get(number=4).pk)],
        "maturity": "pilot",
        "year": "2022",
        "evidence_level": "self_reported",
        "contact_organisation": "Läxhjälpsföreningen i Lund",
        "website": "https://laxhjalp.example.org",
        "confirm": "on",
        **management("org", OrganisationFormSet.extra + OrganisationFormSet.min_num),
        "org-0-name": "Läxhjälpsföreningen i Lund",
        "org-0-sector": str(Sector.objects.get(slug="ideburen").pk),
        **management("evidence", EvidenceLinkFormSet.extra),
        "evidence-0-title": "Utvärdering 2023",
        "evidence-0-url": "https://laxhjalp.example.org/utvardering.pdf",
    }
    data.update(overrides)
    return data


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (120, 80), exif: bool = False
) -> bytes:
    image = Image.new("RGB", size, (0, 89, 79))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Telefonmakaren AB"  # Make
        # GPS IFD: latitude 55° 42' N, longitude 13° 11' E (Lund).
        data[0x8825] = {
            1: "N",
            2: (55.0, 42.0, 0.0),
            3: "E",
            4: (13.0, 11.0, 0.0),
        }
        kwargs["exif"] = data.tobytes()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> set[str]:
    """Every file in the (in-memory) media storage."""
    found: set[str] = set()

    def walk(path: str) -> None:
        try:
            dirs, files = default_storage.listdir(path)
        except FileNotFoundError:
            return
        found.update(f"{path}/{f}" if path else f for f in files)
        for d in dirs:
            walk(f"{path}/{d}" if path else d)

    walk("")
    return found


def snapshot() -> dict[str, Any]:
    """What a failed submission must leave exactly as it was."""
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "revisions": Revision.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "files": stored_files(),
    }


def submit(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(submit_url(), valid_post(**overrides))


def editor(email):
    return User.objects.get(email=email)


def act(page, user, action, django_capture_on_commit_callbacks, **kwargs):
    """Approve or request changes through Wagtail's own workflow API, as the admin does."""
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, user, action, **kwargs)
    page.refresh_from_db()
    return state
