"""Writes on the knowledge bank."""

import contextvars
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model

from motesplats.core import search
from motesplats.core.audit import log_action
from motesplats.core.uploads import CleanImage
from motesplats.nodes.models import Node, NodePage
from motesplats.nodes.selectors import node_for_page
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP

from .models import (
    InnovationEvidenceLink,
    InnovationOrganisation,
    InnovationPage,
    KnowledgePage,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def knowledge_node_sync(*, page: KnowledgePage, actor: Any = None) -> KnowledgePage:
    """Set `page.node` (and its descendants') to the node page it now sits under.

    Called after a move: Wagtail moves pages without saving them, so the copy of the
    node used by the listing's node facet would otherwise keep the old node.
    """
    node = node_for_page(page)
    moved = KnowledgePage.objects.filter(path__startswith=page.path).exclude(node=node)
    moved_ids = list(moved.values_list("pk", flat=True))
    changed = moved.update(node=node)
    # The search index copied the node too (for its node facet), and the move
    # re-indexed the pages before this ran.
    for moved_page in KnowledgePage.objects.filter(pk__in=moved_ids).live().specific():
        search.index_object(moved_page)
    if changed:
        log_action(
            action="knowledge.item.node_synced",
            actor=actor,
            obj=page,
            data={"node": node.slug if node else None, "items": changed},
        )
    return page


# --- Members' submissions ------------------------------------------------------------

# Set while innovation_submit starts a workflow: the service sends its own notice to the
# editors after commit, so Wagtail's generic one is skipped (see apps.py).
member_submission_in_progress: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "member_submission_in_progress", default=False
)


@contextmanager
def _member_submission() -> Iterator[None]:
    token = member_submission_in_progress.set(True)
    try:
        yield
    finally:
        member_submission_in_progress.reset(token)


def _paragraphs(text: str) -> str:
    """Plain text as escaped HTML paragraphs: a blank line starts a new one."""
    return linebreaks(text.strip(), autoescape=True)


def _review_parent(node: Node) -> NodePage:
    parent = (
        NodePage.objects.filter(node=node, locale__language_code="sv")
        .order_by("path")
        .first()
    )
    if parent is None:
        raise ValidationError(_("This node cannot review cases right now."))
    return parent


def _store_image(
    *, clean: CleanImage, alt: str, title: str, node: Node, user: Any, stored: list
) -> Any:
    image_model = get_image_model()
    image = image_model(
        title=title[:255],
        description=alt.strip()[:255],
        collection=node.collection or image_model.get_default_collection(),
        uploaded_by_user=user,
    )
    image.file.save(clean.file.name, clean.file, save=False)
    # Remembered at once so a failure anywhere after this removes the file again.
    stored.append((image.file.storage, image.file.name))
    image.save()
    return image


