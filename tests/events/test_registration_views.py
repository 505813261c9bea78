"""The registration form, the booking page and self-service, through HTTP."""

import re
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from motesplats.events.enums import EventFormat, RegistrationMode, RegistrationStatus
from motesplats.events.models import Booking, Registration
from motesplats.events.services.registration import (
    Participant,
    booking_create,
    registration_cancel,
)
from motesplats.events.services.tickets import participant_key
from tests.factories import UserFactory

from .factories import book, make_event
from .registration_helpers import (
    action_url,
    booking_url,
    english,
    open_raffle,
    question,
    register_url,
    token_from,
    valid_post,
)

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def error_summary(response) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html_of(response), re.S)
    return match.group(0) if match else ""


# --- the form ------------------------------------------------------------------------


def test_form_shows_tickets_with_price_vat_and_places_left(client):
    event = make_event(
        tickets=[
            {"name_sv": "Ordinarie", "price": "450", "capacity": 40},
            {"name_sv": "Student", "capacity": 10},
        ]
    )
    response = client.get(register_url(event, "en"))
    assert response.status_code == 200
    html = html_of(response)
    assert "SEK 450 incl. VAT (of which VAT SEK 90)" in html
    assert "40 places left" in html
    assert "Free of charge" in html
    # A fresh submission key in a hidden field, and the privacy notice.
    assert re.search(r'name="submission_key" value="[0-9a-f-]{36}"', html)
    assert 'href="/en/privacy/"' in html


def test_english_form_is_under_the_english_url_with_the_english_title(client):
    event = make_event()
    page = english(event, title="Network meeting on care")
    response = client.get(register_url(event, "en"))
    assert register_url(event, "en").startswith("/en/events/")
    assert response.status_code == 200
    assert "Network meeting on care" in html_of(response)
    assert client.get(register_url(page, "en")).status_code == 200


def test_a_valid_registration_books_and_redirects_to_the_booking_page(client):
    event = make_event()
    response = client.post(register_url(event), valid_post(event))
    assert response.status_code == 303
    booking = Booking.objects.get(event=event)
    assert response["Location"] == booking_url(booking.manage_token)
    registration = booking.registrations.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.organisation == "Exempelkommunen"
    assert registration.county.code == "12"
    page = client.get(booking_url(booking.manage_token, "en"))
    assert page.status_code == 200
    html = html_of(page)
    assert registration.ticket_code in html
    assert 'role="img"' in html
    assert f"ticket code {registration.ticket_code}" in html
    assert page["Cache-Control"] == "private, no-store"


def test_member_sees_their_details_filled_in(client):
    user = UserFactory(first_name="Sara", last_name="Exempel", email="sara@example.org")
    client.force_login(user)
    event = make_event()
    html = html_of(client.get(register_url(event, "en")))
    assert 'value="sara@example.org"' in html
    assert 'value="Sara Exempel"' in html


def test_member_registration_is_linked_to_the_account(client):
    user = UserFactory(email="sara@example.org")
    client.force_login(user)
    event = make_event()
    data = valid_post(event, people=[("Sara Exempel", "sara@example.org")])
    assert client.post(register_url(event), data).status_code == 303
    registration = Registration.objects.get(event=event)
    assert registration.user == user
    assert registration.booking.user == user


def test_group_booking_registers_every_participant(client):
    event = make_event()
    people = [
        ("Anna Berg", "anna.berg@example.org"),
        ("Bo Ek", "bo.ek@example.org"),
        ("Cecilia Lund", "cecilia.lund@example.org"),
    ]
    response = client.post(register_url(event), valid_post(event, people=people))
    assert response.status_code == 303
    names = list(
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("name", flat=True)
    )
    assert names == ["Anna Berg", "Bo Ek", "Cecilia Lund"]
    assert Booking.objects.filter(event=event).count() == 1


