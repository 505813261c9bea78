"""Whatever a client posts to the submission form: never a 500, never half-saved."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory

from .submission_helpers import image_bytes, snapshot, submit_url, valid_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=300,
)
KEYS = st.sampled_from(
    [
        "title",
        "summary",
        "need",
        "solution",
        "county",
        "municipality",
        "area_types",
        "themes",
        "sdg_goals",
        "maturity",
        "year",
        "evidence_level",
        "contact_organisation",
        "website",
        "image_alt",
        "image_caption",
        "node",
        "confirm",
        "org-TOTAL_FORMS",
        "org-INITIAL_FORMS",
        "org-0-name",
        "org-0-sector",
        "org-1-name",
        "org-1-sector",
        "evidence-TOTAL_FORMS",
        "evidence-0-title",
        "evidence-0-url",
    ]
)
FILES = st.one_of(
    st.none(),
    st.binary(max_size=2000),
    st.sampled_from(
        [
            image_bytes(),
            image_bytes("PNG", size=(10, 10)),
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        ]
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start_valid=st.booleans(),
    changes=st.dictionaries(KEYS, st.one_of(TEXT, st.lists(TEXT, max_size=3))),
    removed=st.lists(KEYS, max_size=5),
    file=FILES,
)
def test_submission_form_never_fails(
    client,
    member,
    django_capture_on_commit_callbacks,
    start_valid,
    changes,
    removed,
    file,
):
    # The fixtures are shared by all examples, in one transaction rolled back at the end.
    data = valid_post() if start_valid else {}
    data.update(changes)
    for key in removed:
        data.pop(key, None)
    if file is not None:
        data["image"] = SimpleUploadedFile("upload.jpg", file, "image/jpeg")
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert snapshot() == before
    else:
        after = snapshot()
        assert after["pages"] == before["pages"] + 1
        assert after["images"] - before["images"] == len(
            after["files"] - before["files"]
        )
