"""The raffle's public page, its published entries and the organisers' admin view."""

import hashlib
import re
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motesplats.events.forms.raffle import RaffleOpenForm
from motesplats.events.services.raffle import raffle_draw
from tests.core.test_admin_csp import _inline_scripts
from tests.factories import UserFactory

from .factories import make_event
from .test_raffle_service import apply, apply_many, close, open_raffle, raffle_event

pytestmark = pytest.mark.django_db


# Text is checked in English, the msgids: the Swedish catalogue may change wording.
def public_url(event, language="en") -> str:
    with translation.override(language):
        return reverse("events:raffle", args=[event.pk])


def entries_url(event, language="en") -> str:
    with translation.override(language):
        return reverse("events:raffle_entries", args=[event.pk])


def admin_url(event, action="") -> str:
    if action:
        return reverse("events_raffle_admin:action", args=[event.pk, action])
    return reverse("events_raffle_admin:overview", args=[event.pk])


def text(response) -> str:
    return response.content.decode()


# --- the public page ------------------------------------------------------------------


def test_an_event_without_a_raffle_has_no_raffle_page(client):
    event = make_event()
    assert client.get(public_url(event)).status_code == 404
    assert client.get(entries_url(event)).status_code == 404


def test_before_the_raffle_opens_the_page_says_so(client):
    event = raffle_event()
    response = client.get(public_url(event))
    assert response.status_code == 200
    assert "has not opened yet" in text(response)
    assert "raffle-commitment" not in text(response)


def test_while_open_the_page_shows_the_commitment_and_the_count_not_the_seed(client):
    event = raffle_event(title="Träff med lottning")
    raffle = open_raffle(event, places=2, quotas={"ideburen": 1})
    apply_many(event, 3)
    html = text(client.get(public_url(event)))
    assert raffle.commitment in html
    assert raffle.seed not in html
    assert "3 applications so far." in html
    assert "Träff med lottning" in html
    assert "Civil society and non-profit sector" in html  # the quota, by sector name
    assert 'datetime="' in html
    assert entries_url(event) not in html
    assert client.get(entries_url(event)).status_code == 404


def test_after_closing_the_entries_are_published_without_names(client):
    event = raffle_event()
    raffle = open_raffle(event, places=1)
    apply(event, "Anna Berg", "ideburen")
    apply(event, "Bo Ek")
    raffle = close(raffle)
    html = text(client.get(public_url(event)))
    assert raffle.entries_digest in html
    assert raffle.seed not in html
    assert "A-0001" in html
    assert "A-0002" in html
    assert "Anna Berg" not in html
    assert "anna.berg@example.org" not in html
    assert entries_url(event) in html

    download = client.get(entries_url(event))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert 'filename="entries.json"' in download["Content-Disposition"]
    # Byte for byte what the digest was taken of: `sha256sum entries.json` matches.
    assert hashlib.sha256(download.content).hexdigest() == raffle.entries_digest
    assert b"Anna" not in download.content
    assert b"@" not in download.content


def test_after_the_draw_the_seed_the_lists_and_the_commands_are_shown(client):
    event = raffle_event()
    raffle = open_raffle(event, places=2, quotas={"ideburen": 1})
    apply_many(event, 5)
    close(raffle)
    raffle = raffle_draw(raffle=raffle, actor=None)
    html = text(client.get(public_url(event)))
    assert raffle.seed in html
    assert raffle.commitment in html
    winners = re.findall(
        r'<li class="raffle-key">(A-\d{4})</li>',
        html.split('id="raffle-winners-title"')[1].split('id="raffle-waiting-title"')[
            0
        ],
    )
    assert winners == raffle.result["winners"]
    waiting = re.findall(
        r'<li class="raffle-key">(A-\d{4})</li>',
        html.split('id="raffle-waiting-title"')[1],
    )
    assert waiting == raffle.result["waiting"]
    assert "python -m motesplats.events.draw verify" in html
    assert f"--seed {raffle.seed}" in html
    assert "--places 2" in html
    assert "--quota ideburen=1" in html
    assert f"--entries-digest {raffle.entries_digest}" in html
    assert "sha256sum entries.json" in html
    assert "xxd -r -p | sha256sum" in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_page_is_there_in_both_languages(client, language):
    event = raffle_event()
    raffle = open_raffle(event)
    url = public_url(event, language)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in text(response)
    assert raffle.commitment in text(response)


def test_a_signed_in_applicant_sees_their_own_key(client):
    user = UserFactory(email="anna.berg@example.org")
    event = raffle_event()
    raffle = open_raffle(event)
    apply(event, "Anna Berg", user=user)
    apply(event, "Bo Ek")
    client.force_login(user)
    html = text(client.get(public_url(event)))
    assert "you get a key when applications close" in html
    close(raffle)
    html = text(client.get(public_url(event)))
    assert '<span class="raffle-key">A-0001</span>' in html
    assert "Bo Ek" not in html


def test_the_public_page_serves_no_inline_script_or_style(client):
    event = raffle_event()
    raffle = open_raffle(event, places=1)
    apply_many(event, 2)
    close(raffle)
    raffle_draw(raffle=raffle, actor=None)
    html = text(client.get(public_url(event)))
    assert _inline_scripts(html) == []
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize("stage", ["open", "committed", "drawn"])
def test_the_public_page_takes_the_same_queries_for_3_and_12_entries(
    client, django_assert_num_queries, stage
):
    def page_for(count: int):
        event = raffle_event()
        raffle = open_raffle(event, places=2, quotas={"ideburen": 1})
        apply_many(event, count, start=count * 100)
        if stage != "open":
            raffle = close(raffle)
        if stage == "drawn":
            raffle_draw(raffle=raffle, actor=None)
        return public_url(event)

    small, large = page_for(3), page_for(12)
    client.get(small)
    client.get(large)
    # The admin's own share (session, user, permissions, the sidebar with every app's
    # menu items) changes as apps add menus, so the small page sets the count and the
    # large one must match it: the applications are read in one query either way.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(small).status_code == 200
    with django_assert_num_queries(len(queries)):
        assert client.get(large).status_code == 200


FAKE_SECTORS = [
    SimpleNamespace(slug="ideburen", name="Idéburen"),
    SimpleNamespace(slug="privat", name="Privat"),
]
FIELD_TEXT = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-5, max_value=200_000).map(str),
    st.just(""),
)


@settings(max_examples=150, deadline=None)
@given(
    places=FIELD_TEXT,
    closes=st.one_of(FIELD_TEXT, st.just("2030-05-04T12:00")),
    civil=FIELD_TEXT,
    private=FIELD_TEXT,
)
def test_the_open_form_never_fails_and_never_lets_bad_numbers_through(
    places, closes, civil, private
):
    form = RaffleOpenForm(
        {
            "places": places,
            "applications_close_at": closes,
            "quota_ideburen": civil,
            "quota_privat": private,
        },
        sectors=FAKE_SECTORS,
    )
    if form.is_valid():
        assert 1 <= form.cleaned_data["places"] <= 100_000
        quotas = form.quotas()
        assert all(number > 0 for number in quotas.values())
        assert sum(quotas.values()) <= form.cleaned_data["places"]
    else:
        assert form.errors