def test_changing_the_number_keeps_what_was_typed(client):
    event = make_event()
    data = valid_post(event, action="count", count="3")
    response = client.post(register_url(event), data)
    assert response.status_code == 200
    html = html_of(response)
    assert 'id="participant-3"' in html
    assert 'id="participant-4"' not in html
    assert 'value="Anna Berg"' in html
    assert 'value="anna.berg@example.org"' in html
    assert f'value="{data["submission_key"]}"' in html
    assert 'name="shown" value="3"' in html
    assert "Formuläret har nu plats för 3 deltagare." in html
    # Nothing is saved and no error is shown for the new, empty fieldsets.
    assert not Booking.objects.filter(event=event).exists()
    assert "error-summary" not in html


def test_a_new_number_sent_with_the_main_button_asks_for_the_new_people(client):
    event = make_event()
    response = client.post(register_url(event), valid_post(event, count="2"))
    assert response.status_code == 200
    assert 'id="participant-2"' in html_of(response)
    assert not Booking.objects.filter(event=event).exists()


# --- bad input: a clear message, nothing saved ------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"p1-name": ""}, "Name: This field is required."),
        ({"p1-email": "inte-en-adress"}, "Enter a valid email address."),
        ({"email": ""}, "Your e-mail address: This field is required."),
        ({"p1-ticket_type": "999999"}, "Choose one of the tickets shown."),
        ({"p1-ticket_type": "abc"}, "Choose one of the tickets shown."),
        ({"count": "500"}, "At most 10 participants can be registered"),
        ({"count": "0"}, "Number of participants"),
        ({"p1-q123456": "svar"}, "questions this event does not ask"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, change, message):
    event = make_event()
    response = client.post(register_url(event, "en"), valid_post(event, **change))
    assert response.status_code == 400
    summary = error_summary(response)
    assert "There is a problem" in summary
    assert message in summary
    assert not Booking.objects.filter(event=event).exists()
    assert not Registration.objects.filter(event=event).exists()


def test_errors_link_to_their_fields_and_are_tied_to_them(client):
    event = make_event()
    response = client.post(
        register_url(event, "en"), valid_post(event, **{"p1-name": ""})
    )
    html = html_of(response)
    assert '<a href="#id_p1-name">' in html
    assert re.search(r'<input[^>]*aria-describedby="id_p1-name_error"', html)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_p1-name"', html) or (
        re.search(r'<input[^>]*id="id_p1-name"[^>]*aria-invalid="true"', html)
    )
    assert 'id="id_p1-name_error"' in html


def test_too_many_participants_is_refused_even_if_the_fieldsets_are_sent(client):
    event = make_event(tickets=[{"max_per_booking": 2}])
    people = [(f"Person {i}", f"person{i}@example.org") for i in range(3)]
    data = valid_post(event, people=people)
    response = client.post(register_url(event, "en"), data)
    assert response.status_code == 400
    assert "At most 2 participants" in error_summary(response)
    assert not Registration.objects.filter(event=event).exists()


def test_the_same_address_twice_in_one_booking_is_refused(client):
    event = make_event()
    people = [("Anna Berg", "anna@example.org"), ("Bo Ek", "ANNA@example.org")]
    response = client.post(register_url(event, "en"), valid_post(event, people=people))
    assert response.status_code == 400
    assert "e-mail address of their own" in error_summary(response)
    assert not Registration.objects.filter(event=event).exists()


def test_someone_already_registered_gets_the_service_message(client):
    event = make_event()
    book(event, "Anna Berg")
    response = client.post(register_url(event, "en"), valid_post(event))
    assert response.status_code == 400
    assert "already registered" in error_summary(response)
    assert Registration.objects.filter(event=event).count() == 1


# --- paid tickets and invoicing -------------------------------------------------------


def paid_event():
    return make_event(tickets=[{"name_sv": "Konferensavgift", "price": "1250"}])


