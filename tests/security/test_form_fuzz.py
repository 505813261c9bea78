"""Every form a visitor or member can send (tests/security/forms_inventory.py), fuzzed.

Hypothesis builds submissions from each form's own fields: text with control
characters, NUL, huge strings and unusual Unicode, numbers out of range, values of the
wrong type, fields missing, unknown fields added and fields repeated, starting from
nothing, from realistic values or from a valid submission. Each one is posted as the
role that may use the form. Whatever is sent: never a server error; a refusal (4xx, or a
page with the error summary) changes no row; an error summary links only to fields on
the page.

Each example runs in a savepoint that is rolled back, so every example meets the same
objects (a deleted model or a withdrawn booking comes back for the next one), and the
cache is cleared so rate limits do not end a run with 429s.
"""

import copy
import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.forms_inventory import (
    EXEMPT,
    FORMS,
    GET_FORMS,
    POST_BY_HOOK,
    Demo,
    FormSpec,
    reads_post,
    routes,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Statuses a form may answer with; anything else (and any 5xx) is a failure.
ANSWERS = {200, 204, 301, 302, 303, 400, 403, 404, 405, 409, 410, 413, 429}

SPECIALS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t",
    "\x1b[31m\x07\x08",
    "x" * 100_000,
    "ÅÄÖ åäö – “citat” ✓ 🤖👩🏽‍💻",
    "\u202eevil\u202c",
    "\ufeff\u200b\u2028\u2029",
    "١٢٣",
    "𝟏𝟐𝟑",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "9" * 40,
    "-" + "9" * 40,
    "0.000000000000000000000001",
    "1,5",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "24:61",
    "true",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "%00",
    "../../../etc/passwd",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "http://",
    "https://example.org/" + "a" * 3000,
    "a@b",
    "@" * 300,
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
)
DATES = st.dates(
    min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)
).map(str)
JUNK = st.one_of(st.sampled_from(SPECIALS), TEXT, NUMBERS, DATES)
EXTRA_NAMES = [
    "id",
    "pk",
    "user",
    "author",
    "status",
    "is_staff",
    "is_superuser",
    "created_by",
    "organisation_id",
    "csrfmiddlewaretoken",
    "next",
    "__proto__",
    "x" * 300,
    "p99-name",
    "org-99-name",
    "form-TOTAL_FORMS",
    "q999999",
]
UPLOADS = [
    b"",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
    b"GIF89a<?php system($_GET['c']); ?>",
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    b"\xff\xd8\xff\xe0" + b"\x00" * 100,
]


# -- realistic values derived from the forms -------------------------------------------


def _choice_values(field: forms.Field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        if field.queryset is None:  # set by the form's __init__
            return []
        return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:4]]
    if isinstance(field, forms.ChoiceField):
        values = []
        for value, label in field.choices:
            if isinstance(label, (list, tuple)):
                values += [str(v) for v, _ in label]
            else:
                values.append(str(value))
        return [v for v in values if v][:8]
    if isinstance(field, forms.BooleanField):
        return ["on", "true", "1"]
    if isinstance(field, forms.DateField):
        today = timezone.localdate()
        return [str(today + datetime.timedelta(days=30)), str(today)]
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return ["1", "10", "0.5", str(Decimal("1000.25"))]
    if isinstance(field, forms.EmailField):
        return ["anna.berg@example.org"]
    if isinstance(field, forms.URLField):
        return ["https://example.org/"]
    if isinstance(field, forms.CharField):
        return ["Ett vanligt svar", "Läxhjälp i Rosengård"]
    return []


def realistic(spec: FormSpec, demo: Demo) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for entry in spec.forms:
        prefix, form = entry if isinstance(entry, tuple) else ("", entry)
        for name, field in form.base_fields.items():
            key = f"{prefix}-{name}" if prefix else name
            values.setdefault(key, []).extend(_choice_values(field))
    for key, hinted in (spec.hints(demo) if spec.hints else {}).items():
        values.setdefault(key, []).extend(hinted)
    return {key: list(dict.fromkeys(v)) for key, v in values.items() if v}


