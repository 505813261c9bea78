"""The organisers' tools in the admin: lists, the CSV export, messages, payments,
cancellation, badges, and the strict CSP on every page."""

import csv
import io
import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest

from motesplats.core.models import AuditEntry
from motesplats.events.enums import (
    PaymentStatus,
    QuestionKind,
    RegistrationMode,
    RegistrationStatus,
)
from motesplats.events.models import Booking, Registration, RegistrationQuestion
from motesplats.events.services.registration import Invoice
from motesplats.nodes.models import Node
from motesplats.nodes.services import node_editor_add
from tests.factories import UserFactory, login_with_totp

from .factories import book, make_event

pytestmark = pytest.mark.django_db

INVOICE = Invoice("Malmö stad", "2120000142", "Ref 12", "Box 1, 205 80 Malmö", "")
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def organiser(client):
    """A node editor of Malmö, signed in with TOTP, reading the admin in English."""
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="malmo"), user=user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    login_with_totp(client, user)
    return user


@pytest.fixture
def event():
    return make_event(
        node="malmo",
        tickets=[
            {"name_sv": "Konferens", "name_en": "Conference", "capacity": 3},
            {"name_sv": "Student", "name_en": "Student"},
        ],
    )


def url(name, event, *args):
    return reverse(f"events_admin:{name}", args=[event.pk, *args])


# --- lists -------------------------------------------------------------------------------


def _queries(client, page) -> int:
    """The queries one request for `page` makes, the session and menus included.

    The admin's menus belong to other apps and change with them, so the page tests pin
    the count measured at one size and require exactly that at a larger size; the
    selectors' own counts are pinned as numbers in test_reports.py.
    """
    client.get(page)  # warm the per-session caches first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_participants_page_lists_and_searches(client, organiser, event):
    book(event, "Åsa Öberg", "Bo Ek")
    Registration.objects.filter(name="Bo Ek").update(organisation="Coompanion")
    html = client.get(url("participants", event)).content.decode()
    assert "Åsa Öberg" in html
    assert "Bo Ek" in html
    assert "2 registrations" in html
    html = client.get(url("participants", event), {"q": "coompanion"}).content.decode()
    assert "Bo Ek" in html
    assert "Åsa Öberg" not in html


def test_participants_filter_by_status_and_ticket(client, organiser, event):
    conference, student = event.ticket_types.all()
    book(event, "Anna Berg", "Bo Ek", "Cecilia Lund", ticket=conference)
    book(event, "David Holm", ticket=conference)  # waiting
    book(event, "Eva Sund", ticket=student)
    page = url("participants", event)
    html = client.get(page, {"status": "waiting"}).content.decode()
    assert "David Holm" in html
    assert "Anna Berg" not in html
    html = client.get(page, {"ticket_type": student.pk}).content.decode()
    assert "Eva Sund" in html
    assert "Anna Berg" not in html


