"""Writes for organisations: proposals, editors' decisions, memberships, edits, merges.

Every service is atomic and logged; mail goes after commit, in the person's language.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Collection

from motesplats.actors.enums import (
    MembershipStatus,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.actors.models import (
    Organisation,
    OrganisationMembership,
)
from motesplats.actors.permissions import (
    is_editor,
    is_member,
    is_organisation_admin,
)
from motesplats.actors.selectors.organisations import (
    LIVE,
    organisation_with_number,
    similar_organisations,
)
from motesplats.core.audit import log_action
from motesplats.core.mail import absolute_url, mail_language
from motesplats.core.uploads import clean_image_upload

logger = logging.getLogger(__name__)

# Fields an organisation's admins may change on its page.
EDITABLE_FIELDS = (
    "name",
    "sector",
    "county",
    "municipality",
    "website",
    "description_sv",
    "description_en",
    "contact_email",
    "contact_url",
)


class DuplicateOrganisation(ValidationError):
    """The organisation number belongs to a live organisation already."""

    def __init__(self, existing: Organisation) -> None:
        self.existing = existing
        super().__init__(
            _("%(name)s is already on the platform with that organisation number."),
            code="duplicate_number",
            params={"name": existing.name},
        )


class SimilarNames(ValidationError):
    """Organisations with very similar names exist; the proposer must confirm."""

    def __init__(self, similar: list[Organisation]) -> None:
        self.similar = similar
        super().__init__(
            _(
                "There are organisations with very similar names. Check that yours "
                "is not one of them, then confirm that you want to propose it."
            ),
            code="similar_name",
        )


# --- mail ------------------------------------------------------------------------------


def send_member_mail(
    *,
    template: str,
    to: Iterable[Any],
    context: dict[str, Any],
    reply_to: list[str] | None = None,
) -> None:
    """Mail each person in `to` (users) in their own language, links made absolute.

    `context` may hold `path_name` + `path_kwargs` for the link; it is reversed in the
    recipient's language. Failures are logged, never raised: the write has happened.
    """
    for user in to:
        if not user or not user.email:
            continue
        language = mail_language(getattr(user, "preferred_language", ""))
        with translation.override(language):
            ctx = {**context, "recipient": user}
            if "path_name" in context:
                ctx["link"] = absolute_url(
                    reverse(context["path_name"], kwargs=context.get("path_kwargs", {}))
                )
            subject = render_to_string(f"actors/email/{template}_subject.txt", ctx)
            body = render_to_string(f"actors/email/{template}.txt", ctx)
        message = EmailMessage(
            " ".join(subject.split()), body, None, [user.email], reply_to=reply_to
        )
        try:
            message.send()
        except Exception:  # a mail server's hiccup must not undo a committed write
            logger.exception("actors mail %s to user %s failed", template, user.pk)


def _admins(organisation: Organisation) -> list[Any]:
    return [
        m.user
        for m in organisation.memberships.filter(
            role=OrganisationRole.ADMIN, status=MembershipStatus.ACTIVE
        ).select_related("user")
    ]


# --- proposals -------------------------------------------------------------------------


# Path words under organisations/ in either language: no organisation may shadow them.
RESERVED_SLUGS = {"propose", "foresla"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_propose(
    *, user: Any, data: dict[str, Any], confirm_similar: bool = False
) -> Organisation:
    """A member proposes an organisation; it waits for an editor.

    `data` holds the cleaned form fields (org_number already normalised). Raises
    DuplicateOrganisation when the number is taken by a live organisation, SimilarNames
    when names are very close and `confirm_similar` is false.
    """
    if not is_member(user):
        raise PermissionDenied
    number = data.get("org_number") or ""
    if number:
        existing = organisation_with_number(number)
        if existing is not None:
            raise DuplicateOrganisation(existing)
    similar = similar_organisations(data["name"])
    if similar and not confirm_similar:
        raise SimilarNames(similar)
    themes = data.pop("themes", [])
    organisation = Organisation(
        name=data["name"].strip(),
        slug=_unique_slug(data["name"]),
        org_number=number,
        sector=data["sector"],
        county=data.get("county"),
        municipality=data.get("municipality", ""),
        website=data.get("website", ""),
        description_sv=data.get("description_sv", ""),
        description_en=data.get("description_en", ""),
        contact_email=data.get("contact_email", ""),
        contact_url=data.get("contact_url", ""),
        node=data.get("node"),
        status=OrganisationStatus.PROPOSED,
        proposed_by=user,
    )
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Someone proposed the same number a moment ago.
        existing = organisation_with_number(number)
        if existing is None:
            raise
        raise DuplicateOrganisation(existing) from None
    organisation.themes.set(themes)
    log_action(
        action="actors.organisation.proposed",
        actor=user,
        obj=organisation,
        data={"similar": [o.pk for o in similar]},
    )
    return organisation


def require_editor(actor: Any) -> None:
    if not is_editor(actor):
        raise PermissionDenied


@transaction.atomic
def organisation_approve(*, organisation: Organisation, actor: Any) -> Organisation:
    """An editor approves a proposal; the proposer becomes its first administrator."""
    require_editor(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != OrganisationStatus.PROPOSED:
        raise ValidationError(_("Only a proposed organisation can be approved."))
    organisation.status = OrganisationStatus.APPROVED
    organisation.save(update_fields=["status", "updated_at"])
    proposer = organisation.proposed_by
    if proposer is not None and proposer.is_active:
        OrganisationMembership.objects.update_or_create(
            organisation=organisation,
            user=proposer,
            defaults={
                "role": OrganisationRole.ADMIN,
                "status": MembershipStatus.ACTIVE,
                "decided_at": timezone.now(),
                "decided_by": actor,
            },
        )
    log_action(action="actors.organisation.approved", actor=actor, obj=organisation)
    if proposer is not None:
        transaction.on_commit(
            lambda: send_member_mail(
                template="organisation_approved",
                to=[proposer],
                context={
                    "organisation": organisation,
                    "path_name": "actors:organisation_detail",
                    "path_kwargs": {"slug": organisation.slug},
                },
            )
        )
    return organisation


@transaction.atomic
def organisation_reject(
    *, organisation: Organisation, actor: Any, reason: str = ""
) -> Organisation:
    require_editor(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != OrganisationStatus.PROPOSED:
        raise ValidationError(_("Only a proposed organisation can be rejected."))
    organisation.status = OrganisationStatus.REJECTED
    organisation.save(update_fields=["status", "updated_at"])
    log_action(
        action="actors.organisation.rejected",
        actor=actor,
        obj=organisation,
        data={"reason": reason[:500]},
    )
    proposer = organisation.proposed_by
    if proposer is not None:
        transaction.on_commit(
            lambda: send_member_mail(
                template="organisation_rejected",
                to=[proposer],
                context={"organisation": organisation, "reason": reason},
            )
        )
    return organisation


# --- the organisation's page -----------------------------------------------------------


def _store_logo(*, upload: Any, organisation: Organisation, alt: str) -> Any:
    clean = clean_image_upload(upload)
    image_model = get_image_model()
    node = organisation.node
    collection = (
        node.collection if node is not None and node.collection_id else None
    ) or Collection.get_first_root_node()
    image = image_model(
        title=f"Logo: {organisation.name}"[:255],
        description=(alt or organisation.name).strip()[:255],
        collection=collection,
    )
    image.file.save(clean.file.name, clean.file, save=False)
    image.save()
    return image


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    actor: Any,
    data: dict[str, Any],
    logo_upload: Any = None,
    logo_alt: str = "",
    remove_logo: bool = False,
) -> Organisation:
    """The organisation's admins (or an editor) change its public page."""
    if not (is_organisation_admin(actor, organisation) or is_editor(actor)):
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status not in LIVE:
        raise ValidationError(_("This organisation can no longer be changed."))
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data and getattr(organisation, name) != data[name]:
            setattr(organisation, name, data[name])
            changed.append(name)
    if logo_upload is not None:
        organisation.logo = _store_logo(
            upload=logo_upload, organisation=organisation, alt=logo_alt
        )
        changed.append("logo")
    elif remove_logo and organisation.logo_id:
        organisation.logo = None
        changed.append("logo")
    organisation.save()
    if "themes" in data:
        organisation.themes.set(data["themes"])
        changed.append("themes")
    log_action(
        action="actors.organisation.updated",
        actor=actor,
        obj=organisation,
        data={"fields": changed},
    )
    return organisation