class Prepared:
    """A spec with its objects built, its URLs and its field values: made once before
    the examples, outside their savepoints."""

    def __init__(self, spec: FormSpec, demo: Demo):
        self.spec = spec
        self.urls = {variant: spec.url(demo, variant) for variant in spec.variants}
        self.names = list(spec.field_names(demo)) or ["x"]
        self.values = realistic(spec, demo)
        self.bases: list[dict[str, Any]] = [
            {},
            {name: vals[0] for name, vals in self.values.items()},
        ]
        if spec.valid:
            self.bases.append(spec.valid(demo))
        self.client = demo.client(spec.role)
        self.cookies = copy.deepcopy(self.client.cookies)

    def value(self, name: str):
        single = JUNK
        if name in self.values:
            single = st.one_of(st.sampled_from(self.values[name]), JUNK)
        return st.one_of(single, st.lists(single, min_size=2, max_size=3))

    def submissions(self):
        field = st.sampled_from(self.names).flatmap(
            lambda name: st.tuples(st.just(name), self.value(name))
        )
        extra = st.tuples(st.sampled_from(EXTRA_NAMES), st.one_of(JUNK, st.lists(JUNK)))
        return st.fixed_dictionaries(
            {
                "variant": st.sampled_from(list(self.urls)),
                "base": st.sampled_from(range(len(self.bases))),
                "changes": st.lists(field, max_size=6),
                "removed": st.lists(st.sampled_from(self.names), max_size=4),
                "extras": st.lists(extra, max_size=2),
                "upload": st.one_of(
                    st.none(),
                    st.sampled_from(UPLOADS),
                    st.binary(max_size=300),
                )
                if self.spec.files
                else st.none(),
            }
        )

    def build(self, drawn: dict) -> dict[str, Any]:
        data = dict(self.bases[drawn["base"]])
        data.update(dict(drawn["changes"]))
        for name in drawn["removed"]:
            data.pop(name, None)
        data.update(dict(drawn["extras"]))
        if drawn["upload"] is not None:
            data[self.spec.files[0]] = SimpleUploadedFile(
                "upload.jpg", drawn["upload"], "image/jpeg"
            )
        return data


# -- what a refusal must not do ----------------------------------------------------------


def _counted_tables() -> list[str]:
    counted = [m for m in apps.get_models() if m.__module__.startswith("motesplats.")]
    for label in ("accounts.User", "wagtailcore.Page", "wagtailimages.Image"):
        counted.append(apps.get_model(label))
    return sorted(
        {m._meta.db_table for m in counted if m._meta.managed and not m._meta.proxy}
    )


def row_counts() -> tuple[int, ...]:
    """The number of rows in each of our tables, in one query."""
    tables = _counted_tables()
    # Table names from the app registry, quoted: no outside input in this query.
    sql = "SELECT " + ", ".join(  # noqa: S608
        f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})"  # noqa: S608
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


SUMMARY = re.compile(r'<div class="error-summary"[^>]*>(.*?)</div>', re.S)


def error_summary(html: str) -> str | None:
    match = SUMMARY.search(html)
    return match.group(1) if match else None


def assert_summary_links_resolve(html: str) -> None:
    summary = error_summary(html)
    if summary is None:
        return
    for target in re.findall(r'href="#([^"]*)"', summary):
        assert target, "a summary link without a target"
        assert f'id="{target}"' in html, f"the summary links to a missing #{target}"


