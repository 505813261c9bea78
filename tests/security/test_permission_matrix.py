"""The permission matrix: for every URL of the project and every role, what a GET and
what a POST get (see tests/security/matrix.py for the table and its words).

A URL added without a row fails `test_every_url_pattern_has_a_row` with its name.
"""

from django.core.cache import cache
from django.db import transaction

import pytest

from tests.security.matrix import (
    ADMIN_SAMPLES,
    KINDS,
    OBJECT_KINDS,
    ROWS,
    all_patterns,
    covered_by_rule,
    iter_cells,
    outcome,
    rows_by_name,
)
from tests.security.world import ROLES, url

pytestmark = pytest.mark.django_db


def test_every_url_pattern_has_a_row():
    decided = rows_by_name()
    missing = sorted(
        {
            name
            for route, name in all_patterns()
            if name not in decided and covered_by_rule(route, name) is None
        }
    )
    assert missing == [], f"URLs without a row in tests/security/matrix.py: {missing}"


def test_every_row_names_a_real_url_and_a_known_kind():
    names = {name for _route, name in all_patterns()}
    for row in ROWS:
        assert row.name in names, row.name
        assert row.kind in KINDS, row
        assert set(row.get) == set(ROLES), row.name
        assert set(row.post) == set(ROLES), row.name


def _request(world, role: str, method: str, path: str):
    """One cell, on its own: what it changes is rolled back and its rate-limit
    counts are forgotten, so no role's request decides the next one's outcome."""
    cache.clear()
    client = world.client(role)
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, {})
        transaction.set_rollback(True)
    return response


def _run(world, row, language="sv"):
    path = row.build(world, language)
    seen = {}
    for method, role, expected in iter_cells(row):
        got = outcome(_request(world, role, method, path))
        if got != expected:
            seen[(method, role)] = (expected, got)
    return path, seen


@pytest.fixture(autouse=True)
def _documents_from_storage(settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"


@pytest.mark.parametrize("row", ROWS, ids=[r.label(i) for i, r in enumerate(ROWS)])
def test_matrix(world, row):
    path, wrong = _run(world, row)
    assert wrong == {}, f"{row.name} {path}: (method, role): (expected, got) {wrong}"


@pytest.mark.parametrize(
    "row", ADMIN_SAMPLES, ids=[r.label(i) for i, r in enumerate(ADMIN_SAMPLES)]
)
def test_admin_samples(world, row):
    path, wrong = _run(world, row)
    assert wrong == {}, f"{row.name} {path}: (method, role): (expected, got) {wrong}"


def test_every_object_kind_is_read_and_changed_in_the_matrix():
    """Each kind has rows; each private kind has a row where it is refused with a
    404 (to some roles, or to everyone holding a wrong key) and one where it opens."""
    for kind, private in OBJECT_KINDS.items():
        rows = [r for r in [*ROWS, *ADMIN_SAMPLES] if kind in r.objects]
        assert rows, kind
        if private:
            outcomes = {v for r in rows for v in r.get.values()}
            assert 404 in outcomes, f"no row shows {kind} refused with a 404"
            assert 200 in outcomes, f"no row shows {kind} opened by someone"
    assert set(OBJECT_KINDS) == {k for r in [*ROWS, *ADMIN_SAMPLES] for k in r.objects}


def test_matrix_in_english_for_visitors_and_other_members(world):
    """The same outcomes behind the English prefix (translated routes)."""
    wrong = {}
    for index, row in enumerate(ROWS):
        path = row.build(world, "en")
        for role in ("anonymous", "other_member"):
            got = outcome(_request(world, role, "GET", path))
            if got != row.get[role]:
                wrong[(row.label(index), path, role)] = (row.get[role], got)
    assert wrong == {}


def test_editor_without_a_two_factor_session_is_sent_to_it(world):
    """Signed in with the password only (no TOTP step in this session): the admin
    asks for the code first, for every editor role."""
    for role in ("node_editor", "national_editor", "admin"):
        client = world.client("anonymous")
        client.force_login(world.users[role])
        response = client.get("/admin/")
        assert outcome(response) == "mfa", role
        response = client.get(f"/admin/pages/{world.malmo_page.pk}/edit/")
        assert outcome(response) == "mfa", role


def test_member_without_admin_rights_never_reaches_the_admin(world):
    client = world.client("member")
    for path in ("/admin/", f"/admin/pages/{world.submission.pk}/edit/"):
        response = client.get(path)
        assert outcome(response) == "login", path
        assert response["Location"].startswith(url("account_login"))
