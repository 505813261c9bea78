"""Writes on nodes: provisioning editors' groups and their page permissions.

A node editor may add, edit and publish pages below their node's page, in every
language, and upload images and documents to the node's collection. A national editor
may do the same across the whole site and edit the shared vocabulary and the nodes.
"""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from motesplats.core.audit import log_action

from .models import Node, NodePage

NATIONAL_EDITORS_GROUP = "Nationella redaktörer"
PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
NODE_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MEDIA_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}
# Shared vocabulary and node records that national editors maintain.
NATIONAL_MODEL_PERMISSIONS = {
    "taxonomy": (
        "theme",
        "themequestion",
        "sdggoal",
        "sector",
        "region",
        "areatype",
        "glossaryterm",
    ),
    "nodes": ("node",),
}
# Records that every editor (national or of a node) moderates: proposed organisations
# and merges, coalitions, surveys, needs and offers; impact models and the financial
# proxy library.
EDITOR_MODEL_PERMISSIONS = {
    "actors": (
        "organisation",
        "coalition",
        "coalitionquestion",
        "survey",
        "surveyquestion",
        "surveychoice",
        "needoffer",
    ),
    "impact": ("impactmodel", "financialproxy"),
}


def _grant_models(group: Group, model_permissions: dict[str, tuple[str, ...]]) -> None:
    for app_label, models in model_permissions.items():
        for model in models:
            ct = ContentType.objects.get(app_label=app_label, model=model)
            group.permissions.add(
                *Permission.objects.filter(content_type=ct).exclude(
                    codename__startswith="view_"
                )
            )


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(group: Group, pages: list[Page], codenames: tuple[str, ...]) -> None:
    for page in pages:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_permission("wagtailcore", codename)
            )


def _grant_collection(group: Group, collection: Collection) -> None:
    for app_label, codenames in MEDIA_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=_permission(app_label, codename),
            )


def _grant_admin_access(group: Group) -> None:
    group.permissions.add(_permission("wagtailadmin", "access_admin"))


def _ensure_review_workflow(node: Node, group: Group, pages: list[Page]) -> Workflow:
    """The node's moderation workflow: its editors or the national editors approve.

    Assigned to every page of the node, so drafts below them (members' submitted
    cases among them) are reviewed by the node. A workflow an editor has already
    assigned to one of the node's pages is kept and completed, never replaced.
    """
    national, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS_GROUP)
    assigned = (
        WorkflowPage.objects.filter(page__in=pages).select_related("workflow").first()
    )
    if assigned is not None:
        workflow = assigned.workflow
    else:
        workflow, _ = Workflow.objects.get_or_create(
            name=f"Granskning – {node.name_sv}"
        )
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=f"Nodredaktörerna granskar – {node.name_sv}"
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(group, national)
    for page in pages:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def node_provision(*, node: Node, actor: Any = None) -> Node:
    """Give `node` an editors' group, a media collection, rights on its pages and a
    moderation workflow on them.

    Safe to run again: it only adds what is missing. Run after a node is created and
    whenever a translation of its page is added.
    """
    node = Node.objects.select_for_update().get(pk=node.pk)
    if node.editors_group is None:
        node.editors_group, _ = Group.objects.get_or_create(
            name=f"Nodredaktörer – {node.name_sv}"
        )
    if node.collection is None:
        root = Collection.get_first_root_node()
        node.collection = root.add_child(instance=Collection(name=node.name_sv))
    node.save(update_fields=["editors_group", "collection"])
    group = node.editors_group
    _grant_admin_access(group)
    _grant_models(group, EDITOR_MODEL_PERMISSIONS)
    _grant_collection(group, node.collection)
    pages = list(NodePage.objects.filter(node=node))
    _grant_pages(group, pages, NODE_EDITOR_PAGE_PERMISSIONS)
    workflow = _ensure_review_workflow(node, group, pages)
    log_action(
        action="nodes.node.provisioned",
        actor=actor,
        obj=node,
        data={
            "group": group.name,
            "pages": [p.pk for p in pages],
            "workflow": workflow.pk,
        },
    )
    return node


@transaction.atomic
def national_editors_ensure(*, actor: Any = None) -> Group:
    """The national editors' group with rights on every site root in every language."""
    group, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS_GROUP)
    _grant_admin_access(group)
    roots: list[Page] = []
    for site in Site.objects.select_related("root_page"):
        roots.extend(site.root_page.get_translations(inclusive=True))
    _grant_pages(group, roots, PAGE_PERMISSIONS)
    _grant_collection(group, Collection.get_first_root_node())
    _grant_models(group, NATIONAL_MODEL_PERMISSIONS)
    _grant_models(group, EDITOR_MODEL_PERMISSIONS)
    # National editors send the network's newsletter: they read who consented to it.
    group.permissions.add(_permission("accounts", "view_consentrecord"))
    log_action(action="nodes.national_editors.ensured", actor=actor, obj=group)
    return group


@transaction.atomic
def node_editor_add(*, node: Node, user: Any, actor: Any = None) -> None:
    """Make `user` an editor of `node` (and staff, so the admin lets them in)."""
    node = node_provision(node=node, actor=actor)
    user.groups.add(node.editors_group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    log_action(
        action="nodes.editor.added", actor=actor, obj=node, data={"user_id": user.pk}
    )


@transaction.atomic
def national_editor_add(*, user: Any, actor: Any = None) -> None:
    group = national_editors_ensure(actor=actor)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    log_action(
        action="nodes.national_editor.added",
        actor=actor,
        obj=group,
        data={"user_id": user.pk},
    )