def test_bad_filters_are_explained_not_a_500(client, organiser, event):
    book(event, "Anna Berg")
    response = client.get(
        url("participants", event), {"status": "nonsense", "ticket_type": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_status"' in html
    assert "Anna Berg" in html


def _book_many(event, count, start=0):
    conference, student = event.ticket_types.all()
    for n in range(start, start + count):
        ticket = conference if n < 3 else student
        book(event, f"Deltagare {n:03d}", ticket=ticket)


def test_participants_page_query_count_does_not_grow(
    client, organiser, event, django_assert_num_queries
):
    _book_many(event, 3)
    page = url("participants", event)
    small = _queries(client, page)
    _book_many(event, 30, start=3)
    with django_assert_num_queries(small):
        html = client.get(page).content.decode()
    assert "33 registrations" in html


def test_event_list_query_count_does_not_grow(
    client, organiser, django_assert_num_queries
):
    index = reverse("events_admin:index")
    first = make_event(node="malmo", title="Första träffen")
    book(first, "Anna Berg")
    small = _queries(client, index)
    for n in range(4):
        book(make_event(node="malmo", title=f"Träff {n}"), f"Person {n}")
    with django_assert_num_queries(small):
        html = client.get(index).content.decode()
    assert "Träff 3" in html
    assert "Första träffen" in html


def test_dashboard_shows_the_figures(client, organiser, event):
    book(event, "Anna Berg", "Bo Ek")
    html = client.get(url("dashboard", event)).content.decode()
    assert "<caption>Per ticket type</caption>" in html
    assert '<th scope="row">Conference</th>' in html
    assert "Known when the event has ended" in html


# --- cancellation --------------------------------------------------------------------------


def test_cancel_asks_first_then_promotes_the_waiting_list(
    client, organiser, event, mailoutbox, django_capture_on_commit_callbacks
):
    conference = event.ticket_types.first()
    book(event, "Anna Berg", "Bo Ek", "Cecilia Lund", ticket=conference)
    book(event, "David Holm", ticket=conference)
    anna = Registration.objects.get(name="Anna Berg")
    page = url("participant_cancel", event, anna.pk)
    html = client.get(page).content.decode()
    assert "Cancel the registration of Anna Berg" in html
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page)
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CANCELLED
    david = Registration.objects.get(name="David Holm")
    assert david.status == RegistrationStatus.OFFERED
    assert [m.to for m in mailoutbox] == [["david.holm@example.org"]]


def test_cancel_of_another_events_registration_changes_nothing(
    client, organiser, event
):
    other = make_event(node="lulea")
    book(other, "Anna Berg")
    registration = Registration.objects.get(event=other)
    response = client.post(url("participant_cancel", event, registration.pk))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


# --- the CSV export ------------------------------------------------------------------------


@pytest.fixture
def questions(event):
    food = RegistrationQuestion.objects.create(
        event=event,
        label_sv="Specialkost",
        label_en="Dietary needs",
        is_health_data=True,
    )
    role = RegistrationQuestion.objects.create(
        event=event, label_sv="Roll", label_en="Role", sort_order=1
    )
    photo = RegistrationQuestion.objects.create(
        event=event,
        label_sv="Får vi fotografera dig?",
        label_en="May we take your photo?",
        kind=QuestionKind.BOOLEAN,
        sort_order=2,
    )
    return food, role, photo


@pytest.fixture
def answered(event, questions):
    food, role, photo = questions
    book(event, "Anna Berg", '=HYPERLINK("http://x","klicka")')
    Registration.objects.filter(name="Anna Berg").update(
        organisation="Malmö stad",
        answers={role.key: "Utvecklare", photo.key: True},
        health_answers={food.key: "Vegetarisk, nötallergi"},
        health_consent_at=timezone.now(),
    )
    Registration.objects.exclude(name="Anna Berg").filter(event=event).update(
        answers={role.key: "@chef", photo.key: False}
    )
    return event


def _rows(response) -> list[list[str]]:
    assert response.content.startswith(BOM)
    text = response.content[len(BOM) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_has_bom_headers_answers_and_a_dated_filename(client, organiser, answered):
    response = client.get(url("participants_csv", answered))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert (
        f'filename="deltagare-{answered.slug}-{today}.csv"'
        in response["Content-Disposition"]
    )
    header, *rows = _rows(response)
    assert header[:3] == ["Name", "E-mail", "Organisation"]
    assert header[-2:] == ["Role", "May we take your photo?"]
    anna = next(r for r in rows if r[0] == "Anna Berg")
    assert anna[2] == "Malmö stad"
    assert anna[-2:] == ["Utvecklare", "Yes"]
    assert len(rows) == 2


def test_csv_defuses_formulas(client, organiser, answered):
    _header, *rows = _rows(client.get(url("participants_csv", answered)))
    other = next(r for r in rows if r[0] != "Anna Berg")
    assert other[0] == '\'=HYPERLINK("http://x","klicka")'
    assert other[-2] == "'@chef"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_csv_leaves_out_health_answers_unless_asked(client, organiser, answered):
    plain = client.get(url("participants_csv", answered))
    posted = client.post(url("participants_csv", answered), {})
    for response in (plain, posted):
        header, *rows = _rows(response)
        assert "Dietary needs" not in header
        assert all("nötallergi" not in cell for r in rows for cell in r)
    logged = AuditEntry.objects.filter(action="events.participants.exported")
    assert logged.count() == 2
    assert [e.data["health_answers"] for e in logged] == [False, False]


def test_csv_with_health_answers_when_asked_is_logged(client, organiser, answered):
    response = client.post(url("participants_csv", answered), {"include_health": "on"})
    header, *rows = _rows(response)
    assert header[-1] == "Dietary needs"
    anna = next(r for r in rows if r[0] == "Anna Berg")
    assert anna[-1] == "Vegetarisk, nötallergi"
    entry = AuditEntry.objects.get(action="events.participants.exported")
    assert entry.data == {"health_answers": True, "rows": 2}
    assert entry.actor == organiser


# --- messages ------------------------------------------------------------------------------


@pytest.fixture
def groups(event):
    conference, student = event.ticket_types.all()
    book(event, "Anna Berg", "Bo Ek", "Cecilia Lund", ticket=conference)
    book(event, "David Holm", ticket=conference)  # waiting
    book(event, "Eva Sund", ticket=student)
    return conference, student


def _preview(client, event, **data):
    data = {"audience": "confirmed", "subject": "Praktisk information", **data}
    data.setdefault("body", "Välkomna till Orkanen kl. 9.")
    return client.post(url("message", event), {**data, "action": "preview"})


def _send(client, event, **data):
    preview = _preview(client, event, **data)
    assert preview.status_code == 200
    context = preview.context
    fields = {"audience": "confirmed", "subject": "Praktisk information"}
    fields.setdefault("body", "Välkomna till Orkanen kl. 9.")
    fields.update(data)
    return client.post(
        url("message", event),
        {
            **fields,
            "action": "send",
            "previewed": context["fingerprint"],
            "send_key": context["preview"]["send_key"],
        },
    )


def test_preview_counts_and_sends_nothing(client, organiser, event, groups, mailoutbox):
    response = _preview(client, event)
    assert "The message goes to 4 people." in response.content.decode()
    assert "Send to 4 people" in response.content.decode()
    assert mailoutbox == []


def test_send_to_all_confirmed_one_mail_each(
    client, organiser, event, groups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, event)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna.berg@example.org",
        "bo.ek@example.org",
        "cecilia.lund@example.org",
        "eva.sund@example.org",
    ]
    assert all(len(m.to) == 1 and not m.bcc and not m.cc for m in mailoutbox)
    assert mailoutbox[0].subject == "Praktisk information"
    assert "Välkomna till Orkanen kl. 9." in mailoutbox[0].body
    # A footer in the participant's language says why the mail came.
    assert event.title in mailoutbox[0].body.split("\n-- \n")[-1]
    entry = AuditEntry.objects.get(action="events.message.sent")
    assert entry.data["recipients"] == 4
    assert entry.actor == organiser


def test_send_to_one_ticket_type(
    client, organiser, event, groups, mailoutbox, django_capture_on_commit_callbacks
):
    _, student = groups
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, event, audience="ticket", ticket_type=str(student.pk))
    assert [m.to for m in mailoutbox] == [["eva.sund@example.org"]]


