from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "motesplats.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge bank")

    def ready(self) -> None:
        from wagtail.signals import post_page_move  # noqa: PLC0415 -- app registry

        from . import gdpr  # noqa: F401, PLC0415 -- registers the submissions' handler

        post_page_move.connect(
            _sync_node_after_move, dispatch_uid="knowledge-node-sync"
        )
        _take_over_workflow_notifications()


def _sync_node_after_move(sender, instance, **kwargs) -> None:
    # A moved item now belongs to the node it sits under.
    from .models import KnowledgePage  # noqa: PLC0415 -- models load after apps
    from .services import knowledge_node_sync  # noqa: PLC0415 -- same

    specific = getattr(instance, "specific", instance)
    if isinstance(specific, KnowledgePage):
        knowledge_node_sync(page=specific)


# Wagtail's own moderation e-mails are sent inside the transaction, and to a member who
# submitted a case they would link to an admin they cannot open. We connect under
# Wagtail's dispatch_uids: this app is ready before wagtail.admin, and a signal keeps
# the first receiver per dispatch_uid, so Wagtail's later connect is a no-op. Editors
# still get Wagtail's e-mails, after commit; members' cases get ours instead.
WAGTAIL_NOTIFIERS = {
    "task_submitted": "group_approval_task_submitted_email_notification",
    "workflow_submitted": "workflow_state_submitted_email_notification",
    "workflow_approved": "workflow_state_approved_email_notification",
    "workflow_rejected": "workflow_state_rejected_email_notification",
}


def _take_over_workflow_notifications() -> None:
    from wagtail import signals  # noqa: PLC0415 -- app registry
    from wagtail.models import TaskState, WorkflowState  # noqa: PLC0415

    signals.task_submitted.connect(
        _on_task_submitted,
        sender=TaskState,
        dispatch_uid=WAGTAIL_NOTIFIERS["task_submitted"],
    )
    signals.workflow_submitted.connect(
        _on_workflow_submitted,
        sender=WorkflowState,
        dispatch_uid=WAGTAIL_NOTIFIERS["workflow_submitted"],
    )
    signals.workflow_approved.connect(
        _on_workflow_approved,
        sender=WorkflowState,
        dispatch_uid=WAGTAIL_NOTIFIERS["workflow_approved"],
    )
    signals.workflow_rejected.connect(
        _on_workflow_rejected,
        sender=WorkflowState,
        dispatch_uid=WAGTAIL_NOTIFIERS["workflow_rejected"],
    )


def _later(notifier, instance, kwargs) -> None:
    from django.db import transaction  # noqa: PLC0415 -- keep module import light

    kwargs = {k: v for k, v in kwargs.items() if k not in ("signal", "sender")}
    transaction.on_commit(lambda: notifier(instance=instance, **kwargs))


def _on_task_submitted(sender, instance, **kwargs) -> None:
    from wagtail.admin import signal_handlers  # noqa: PLC0415 -- app registry

    from .services import member_submission_in_progress  # noqa: PLC0415

    if not member_submission_in_progress.get():
        _later(signal_handlers.task_submission_email_notifier, instance, kwargs)


def _on_workflow_submitted(sender, instance, **kwargs) -> None:
    from wagtail.admin import signal_handlers  # noqa: PLC0415 -- app registry

    from .services import member_submission_in_progress  # noqa: PLC0415

    if not member_submission_in_progress.get():
        _later(signal_handlers.workflow_submission_email_notifier, instance, kwargs)


def _member_case(workflow_state):
    """The innovation case a member submitted, if this workflow is about one."""
    from .models import InnovationPage  # noqa: PLC0415 -- models load after apps

    requester = workflow_state.requested_by
    if requester is None or requester.has_perm("wagtailadmin.access_admin"):
        return None
    page = InnovationPage.objects.filter(
        pk=workflow_state.object_id, submitted_by=requester
    ).first()
    return page


def _on_workflow_approved(sender, instance, **kwargs) -> None:
    from django.db import transaction  # noqa: PLC0415

    from wagtail.admin import signal_handlers  # noqa: PLC0415 -- app registry

    from .services import innovation_notify_submitter  # noqa: PLC0415

    page = _member_case(instance)
    if page is None:
        _later(signal_handlers.workflow_approval_email_notifier, instance, kwargs)
        return
    transaction.on_commit(
        lambda: innovation_notify_submitter(page_id=page.pk, approved=True)
    )


def _on_workflow_rejected(sender, instance, **kwargs) -> None:
    from django.db import transaction  # noqa: PLC0415

    from wagtail.admin import signal_handlers  # noqa: PLC0415 -- app registry

    from .services import innovation_notify_submitter  # noqa: PLC0415

    page = _member_case(instance)
    if page is None:
        _later(signal_handlers.workflow_rejection_email_notifier, instance, kwargs)
        return
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state else ""
    transaction.on_commit(
        lambda: innovation_notify_submitter(
            page_id=page.pk, approved=False, comment=comment
        )
    )
