"""Whatever a client posts to the registration and self-service forms: never a 500."""

from django.urls import NoReverseMatch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.events.models import Booking, Registration

from .factories import book, make_event
from .registration_helpers import (
    action_url,
    booking_url,
    question,
    register_url,
    valid_post,
)

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
FIELDS = [
    "name",
    "email",
    "count",
    "shown",
    "submission_key",
    "join_waiting_list",
    "action",
    "invoice_organisation",
    "invoice_org_number",
    "invoice_reference",
    "invoice_address",
    "invoice_email",
    "p1-ticket_type",
    "p1-name",
    "p1-email",
    "p1-organisation",
    "p1-sector",
    "p1-county",
    "p1-health_consent",
    "p1-motivation",
    "p2-ticket_type",
    "p2-name",
    "p2-email",
]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def paid_event():
    event = make_event(tickets=[{"price": "450", "capacity": 2}, {"name_sv": "Gratis"}])
    question(event, "Kommun", required=True)
    question(event, "Pass", kind="choice", choices_sv="A\nB")
    question(event, "Tolk", kind="boolean")
    question(event, "Allergier", is_health_data=True)
    return event


@FUZZ
@given(values=st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=12))
def test_arbitrary_strings_in_the_registration_form_never_give_a_500(
    client, paid_event, values
):
    """A complete form with some fields replaced: a booking, or a message and nothing."""
    data = valid_post(paid_event)
    for q in paid_event.questions.all():
        data[f"p1-{q.key}"] = values.get("p1-name", "")
    data.update(values)
    before = Booking.objects.count()
    response = client.post(register_url(paid_event, "en"), data)
    assert response.status_code < 500
    if response.status_code != 303:
        assert Booking.objects.count() == before


@FUZZ
@given(values=st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=25))
def test_arbitrary_strings_alone_never_give_a_500(client, paid_event, values):
    response = client.post(register_url(paid_event), values)
    assert response.status_code < 500


@FUZZ
@given(
    name=TEXT,
    organisation=TEXT,
    answer=TEXT,
    decision=TEXT,
    extra=st.dictionaries(TEXT, TEXT, max_size=3),
)
def test_arbitrary_strings_in_self_service_never_give_a_500(
    client, paid_event, name, organisation, answer, decision, extra
):
    result = book(paid_event, "Anna Berg", ticket=paid_event.ticket_types.last())
    token = result.booking.manage_token
    registration = result.registrations[0]
    seat = registration.seat
    key = paid_event.questions.first().key
    change = action_url("booking_change", token, registration, "en")
    data = {"name": name, "organisation": organisation, key: answer, **extra}
    assert client.post(change, data).status_code < 500
    offer = action_url("booking_offer", token, registration, "en")
    assert client.post(offer, {"decision": decision}).status_code < 500
    registration.refresh_from_db()
    assert registration.seat == seat
    Registration.objects.filter(booking=result.booking).delete()
    result.booking.delete()


@FUZZ
@given(token=TEXT)
def test_arbitrary_booking_tokens_are_404_not_500(client, token):
    try:
        url = booking_url(token)
    except NoReverseMatch:
        return  # no URL can carry it (a slash, or nothing)
    assert client.get(url).status_code == 404