def test_send_to_the_waiting_list(
    client, organiser, event, groups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, event, audience="waiting")
    assert [m.to for m in mailoutbox] == [["david.holm@example.org"]]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": ""}, "Write a subject."),
        ({"body": "   "}, "Write the message."),
        ({"audience": "ticket"}, "Choose a ticket type."),
        ({"audience": "everyone"}, "Select a valid choice."),
        ({"subject": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_input_sends_nothing(
    client,
    organiser,
    event,
    groups,
    mailoutbox,
    django_capture_on_commit_callbacks,
    data,
    error,
):
    fields = {
        "audience": "confirmed",
        "subject": "Hej",
        "body": "Text",
        "action": "send",
        **data,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("message", event), fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert error in html
    assert mailoutbox == []
    assert not AuditEntry.objects.filter(action="events.message.sent").exists()


def test_an_empty_group_sends_nothing(
    client, organiser, event, mailoutbox, django_capture_on_commit_callbacks
):
    book(event, "Anna Berg")
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, event, audience="waiting")
    assert response.status_code == 200
    assert mailoutbox == []


def test_a_message_changed_after_the_preview_is_previewed_again(
    client, organiser, event, groups, mailoutbox, django_capture_on_commit_callbacks
):
    preview = _preview(client, event, audience="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("message", event),
            {
                "audience": "confirmed",
                "subject": "Praktisk information",
                "body": "Välkomna till Orkanen kl. 9.",
                "action": "send",
                "previewed": preview.context["fingerprint"],
                "send_key": preview.context["preview"]["send_key"],
            },
        )
    assert response.status_code == 200
    assert "The message changed after the preview" in response.content.decode()
    assert mailoutbox == []


def test_sending_twice_with_one_preview_sends_once(
    client, organiser, event, groups, mailoutbox, django_capture_on_commit_callbacks
):
    preview = _preview(client, event)
    data = {
        "audience": "confirmed",
        "subject": "Praktisk information",
        "body": "Välkomna till Orkanen kl. 9.",
        "action": "send",
        "previewed": preview.context["fingerprint"],
        "send_key": preview.context["preview"]["send_key"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("message", event), data)
        client.post(url("message", event), data)
    assert len(mailoutbox) == 4


# --- payments ------------------------------------------------------------------------------


@pytest.fixture
def paid_event():
    return make_event(node="malmo", tickets=[{"name_sv": "Konferens", "price": "900"}])


def test_payments_list_shows_invoice_details(client, organiser, paid_event):
    book(paid_event, "Anna Berg", invoice=INVOICE)
    html = client.get(url("payments", paid_event)).content.decode()
    assert "Malmö stad" in html
    assert "212000-0142" in html
    assert "Ref 12" in html
    assert "900.00" in html or "900,00" in html


def test_mark_paid_records_who_and_when_then_unpaid(client, organiser, paid_event):
    booking = book(paid_event, "Anna Berg", invoice=INVOICE).booking
    response = client.post(url("payment_mark", paid_event, booking.pk), {"paid": "1"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.payment_status == PaymentStatus.PAID
    assert booking.paid_marked_by == organiser
    assert booking.paid_marked_at is not None
    assert AuditEntry.objects.filter(
        action="events.booking.marked_paid", actor=organiser
    ).exists()
    html = client.get(url("payments", paid_event)).content.decode()
    assert "Mark as unpaid" in html
    client.post(url("payment_mark", paid_event, booking.pk), {"paid": "0"})
    booking.refresh_from_db()
    assert booking.payment_status == PaymentStatus.INVOICE_PENDING
    assert booking.paid_marked_at is None
    assert AuditEntry.objects.filter(action="events.booking.marked_unpaid").exists()


def test_a_free_booking_cannot_be_marked_paid(client, organiser, event):
    booking = book(event, "Anna Berg").booking
    response = client.post(
        url("payment_mark", event, booking.pk), {"paid": "1"}, follow=True
    )
    assert "This booking has nothing to pay." in response.content.decode()
    booking.refresh_from_db()
    assert booking.payment_status == PaymentStatus.NOT_REQUIRED


def test_bad_payment_input_changes_nothing(client, organiser, paid_event):
    booking = book(paid_event, "Anna Berg", invoice=INVOICE).booking
    client.post(url("payment_mark", paid_event, booking.pk), {"paid": "maybe"})
    client.post(url("payment_mark", paid_event, 999_999), {"paid": "1"})
    booking.refresh_from_db()
    assert booking.payment_status == PaymentStatus.INVOICE_PENDING
    assert Booking.objects.filter(payment_status=PaymentStatus.PAID).count() == 0


def test_marking_paid_needs_post(client, organiser, paid_event):
    booking = book(paid_event, "Anna Berg", invoice=INVOICE).booking
    response = client.get(url("payment_mark", paid_event, booking.pk))
    assert response.status_code == 405


# --- badges --------------------------------------------------------------------------------


def test_badges_for_confirmed_participants_with_qr_codes(client, organiser, event):
    conference, student = event.ticket_types.all()
    book(event, "Anna Berg", ticket=conference)
    book(event, "Eva Sund", ticket=student)
    Registration.objects.filter(name="Anna Berg").update(organisation="Malmö stad")
    html = client.get(url("badges", event)).content.decode()
    assert html.count('class="badge"') == 2
    assert html.count('<svg role="img"') == 2
    assert "Malmö stad" in html
    assert "badges--sheet" in html
    html = client.get(
        url("badges", event), {"ticket_type": student.pk, "layout": "a6"}
    ).content.decode()
    assert html.count('class="badge"') == 1
    assert "Eva Sund" in html
    assert "badges--a6" in html


def test_badges_leave_out_the_waiting_list(client, organiser, event):
    conference = event.ticket_types.first()
    book(event, "Anna Berg", "Bo Ek", "Cecilia Lund", ticket=conference)
    book(event, "David Holm", ticket=conference)
    html = client.get(url("badges", event)).content.decode()
    assert html.count('class="badge"') == 3
    assert "David Holm" not in html


# --- no inline script or style -------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
DATA_TYPES = ("application/json", "text/template", "application/ld+json")
TEMPLATES = Path(settings.BASE_DIR) / "motesplats" / "templates" / "events"


def test_organiser_pages_serve_no_inline_script(client, organiser, event):
    book(event, "Anna Berg")
    registration = Registration.objects.get(event=event)
    pages = [
        reverse("events_admin:index"),
        url("dashboard", event),
        url("participants", event),
        url("participant_cancel", event, registration.pk),
        url("message", event),
        url("payments", event),
        url("checkin", event),
        url("badges", event),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        inline = [
            body
            for attrs, body in INLINE_SCRIPT.findall(html)
            if body.strip() and not any(kind in attrs for kind in DATA_TYPES)
        ]
        assert inline == [], page
        assert "css/events-admin.css" in html, page
    checkin = client.get(url("checkin", event)).content.decode()
    assert 'src="/static/js/events-checkin.js" defer' in checkin


def test_organiser_templates_have_no_inline_script_or_style():
    files = [
        *TEMPLATES.glob("admin/*.html"),
        TEMPLATES / "includes/organiser_links.html",
    ]
    ours = [f for f in files if not f.name.startswith("raffle")]
    assert len(ours) >= 12
    for path in ours:
        text = path.read_text(encoding="utf-8")
        assert " style=" not in text, path
        assert "<style" not in text, path
        assert not INLINE_SCRIPT.search(text), path


def test_send_without_a_preview_only_previews(
    client, organiser, event, groups, mailoutbox, django_capture_on_commit_callbacks
):
    data = {"audience": "confirmed", "subject": "Hej", "body": "Text", "action": "send"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("message", event), data)
    html = response.content.decode()
    assert "The message goes to 4 people." in html
    assert "The message changed after the preview" not in html
    assert mailoutbox == []


def test_a_raffle_events_tools_link_to_its_raffle(client, organiser):
    raffle = make_event(node="malmo", mode=RegistrationMode.RAFFLE)
    html = client.get(url("dashboard", raffle)).content.decode()
    assert reverse("events_raffle_admin:overview", args=[raffle.pk]) in html


def test_payments_page_query_count_does_not_grow(
    client, organiser, paid_event, django_assert_num_queries
):
    book(paid_event, "Anna Berg", invoice=INVOICE)
    page = url("payments", paid_event)
    small = _queries(client, page)
    for n in range(6):
        booking = book(paid_event, f"Person {n}", invoice=INVOICE).booking
        if n % 2:
            client.post(url("payment_mark", paid_event, booking.pk), {"paid": "1"})
    client.get(page)
    with django_assert_num_queries(small):
        html = client.get(page).content.decode()
    assert "7 bookings" in html
