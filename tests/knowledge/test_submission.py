"""Members submit innovation cases: form → draft in the node's workflow → published."""

import io

from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from wagtail.images import get_image_model
from wagtail.models import GroupApprovalTask, Page, WorkflowState

import pytest
from PIL import Image

from motesplats.core.models import AuditEntry
from motesplats.knowledge.models import InnovationPage
from motesplats.knowledge.validators import MAX_IMAGE_BYTES
from motesplats.nodes.models import Node, NodePage
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP, node_provision
from motesplats.pages.demo import NATIONAL_EDITOR_EMAIL, NODE_EDITOR_EMAIL
from tests.factories import UserFactory

from .submission_helpers import (
    contributions_url,
    image_bytes,
    snapshot,
    submit_url,
    upload,
    valid_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(email="sara.exempel@example.org", display_name="Sara Exempel")
    client.force_login(user)
    return user


def _submit(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(submit_url(), valid_post(**overrides))


def _editor(email):
    from motesplats.accounts.models import User  # noqa: PLC0415 -- test helper

    return User.objects.get(email=email)


def _act(page, editor, action, django_capture_on_commit_callbacks, **kwargs):
    """Approve or request changes through Wagtail's own workflow API, as the admin does."""
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, action, **kwargs)
    page.refresh_from_db()
    return state


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
    response = _submit(
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
    editor = _editor(NODE_EDITOR_EMAIL)
    _act(page, editor, "approve", django_capture_on_commit_callbacks)
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
    _submit(client, django_capture_on_commit_callbacks)
    page = InnovationPage.objects.get(submitted_by=member)
    mail.outbox.clear()
    _act(
        page,
        _editor(NATIONAL_EDITOR_EMAIL),
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
    state.cancel(user=_editor(NATIONAL_EDITOR_EMAIL))
    html = client.get(contributions_url()).content.decode()
    assert "status-withdrawn" in html


def test_editor_submissions_still_get_wagtails_notice_after_commit(
    django_capture_on_commit_callbacks,
):
    """Our takeover of Wagtail's notifiers keeps them for editors' own pages."""
    national = _editor(NATIONAL_EDITOR_EMAIL)
    node_editor = _editor(NODE_EDITOR_EMAIL)
    page = NodePage.objects.get(locale__language_code="sv", node__slug="malmo")
    page.save_revision(user=node_editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.get_workflow().start(page, node_editor)
        assert mail.outbox == []  # nothing is sent inside the transaction
    for callback in callbacks:
        callback()
    assert national.email in [m.to[0] for m in mail.outbox]


# --- Bad input changes nothing ------------------------------------------------------


def test_missing_fields_give_messages_and_save_nothing(
    client, member, django_capture_on_commit_callbacks
):
    before = snapshot()
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        title="",
        maturity="",
        confirm="",
        **{"org-0-name": "", "org-0-sector": ""},
        image=upload("foto.jpg", image_bytes()),
        image_alt="",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_maturity_0"' in html
    assert 'href="#id_image_alt"' in html
    assert 'href="#id_org-0-name"' in html
    assert 'aria-describedby="id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Choose the image again" in html
    assert snapshot() == before
    assert mail.outbox == []


def test_wrong_values_are_refused(client, member, django_capture_on_commit_callbacks):
    before = snapshot()
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        county="999999",
        year="1066",
        website="javascript:alert(1)",
        maturity="legendary",
        **{"evidence-0-url": "ftp://example.org/x"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for anchor in ("id_county", "id_year", "id_website", "id_maturity_0"):
        assert f'href="#{anchor}"' in html
    assert 'href="#id_evidence-0-url"' in html
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.jpg", b"%PDF-1.4 definitely not an image" * 10, "not one"),
        (
            "bild.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not one",
        ),
        ("stor.jpg", b"\xff\xd8\xff" + b"0" * MAX_IMAGE_BYTES, "at most 5 MB"),
        ("bred.png", image_bytes("PNG", size=(7000, 60)), "longest side"),
        ("rörlig.gif", b"GIF89a" + b"\x00" * 200, "not one"),
    ],
)
def test_bad_images_are_refused_and_nothing_is_kept(
    client, member, django_capture_on_commit_callbacks, name, content, message
):
    before = snapshot()
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload(name, content),
        image_alt="Något",
    )
    assert response.status_code == 400
    assert 'href="#id_image"' in response.content.decode()
    assert message in response.content.decode()
    assert snapshot() == before


def test_real_gif_is_refused(client, member, django_capture_on_commit_callbacks):
    before = snapshot()
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload("bild.jpg", image_bytes("GIF")),
        image_alt="Något",
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_and_gps_are_stripped(
    client, member, django_capture_on_commit_callbacks, fmt
):
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload("foto.bin", image_bytes(fmt, exif=True)),
        image_alt="Bibliotekets läsesal",
    )
    assert response.status_code == 302
    image = InnovationPage.objects.get(submitted_by=member).image
    with default_storage.open(image.file.name) as f:
        stored = Image.open(io.BytesIO(f.read()))
    assert stored.format == fmt
    exif = stored.getexif()
    assert dict(exif) == {}
    assert exif.get_ifd(0x8825) == {}
    assert image.file.name.endswith(
        {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt]
    )


def test_a_failure_after_the_upload_leaves_no_file_or_row(
    client, member, django_capture_on_commit_callbacks, monkeypatch
):
    from wagtail.models import Workflow  # noqa: PLC0415 -- only this test patches it

    def broken_start(self, obj, user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Workflow, "start", broken_start)
    before = snapshot()
    client.raise_request_exception = False
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload("foto.jpg", image_bytes()),
        image_alt="Bibliotekets läsesal",
    )
    assert response.status_code == 500
    assert snapshot() == before
    assert mail.outbox == []