# --- memberships -----------------------------------------------------------------------


@transaction.atomic
def membership_request(
    *, organisation: Organisation, user: Any, message: str = ""
) -> OrganisationMembership:
    """A member asks to join; the organisation's admins are told by e-mail."""
    if not is_member(user):
        raise PermissionDenied
    if organisation.status != OrganisationStatus.APPROVED:
        raise ValidationError(_("You can only join an approved organisation."))
    existing = OrganisationMembership.objects.filter(
        organisation=organisation, user=user
    ).first()
    if existing is not None:
        if existing.status == MembershipStatus.ACTIVE:
            raise ValidationError(_("You are already a member of this organisation."))
        raise ValidationError(
            _("You have already asked to join. The administrators will answer.")
        )
    try:
        with transaction.atomic():
            membership = OrganisationMembership.objects.create(
                organisation=organisation,
                user=user,
                message=message.strip()[:2000],
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already asked to join. The administrators will answer.")
        ) from None
    log_action(action="actors.membership.requested", actor=user, obj=membership)
    admins = _admins(organisation)
    transaction.on_commit(
        lambda: send_member_mail(
            template="membership_requested",
            to=admins,
            context={
                "organisation": organisation,
                "path_name": "actors:organisation_members",
                "path_kwargs": {"slug": organisation.slug},
            },
        )
    )
    return membership


