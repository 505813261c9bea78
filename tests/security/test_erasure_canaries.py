"""Erasure leaves nothing behind: canary values in every place a member can put data.

One member fills every place (tests/security/canaries.py). Their export must hold every
canary; after `user_erase` none may be left anywhere: the whole database dumped as text
(SQLite's dump, or every table's rows as text on PostgreSQL; the site's search index is
database tables, so it is in the dump), the decoded sessions, the cache and every file
name under MEDIA_ROOT. Contributions that stay by design keep their text, and past
events keep a pseudonymised registration for the statistics.

The test runs on whichever database the suite uses (SQLite, or PostgreSQL when
DATABASE_URL names one).
"""

import json
import os
import re
from collections import defaultdict

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.core import signing
from django.core.cache import cache
from django.db import connection

from wagtail.models import Page

import pytest

from motesplats.accounts.services import user_erase, user_export
from motesplats.comments.services import (
    CONFIRM_SALT,
    comment_confirm_guest,
    comment_create,
)
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import EventPage, Registration
from tests.events.factories import book, make_event
from tests.factories import UserFactory

from .canaries import CANARIES, KEPT, seed

pytestmark = pytest.mark.django_db

# The forms in which the member gave each value (the others are spellings to search for).
EXPORTED = {
    "first name",
    "last name",
    "display name",
    "e-mail",
    "second e-mail",
    "phone",
    "IP address",
    "free text",
}


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files on a real file system, so their names can be read."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


def _forms(value: str) -> list[str]:
    """The value as written, and as JSON stores it with non-ASCII escaped."""
    escaped = json.dumps(value)[1:-1]
    return [value.lower()] if escaped == value else [value.lower(), escaped.lower()]


def _database_text() -> dict[str, str]:
    """Every table's rows as text, by table name."""
    rows: dict[str, list[str]] = defaultdict(list)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        for line in connection.connection.iterdump():
            match = re.match(r'INSERT INTO "([^"]+)"', line)
            rows[match.group(1) if match else "(schema)"].append(line)
    else:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names():
                cursor.execute(f"SELECT t::text FROM {quote(table)} t")  # noqa: S608 -- names from the catalogue
                rows[table] = [row[0] for row in cursor.fetchall()]
    # Session data is signed and encoded: read it as the application would.
    rows["django_session (decoded)"] = [
        json.dumps(SessionStore().decode(s.session_data), ensure_ascii=False)
        for s in DjangoSession.objects.all()
    ]
    return {table: "\n".join(lines) for table, lines in rows.items()}


def _cache_text() -> str:
    """The local-memory cache of the test settings (rendered fragments, counters)."""
    store = getattr(cache, "_cache", {})
    return "\n".join(
        value.decode("utf-8", errors="ignore") if isinstance(value, bytes) else str(v)
        for v in store.values()
        for value in [v]
    )


def _media_names(root) -> list[str]:
    return [
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, files in os.walk(root)
        for name in files
    ]


def _where(canary: str, places: dict[str, str]) -> list[str]:
    """The places that hold `canary`, each with the text around its first match."""
    found = []
    for place, text in sorted(places.items()):
        lowered = text.lower()
        at = min((i for f in _forms(canary) if (i := lowered.find(f)) >= 0), default=-1)
        if at >= 0:
            found.append(f"{place}: …{text[max(at - 80, 0) : at + 60]}…")
    return found


def test_erasure_leaves_no_canary_anywhere(
    client, media_root, django_capture_on_commit_callbacks
):
    user = seed(client, django_capture_on_commit_callbacks)
    client.force_login(user)  # a session stored in the database
    files_before = _media_names(media_root)
    assert any("ylvakanarie" in name.lower() for name in files_before), files_before

    exported = json.dumps(user_export(user=user), default=str, ensure_ascii=False)
    missing = [
        label
        for label, c in CANARIES.items()
        if c.lower() not in exported.lower() and label in EXPORTED
    ]
    assert missing == [], f"the export lacks: {missing}"

    # The dump sees every canary before the erasure (so its silence after means
    # something on this database).
    before = _database_text()
    unseen = [
        label
        for label, c in CANARIES.items()
        if label in EXPORTED and not _where(c, before)
    ]
    assert unseen == [], f"the dump misses: {unseen}"

    past_event = EventPage.objects.get(registrations__user=user, ends_at__lt=_now())
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=user)

    places = _database_text()
    places["cache"] = _cache_text()
    places.update({f"file {name}": name for name in _media_names(media_root)})
    leaks = {
        label: where
        for label, canary in CANARIES.items()
        if (where := _where(canary, places))
    }
    assert leaks == {}, "canaries left after erasure:\n" + "\n".join(
        f"{label}: {place}" for label, where in leaks.items() for place in where
    )

    # Contributions that stay by design are still there, without their author.
    kept = {place.split(":")[0] for place in _where(KEPT, places)}
    for table in (
        "comments_comment",
        "actors_coalitionupdate",
        "actors_needoffer",
        "knowledge_innovationpage",
        "impact_story",
    ):
        assert table in kept, table
    # The past event keeps a pseudonymised registration for its statistics.
    kept_row = Registration.objects.get(event=past_event)
    assert kept_row.user_id is None
    assert (kept_row.email, kept_row.organisation, kept_row.motivation) == ("", "", "")
    assert kept_row.answers == {}
    assert kept_row.health_answers == {}
    assert kept_row.ticket_type_id is not None


def _now():
    from django.utils import timezone  # noqa: PLC0415 -- read when the test runs

    return timezone.now()


def test_erasing_an_account_never_confirmed_leaves_the_address_owners_data(
    django_capture_on_commit_callbacks,
):
    """Anyone may sign up with someone else's address: erasing that account must not
    cancel or scrub the real owner's places, nor anonymise their comments."""
    event = make_event()
    book(event, "Olga Ägare")
    owner_place = Registration.objects.get(event=event, name="Olga Ägare")
    page = Page.objects.get(slug="yalla-trappan", locale__language_code="sv")
    comment = comment_create(
        page=page,
        body="Olgas fråga",
        guest_name="Olga Ägare",
        guest_email=owner_place.email,
    )
    comment_confirm_guest(token=signing.dumps({"c": comment.pk}, salt=CONFIRM_SALT))
    squatter = UserFactory(email=owner_place.email, verified=False)

    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=squatter)

    owner_place.refresh_from_db()
    comment.refresh_from_db()
    assert owner_place.status == RegistrationStatus.CONFIRMED
    assert (owner_place.name, owner_place.email) == (
        "Olga Ägare",
        "olga.ägare@example.org",
    )
    assert (comment.guest_name, comment.guest_email) == (
        "Olga Ägare",
        owner_place.email,
    )
    assert not comment.is_anonymised