def test_case_image_without_alt_text_is_invalid():
    from django.core.exceptions import ValidationError  # noqa: PLC0415
    from django.core.files.images import ImageFile  # noqa: PLC0415

    image = get_image_model()(
        title="Utan beskrivning",
        file=ImageFile(io.BytesIO(image_bytes()), name="utan.jpg"),
    )
    image.save()
    page = InnovationPage.objects.filter(locale__language_code="sv").first()
    page.image = image
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "image" in error.value.message_dict
    image.description = "Ett grönt fält"
    page.full_clean()


# --- Hostile text -------------------------------------------------------------------

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(2)</script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_submitted_text_never_becomes_markup(
    client, member, django_capture_on_commit_callbacks, payload
):
    text = f"Text {payload} mer text"
    response = _submit(
        client,
        django_capture_on_commit_callbacks,
        title=f"Fall {payload}"[:200],
        summary=text,
        need=text,
        solution=f"{text}\n\n{text}",
        municipality=payload[:100],
        contact_organisation=payload,
        image=upload("foto.png", image_bytes("PNG")),
        image_alt=payload,
        image_caption=payload,
        **{"org-0-name": payload, "evidence-0-title": payload},
    )
    assert response.status_code == 302
    page = InnovationPage.objects.get(submitted_by=member)
    _act(
        page, _editor(NODE_EDITOR_EMAIL), "approve", django_capture_on_commit_callbacks
    )
    # The e-mails are plain text, where markup is inert; the pages must escape it.
    for html in (
        client.get(page.url).content.decode(),
        client.get(contributions_url()).content.decode(),
    ):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<svg/onload" not in html
    html = client.get(page.url).content.decode()
    assert html.count("<script") == html.count('<script src="/static/')


def test_failed_form_does_not_echo_markup(client, member):
    response = client.post(
        submit_url(), valid_post(title="<script>alert(1)</script>", maturity="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


# --- Node routing and workflow provisioning -----------------------------------------


def test_the_chosen_node_reviews_the_case(
    client, member, django_capture_on_commit_callbacks
):
    umea = Node.objects.get(slug="umea")
    _submit(client, django_capture_on_commit_callbacks, node=str(umea.pk))
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

    _submit(client, django_capture_on_commit_callbacks, title="Första fallet")
    first = InnovationPage.objects.get(title="Första fallet")
    _act(
        first, _editor(NODE_EDITOR_EMAIL), "approve", django_capture_on_commit_callbacks
    )
    one = count()
    for title in ("Andra fallet", "Tredje fallet", "Fjärde fallet", "Femte fallet"):
        _submit(client, django_capture_on_commit_callbacks, title=title)
    page = InnovationPage.objects.get(title="Andra fallet")
    _act(
        page, _editor(NODE_EDITOR_EMAIL), "approve", django_capture_on_commit_callbacks
    )
    page = InnovationPage.objects.get(title="Tredje fallet")
    _act(
        page,
        _editor(NODE_EDITOR_EMAIL),
        "reject",
        django_capture_on_commit_callbacks,
        comment="Mer om effekterna, tack.",
    )
    assert count() == one


def test_contributions_show_only_the_members_own_cases(
    client, member, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks, title="Mitt eget fall")
    client.get(contributions_url())  # shows and drops the "thank you" message
    other = UserFactory()
    client.force_login(other)
    html = client.get(contributions_url()).content.decode()
    assert "Mitt eget fall" not in html
    assert "not submitted any" in html


def test_header_links_to_contributions_for_members(client, member):
    assert contributions_url() in client.get("/sv/kunskapsbanken/").content.decode()
    assert Page.objects.exists()