def post(prepared: Prepared, drawn: dict, capture) -> None:
    spec = prepared.spec
    client = prepared.client
    client.cookies = copy.deepcopy(prepared.cookies)
    data = prepared.build(drawn)
    target = prepared.urls[drawn["variant"]]
    cache.clear()
    with transaction.atomic():
        before = row_counts()
        with capture(execute=True):
            if spec.method == "GET":
                response = client.get(target, data)
            else:
                response = client.post(target, data)
        status = response.status_code
        assert status < 500, (spec.key, status)
        assert status in ANSWERS, (spec.key, status)
        html = (
            response.content.decode("utf-8", "replace")
            if "html" in response.get("Content-Type", "")
            else ""
        )
        refused = 400 <= status < 500 or (
            status == 200 and error_summary(html) is not None
        )
        if refused and spec.method == "POST":
            assert row_counts() == before, (spec.key, status)
        assert_summary_links_resolve(html)
        transaction.set_rollback(True)


def _run(spec: FormSpec, capture) -> None:
    prepared = Prepared(spec, Demo())

    @FUZZ
    @given(drawn=prepared.submissions())
    def examples(drawn):
        post(prepared, drawn, capture)

    examples()


@pytest.mark.parametrize("spec", FORMS, ids=[s.key for s in FORMS])
def test_posting_anything_never_fails(spec, django_capture_on_commit_callbacks):
    _run(spec, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("spec", GET_FORMS, ids=[s.key for s in GET_FORMS])
def test_any_filter_or_search_never_fails(spec, django_capture_on_commit_callbacks):
    _run(spec, django_capture_on_commit_callbacks)


JUNK_SUBMISSION = "\x00<b>junk</b>\x00"
REFUSALS = {"summary": {200, 400}, "refused": {302, 303, 400, 403, 404, 409}}


@pytest.mark.parametrize(
    "spec",
    [s for s in FORMS if s.on_bad != "confirm"],
    ids=[s.key for s in FORMS if s.on_bad != "confirm"],
)
def test_junk_is_refused_clearly_and_changes_nothing(spec):
    """Every field holding a NUL (which no text field accepts): the form says what is
    wrong, at the top, and stores nothing."""
    demo = Demo()
    prepared = Prepared(spec, demo)
    data = dict.fromkeys(prepared.names, JUNK_SUBMISSION)
    for name in ("add", "recount", "remove"):  # these ask for another line, not a check
        data.pop(name, None)
    for name, values in prepared.values.items():
        if name in ("action", "comment-form"):  # reach the form behind the switch
            data[name] = values[0]
    before = row_counts()
    response = prepared.client.post(next(iter(prepared.urls.values())), data)
    assert response.status_code in REFUSALS[spec.on_bad], response.status_code
    assert row_counts() == before
    if spec.on_bad == "summary":
        html = response.content.decode()
        assert error_summary(html) is not None, html[:3000]
        assert_summary_links_resolve(html)


# -- the inventory is complete ---------------------------------------------------------


def test_inventory_covers_every_posting_view():
    posting = {
        r.key for r in routes() if reads_post(r.callback) or r.key in POST_BY_HOOK
    }
    covered = {spec.pattern for spec in FORMS}
    missing = posting - covered - set(EXEMPT)
    assert not missing, f"forms not in tests/security/forms_inventory.py: {missing}"
    # Nothing in the inventory names a view that does not take POSTs.
    assert covered <= posting, covered - posting
    assert len({spec.key for spec in FORMS}) == len(FORMS)


def test_post_detection_sees_decorated_and_wrapped_views():
    by_key = {r.key: r for r in routes()}
    # require_POST through a decorator that does not set __wrapped__
    assert reads_post(by_key["events:meetings_mark"].callback)
    # class-based (allauth) and function views with a POST branch
    assert reads_post(by_key["account_login"].callback)
    assert reads_post(by_key["actors:need_create"].callback)
    # GET-only views
    assert not reads_post(by_key["actors:organisation_list"].callback)
    assert not reads_post(by_key["events:ticket_qr"].callback)
    assert not reads_post(by_key["healthz"].callback)


def test_get_filters_name_real_views():
    keys = {r.key for r in routes()}
    assert {spec.pattern for spec in GET_FORMS} <= keys