def invoice(**fields) -> dict:
    data = {
        "invoice_organisation": "Exempelkommunen",
        "invoice_org_number": "2120000142",
        "invoice_reference": "KS-2026-17",
        "invoice_address": "Box 1\n123 45 Exempelstad",
        "invoice_email": "",
    }
    data.update(fields)
    return data


def test_paid_ticket_needs_the_invoice_details(client):
    event = paid_event()
    response = client.post(register_url(event, "en"), valid_post(event))
    assert response.status_code == 400
    summary = error_summary(response)
    assert "Organisation to invoice: Required for paid tickets" in summary
    assert "Organisation number: Required for paid tickets" in summary
    assert not Booking.objects.filter(event=event).exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12345", "ten digits"),
        ("2120000143", "not valid: check the digits"),
        ("8112189876", "personal identity number"),
    ],
)
def test_bad_organisation_number_is_explained(client, number, message):
    event = paid_event()
    data = valid_post(event, **invoice(invoice_org_number=number))
    response = client.post(register_url(event, "en"), data)
    assert response.status_code == 400
    assert message in error_summary(response)
    assert not Booking.objects.filter(event=event).exists()


def test_paid_booking_stores_the_invoice_and_the_total(client):
    event = paid_event()
    data = valid_post(event, **invoice(invoice_org_number="16212000-0142"))
    response = client.post(register_url(event), data)
    assert response.status_code == 303
    booking = Booking.objects.get(event=event)
    assert booking.invoice_org_number == "212000-0142"
    assert booking.invoice_email == "anna.berg@example.org"
    assert str(booking.total) == "1250.00"
    page = html_of(client.get(response["Location"]))
    assert "KS-2026-17" in page


def test_free_event_has_no_invoice_fields(client):
    event = make_event()
    html = html_of(client.get(register_url(event)))
    assert "invoice_organisation" not in html


# --- questions and health data ------------------------------------------------------


def test_answers_are_saved_and_required_questions_are_required(client):
    event = make_event()
    text = question(event, "Vilken kommun?", required=True, label_en="Which town?")
    choice = question(
        event,
        "Vilket pass?",
        kind="choice",
        choices_sv="Förmiddag\nEftermiddag",
        choices_en="Morning\nAfternoon",
        label_en="Which session?",
    )
    response = client.post(register_url(event, "en"), valid_post(event))
    assert response.status_code == 400
    assert "Which town?: This field is required." in error_summary(response)
    data = valid_post(event, **{f"p1-{text.key}": "Malmö", f"p1-{choice.key}": "1"})
    assert client.post(register_url(event, "en"), data).status_code == 303
    registration = Registration.objects.get(event=event)
    assert registration.answers == {text.key: "Malmö", choice.key: "Eftermiddag"}


def test_health_answers_need_consent(client):
    event = make_event()
    diet = question(event, "Kost eller allergier", is_health_data=True)
    data = valid_post(event, **{f"p1-{diet.key}": "Nötallergi"})
    response = client.post(register_url(event, "en"), data)
    assert response.status_code == 400
    assert "Tick the box to consent" in error_summary(response)
    assert not Registration.objects.filter(event=event).exists()
    data["p1-health_consent"] = "on"
    assert client.post(register_url(event, "en"), data).status_code == 303
    registration = Registration.objects.get(event=event)
    assert registration.health_answers == {diet.key: "Nötallergi"}
    assert registration.answers == {}
    assert registration.health_consent_at is not None


def test_health_questions_left_empty_need_no_consent(client):
    event = make_event()
    question(event, "Kost eller allergier", is_health_data=True)
    response = client.post(register_url(event), valid_post(event))
    assert response.status_code == 303
    registration = Registration.objects.get(event=event)
    assert registration.health_answers == {}
    assert registration.health_consent_at is None


def test_health_questions_have_their_own_fieldset(client):
    event = make_event()
    question(event, "Kost eller allergier", label_en="Diet", is_health_data=True)
    html = html_of(client.get(register_url(event, "en")))
    assert "Health-related questions" in html
    assert "deleted when the event is over" in html