def _delete_files(stored: Iterable[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove an uploaded file after a failed save")


@transaction.atomic
def innovation_submit(
    *,
    user: Any,
    node: Node,
    data: dict[str, Any],
    organisations: list[dict[str, Any]],
    evidence_links: list[dict[str, Any]] = (),  # type: ignore[assignment]
    image_file: CleanImage | None = None,
    image_alt: str = "",
) -> InnovationPage:
    """Save a member's innovation case as a draft and send it to the node's review.

    The draft goes below the node's Swedish page, a revision is saved and the node's
    moderation workflow is started; the node's and the national editors get an e-mail
    after commit. If anything fails nothing is kept, the uploaded file included.
    """
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Log in to submit an innovation case."))
    if not organisations:
        raise ValidationError(
            _("Name at least one organisation behind the innovation.")
        )
    stored: list[tuple[Storage, str]] = []
    try:
        parent = _review_parent(node)
        title = data["title"].strip()
        image = None
        if image_file is not None:
            if not image_alt.strip():
                raise ValidationError(_("Describe the image: what does it show?"))
            image = _store_image(
                clean=image_file,
                alt=image_alt,
                title=title,
                node=node,
                user=user,
                stored=stored,
            )
        page = InnovationPage(
            title=title,
            slug=find_available_slug(
                parent, slugify(title, allow_unicode=False)[:70] or "innovation"
            ),
            summary=data["summary"].strip(),
            need=data["need"].strip(),
            solution=_paragraphs(data["solution"]),
            county=data.get("county"),
            municipality=data.get("municipality", "").strip(),
            maturity=data["maturity"],
            evidence_level=data["evidence_level"],
            year=data.get("year"),
            contact_organisation=data["contact_organisation"].strip(),
            website=data.get("website", ""),
            image=image,
            image_caption=data.get("image_caption", "").strip(),
            submitted_by=user,
            owner=user,
            live=False,
        )
        page.themes = list(data.get("themes") or [])
        page.sdg_goals = list(data.get("sdg_goals") or [])
        page.area_types = list(data.get("area_types") or [])
        page.organisations = [
            InnovationOrganisation(name=o["name"].strip(), sector=o["sector"])
            for o in organisations
        ]
        page.evidence_links = [
            InnovationEvidenceLink(title=link["title"].strip(), url=link["url"])
            for link in evidence_links
        ]
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is None:
            raise ValidationError(_("This node cannot review cases right now."))
        with _member_submission():
            workflow.start(page, user)
        log_action(
            action="knowledge.innovation.submitted",
            actor=user,
            obj=page,
            data={"node": node.slug, "workflow": workflow.pk, "image": bool(image)},
        )
    except BaseException:
        # The rows roll back with the transaction; the file in storage does not.
        _delete_files(stored)
        raise
    page_id = page.pk
    transaction.on_commit(lambda: innovation_notify_editors(page_id=page_id))
    return page


def _editor_recipients(node: Node) -> list[Any]:
    groups = [NATIONAL_EDITORS_GROUP]
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    editors = users.filter(groups__name__in=groups)
    if node.editors_group_id:
        editors = editors | users.filter(groups=node.editors_group_id)
    return list(editors.distinct().order_by("pk"))


def innovation_notify_editors(*, page_id: int) -> int:
    """E-mail the node's and the national editors about a submitted case.

    Runs after commit; a mail failure is logged and never undoes the submission.
    Returns the number of e-mails sent.
    """
    page = (
        InnovationPage.objects.select_related("node", "submitted_by")
        .filter(pk=page_id)
        .first()
    )
    if page is None or page.node is None:
        return 0
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    sent = 0
    for recipient in _editor_recipients(page.node):
        language = getattr(recipient, "preferred_language", "") or "sv"
        with translation.override(language):
            context = {"page": page, "admin_url": admin_url, "recipient": recipient}
            subject = render_to_string(
                "knowledge/email/submitted_subject.txt", context
            ).strip()
            body = render_to_string("knowledge/email/submitted.txt", context)
        try:
            send_mail(subject, body, None, [recipient.email])
        except (OSError, ConnectionError):
            logger.exception("Could not e-mail an editor about submission %s", page.pk)
            continue
        sent += 1
    return sent


def innovation_notify_submitter(
    *, page_id: int, approved: bool, comment: str = ""
) -> bool:
    """Tell the member who submitted a case that it was published or needs changes."""
    page = (
        InnovationPage.objects.select_related("submitted_by").filter(pk=page_id).first()
    )
    user = page.submitted_by if page else None
    if user is None or not user.is_active or not user.email:
        return False
    language = user.preferred_language or "sv"
    with translation.override(language):
        contributions = reverse("knowledge:contributions")
        context = {
            "page": page,
            "approved": approved,
            "comment": comment,
            "contributions_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + contributions,
            "page_url": page.full_url if approved else "",
        }
        subject = render_to_string(
            "knowledge/email/reviewed_subject.txt", context
        ).strip()
        body = render_to_string("knowledge/email/reviewed.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, ConnectionError):
        logger.exception("Could not e-mail the submitter of %s", page.pk)
        return False
    return True


@transaction.atomic
def innovation_submissions_erase(*, user: Any) -> dict[str, int]:
    """A member's erasure: drafts never published go, published cases lose the credit.

    Revisions keep field values, so the link to the member is cut in them too.
    """
    pages = list(InnovationPage.objects.filter(submitted_by=user))
    deleted = 0
    unlinked = 0
    for page in pages:
        if page.first_published_at is None and not page.live:
            # The draft's own image goes too; translations and aliases go with it.
            image = page.image
            for translated in page.get_translations():
                translated.delete()
            page.delete()
            if image is not None and image.uploaded_by_user_id == user.pk:
                image.delete()
            deleted += 1
        else:
            unlinked += 1
    InnovationPage.objects.filter(submitted_by=user).update(submitted_by=None)
    _scrub_revisions(user_id=user.pk, page_ids=[p.pk for p in pages])
    log_action(
        action="knowledge.innovation.submitter_erased",
        data={"deleted": deleted, "unlinked": unlinked},
    )
    return {"deleted": deleted, "unlinked": unlinked}


def _scrub_revisions(*, user_id: int, page_ids: list[int]) -> None:
    from wagtail.models import Revision  # noqa: PLC0415 -- only erasure needs it

    revisions = Revision.objects.page_revisions().filter(
        object_id__in=[str(i) for i in page_ids]
    )
    for revision in revisions:
        if revision.content.get("submitted_by") == user_id:
            revision.content["submitted_by"] = None
            revision.save(update_fields=["content"])
