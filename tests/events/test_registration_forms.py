"""The registration forms, prices and the participants' change service, without HTTP."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone, translation

import pytest

from motesplats.events import registration_selectors as states
from motesplats.events.enums import RegistrationMode, RegistrationStatus
from motesplats.events.forms.registration import (
    MAX_PARTICIPANTS,
    ParticipantChangeForm,
    RegistrationForms,
    answer_text,
    booking_limit,
    format_sek,
    places_text,
    price_text,
    valid_submission_key,
)
from motesplats.events.models import Raffle, TicketType
from motesplats.events.registration_selectors import TicketOffer, registration_state
from motesplats.events.services.changes import (
    registration_update,
    registration_withdraw,
)
from motesplats.events.services.registration import (
    Participant,
    RegistrationError,
    booking_create,
)

from .factories import book, make_event
from .registration_helpers import open_raffle, question, valid_post

pytestmark = pytest.mark.django_db


def forms_for(event, data=None, language="en"):
    state = registration_state(event=event)
    questions = list(event.questions.all())
    if data is not None:
        query = QueryDict(mutable=True)
        for key, value in data.items():
            query[key] = value
        data = query
    with translation.override(language):
        return RegistrationForms(
            state=state, questions=questions, language=language, data=data
        )


# --- prices and places -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("450", "SEK 450"),
        ("1250", "SEK 1,250"),
        ("99.50", "SEK 99.50"),
        ("0", "SEK 0"),
    ],
)
def test_amounts_in_english(amount, text):
    with translation.override("en"):
        assert format_sek(Decimal(amount)) == text


def test_swedish_amounts_group_thousands_with_a_space():
    with translation.override("sv"):
        assert "1\xa0250" in format_sek(Decimal("1250"))
        assert "99,50" in format_sek(Decimal("99.50"))


@pytest.mark.parametrize(
    ("price", "rate", "vat"),
    [("450", "25", "SEK 90"), ("106", "6", "SEK 6"), ("112", "12", "SEK 12")],
)
def test_price_shows_the_vat_included(price, rate, vat):
    ticket = TicketType(price=Decimal(price), vat_rate=rate)
    with translation.override("en"):
        assert price_text(ticket) == f"SEK {price} incl. VAT (of which VAT {vat})"


def test_free_ticket_reads_free_of_charge():
    with translation.override("en"):
        assert price_text(TicketType(price=Decimal("0"))) == "Free of charge"


def test_places_left_text():
    ticket = TicketType(price=Decimal("0"))
    with translation.override("en"):
        assert places_text(TicketOffer(ticket, None), waiting_list=True) == ""
        assert places_text(TicketOffer(ticket, 1), waiting_list=True) == "1 place left"
        assert places_text(TicketOffer(ticket, 7), waiting_list=True) == "7 places left"
        assert places_text(TicketOffer(ticket, 0), waiting_list=False) == "Fully booked"
        assert "waiting list" in places_text(TicketOffer(ticket, 0), waiting_list=True)


def test_booking_limit_is_the_largest_ticket_limit_within_the_ceiling():
    event = make_event(tickets=[{"max_per_booking": 3}, {"max_per_booking": 5}])
    assert booking_limit(registration_state(event=event)) == 5
    big = make_event(tickets=[{"max_per_booking": 500}])
    assert booking_limit(registration_state(event=big)) == MAX_PARTICIPANTS


# --- where registration stands ------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, states.OPEN),
        ({"mode": RegistrationMode.NONE}, states.NONE),
        ({"mode": RegistrationMode.RAFFLE}, states.NOT_YET),
        ({"starts_in": timedelta(days=-2)}, states.PAST),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, states.NOT_YET),
        ({"registration_closes_at": timezone.now() - timedelta(days=1)}, states.CLOSED),
    ],
)
def test_registration_state(fields, status):
    event = make_event(**fields)
    assert registration_state(event=event).status == status


def test_sold_out_state_depends_on_the_waiting_list():
    with_list = make_event(tickets=[{"capacity": 1}])
    without = make_event(tickets=[{"capacity": 1}], waiting_list=False)
    book(with_list, "Anna Berg")
    book(without, "Anna Berg")
    assert registration_state(event=with_list).status == states.FULL_WAITING
    assert registration_state(event=without).status == states.FULL


def test_tickets_not_on_sale_are_not_offered():
    event = make_event(tickets=[{"name_sv": "Tidig"}, {"name_sv": "Sen"}])
    early, late = event.ticket_types.all()
    late.sale_starts_at = timezone.now() + timedelta(days=3)
    late.save()
    state = registration_state(event=event)
    assert [o.ticket for o in state.offers] == [early]
    early.is_active = False
    early.save()
    assert registration_state(event=event).status == states.NO_TICKETS


def test_an_open_raffle_takes_applications_until_it_closes():
    event = make_event(mode=RegistrationMode.RAFFLE)
    raffle = open_raffle(event)
    state = registration_state(event=event)
    assert state.status == states.RAFFLE
    assert state.closes_at == raffle.applications_close_at


def test_a_closed_raffle_takes_no_more_applications():
    event = make_event(mode=RegistrationMode.RAFFLE)
    Raffle.objects.create(
        event=event,
        places=10,
        applications_close_at=timezone.now() - timedelta(minutes=1),
    )
    assert registration_state(event=event).status == states.CLOSED


# --- the forms ------------------------------------------------------------------------


def test_submission_key_is_kept_when_valid_and_replaced_when_not():
    key = str(uuid.uuid4())
    assert valid_submission_key(key) == key
    replaced = valid_submission_key("'; drop table")
    assert str(uuid.UUID(replaced)) == replaced


def test_recount_keeps_the_typed_values_and_the_key():
    event = make_event()
    data = valid_post(event, action="count", count="2")
    forms = forms_for(event, data)
    assert forms.wants_recount()
    assert forms.recount() is True
    assert len(forms.participants) == 2
    first = forms.participants[0]
    assert first["name"].value() == "Anna Berg"
    assert forms.participants[1]["name"].value() is None
    assert forms.booking["submission_key"].value() == data["submission_key"]
    assert not forms.has_errors()


def test_recount_to_an_impossible_number_keeps_the_fieldsets_with_an_error(sv):
    event = make_event(tickets=[{"max_per_booking": 4}])
    forms = forms_for(event, valid_post(event, action="count", count="9"))
    assert forms.recount() is False
    assert len(forms.participants) == 1
    assert "Högst 4 deltagare" in str(forms.booking.errors["count"])
    assert forms.participants[0]["email"].value() == "anna.berg@example.org"


def test_a_forged_number_of_fieldsets_is_capped():
    event = make_event(tickets=[{"max_per_booking": 2}])
    forms = forms_for(event, valid_post(event, shown="100000"))
    assert len(forms.participants) == 2


def test_sold_out_ticket_is_disabled_without_a_waiting_list():
    event = make_event(
        tickets=[{"name_sv": "Fullt", "capacity": 1}, {"name_sv": "Ledigt"}],
        waiting_list=False,
    )
    full = event.ticket_types.get(name_sv="Fullt")
    book(event, "Bo Ek", ticket=full)
    forms = forms_for(event)
    html = str(forms.participants[0]["ticket_type"])
    option = html.split(f'value="{full.pk}"')[1].split(">")[0]
    assert "disabled" in option


def test_boolean_and_choice_answers_are_stored_language_independently():
    event = make_event()
    yes_no = question(
        event, "Vill du ha tolk?", kind="boolean", label_en="Interpreter?"
    )
    choice = question(
        event,
        "Pass",
        kind="choice",
        choices_sv="Förmiddag\nEftermiddag",
        choices_en="Morning\nAfternoon",
    )
    data = valid_post(event, **{f"p1-{yes_no.key}": "no", f"p1-{choice.key}": "0"})
    forms = forms_for(event, data)
    assert forms.is_valid(), forms.error_summary()
    [participant] = forms.service_arguments(user=None)["participants"]
    assert participant.answers == {yes_no.key: False, choice.key: "Förmiddag"}
    assert answer_text(choice, "Förmiddag", "en") == "Morning"
    with translation.override("en"):
        assert answer_text(yes_no, False, "en") == "No"


def test_a_choice_outside_the_list_is_refused():
    event = make_event()
    choice = question(event, "Pass", kind="choice", choices_sv="A\nB")
    forms = forms_for(event, valid_post(event, **{f"p1-{choice.key}": "7"}))
    assert not forms.is_valid()
    assert choice.key in forms.participants[0].errors


def test_invoice_is_passed_on_only_for_paid_tickets():
    event = make_event(tickets=[{"price": "300"}])
    data = valid_post(
        event,
        invoice_organisation="Exempelkommunen",
        invoice_org_number="212000-0142",
        invoice_address="Box 1",
    )
    forms = forms_for(event, data)
    assert forms.is_valid(), forms.error_summary()
    invoice = forms.service_arguments(user=None)["invoice"]
    assert invoice.org_number == "212000-0142"
    assert invoice.email == "anna.berg@example.org"
    free = make_event()
    forms = forms_for(free, valid_post(free))
    assert forms.is_valid()
    assert forms.service_arguments(user=None)["invoice"] is None


def test_error_summary_names_the_participant_and_links_the_field():
    event = make_event()
    forms = forms_for(event, valid_post(event, **{"p1-email": "fel"}))
    assert not forms.is_valid()
    with translation.override("en"):
        [entry] = forms.error_summary()
    assert entry["id"] == "id_p1-email"
    assert entry["text"].startswith("Participant 1 – E-mail address:")


# --- the change service ---------------------------------------------------------------


def test_update_changes_only_name_organisation_and_answers():
    event = make_event(tickets=[{"capacity": 3}])
    text = question(event, "Kommun")
    registration = book(event, "Anna Berg").registrations[0]
    before = (registration.seat, registration.ticket_code, registration.email)
    registration_update(
        registration=registration,
        data={
            "name": "Anna  Lind",
            "organisation": "Regionen",
            "answers": {text.key: "Lund"},
        },
    )
    registration.refresh_from_db()
    assert registration.name == "Anna Lind"
    assert registration.organisation == "Regionen"
    assert registration.answers == {text.key: "Lund"}
    assert (registration.seat, registration.ticket_code, registration.email) == before


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"organisation": "y" * 201}, "organisation"),
        ({"answers": {"q999999": "svar"}}, "unknown_question"),
    ],
)
def test_update_refuses_bad_data_and_saves_nothing(data, code):
    event = make_event()
    registration = book(event, "Anna Berg").registrations[0]
    with pytest.raises(RegistrationError) as info:
        registration_update(registration=registration, data=data)
    assert info.value.code == code
    registration.refresh_from_db()
    assert registration.name == "Anna Berg"


def test_update_cannot_touch_health_answers_or_skip_required_questions():
    event = make_event()
    health = question(event, "Allergier", is_health_data=True)
    required = question(event, "Kommun", required=True)
    registration = book(event, "Anna Berg").registrations[0]
    with pytest.raises(RegistrationError) as info:
        registration_update(
            registration=registration, data={"answers": {health.key: "x"}}
        )
    assert info.value.code == "unknown_question"
    with pytest.raises(RegistrationError) as info:
        registration_update(
            registration=registration, data={"answers": {required.key: ""}}
        )
    assert info.value.code == "required"


def test_a_cancelled_registration_cannot_be_changed_or_cancelled_again():
    event = make_event()
    registration = book(event, "Anna Berg").registrations[0]
    registration_withdraw(registration=registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    with pytest.raises(RegistrationError):
        registration_update(registration=registration, data={"name": "Ny"})
    with pytest.raises(RegistrationError) as info:
        registration_withdraw(registration=registration)
    assert info.value.code == "inactive"


def test_a_raffle_application_cannot_be_withdrawn_once_applications_close():
    event = make_event(mode=RegistrationMode.RAFFLE)
    raffle = open_raffle(event)
    ticket = event.ticket_types.first()
    result = booking_create(
        event=event,
        name="Anna Berg",
        email="anna@example.org",
        participants=[
            Participant(
                ticket_type=ticket,
                name="Anna Berg",
                email="anna@example.org",
                motivation="Motivering.",
            )
        ],
    )
    Raffle.objects.filter(pk=raffle.pk).update(status="committed")
    with pytest.raises(RegistrationError) as info:
        registration_withdraw(registration=result.registrations[0])
    assert info.value.code == "raffle_closed"


def test_change_form_starts_from_the_stored_answers():
    event = make_event()
    choice = question(
        event, "Pass", kind="choice", choices_sv="A\nB", choices_en="X\nY"
    )
    registration = book(event, "Anna Berg").registrations[0]
    registration.answers = {choice.key: "B"}
    form = ParticipantChangeForm(
        registration=registration, questions=[choice], language="en"
    )
    assert form[choice.key].value() == "1"
    assert form["name"].value() == "Anna Berg"