# --- double submission, full events, closed registration ----------------------------------


def test_the_same_form_sent_twice_gives_one_booking(client):
    event = make_event()
    data = valid_post(event)
    first = client.post(register_url(event), data)
    second = client.post(register_url(event), data)
    assert first.status_code == 303
    assert second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Booking.objects.filter(event=event).count() == 1
    assert Registration.objects.filter(event=event).count() == 1


def test_full_event_puts_the_participant_on_the_waiting_list(client):
    event = make_event(tickets=[{"capacity": 1}])
    book(event, "Bo Ek")
    html = html_of(client.get(register_url(event, "en")))
    assert "Fully booked – you can join the waiting list" in html
    response = client.post(register_url(event), valid_post(event))
    assert response.status_code == 303
    registration = Registration.objects.get(event=event, email="anna.berg@example.org")
    assert registration.status == RegistrationStatus.WAITING
    page = html_of(client.get(booking_url(token_from(response), "en")))
    assert "number 1 in the queue" in page


def test_declining_the_waiting_list_when_full_saves_nothing(client):
    event = make_event(tickets=[{"capacity": 1}])
    book(event, "Bo Ek")
    data = valid_post(event)
    del data["join_waiting_list"]
    response = client.post(register_url(event, "en"), data)
    assert response.status_code == 400
    assert "fully booked" in error_summary(response)
    assert not Registration.objects.filter(email="anna.berg@example.org").exists()


def test_full_event_without_waiting_list_shows_no_form(client):
    event = make_event(tickets=[{"capacity": 1}], waiting_list=False)
    book(event, "Bo Ek")
    response = client.get(register_url(event, "en"))
    html = html_of(response)
    assert "fully booked, and it has no waiting list" in html
    assert '<form method="post" class="form registration-form"' not in html
    response = client.post(register_url(event, "en"), valid_post(event))
    assert not Registration.objects.filter(email="anna.berg@example.org").exists()


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"mode": RegistrationMode.NONE}, "no registration"),
        (
            {"registration_opens_at": timezone.now() + timedelta(days=3)},
            "Registration opens",
        ),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            "Registration is closed.",
        ),
    ],
)
def test_closed_registration_says_so_and_takes_nothing(client, fields, text):
    event = make_event(**fields)
    response = client.get(register_url(event, "en"))
    assert response.status_code == 200
    assert text in html_of(response)
    assert 'name="submission_key"' not in html_of(response)
    client.post(register_url(event, "en"), valid_post(event))
    assert not Registration.objects.filter(event=event).exists()


def test_unpublished_event_has_no_registration_page(client):
    event = make_event()
    event.unpublish()
    assert client.get(register_url(event)).status_code == 404


def test_raffle_asks_for_a_motivation_and_records_an_application(client):
    event = make_event(mode=RegistrationMode.RAFFLE)
    open_raffle(event)
    response = client.post(register_url(event, "en"), valid_post(event))
    assert response.status_code == 400
    assert "Why do you want to take part?: This field is required." in (
        error_summary(response)
    )
    data = valid_post(event, **{"p1-motivation": "Jag leder ett projekt om hemlöshet."})
    response = client.post(register_url(event, "en"), data)
    assert response.status_code == 303
    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.APPLIED
    assert registration.motivation == "Jag leder ett projekt om hemlöshet."


# --- the booking page -------------------------------------------------------------------


def test_unknown_booking_token_is_404(client):
    assert client.get(booking_url("no-such-token")).status_code == 404
    assert client.get(booking_url("12-" + "0" * 32)).status_code == 404


def test_participant_link_shows_only_that_participant(client):
    event = make_event()
    result = book(event, "Anna Berg", "Bo Ek")
    bo = result.registrations[1]
    html = html_of(client.get(booking_url(participant_key(bo))))
    assert "Bo Ek" in html
    assert "Anna Berg" not in html
    whole = html_of(client.get(booking_url(result.booking.manage_token)))
    assert "Anna Berg" in whole
    assert "Bo Ek" in whole