def can_manage_members(user: Any, organisation: Organisation) -> bool:
    return is_organisation_admin(user, organisation) or is_editor(user)


@transaction.atomic
def membership_decide(
    *, membership: OrganisationMembership, actor: Any, approve: bool
) -> OrganisationMembership | None:
    """Admins approve or decline a request; the person is told by e-mail.

    A declined request is deleted (the person may ask again later)."""
    organisation = membership.organisation
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    membership = (
        OrganisationMembership.objects.select_for_update()
        .select_related("user", "organisation")
        .filter(pk=membership.pk)
        .first()
    )
    if membership is None or membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    person = membership.user
    if approve:
        membership.status = MembershipStatus.ACTIVE
        membership.decided_at = timezone.now()
        membership.decided_by = actor
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        log_action(action="actors.membership.approved", actor=actor, obj=membership)
        result: OrganisationMembership | None = membership
    else:
        log_action(action="actors.membership.declined", actor=actor, obj=membership)
        membership.delete()
        result = None
    transaction.on_commit(
        lambda: send_member_mail(
            template="membership_approved" if approve else "membership_declined",
            to=[person],
            context={
                "organisation": organisation,
                "path_name": "actors:organisation_detail",
                "path_kwargs": {"slug": organisation.slug},
            },
        )
    )
    return result


@transaction.atomic
def membership_set_role(
    *, membership: OrganisationMembership, actor: Any, role: str
) -> OrganisationMembership:
    organisation = membership.organisation
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    if role not in OrganisationRole.values:
        raise ValidationError(_("Choose a role from the list."))
    _lock_organisation(organisation)
    membership = OrganisationMembership.objects.select_for_update().get(
        pk=membership.pk
    )
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Approve the request first."))
    if role == OrganisationRole.MEMBER and _is_last_admin(membership):
        raise ValidationError(_("The organisation needs at least one administrator."))
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        action="actors.membership.role_set",
        actor=actor,
        obj=membership,
        data={"role": role},
    )
    return membership


def _lock_organisation(organisation: Organisation) -> None:
    """Changes to who administers an organisation wait for each other, so two admins
    demoting each other at once cannot leave it without one."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _is_last_admin(membership: OrganisationMembership) -> bool:
    if membership.role != OrganisationRole.ADMIN:
        return False
    return (
        not OrganisationMembership.objects.filter(
            organisation_id=membership.organisation_id,
            role=OrganisationRole.ADMIN,
            status=MembershipStatus.ACTIVE,
        )
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_remove(*, membership: OrganisationMembership, actor: Any) -> None:
    """The person leaves, or the admins remove them (not the last admin)."""
    organisation = membership.organisation
    own = is_member(actor) and actor.pk == membership.user_id
    if not (own or can_manage_members(actor, organisation)):
        raise PermissionDenied
    _lock_organisation(organisation)
    membership = (
        OrganisationMembership.objects.select_for_update()
        .filter(pk=membership.pk)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This membership has already ended."))
    if membership.status == MembershipStatus.ACTIVE and _is_last_admin(membership):
        raise ValidationError(
            _(
                "You are the organisation's only administrator. Make someone else "
                "an administrator first."
            )
        )
    log_action(action="actors.membership.removed", actor=actor, obj=membership)
    membership.delete()
