"""Members submit innovation cases: form → draft in the node's workflow → published."""

from django.core import mail
from django.urls import reverse
from django.utils import translation

from wagtail.models import GroupApprovalTask, WorkflowState

import pytest

from motesplats.core.models import AuditEntry
from motesplats.knowledge.models import InnovationPage
from motesplats.nodes.models import Node, NodePage
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP, node_provision
from motesplats.pages.demo import NATIONAL_EDITOR_EMAIL, NODE_EDITOR_EMAIL
from tests.factories import UserFactory, login_with_totp

from .submission_helpers import (
    act,
    contributions_url,
    editor,
    image_bytes,
    snapshot,
    submit,
    submit_url,
    upload,
)

pytestmark = pytest.mark.django_db


# --- Access -------------------------------------------------------------------------


def test_the_form_needs_a_logged_in_member(client):
    response = client.get(submit_url())
    assert response.status_code == 302
    with translation.override("sv"):
        login = reverse("account_login")
    assert response["Location"].startswith(login)
    assert "next=" in response["Location"]
    assert client.get(contributions_url()).status_code == 302


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("sv", "Submit an innovation case", "Name of the innovation"),
        ("en", "Submit an innovation case", "Name of the innovation"),
    ],
)
def test_the_form_renders_in_both_languages(client, member, language, heading, label):
    response = client.get(submit_url(language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "<legend>" in html
    # Required fields are marked in text, not by colour alone.
    assert html.count('class="required"') >= 8


def test_listing_and_home_page_link_to_the_form(client, member):
    url = submit_url()
    assert url in client.get("/sv/kunskapsbanken/").content.decode()
    assert url in client.get("/sv/").content.decode()
    assert contributions_url() in client.get("/sv/").content.decode()


# --- The whole journey --------------------------------------------------------------


def test_member_submits_case_editors_approve_and_member_is_credited(
    client, member, django_capture_on_commit_callbacks
):
    before = snapshot()
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload("foto.jpg", image_bytes(exif=True)),
        image_alt="Två elever och en student vid ett bord i biblioteket",
        image_caption="Läxhjälp en tisdagskväll",
    )
    assert response.status_code == 302
    assert response["Location"] == contributions_url()

    page = InnovationPage.objects.get(title="Läxcafé med studenter i Lund")
    assert page.live is False
    assert page.submitted_by == member
    assert page.node.slug == "malmo"
    parent = page.get_parent().specific
    assert isinstance(parent, NodePage)
    assert parent.locale.language_code == "sv"
    assert page.latest_revision is not None
    assert "<p>Studenter möter elever två kvällar i veckan.</p>" in page.solution
    assert [o.name for o in page.organisations.all()] == ["Läxhjälpsföreningen i Lund"]
    assert [link.title for link in page.evidence_links.all()] == ["Utvärdering 2023"]
    assert page.image.description.startswith("Två elever")
    assert page.image.collection == page.node.collection
    assert snapshot()["pages"] == before["pages"] + 1

    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    groups = {g.name for g in state.current_task_state.task.specific.groups.all()}
    assert NATIONAL_EDITORS_GROUP in groups
    assert page.node.editors_group.name in groups
    assert AuditEntry.objects.filter(
        action="knowledge.innovation.submitted", object_id=str(page.pk)
    ).exists()

    # One e-mail per editor (the node's and the national ones), from us, not Wagtail.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert NODE_EDITOR_EMAIL in recipients
    assert NATIONAL_EDITOR_EMAIL in recipients
    assert len(recipients) == len(set(recipients))
    assert member.email not in recipients
    notice = next(m for m in mail.outbox if m.to == [NODE_EDITOR_EMAIL])
    assert f"/admin/pages/{page.pk}/edit/" in notice.body
    assert "Läxcafé med studenter i Lund" in notice.subject
    assert member.email not in notice.body

    listing = client.get(contributions_url()).content.decode()
    assert "Läxcafé med studenter i Lund" in listing
    assert "status-in_review" in listing

    # Not public before review.
    client.logout()
    assert client.get(f"/sv/noder/malmo/{page.slug}/").status_code == 404
    client.force_login(member)

    mail.outbox.clear()
    act(page, editor(NODE_EDITOR_EMAIL), "approve", django_capture_on_commit_callbacks)
    assert page.live is True
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert page.full_url in mail.outbox[0].body

    html = client.get(page.url).content.decode()
    assert "Sara Exempel" in html
    assert member.email not in html
    assert 'alt="Två elever och en student vid ett bord i biblioteket"' in html
    assert "srcset=" in html
    assert "Läxhjälp en tisdagskväll" in html
    listing = client.get(contributions_url()).content.decode()
    assert "status-published" in listing
    assert f'href="{page.url}"' in listing


def test_changes_requested_and_cancelled_show_on_the_profile(
    client, member, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks)
    page = InnovationPage.objects.get(submitted_by=member)
    mail.outbox.clear()
    act(
        page,
        editor(NATIONAL_EDITOR_EMAIL),
        "reject",
        django_capture_on_commit_callbacks,
        comment="Beskriv gärna effekterna mer.",
    )
    assert page.live is False
    html = client.get(contributions_url()).content.decode()
    assert "status-changes_requested" in html
    assert "Beskriv gärna effekterna mer." in html
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Beskriv gärna effekterna mer." in mail.outbox[0].body
    assert "/admin/" not in mail.outbox[0].body

    state = WorkflowState.objects.get(object_id=str(page.pk))
    state.cancel(user=editor(NATIONAL_EDITOR_EMAIL))
    html = client.get(contributions_url()).content.decode()
    assert "status-withdrawn" in html


def test_editor_submissions_still_get_wagtails_notice_after_commit(
    django_capture_on_commit_callbacks,
):
    """Our takeover of Wagtail's notifiers keeps them for editors' own pages."""
    national = editor(NATIONAL_EDITOR_EMAIL)
    node_editor = editor(NODE_EDITOR_EMAIL)
    page = NodePage.objects.get(locale__language_code="sv", node__slug="malmo")
    page.save_revision(user=node_editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.get_workflow().start(page, node_editor)
        assert mail.outbox == []  # nothing is sent inside the transaction
    for callback in callbacks:
        callback()
    assert national.email in [m.to[0] for m in mail.outbox]


# --- Node routing and workflow provisioning -----------------------------------------


def test_the_chosen_node_reviews_the_case(
    client, member, django_capture_on_commit_callbacks
):
    umea = Node.objects.get(slug="umea")
    submit(client, django_capture_on_commit_callbacks, node=str(umea.pk))
    page = InnovationPage.objects.get(submitted_by=member)
    assert page.node == umea
    assert (
        page.get_workflow()
        == NodePage.objects.get(node=umea, locale__language_code="sv").get_workflow()
    )


def test_every_node_has_a_review_workflow_and_provisioning_is_idempotent():
    from wagtail.models import Workflow, WorkflowPage  # noqa: PLC0415

    for node in Node.objects.all():
        pages = list(NodePage.objects.filter(node=node))
        workflows = {WorkflowPage.objects.get(page=p).workflow for p in pages}
        assert len(workflows) == 1
        (workflow,) = workflows
        task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
        names = {g.name for g in task.groups.all()}
        assert names == {node.editors_group.name, NATIONAL_EDITORS_GROUP}
    counts = (Workflow.objects.count(), GroupApprovalTask.objects.count())
    node_provision(node=Node.objects.get(slug="malmo"))
    assert (Workflow.objects.count(), GroupApprovalTask.objects.count()) == counts


# --- Profile ------------------------------------------------------------------------


def test_contributions_page_has_a_constant_number_of_queries(
    client, member, django_capture_on_commit_callbacks
):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    def count() -> int:
        client.get(contributions_url())  # shows and drops the "thank you" message
        with CaptureQueriesContext(connection) as queries:
            assert client.get(contributions_url()).status_code == 200
        return len(queries)

    submit(client, django_capture_on_commit_callbacks, title="Första fallet")
    first = InnovationPage.objects.get(title="Första fallet")
    act(first, editor(NODE_EDITOR_EMAIL), "approve", django_capture_on_commit_callbacks)
    one = count()
    for title in ("Andra fallet", "Tredje fallet", "Fjärde fallet", "Femte fallet"):
        submit(client, django_capture_on_commit_callbacks, title=title)
    page = InnovationPage.objects.get(title="Andra fallet")
    act(page, editor(NODE_EDITOR_EMAIL), "approve", django_capture_on_commit_callbacks)
    page = InnovationPage.objects.get(title="Tredje fallet")
    act(
        page,
        editor(NODE_EDITOR_EMAIL),
        "reject",
        django_capture_on_commit_callbacks,
        comment="Mer om effekterna, tack.",
    )
    assert count() == one


def test_contributions_show_only_the_members_own_cases(
    client, member, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks, title="Mitt eget fall")
    client.get(contributions_url())  # shows and drops the "thank you" message
    other = UserFactory()
    client.force_login(other)
    html = client.get(contributions_url()).content.decode()
    assert "Mitt eget fall" not in html
    assert "Du har inte föreslagit några innovationer än." in html


def test_header_links_to_contributions_for_members(client, member):
    assert contributions_url() in client.get("/sv/kunskapsbanken/").content.decode()


def test_editors_review_the_draft_in_the_admin(
    client, member, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks)
    page = InnovationPage.objects.get(submitted_by=member)
    client.logout()
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Node.objects.get(slug="malmo").editors_group)
    login_with_totp(client, reviewer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sara Exempel" in html  # who submitted it, shown read-only
    assert 'name="submitted_by"' not in html
    # The task is the reviewer's to act on: Wagtail offers its approve action.
    assert "approve" in html


def test_a_new_node_gets_its_own_review_workflow():
    from wagtail.models import WorkflowPage  # noqa: PLC0415

    from motesplats.pages.models import NodeIndexPage  # noqa: PLC0415

    malmo = Node.objects.get(slug="malmo")
    node = Node.objects.create(
        slug="boras",
        name_sv="Mötesplats Väst – Borås",
        university_sv="Högskolan i Borås",
        city="Borås",
        county=malmo.county,
        email="vast@motesplats.example",
        description_sv="Noden i Västra Götaland.",
    )
    index = NodeIndexPage.objects.get(locale__language_code="sv")
    page = index.add_child(instance=NodePage(title="Borås", slug="boras", node=node))
    node = node_provision(node=node)
    workflow = WorkflowPage.objects.get(page=page).workflow
    assert workflow != WorkflowPage.objects.get(page=malmo.pages.first()).workflow
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert {g.name for g in task.groups.all()} == {
        node.editors_group.name,
        NATIONAL_EDITORS_GROUP,
    }
