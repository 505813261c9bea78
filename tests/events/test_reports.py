"""The organisers' figures and lists: right numbers, a fixed number of queries."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone, translation

import pytest

from motesplats.core.spreadsheet import csv_safe
from motesplats.events.enums import PaymentStatus, RegistrationStatus
from motesplats.events.forms.organiser import ticket_code_from
from motesplats.events.models import EventPage, Registration
from motesplats.events.reports import (
    bookings_to_invoice,
    checkin_counts,
    event_figures,
    event_list_for_organiser,
    event_places,
    participant_search,
)
from motesplats.events.services.registration import (
    Invoice,
    registration_cancel,
    registration_check_in,
)
from motesplats.nodes.models import Node
from motesplats.nodes.services import node_editor_add
from motesplats.taxonomy.models import Region, Sector
from tests.factories import UserFactory

from .factories import book, make_event

pytestmark = pytest.mark.django_db

INVOICE = Invoice("Region Skåne", "2120000142", "K-77", "291 89 Kristianstad", "")


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def _check_in(event, name):
    registration = Registration.objects.get(event=event, name=name)
    return registration_check_in(event=event, code=registration.ticket_code, actor=None)


def _end(event, *, ago=timedelta(hours=1)):
    """Move a booked event into the past (bookings are only taken before it)."""
    ends = timezone.now() - ago
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=ends - timedelta(hours=3), ends_at=ends
    )
    event.refresh_from_db()
    return event


def test_status_counts_and_places(en):
    event = make_event(tickets=[{"capacity": 2}])
    book(event, "Anna Berg")
    book(event, "Bo Ek")
    book(event, "Cecilia Lund")  # waiting
    cancelled = book(event, "David Holm").registrations[0]  # waiting, then cancelled
    registration_cancel(registration=cancelled)
    figures = event_figures(event=event)
    assert figures.confirmed == 2
    assert figures.by_status[RegistrationStatus.WAITING] == 1
    assert figures.by_status[RegistrationStatus.CANCELLED] == 1
    assert figures.places == 2
    assert figures.places_left == 0
    (ticket,) = figures.tickets
    assert ticket.confirmed == 2
    assert ticket.waiting == 1
    assert ticket.places_left == 0


def test_cancelling_a_confirmed_place_offers_it_and_the_figures_follow(en):
    event = make_event(tickets=[{"capacity": 1}])
    first = book(event, "Anna Berg").registrations[0]
    book(event, "Bo Ek")
    registration_cancel(registration=first)
    figures = event_figures(event=event)
    assert figures.confirmed == 0
    assert figures.by_status[RegistrationStatus.OFFERED] == 1
    assert figures.tickets[0].offered == 1
    assert figures.places_left == 0


def test_no_shows_are_counted_only_after_the_event(en):
    event = make_event()
    book(event, "Anna Berg", "Bo Ek", "Cecilia Lund")
    _check_in(event, "Anna Berg")
    before = event_figures(event=event)
    assert before.checked_in == 1
    assert before.no_shows is None
    _end(event)
    after = event_figures(event=event)
    assert after.checked_in == 1
    assert after.no_shows == 2


def test_figures_per_sector_and_county_with_not_stated(en):
    event = make_event()
    book(event, "Anna Berg", "Bo Ek", "Cecilia Lund", "David Holm")
    sector = Sector.objects.order_by("pk").first()
    county = Region.objects.order_by("pk").first()
    Registration.objects.filter(event=event, name__in=["Anna Berg", "Bo Ek"]).update(
        sector=sector, county=county
    )
    Registration.objects.filter(event=event, name="Cecilia Lund").update(sector=sector)
    figures = event_figures(event=event)
    assert figures.by_sector == [
        (sector.name_en or sector.name_sv, 3),
        ("Not stated", 1),
    ]
    assert figures.by_county == [
        (county.name_en or county.name_sv, 2),
        ("Not stated", 2),
    ]


def test_sector_names_follow_the_language():
    event = make_event()
    book(event, "Anna Berg")
    sector = Sector.objects.exclude(name_en="").order_by("pk").first()
    Registration.objects.filter(event=event).update(sector=sector)
    with translation.override("sv"):
        assert event_figures(event=event).by_sector == [(sector.name_sv, 1)]
    with translation.override("en"):
        assert event_figures(event=event).by_sector == [(sector.name_en, 1)]


def test_invoicing_totals(en):
    event = make_event(tickets=[{"price": "1200"}, {"name_sv": "Gratis"}])
    paid_ticket, free_ticket = event.ticket_types.all()
    first = book(event, "Anna Berg", "Bo Ek", ticket=paid_ticket, invoice=INVOICE)
    book(event, "Cecilia Lund", ticket=paid_ticket, invoice=INVOICE)
    book(event, "David Holm", ticket=free_ticket)
    first.booking.payment_status = PaymentStatus.PAID
    first.booking.save()
    figures = event_figures(event=event)
    assert figures.invoiced == Decimal("3600.00")
    assert figures.paid == Decimal("2400.00")
    assert figures.unpaid == Decimal("1200.00")
    assert figures.bookings_invoiced == 2
    assert figures.bookings_paid == 1


def test_figures_take_a_fixed_number_of_queries(en, django_assert_num_queries):
    small = make_event(tickets=[{"capacity": 5}, {"name_sv": "Student"}])
    book(small, "Anna Berg")
    large = make_event(tickets=[{"capacity": 50}, {"name_sv": "Student"}])
    for n in range(12):
        book(large, f"Person {n}")
    book(large, "Student Ett", ticket=large.ticket_types.last())
    with django_assert_num_queries(6):
        event_figures(event=small)
    with django_assert_num_queries(6):
        event_figures(event=large)


def test_event_list_counts_and_order(en, django_assert_num_queries):
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="umea"), user=user)
    later = make_event(node="umea", starts_in=timedelta(days=40), capacity=30)
    sooner = make_event(
        node="umea",
        starts_in=timedelta(days=5),
        tickets=[{"capacity": 2}, {"name_sv": "Student", "capacity": 3}],
    )
    past = make_event(node="umea", starts_in=timedelta(days=3))
    book(sooner, "Anna Berg", "Bo Ek")
    book(sooner, "Cecilia Lund")  # waiting: the first ticket type is full
    book(past, "David Holm")
    _check_in(past, "David Holm")
    _end(past)
    # The default locale, the editor's page permissions, then the list itself.
    with django_assert_num_queries(3):
        events = list(event_list_for_organiser(user=user))
    mine = [e for e in events if e.pk in {later.pk, sooner.pk, past.pk}]
    assert [e.pk for e in mine] == [sooner.pk, later.pk, past.pk]
    by_pk = {e.pk: e for e in mine}
    assert by_pk[sooner.pk].n_confirmed == 2
    assert by_pk[sooner.pk].n_waiting == 1
    assert event_places(by_pk[sooner.pk]) == 5
    assert event_places(by_pk[later.pk]) == 30
    assert by_pk[past.pk].n_checked_in == 1
    assert event_places(by_pk[past.pk]) is None


def test_search_by_name_email_and_organisation():
    event = make_event()
    book(event, "Åsa Öberg", "Bo Ek", "Cecilia Lund")
    Registration.objects.filter(event=event, name="Bo Ek").update(
        organisation="Coompanion Skåne"
    )

    def names(**kwargs):
        return [r.name for r in participant_search(event=event, **kwargs)]

    assert names(query="åsa") == ["Åsa Öberg"]
    assert names(query="ÖBERG") == ["Åsa Öberg"]
    assert names(query="cecilia.lund@") == ["Cecilia Lund"]
    assert names(query="coompanion") == ["Bo Ek"]
    assert names(query="bo coompanion") == ["Bo Ek"]
    assert names(query="bo lund") == []
    assert names(status=RegistrationStatus.CONFIRMED) == [
        "Bo Ek",
        "Cecilia Lund",
        "Åsa Öberg",
    ]


def test_search_filters_by_status_and_ticket_type():
    event = make_event(tickets=[{"capacity": 1}, {"name_sv": "Student"}])
    general, student = event.ticket_types.all()
    book(event, "Anna Berg", ticket=general)
    book(event, "Bo Ek", ticket=general)  # waiting
    book(event, "Cecilia Lund", ticket=student)
    waiting = participant_search(event=event, status=RegistrationStatus.WAITING)
    assert [r.name for r in waiting] == ["Bo Ek"]
    students = participant_search(event=event, ticket_type=student)
    assert [r.name for r in students] == ["Cecilia Lund"]


def test_checkin_counts():
    event = make_event()
    book(event, "Anna Berg", "Bo Ek")
    assert checkin_counts(event=event) == {"confirmed": 2, "checked_in": 0}
    _check_in(event, "Bo Ek")
    assert checkin_counts(event=event) == {"confirmed": 2, "checked_in": 1}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 70 123 45 67", "'+46 70 123 45 67"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Anna Berg", "Anna Berg"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_csv_safe_defuses_formulas(value, expected):
    assert csv_safe(value) == expected


def test_the_csv_parses_back_with_excel_separators(en):
    from motesplats.events.reports import participants_csv  # noqa: PLC0415

    event = make_event()
    book(event, "Anna; Berg")
    text, rows = participants_csv(event=event)
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == 1
    assert parsed[1][0] == "Anna; Berg"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("  abc_DEF-123  ", "abc_DEF-123"),
        ("https://example.org/sv/evenemang/biljett/abc_DEF-123/", "abc_DEF-123"),
        ("https://example.org/checkin?code=abc_DEF-123", "abc_DEF-123"),
        ("", ""),
    ],
)
def test_ticket_code_from_scanned_text(raw, code):
    assert ticket_code_from(raw) == code


def _page_of(queryset, touch):
    from django.core.paginator import Paginator  # noqa: PLC0415

    page = Paginator(queryset, 50).get_page(1)
    return [touch(item) for item in page.object_list], page.paginator.count


def test_list_selectors_take_two_queries_at_any_size(django_assert_num_queries):
    event = make_event(tickets=[{"price": "300"}])
    for size in (1, 12):
        while Registration.objects.filter(event=event).count() < size:
            n = Registration.objects.filter(event=event).count()
            book(event, f"Person {n}", invoice=INVOICE)
        with django_assert_num_queries(2):  # the count, then the page
            rows, count = _page_of(
                participant_search(event=event, query="person"),
                lambda r: (r.name, r.ticket_type.name),
            )
        assert count == len(rows) == size
        with django_assert_num_queries(2):
            rows, count = _page_of(
                bookings_to_invoice(event=event),
                lambda b: (b.name, b.n_confirmed, b.paid_marked_by),
            )
        assert count == len(rows) == size
