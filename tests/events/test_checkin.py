"""Check-in at the door: by code (typed, scanned or from the camera), by name, live
counts, and a ticket scanned twice (even at once by two staff) counts once."""

import threading

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest

from motesplats.core.models import AuditEntry
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.services.registration import registration_check_in
from motesplats.nodes.models import Node
from motesplats.nodes.services import node_editor_add
from tests.factories import UserFactory, load_node_after_flush, login_with_totp

from .factories import book, make_event

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def organiser(client):
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="malmo"), user=user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    login_with_totp(client, user)
    return user


@pytest.fixture
def event():
    event = make_event(node="malmo", tickets=[{"capacity": 2}])
    book(event, "Anna Berg", "Bo Ek")
    book(event, "Cecilia Lund")  # on the waiting list
    return event


def checkin_url(event):
    return reverse("events_admin:checkin", args=[event.pk])


def person(name):
    return Registration.objects.get(name=name)


def test_page_shows_the_counts_without_javascript(client, organiser, event):
    Registration.objects.filter(name="Bo Ek").update(checked_in_at=timezone.now())
    html = client.get(checkin_url(event)).content.decode()
    assert '<strong data-checkin-count="checked_in">1</strong>' in html
    assert '<strong data-checkin-count="confirmed">2</strong>' in html
    assert 'role="status"' in html
    assert 'aria-live="polite"' in html


def test_check_in_by_code(client, organiser, event):
    anna = person("Anna Berg")
    response = client.post(checkin_url(event), {"code": anna.ticket_code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Welcome, Anna Berg!" in html
    assert "checkin-result--welcome" in html
    assert '<strong data-checkin-count="checked_in">1</strong>' in html
    anna.refresh_from_db()
    assert anna.checked_in_at is not None
    assert anna.checked_in_by == organiser


def test_the_same_ticket_twice_counts_once(client, organiser, event):
    anna = person("Anna Berg")
    client.post(checkin_url(event), {"code": anna.ticket_code})
    anna.refresh_from_db()
    first = anna.checked_in_at
    response = client.post(checkin_url(event), {"code": anna.ticket_code})
    html = response.content.decode()
    at = timezone.localtime(first).strftime("%H:%M")
    assert f"Already checked in at {at}." in html
    assert "checkin-result--already" in html
    anna.refresh_from_db()
    assert anna.checked_in_at == first
    assert (
        AuditEntry.objects.filter(
            action="events.registration.checked_in", object_id=str(anna.pk)
        ).count()
        == 1
    )


def test_a_scanned_link_with_the_code_works(client, organiser, event):
    anna = person("Anna Berg")
    scanned = f"https://example.org/sv/evenemang/biljett/{anna.ticket_code}/"
    html = client.post(checkin_url(event), {"code": scanned}).content.decode()
    assert "Welcome, Anna Berg!" in html


def test_unknown_code_and_another_events_ticket_are_not_found(client, organiser, event):
    other = make_event(node="malmo")
    outsider = book(other, "David Holm").registrations[0]
    for code in ["no-such-code", outsider.ticket_code]:
        html = client.post(checkin_url(event), {"code": code}).content.decode()
        assert "No ticket for this event has that code." in html
        assert "checkin-result--not-found" in html
    outsider.refresh_from_db()
    assert outsider.checked_in_at is None


def test_a_waiting_registration_is_not_checked_in(client, organiser, event):
    cecilia = person("Cecilia Lund")
    html = client.post(
        checkin_url(event), {"code": cecilia.ticket_code}
    ).content.decode()
    assert "This registration is not confirmed" in html
    assert "checkin-result--not-confirmed" in html
    cecilia.refresh_from_db()
    assert cecilia.status == RegistrationStatus.WAITING
    assert cecilia.checked_in_at is None


def test_an_empty_code_is_explained(client, organiser, event):
    response = client.post(checkin_url(event), {"code": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type or scan a ticket code." in html
    assert 'href="#id_code"' in html
    assert not Registration.objects.filter(
        event=event, checked_in_at__isnull=False
    ).exists()


def test_search_by_name_then_check_in(client, organiser, event):
    html = client.get(checkin_url(event), {"q": "bo"}).content.decode()
    bo = person("Bo Ek")
    assert "Bo Ek" in html
    assert f'name="registration" value="{bo.pk}"' in html
    assert "Anna Berg" not in html
    response = client.post(checkin_url(event), {"registration": bo.pk, "q": "bo"})
    html = response.content.decode()
    assert "Welcome, Bo Ek!" in html
    bo.refresh_from_db()
    assert bo.checked_in_at is not None
    # The search is shown again, now without a button for Bo.
    assert f'name="registration" value="{bo.pk}"' not in html


def test_check_in_by_name_of_another_events_registration_is_refused(
    client, organiser, event
):
    other = make_event(node="malmo")
    outsider = book(other, "David Holm").registrations[0]
    html = client.post(
        checkin_url(event), {"registration": outsider.pk}
    ).content.decode()
    assert "No ticket for this event has that code." in html
    outsider.refresh_from_db()
    assert outsider.checked_in_at is None


def test_background_check_in_answers_json(client, organiser, event):
    anna = person("Anna Berg")
    response = client.post(checkin_url(event), {"code": anna.ticket_code}, **JSON)
    assert response.json() == {
        "kind": "welcome",
        "message": "Welcome, Anna Berg!",
        "checked_in": 1,
        "confirmed": 2,
    }
    again = client.post(checkin_url(event), {"code": anna.ticket_code}, **JSON)
    assert again.json()["kind"] == "already"
    assert again.json()["checked_in"] == 1


def test_counts_endpoint(client, organiser, event):
    counts = reverse("events_admin:checkin_counts", args=[event.pk])
    response = client.get(counts)
    assert response.json() == {"checked_in": 0, "confirmed": 2}
    assert "no-store" in response["Cache-Control"]
    client.post(checkin_url(event), {"code": person("Bo Ek").ticket_code})
    assert client.get(counts).json() == {"checked_in": 1, "confirmed": 2}


def test_counts_endpoint_refuses_other_nodes(client, event):
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="orebro"), user=user)
    login_with_totp(client, user)
    counts = reverse("events_admin:checkin_counts", args=[event.pk])
    assert client.get(counts).status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_scanning_the_same_ticket_at_once_count_it_once():
    """The conditional update lets exactly one of two simultaneous scans change the row.

    On PostgreSQL only: the in-memory SQLite test database locks whole tables between
    threads, so the same test there measures the test database, not the code."""
    load_node_after_flush()
    event = make_event(node="malmo")
    anna = book(event, "Anna Berg").registrations[0]
    code = anna.ticket_code
    staff = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan(user):
        try:
            barrier.wait()
            results.append(registration_check_in(event=event, code=code, actor=user))
        except BaseException as exc:  # noqa: BLE001 -- asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.newly_checked_in for r in results) == [False, True]
    assert (
        AuditEntry.objects.filter(
            action="events.registration.checked_in", object_id=str(anna.pk)
        ).count()
        == 1
    )
    registration = Registration.objects.get(ticket_code=code)
    winner = next(r for r in results if r.newly_checked_in)
    assert registration.checked_in_at == winner.registration.checked_in_at
