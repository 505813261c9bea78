"""Writes on coalitions: joining and leaving, applications, roles, follows, the
coordinators' edits and updates (mailed to followers on commit); documents are in
`coalition_documents`.

Every service checks who may act (`motesplats.actors.permissions`), raises
`CoalitionError` with a message for the person when they may not or the input is
wrong, and changes nothing in that case. A coalition always keeps at least one
coordinator: the last one can neither leave, be removed nor lose the role.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.actors.enums import (
    CoalitionAccess,
    CoalitionRole,
    MembershipStatus,
    OrganisationStatus,
)
from motesplats.actors.models import (
    Coalition,
    CoalitionFollow,
    CoalitionMember,
    CoalitionQuestion,
    CoalitionUpdate,
    Organisation,
)
from motesplats.actors.permissions import (
    is_coalition_member,
    is_coordinator,
    is_editor,
    is_member,
    is_organisation_admin,
)
from motesplats.core.audit import log_action

from . import coalition_mail


class CoalitionError(ValidationError):
    """A refused action, with a message for the person."""


def require_manager(coalition: Coalition, actor: Any) -> None:
    if not (is_coordinator(actor, coalition) or is_editor(actor)):
        raise CoalitionError(
            _("Only the coalition's coordinators may do this."), code="forbidden"
        )


def _lock(coalition: Coalition) -> Coalition:
    # Serialises changes to one coalition's roster (the last-coordinator rule).
    return Coalition.objects.select_for_update().get(pk=coalition.pk)


def _active_coordinators(coalition: Coalition) -> int:
    return coalition.members.filter(
        role=CoalitionRole.COORDINATOR,
        status=MembershipStatus.ACTIVE,
        user__isnull=False,
    ).count()


def _is_last_coordinator(member: CoalitionMember) -> bool:
    return (
        member.role == CoalitionRole.COORDINATOR
        and member.status == MembershipStatus.ACTIVE
        and _active_coordinators(member.coalition) <= 1
    )


def _follow(coalition: Coalition, user: Any) -> None:
    CoalitionFollow.objects.get_or_create(coalition=coalition, user=user)


def _unfollow_non_members(coalition: Coalition, users: list[Any]) -> None:
    """Followers must be members: people who are no longer in it stop following."""
    for user in users:
        if not is_coalition_member(user, coalition):
            CoalitionFollow.objects.filter(coalition=coalition, user=user).delete()


# --- joining, applications, leaving ---------------------------------------------------


@transaction.atomic
def coalition_join(
    *,
    coalition: Coalition,
    user: Any,
    organisation: Organisation | None = None,
    message: str = "",
) -> CoalitionMember:
    """Join (open coalition) or apply (by application), as a person or for an
    organisation the person administers. An active membership follows the coalition."""
    if not is_member(user):
        raise CoalitionError(_("Sign in to join a coalition."), code="signed_out")
    coalition = _lock(coalition)
    if not coalition.is_active:
        raise CoalitionError(_("This coalition is no longer active."), code="inactive")
    if organisation is not None:
        if not is_organisation_admin(user, organisation):
            raise CoalitionError(
                _("Only an administrator of %(organisation)s may join for it.")
                % {"organisation": organisation.name},
                code="not_admin",
            )
        if organisation.status != OrganisationStatus.APPROVED:
            raise CoalitionError(
                _("The organisation must be approved by the editors first."),
                code="not_approved",
            )
        existing = coalition.members.filter(organisation=organisation).first()
    else:
        existing = coalition.members.filter(user=user).first()
    if existing is not None:
        if existing.status == MembershipStatus.ACTIVE:
            raise CoalitionError(_("Already a member."), code="already_member")
        raise CoalitionError(
            _("The application has already been sent; the coordinators will answer."),
            code="already_applied",
        )
    is_open = coalition.access == CoalitionAccess.OPEN
    member = CoalitionMember(
        coalition=coalition,
        organisation=organisation,
        user=None if organisation is not None else user,
        role=CoalitionRole.MEMBER,
        status=MembershipStatus.ACTIVE if is_open else MembershipStatus.PENDING,
        message="" if is_open else message.strip()[:2000],
        added_by=user,
        joined_at=timezone.now() if is_open else None,
    )
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:  # a simultaneous second click
        raise CoalitionError(_("Already a member."), code="already_member") from error
    if is_open:
        _follow(coalition, user)
    else:
        transaction.on_commit(
            lambda: coalition_mail.send_application_received(member.pk)
        )
    log_action(
        action="actors.coalition.joined" if is_open else "actors.coalition.applied",
        actor=user,
        obj=coalition,
        data={"member": member.pk, "organisation": getattr(organisation, "pk", None)},
    )
    return member


@transaction.atomic
def coalition_application_decide(
    *, member: CoalitionMember, actor: Any, approve: bool
) -> CoalitionMember | None:
    """Approve (the member joins and the applicant follows) or decline (the
    application and its message are deleted)."""
    require_manager(member.coalition, actor)
    _lock(member.coalition)
    member = (
        CoalitionMember.objects.select_for_update()
        .filter(pk=member.pk, status=MembershipStatus.PENDING)
        .select_related("coalition")
        .first()
    )
    if member is None:
        raise CoalitionError(
            _("This application has already been answered."), code="answered"
        )
    coalition = member.coalition
    applicant_id = member.user_id or member.added_by_id
    if not approve:
        member_id = member.pk
        member.delete()
        transaction.on_commit(
            lambda: coalition_mail.send_application_decided(
                coalition_id=coalition.pk, user_id=applicant_id, approved=False
            )
        )
        log_action(
            action="actors.coalition.application_declined",
            actor=actor,
            obj=coalition,
            data={"member": member_id},
        )
        return None
    member.status = MembershipStatus.ACTIVE
    member.joined_at = timezone.now()
    member.message = ""  # the application has served its purpose
    member.save(update_fields=["status", "joined_at", "message"])
    follower = member.user if member.user_id else member.added_by
    if follower is not None:
        _follow(coalition, follower)
    transaction.on_commit(
        lambda: coalition_mail.send_application_decided(
            coalition_id=coalition.pk, user_id=applicant_id, approved=True
        )
    )
    log_action(
        action="actors.coalition.application_approved",
        actor=actor,
        obj=coalition,
        data={"member": member.pk},
    )
    return member


@transaction.atomic
def coalition_leave(*, member: CoalitionMember, actor: Any) -> None:
    """A person leaves, or an organisation's admin takes it out; coordinators and
    editors may also remove a member. The row is deleted, never kept half-public."""
    from motesplats.actors.selectors.coalitions import may_act_for  # noqa: PLC0415

    coalition = member.coalition
    if not (may_act_for(actor, member) or is_coordinator(actor, coalition)) and not (
        is_editor(actor)
    ):
        raise CoalitionError(_("You may not remove this member."), code="forbidden")
    _lock(coalition)
    member = CoalitionMember.objects.select_related("coalition").get(pk=member.pk)
    if _is_last_coordinator(member):
        raise CoalitionError(
            _(
                "A coalition needs a coordinator. Make someone else coordinator "
                "before the last one leaves."
            ),
            code="last_coordinator",
        )
    affected = [member.user] if member.user_id else []
    if member.organisation_id:
        affected = [
            m.user
            for m in member.organisation.memberships.select_related("user").filter(
                status=MembershipStatus.ACTIVE
            )
        ]
    member_id = member.pk
    member.delete()
    _unfollow_non_members(coalition, affected)
    log_action(
        action="actors.coalition.left",
        actor=actor,
        obj=coalition,
        data={"member": member_id},
    )


@transaction.atomic
def coalition_member_set_role(
    *, member: CoalitionMember, role: str, actor: Any
) -> CoalitionMember:
    require_manager(member.coalition, actor)
    if role not in CoalitionRole.values:
        raise CoalitionError(_("Choose a role from the list."), code="invalid_role")
    _lock(member.coalition)
    member = CoalitionMember.objects.select_related("coalition").get(pk=member.pk)
    if member.status != MembershipStatus.ACTIVE:
        raise CoalitionError(_("Approve the application first."), code="not_active")
    if role == CoalitionRole.COORDINATOR and not member.user_id:
        raise CoalitionError(
            _("Coordinators are people; an organisation cannot be one."),
            code="org_coordinator",
        )
    if role == CoalitionRole.MEMBER and _is_last_coordinator(member):
        raise CoalitionError(
            _("A coalition needs a coordinator. Make someone else coordinator first."),
            code="last_coordinator",
        )
    if member.role != role:
        member.role = role
        member.save(update_fields=["role"])
        log_action(
            action="actors.coalition.role_changed",
            actor=actor,
            obj=member.coalition,
            data={"member": member.pk, "role": role},
        )
    return member


@transaction.atomic
def coalition_add_coordinator(
    *, coalition: Coalition, user: Any, actor: Any
) -> CoalitionMember:
    """Editors name a coordinator (the first one when a coalition is created)."""
    if not is_editor(actor):
        raise CoalitionError(
            _("Only editors may name coordinators here."), code="forbidden"
        )
    member, _created = CoalitionMember.objects.update_or_create(
        coalition=coalition,
        user=user,
        defaults={
            "role": CoalitionRole.COORDINATOR,
            "status": MembershipStatus.ACTIVE,
            "joined_at": timezone.now(),
            "message": "",
            "added_by": actor,
        },
    )
    _follow(coalition, user)
    log_action(
        action="actors.coalition.coordinator_named",
        actor=actor,
        obj=coalition,
        data={"member": member.pk},
    )
    return member


# --- following ----------------------------------------------------------------------


@transaction.atomic
def coalition_follow(*, coalition: Coalition, user: Any) -> None:
    if not is_coalition_member(user, coalition):
        raise CoalitionError(
            _("Members of the coalition may follow its updates."),
            code="not_member",
        )
    _follow(coalition, user)
    log_action(action="actors.coalition.followed", actor=user, obj=coalition)


@transaction.atomic
def coalition_unfollow(*, coalition: Coalition, user: Any) -> None:
    CoalitionFollow.objects.filter(coalition=coalition, user=user).delete()
    log_action(action="actors.coalition.unfollowed", actor=user, obj=coalition)


# --- the coordinators' edits -----------------------------------------------------------


@transaction.atomic
def coalition_edit(
    *,
    coalition: Coalition,
    actor: Any,
    purpose_sv: str,
    purpose_en: str,
    questions: list[Any],
) -> Coalition:
    """The purpose in both languages and which of the theme's questions it works on."""
    require_manager(coalition, actor)
    purpose_sv = purpose_sv.strip()
    if not purpose_sv:
        raise CoalitionError(
            _("Write the purpose in Swedish."), code="purpose_required"
        )
    theme_questions = set(coalition.theme.questions.values_list("pk", flat=True))
    if any(q.pk not in theme_questions for q in questions):
        raise CoalitionError(
            _("Choose questions of the coalition's theme."), code="wrong_theme"
        )
    coalition.purpose_sv = purpose_sv
    coalition.purpose_en = purpose_en.strip()
    coalition.save(update_fields=["purpose_sv", "purpose_en", "updated_at"])
    coalition.questions.set(questions)
    log_action(action="actors.coalition.edited", actor=actor, obj=coalition)
    return coalition


