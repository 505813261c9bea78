"""Export, erasure and retention for everything an account holds."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from motesplats.accounts import gdpr
from motesplats.accounts.models import User
from motesplats.accounts.services import user_erase, user_export, user_purge_expired
from motesplats.core.audit import log_action
from motesplats.core.models import AuditEntry
from tests.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db

# Wagtail's editorial models link to users as authors of editorial work, not as data
# about them; Django's auth tables hold only the account's own rows. Each is erased by
# the account's cascade or SET_NULL, checked in test_erase_removes_every_trace.
EDITORIAL_OR_AUTH = {
    "auth.Permission",
    "auth.Group",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.Revision",
    "wagtailcore.Page",
    "wagtailcore.PageSubscription",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.UploadedFile",
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailusers.UserProfile",
    "wagtailadmin.EditingSession",
    "wagtailadmin.FormState",
    "wagtailcore.APIToken",
    "wagtailforms.FormSubmission",
    "wagtailsearch.IndexEntry",
    "mfa.Authenticator",
    "taggit.Tag",
    "django_tasks_db.DBTaskResult",
}


def _models_linked_to_user() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    labels = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is user_model and isinstance(
                field, models.ForeignKey | models.OneToOneField | models.ManyToManyField
            ):
                # Inherited fields count once, on the model that defines them.
                labels.add(field.model._meta.label)
    return labels


def test_every_model_linked_to_a_user_has_a_handler_or_is_editorial():
    uncovered = _models_linked_to_user() - gdpr.covered_models() - EDITORIAL_OR_AUTH
    assert uncovered == set()


def test_export_contains_everything_we_hold():
    user = UserFactory(email="kanarie@example.org", display_name="Kanariefågel")
    activate_totp(user)
    log_action(action="test.thing.done", actor=user)
    data = user_export(user=user)["sections"]
    assert data["account"]["email"] == "kanarie@example.org"
    assert data["account"]["display_name"] == "Kanariefågel"
    assert data["email_addresses"] == [
        {"email": "kanarie@example.org", "verified": True, "primary": True}
    ]
    assert [a["type"] for a in data["two_factor"]] == ["totp"]
    assert "secret" not in str(data["two_factor"])
    assert [e["action"] for e in data["audit_log"]] == ["test.thing.done"]


def test_erase_removes_every_trace():
    user = UserFactory(email="radera.mig@example.org", display_name="Raderbar Person")
    activate_totp(user)
    log_action(action="test.thing.done", actor=user)
    user_id = user.pk
    user_erase(user=user)
    assert not User.objects.filter(pk=user_id).exists()
    assert not EmailAddress.objects.filter(email="radera.mig@example.org").exists()
    assert not Authenticator.objects.filter(user_id=user_id).exists()
    entry = AuditEntry.objects.get(action="test.thing.done")
    assert entry.actor is None
    assert entry.actor_label == "deleted user"
    dump = "".join(str(e.__dict__) for e in AuditEntry.objects.all())
    assert "radera.mig@example.org" not in dump
    assert "Raderbar Person" not in dump


def test_purge_removes_old_unconfirmed_accounts_only():
    old = UserFactory(verified=False)
    old.date_joined = timezone.now() - timedelta(days=31)
    old.save()
    recent = UserFactory(verified=False)
    confirmed = UserFactory()
    confirmed.date_joined = timezone.now() - timedelta(days=400)
    confirmed.save()
    counts = user_purge_expired()
    assert counts["unconfirmed_accounts"] == 1
    assert not User.objects.filter(pk=old.pk).exists()
    assert User.objects.filter(pk=recent.pk).exists()
    assert User.objects.filter(pk=confirmed.pk).exists()


def test_purge_deletes_audit_entries_past_retention():
    old = log_action(action="test.old.entry")
    AuditEntry.objects.filter(pk=old.pk).update(
        created_at=timezone.now()
        - timedelta(days=settings.RETENTION_AUDIT_LOG_DAYS + 1)
    )
    new = log_action(action="test.new.entry")
    user_purge_expired()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=new.pk).exists()


def test_every_handler_states_its_retention():
    for handler in gdpr.handlers():
        assert handler.retention, handler.name
