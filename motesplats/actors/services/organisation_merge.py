"""Merging a duplicate organisation into the one that stays."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import (
    MembershipStatus,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.actors.models import (
    CoalitionMember,
    Message,
    NeedOffer,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.selectors.organisations import LIVE
from motesplats.actors.services.organisations import require_editor
from motesplats.core.audit import log_action


@transaction.atomic
def organisation_merge(
    *, source: Organisation, target: Organisation, actor: Any
) -> Organisation:
    """Fold `source` into `target`: everything tied to it moves, nothing is doubled.

    Memberships (the higher role and an active status win), profiles, needs and offers,
    coalition memberships (an active one wins), messages and themes move to `target`;
    `source` becomes merged, its number kept for the record, and its page redirects.
    """
    require_editor(actor)
    if source.pk == target.pk:
        raise ValidationError(_("An organisation cannot be merged into itself."))
    # Locked in id order so two merges of the same pair cannot deadlock.
    locked = {
        o.pk: o
        for o in Organisation.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.status not in LIVE:
        raise ValidationError(
            _("This organisation has already been merged or rejected.")
        )
    if target.status != OrganisationStatus.APPROVED:
        raise ValidationError(_("Merge into an approved organisation."))

    moved = {"memberships": 0, "coalitions": 0}
    target_members = {
        m.user_id: m for m in OrganisationMembership.objects.filter(organisation=target)
    }
    for membership in OrganisationMembership.objects.filter(organisation=source):
        kept = target_members.get(membership.user_id)
        if kept is None:
            membership.organisation = target
            membership.save(update_fields=["organisation"])
            moved["memberships"] += 1
            continue
        changed = False
        if (
            membership.status == MembershipStatus.ACTIVE
            and kept.status != MembershipStatus.ACTIVE
        ):
            kept.status = MembershipStatus.ACTIVE
            kept.decided_at = membership.decided_at
            kept.decided_by_id = membership.decided_by_id
            changed = True
        if (
            membership.role == OrganisationRole.ADMIN
            and membership.status == MembershipStatus.ACTIVE
            and kept.role != OrganisationRole.ADMIN
        ):
            kept.role = OrganisationRole.ADMIN
            changed = True
        if changed:
            kept.save()
        membership.delete()

    target_coalitions = {
        c.coalition_id: c for c in CoalitionMember.objects.filter(organisation=target)
    }
    for member in CoalitionMember.objects.filter(organisation=source):
        kept = target_coalitions.get(member.coalition_id)
        if kept is None:
            member.organisation = target
            member.save(update_fields=["organisation"])
            moved["coalitions"] += 1
            continue
        if (
            member.status == MembershipStatus.ACTIVE
            and kept.status != MembershipStatus.ACTIVE
        ):
            kept.status = member.status
            kept.role = member.role
            kept.joined_at = member.joined_at
            kept.save(update_fields=["status", "role", "joined_at"])
        elif member.role == "coordinator" and kept.role != "coordinator":
            kept.role = member.role
            kept.save(update_fields=["role"])
        member.delete()

    moved["profiles"] = Profile.objects.filter(organisation=source).update(
        organisation=target
    )
    moved["needs_offers"] = NeedOffer.objects.filter(organisation=source).update(
        organisation=target
    )
    moved["messages"] = Message.objects.filter(recipient_organisation=source).update(
        recipient_organisation=target
    )
    target.themes.add(*source.themes.all())
    # Facts the target lacks are taken from the source.
    for name in (
        "org_number",
        "county",
        "municipality",
        "website",
        "description_sv",
        "description_en",
        "contact_email",
        "contact_url",
        "logo",
        "node",
    ):
        if not getattr(target, name) and getattr(source, name):
            if name == "org_number":
                continue  # set after the source stops being live (unique number)
            setattr(target, name, getattr(source, name))
    take_number = not target.org_number and source.org_number
    source.status = OrganisationStatus.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    if take_number:
        target.org_number = source.org_number
    target.save()
    # Pages that redirect to the source now redirect straight to the target.
    Organisation.objects.filter(merged_into=source).update(merged_into=target)
    log_action(
        action="actors.organisation.merged",
        actor=actor,
        obj=target,
        data={"source": source.pk, "source_name": source.name, **moved},
    )
    return target
