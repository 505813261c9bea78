"""Whatever a member posts to the need/offer form or a coordinator to the coalition
tools: never a 500; a refusal changes nothing."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.actors.models import (
    Coalition,
    CoalitionDocument,
    CoalitionMember,
    CoalitionQuestion,
    CoalitionUpdate,
    NeedOffer,
)
from motesplats.taxonomy.models import Region, Theme
from tests.actors.factories import CoalitionFactory, add_coalition_member
from tests.factories import UserFactory
from tests.security.forms_inventory import COALITION_MANAGE_ACTIONS

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
NEED_KEYS = st.sampled_from(
    [
        "kind",
        "category",
        "title",
        "description",
        "themes",
        "counties",
        "sectors_sought",
        "organisation",
        "expires_on",
    ]
)
DATES = st.one_of(
    TEXT,
    st.dates(
        min_value=datetime.date(1900, 1, 1), max_value=datetime.date(3000, 1, 1)
    ).map(str),
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _valid_need() -> dict:
    return {
        "kind": "need",
        "category": "partner",
        "title": "Vi söker en partner",
        "description": "En beskrivning.",
        "themes": [str(Theme.objects.order_by("sort_order").first().pk)],
        "counties": [str(Region.objects.get(code="12").pk)],
        "organisation": "",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


@SETTINGS
@given(
    start_valid=st.booleans(),
    changes=st.dictionaries(NEED_KEYS, st.one_of(TEXT, st.lists(TEXT, max_size=3))),
    expires=st.one_of(st.none(), DATES),
    removed=st.lists(NEED_KEYS, max_size=4),
)
def test_need_form_never_fails(client, member, start_valid, changes, expires, removed):
    data = _valid_need() if start_valid else {}
    data.update(changes)
    if expires is not None:
        data["expires_on"] = expires
    for key in removed:
        data.pop(key, None)
    before = NeedOffer.objects.count()
    with translation.override("en"):
        url = reverse("actors:need_create")
    response = client.post(url, data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert NeedOffer.objects.count() == before
    else:
        need = NeedOffer.objects.order_by("-pk").first()
        today = timezone.localdate()
        assert today < need.expires_on <= today + datetime.timedelta(days=366)
        assert need.themes.exists()


ACTIONS = st.sampled_from([*COALITION_MANAGE_ACTIONS, "", "nonsense"])
FIELDS = st.sampled_from(
    [
        "edit-purpose_sv",
        "edit-purpose_en",
        "edit-questions",
        "question-text_sv",
        "update-title",
        "update-body",
        "document-title",
        "member",
        "decision",
        "role",
        "question",
        "update",
        "document",
    ]
)


def _snapshot(coalition) -> tuple:
    coalition = Coalition.objects.get(pk=coalition.pk)
    return (
        coalition.purpose_sv,
        sorted(coalition.questions.values_list("pk", flat=True)),
        CoalitionQuestion.objects.filter(coalition=coalition).count(),
        CoalitionUpdate.objects.filter(coalition=coalition).count(),
        CoalitionDocument.objects.filter(coalition=coalition).count(),
        sorted(
            CoalitionMember.objects.filter(coalition=coalition).values_list(
                "pk", "role", "status"
            )
        ),
    )


@SETTINGS
@given(
    action=ACTIONS,
    fields=st.dictionaries(FIELDS, st.one_of(TEXT, st.lists(TEXT, max_size=3))),
    upload=st.one_of(st.none(), st.binary(max_size=500)),
)
def test_coordinator_tools_never_fail(client, action, fields, upload):
    coalition = CoalitionFactory()
    coordinator = UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    client.force_login(coordinator)
    data = {"action": action, **fields}
    if upload is not None:
        data["document-file"] = SimpleUploadedFile("fil.pdf", upload)
    before = _snapshot(coalition)
    with translation.override("en"):
        url = reverse("actors:coalition_manage", args=[coalition.slug])
    response = client.post(url, data)
    assert response.status_code in (302, 400, 404)
    if response.status_code != 302:
        assert _snapshot(coalition) == before
    # The coalition keeps its coordinator whatever was posted.
    assert coalition.members.filter(role="coordinator", status="active").exists()
