"""A member's submitted cases in data-access requests and erasure."""

from django.core import mail

from wagtail.images import get_image_model
from wagtail.models import Revision, WorkflowState

import pytest

from motesplats.accounts import gdpr
from motesplats.accounts.services import user_erase, user_export
from motesplats.knowledge.models import InnovationPage
from motesplats.pages.demo import NODE_EDITOR_EMAIL
from tests.factories import UserFactory

from .submission_helpers import (
    image_bytes,
    stored_files,
    submit_url,
    upload,
    valid_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(email="radera.mig@example.org", display_name="Raderbar Person")
    client.force_login(user)
    return user


def _submit(client, capture, **overrides):
    with capture(execute=True):
        response = client.post(submit_url(), valid_post(**overrides))
    assert response.status_code == 302
    return InnovationPage.objects.get(title=overrides["title"])


def _approve(page, capture):
    from motesplats.accounts.models import User  # noqa: PLC0415 -- test helper

    editor = User.objects.get(email=NODE_EDITOR_EMAIL)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    with capture(execute=True):
        state.current_task_state.task.specific.on_action(
            state.current_task_state, editor, "approve"
        )
    page.refresh_from_db()


def test_the_handler_is_registered_with_a_retention_rule():
    handler = {h.name: h for h in gdpr.handlers()}["innovation_submissions"]
    assert InnovationPage in handler.models
    assert handler.retention


def test_export_lists_the_members_submissions(
    client, member, django_capture_on_commit_callbacks
):
    published = _submit(
        client, django_capture_on_commit_callbacks, title="Publicerat fall"
    )
    _approve(published, django_capture_on_commit_callbacks)
    _submit(client, django_capture_on_commit_callbacks, title="Utkast till fall")
    rows = user_export(user=member)["sections"]["innovation_submissions"]
    by_title = {r["title"]: r for r in rows}
    assert by_title["Publicerat fall"]["status"] == "published"
    assert by_title["Publicerat fall"]["url"] == published.full_url
    assert by_title["Utkast till fall"]["status"] == "in_review"
    assert by_title["Utkast till fall"]["url"] is None
    assert by_title["Utkast till fall"]["submitted_at"]


def test_erase_deletes_drafts_and_uncredits_published_cases(
    client, member, django_capture_on_commit_callbacks
):
    published = _submit(
        client,
        django_capture_on_commit_callbacks,
        title="Publicerat fall",
        image=upload("a.jpg", image_bytes()),
        image_alt="Ett bibliotek",
    )
    _approve(published, django_capture_on_commit_callbacks)
    draft = _submit(
        client,
        django_capture_on_commit_callbacks,
        title="Utkast till fall",
        image=upload("b.jpg", image_bytes()),
        image_alt="En skolgård",
    )
    draft_image = draft.image
    draft_file = draft_image.file.name
    assert draft_file in stored_files()
    assert "Raderbar Person" in client.get(published.url).content.decode()
    mail.outbox.clear()

    user_erase(user=member)

    assert not InnovationPage.objects.filter(pk=draft.pk).exists()
    assert not get_image_model().objects.filter(pk=draft_image.pk).exists()
    published.refresh_from_db()
    assert published.live
    assert published.submitted_by is None
    assert published.image is not None  # published content stays
    client.logout()
    html = client.get(published.url).content.decode()
    assert "Raderbar Person" not in html
    assert "radera.mig@example.org" not in html
    # Revisions are copies of the page: the link to the member is cut there too.
    for revision in Revision.objects.filter(object_id=str(published.pk)):
        assert revision.content.get("submitted_by") is None