def test_a_participant_link_with_a_wrong_digest_is_404(client):
    event = make_event()
    registration = book(event, "Anna Berg").registrations[0]
    key = participant_key(registration)
    tampered = key[:-1] + ("0" if key[-1] != "0" else "1")
    assert client.get(booking_url(tampered)).status_code == 404


def test_online_link_only_for_confirmed_participants_of_online_events(client):
    event = make_event(
        tickets=[{"capacity": 1}],
        format=EventFormat.DIGITAL,
        online_url="https://meet.example.org/natverk",
    )
    confirmed = book(event, "Anna Berg")
    waiting = book(event, "Bo Ek")
    assert "meet.example.org" in html_of(
        client.get(booking_url(confirmed.booking.manage_token))
    )
    assert "meet.example.org" not in html_of(
        client.get(booking_url(waiting.booking.manage_token))
    )


def test_on_site_event_never_shows_an_online_link(client):
    event = make_event(online_url="https://meet.example.org/natverk")
    result = book(event, "Anna Berg")
    html = html_of(client.get(booking_url(result.booking.manage_token)))
    assert "meet.example.org" not in html


# --- cancel, change, offers --------------------------------------------------------------


def test_cancelling_frees_the_place_for_the_next_in_line(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(tickets=[{"capacity": 1}])
    first = book(event, "Anna Berg")
    second = book(event, "Bo Ek")
    waiting = second.registrations[0]
    token = first.booking.manage_token
    registration = first.registrations[0]
    url = action_url("booking_cancel", token, registration, "en")
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Yes, cancel" in html_of(confirm)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a GET changes nothing
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 303
    assert response["Location"] == booking_url(token, "en")
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.OFFERED
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["anna.berg@example.org", "bo.ek@example.org"]
    offer_mail = next(m for m in mailoutbox if m.to == ["bo.ek@example.org"])
    # Bo booked for himself: the offer links to his booking.
    offer_path = action_url("booking_offer", second.booking.manage_token, waiting)
    assert offer_path in offer_mail.body


def test_cancelling_after_the_start_is_refused(client):
    event = make_event(starts_in=timedelta(hours=-1), hours=5)
    result = book(
        event,
        "Anna Berg",
        now=timezone.now() - timedelta(days=2),
    )
    registration = result.registrations[0]
    url = action_url("booking_cancel", result.booking.manage_token, registration)
    response = client.post(url)
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_participant_of_another_booking_is_404(client):
    event = make_event()
    mine = book(event, "Anna Berg")
    theirs = book(event, "Bo Ek").registrations[0]
    url = action_url("booking_cancel", mine.booking.manage_token, theirs)
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.CONFIRMED


def test_accepting_an_offer_confirms_the_place(
    client, django_capture_on_commit_callbacks
):
    event = make_event(tickets=[{"capacity": 1}])
    first = book(event, "Anna Berg").registrations[0]
    result = book(event, "Bo Ek")
    registration_cancel(registration=first)
    offered = result.registrations[0]
    url = action_url("booking_offer", result.booking.manage_token, offered)
    page = client.get(url)
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accept"})
    assert response.status_code == 303
    offered.refresh_from_db()
    assert offered.status == RegistrationStatus.CONFIRMED
    assert offered.seat == 1


def test_declining_an_offer_passes_it_on(client):
    event = make_event(tickets=[{"capacity": 1}])
    first = book(event, "Anna Berg").registrations[0]
    result = book(event, "Bo Ek")
    later = book(event, "Cecilia Lund").registrations[0]
    registration_cancel(registration=first)
    offered = result.registrations[0]
    url = action_url("booking_offer", result.booking.manage_token, offered)
    response = client.post(url, {"decision": "decline"})
    assert response.status_code == 303
    offered.refresh_from_db()
    later.refresh_from_db()
    assert offered.status == RegistrationStatus.CANCELLED
    assert later.status == RegistrationStatus.OFFERED


def test_an_offer_without_a_decision_or_not_open_is_refused(client):
    event = make_event()
    result = book(event, "Anna Berg")
    registration = result.registrations[0]
    url = action_url("booking_offer", result.booking.manage_token, registration)
    assert client.post(url, {"decision": "maybe"}).status_code == 400
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_changing_the_name_keeps_the_place(client):
    event = make_event(tickets=[{"capacity": 5}])
    result = book(event, "Anna Berg")
    registration = result.registrations[0]
    seat, code = registration.seat, registration.ticket_code
    url = action_url("booking_change", result.booking.manage_token, registration)
    assert 'value="Anna Berg"' in html_of(client.get(url))
    response = client.post(url, {"name": "Anna  Berg-Lind", "organisation": "Region"})
    assert response.status_code == 303
    registration.refresh_from_db()
    assert registration.name == "Anna Berg-Lind"
    assert registration.organisation == "Region"
    assert (registration.seat, registration.ticket_code) == (seat, code)
    assert registration.status == RegistrationStatus.CONFIRMED


def test_changing_to_an_empty_name_is_refused(client):
    event = make_event()
    result = book(event, "Anna Berg")
    registration = result.registrations[0]
    url = action_url("booking_change", result.booking.manage_token, registration)
    response = client.post(url, {"name": " ", "organisation": ""})
    assert response.status_code == 400
    assert "error-summary" in html_of(response)
    registration.refresh_from_db()
    assert registration.name == "Anna Berg"


def test_the_change_form_never_shows_health_questions(client):
    event = make_event()
    question(event, "Kost eller allergier", is_health_data=True)
    text = question(event, "Vilken kommun?")
    result = book(event, "Anna Berg")
    registration = result.registrations[0]
    url = action_url("booking_change", result.booking.manage_token, registration)
    html = html_of(client.get(url))
    assert "Vilken kommun?" in html
    assert "Kost eller allergier" not in html
    response = client.post(url, {"name": "Anna Berg", text.key: "Lund"})
    assert response.status_code == 303
    registration.refresh_from_db()
    assert registration.answers == {text.key: "Lund"}


# --- the ticket image ---------------------------------------------------------------------


def test_ticket_png_for_a_confirmed_ticket_and_404_otherwise(client):
    event = make_event(tickets=[{"capacity": 1}])
    confirmed = book(event, "Anna Berg").registrations[0]
    waiting = book(event, "Bo Ek").registrations[0]
    response = client.get(
        reverse("events:ticket_qr", kwargs={"ticket_code": confirmed.ticket_code})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    missing = reverse("events:ticket_qr", kwargs={"ticket_code": waiting.ticket_code})
    assert client.get(missing).status_code == 404
    unknown = reverse("events:ticket_qr", kwargs={"ticket_code": "not-a-code"})
    assert client.get(unknown).status_code == 404


# --- the registration box on the event page ----------------------------------------------


def render_box(page, user=None, language="en") -> str:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    template = Template("{% load event_registration %}{% registration_box page %}")
    with translation.override(language):
        return template.render(Context({"page": page, "request": request}))


def test_box_shows_tickets_and_the_register_button():
    event = make_event(
        tickets=[{"name_sv": "Ordinarie", "price": "450", "capacity": 3}]
    )
    html = render_box(event)
    assert "<caption>Tickets</caption>" in html
    assert "SEK 450 incl. VAT (of which VAT SEK 90)" in html
    assert "3 places left" in html
    assert register_url(event, "en") in html
    assert ">Register<" in html


def test_box_of_a_raffle_asks_for_applications_once_the_raffle_is_open():
    event = make_event(mode=RegistrationMode.RAFFLE)
    html = render_box(event)
    assert "Applications open when the organisers start the raffle." in html
    assert register_url(event, "en") not in html
    open_raffle(event)
    html = render_box(event)
    assert "drawn among the applications" in html
    assert register_url(event, "en") in html
    assert ">Apply<" in html


@pytest.mark.parametrize(
    ("fields", "text", "link"),
    [
        ({"mode": RegistrationMode.NONE}, "no registration", False),
        (
            {"registration_opens_at": timezone.now() + timedelta(days=2)},
            "Registration opens",
            False,
        ),
    ],
)
def test_box_tells_the_state(fields, text, link):
    event = make_event(**fields)
    html = render_box(event)
    assert text in html
    assert (register_url(event, "en") in html) is link


def test_box_offers_the_waiting_list_when_full():
    event = make_event(tickets=[{"capacity": 1}])
    book(event, "Bo Ek")
    html = render_box(event)
    assert "Join the waiting list" in html
    assert "Fully booked" in html


def test_box_tells_a_member_they_are_registered_with_a_link():
    user = UserFactory(email="sara@example.org")
    event = make_event()
    result = book_for(event, user)
    html = render_box(event, user)
    assert "You are registered: Confirmed." in html
    assert booking_url(result.booking.manage_token, "en") in html


def test_box_links_a_colleague_to_their_own_registration_only():
    user = UserFactory(email="bo.ek@example.org")
    event = make_event()
    result = book(event, "Anna Berg", "Bo Ek")
    html = render_box(event, user)
    assert result.booking.manage_token not in html
    assert participant_key(result.registrations[1]) in html


@pytest.mark.parametrize("tickets", [1, 6])
def test_box_query_count_does_not_grow_with_tickets(tickets, django_assert_num_queries):
    user = UserFactory()
    event = make_event(tickets=[{"capacity": 5 + i} for i in range(tickets)])
    book(event, "Anna Berg")
    english_page = english(event)
    event = type(event).objects.get(pk=event.pk)
    english_page = type(english_page).objects.get(pk=english_page.pk)
    with django_assert_num_queries(BOX_QUERIES):
        render_box(event, user)
    # The English page also finds the Swedish one that holds the records.
    with django_assert_num_queries(BOX_QUERIES + 2):
        render_box(english_page, user)


BOX_QUERIES = 4


def book_for(event, user):
    return booking_create(
        event=event,
        name="Sara Exempel",
        email=user.email,
        user=user,
        participants=[
            Participant(
                ticket_type=event.ticket_types.first(),
                name="Sara Exempel",
                email=user.email,
                user=user,
            )
        ],
    )


# --- query counts do not grow with the number of participants -----------------------------

REGISTER_QUERIES = 10  # event, its translation, tickets, places, questions, lists …
BOOKING_QUERIES = 4  # booking, its registrations, the event in English, questions


@pytest.mark.parametrize("people", [1, 4])
def test_form_query_count_does_not_grow_with_participants(
    client, people, django_assert_num_queries
):
    event = make_event()
    question(event, "Kommun")
    question(event, "Allergier", is_health_data=True)
    english(event)
    client.get(register_url(event, "en"))  # the menus, cached per page by base.html
    data = valid_post(event, action="count", count=str(people))
    with django_assert_num_queries(REGISTER_QUERIES):
        response = client.post(register_url(event, "en"), data)
    assert html_of(response).count('class="form-section participant"') == people


@pytest.mark.parametrize("people", [1, 4])
def test_booking_page_query_count_does_not_grow_with_participants(
    client, people, django_assert_num_queries
):
    event = make_event()
    question(event, "Kommun")
    english(event)
    result = book(event, *[f"Person {i}" for i in range(people)])
    url = booking_url(result.booking.manage_token, "en")
    client.get(url)  # the site's menus, cached per page by base.html
    with django_assert_num_queries(BOOKING_QUERIES):
        response = client.get(url)
    assert html_of(response).count('class="booking-participant') == people