@transaction.atomic
def coalition_question_add(
    *, coalition: Coalition, actor: Any, text_sv: str, text_en: str = ""
) -> CoalitionQuestion:
    require_manager(coalition, actor)
    text_sv = text_sv.strip()
    if not text_sv:
        raise CoalitionError(
            _("Write the question in Swedish."), code="question_required"
        )
    last = coalition.own_questions.order_by("-sort_order").first()
    question = CoalitionQuestion.objects.create(
        coalition=coalition,
        text_sv=text_sv[:300],
        text_en=text_en.strip()[:300],
        sort_order=(last.sort_order + 1) if last else 0,
    )
    log_action(
        action="actors.coalition.question_added",
        actor=actor,
        obj=coalition,
        data={"question": question.pk},
    )
    return question


@transaction.atomic
def coalition_question_remove(*, question: CoalitionQuestion, actor: Any) -> None:
    coalition = question.coalition
    require_manager(coalition, actor)
    question_id = question.pk
    question.delete()
    log_action(
        action="actors.coalition.question_removed",
        actor=actor,
        obj=coalition,
        data={"question": question_id},
    )


# --- updates, mailed to followers ------------------------------------------------------


@transaction.atomic
def coalition_update_post(
    *, coalition: Coalition, actor: Any, title: str, body: str
) -> CoalitionUpdate:
    """Publish news on the coalition's page; followers get it by e-mail after commit
    (not the author, who wrote it)."""
    require_manager(coalition, actor)
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise CoalitionError(
            _("An update needs a title and a text."), code="update_required"
        )
    update = CoalitionUpdate.objects.create(
        coalition=coalition, author=actor, title=title[:200], body=body[:10000]
    )
    log_action(
        action="actors.coalition.update_posted",
        actor=actor,
        obj=coalition,
        data={"update": update.pk},
    )
    transaction.on_commit(lambda: coalition_mail.send_update(update.pk))
    return update


@transaction.atomic
def coalition_update_delete(*, update: CoalitionUpdate, actor: Any) -> None:
    coalition = update.coalition
    require_manager(coalition, actor)
    update_id = update.pk
    update.delete()
    log_action(
        action="actors.coalition.update_deleted",
        actor=actor,
        obj=coalition,
        data={"update": update_id},
    )
