"""Programme and tickets in the admin: editors see and edit only their events' records."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from motesplats.core.models import AuditEntry
from motesplats.events.models import (
    Room,
    Session,
    SessionPerson,
    Speaker,
    TicketType,
    Track,
)
from motesplats.nodes.models import Node
from motesplats.nodes.services import national_editor_add, node_editor_add
from tests.factories import UserFactory, login_with_totp

from .factories import book, make_event

pytestmark = pytest.mark.django_db


def _login(client, user) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    login_with_totp(client, user)


@pytest.fixture
def malmo_editor(client):
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug="malmo"), user=user)
    _login(client, user)
    return user


@pytest.fixture
def events():
    malmo = make_event(node="malmo", tickets=[{"name_sv": "Malmöbiljett"}])
    umea = make_event(node="umea", tickets=[{"name_sv": "Umeåbiljett"}])
    return malmo, umea


def names_in(response) -> list[str]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        cell.find("a").get_text(strip=True)
        for cell in soup.select("table tbody td.title")
    ]


def not_found(response) -> bool:
    # The locale middleware sends an admin 404 on to the language-prefixed path,
    # which is not found either.
    return response.status_code == 404


def choices(response, name: str) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        o["value"] for o in soup.select(f"select[name={name}] option") if o["value"]
    ]


def test_the_group_is_in_the_admin_menu_for_node_editors(client, malmo_editor, events):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("event_ticket_types:index") in response.content.decode()


def test_a_node_editor_sees_only_their_nodes_ticket_types(client, malmo_editor, events):
    url = reverse("event_ticket_types:index")
    shown = names_in(client.get(url, {"q": "biljett"}))
    assert "Malmöbiljett" in shown
    assert "Umeåbiljett" not in shown
    every = names_in(client.get(url))
    assert "Umeåbiljett" not in every
    assert "Talarbiljett" not in every  # the demo summit belongs to Örebro


def test_a_node_editor_cannot_open_edit_or_delete_another_nodes_ticket_type(
    client, malmo_editor, events
):
    other = events[1].ticket_types.get()
    edit = reverse("event_ticket_types:edit", args=[other.pk])
    delete = reverse("event_ticket_types:delete", args=[other.pk])
    assert not_found(client.get(edit, follow=True))
    response = client.post(
        edit,
        {
            "event": events[1].pk,
            "name_sv": "Kapad",
            "kind": "free",
            "price": "0",
            "vat_rate": "25",
            "max_per_booking": "10",
            "sort_order": "0",
        },
        follow=True,
    )
    assert not_found(response)
    assert not_found(client.post(delete, follow=True))
    other.refresh_from_db()
    assert other.name_sv == "Umeåbiljett"
    history = reverse("event_ticket_types:history", args=[other.pk])
    assert not_found(client.get(history, follow=True))
    usage = reverse("event_ticket_types:usage", args=[other.pk])
    assert not_found(client.get(usage, follow=True))
    copy = reverse("event_ticket_types:copy", args=[other.pk])
    response = client.get(copy, follow=True)
    assert "Umeåbiljett" not in response.content.decode()


def _ticket_form(event, **extra) -> dict:
    return {
        "event": event.pk,
        "name_sv": "Ny biljett",
        "name_en": "New ticket",
        "kind": "paid",
        "price": "450.00",
        "vat_rate": "25",
        "capacity": "30",
        "max_per_booking": "5",
        "is_active": "on",
        "sort_order": "1",
        **extra,
    }


def test_the_event_field_offers_only_own_canonical_events(client, malmo_editor, events):
    malmo, umea = events
    english = malmo.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.save_revision().publish()
    offered = choices(client.get(reverse("event_ticket_types:add")), "event")
    assert str(malmo.pk) in offered
    assert str(umea.pk) not in offered
    assert str(english.pk) not in offered


def test_creating_a_ticket_type_for_another_nodes_event_is_refused(
    client, malmo_editor, events
):
    before = TicketType.objects.count()
    response = client.post(reverse("event_ticket_types:add"), _ticket_form(events[1]))
    assert response.status_code == 200  # the form again, with the error
    assert "event" in response.context["form"].errors
    assert TicketType.objects.count() == before


def test_creating_a_ticket_type_for_own_event_saves_and_logs(
    client, malmo_editor, events
):
    response = client.post(reverse("event_ticket_types:add"), _ticket_form(events[0]))
    assert response.status_code == 302
    ticket = TicketType.objects.get(event=events[0], name_sv="Ny biljett")
    assert ticket.capacity == 30
    entry = AuditEntry.objects.filter(action="events.tickettype.created").first()
    assert entry is not None
    assert entry.object_id == str(ticket.pk)


def test_editing_own_ticket_type_works(client, malmo_editor, events):
    ticket = events[0].ticket_types.get()
    url = reverse("event_ticket_types:edit", args=[ticket.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _ticket_form(events[0], name_sv="Omdöpt"))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.name_sv == "Omdöpt"


def test_a_ticket_type_in_use_cannot_be_deleted_and_says_why(
    client, malmo_editor, events
):
    ticket = events[0].ticket_types.get()
    book(events[0], "Anna Berg")
    response = client.post(
        reverse("event_ticket_types:delete", args=[ticket.pk]), follow=True
    )
    assert response.status_code == 200
    assert TicketType.objects.filter(pk=ticket.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_the_event_filter_lists_own_events_and_narrows(client, malmo_editor, events):
    second = make_event(node="malmo", tickets=[{"name_sv": "Andra Malmöbiljetten"}])
    url = reverse("event_ticket_types:index")
    response = client.get(url, {"event": second.pk})
    assert names_in(response) == ["Andra Malmöbiljetten"]
    offered = choices(client.get(url), "event")
    assert str(events[0].pk) in offered
    assert str(events[1].pk) not in offered
    # Asking for another node's event is not a way in: it is no valid choice.
    assert "Umeåbiljett" not in names_in(client.get(url, {"event": events[1].pk}))


def test_a_national_editor_sees_every_node(client, events):
    user = UserFactory()
    national_editor_add(user=user)
    _login(client, user)
    shown = names_in(client.get(reverse("event_ticket_types:index"), {"q": "biljett"}))
    assert {"Malmöbiljett", "Umeåbiljett"} <= set(shown)


def test_a_member_without_page_rights_is_refused(client, events):
    user = UserFactory()
    from django.contrib.auth.models import Permission  # noqa: PLC0415

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.is_staff = True
    user.save()
    _login(client, user)
    assert client.get(reverse("event_ticket_types:index")).status_code in (302, 403)
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("event_ticket_types:index") not in home.content.decode()


# --- the other records ---------------------------------------------------------------------


def _programme(event, label: str):
    track = Track.objects.create(
        event=event, slug=f"spar-{label}", name_sv=f"Spår {label}"
    )
    room = Room.objects.create(event=event, name=f"Sal {label}", capacity=40)
    starts = event.starts_at
    session = Session.objects.create(
        event=event,
        title_sv=f"Pass {label}",
        kind="seminar",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        track=track,
        room=room,
    )
    speaker = Speaker.objects.create(name=f"Talare {label}")
    SessionPerson.objects.create(session=session, speaker=speaker)
    return track, room, session, speaker


@pytest.mark.parametrize(
    ("viewset", "label"),
    [
        ("event_tracks", "Spår {}"),
        ("event_rooms", "Sal {}"),
        ("event_sessions", "Pass {}"),
        ("event_speakers", "Talare {}"),
    ],
)
def test_programme_records_are_scoped_too(client, malmo_editor, events, viewset, label):
    _programme(events[0], "Malmö")
    _programme(events[1], "Umeå")
    shown = names_in(client.get(reverse(f"{viewset}:index"), {"q": label.format("")}))
    assert label.format("Malmö") in shown
    assert label.format("Umeå") not in shown


def test_unassigned_speakers_are_visible_to_every_event_editor(
    client, malmo_editor, events
):
    Speaker.objects.create(name="Ny talare utan pass")
    shown = names_in(client.get(reverse("event_speakers:index"), {"q": "Ny talare"}))
    assert shown == ["Ny talare utan pass"]


def _session_form(event, track, room, speaker, **extra) -> dict:
    starts = timezone.localtime(event.starts_at)
    return {
        "event": event.pk,
        "title_sv": "Workshop om tillit",
        "title_en": "Workshop on trust",
        "description_sv": "",
        "description_en": "",
        "kind": "workshop",
        "language": "sv",
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "track": track.pk,
        "room": room.pk,
        "signup_required": "on",
        "capacity": "20",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "1000",
        "people-0-speaker": speaker.pk,
        "people-0-role": "moderator",
        "people-0-sort_order": "0",
        "people-0-id": "",
        "people-0-ORDER": "0",
        "people-0-DELETE": "",
        **extra,
    }


def test_a_session_is_created_with_its_moderator(client, malmo_editor, events):
    track, room, _, speaker = _programme(events[0], "Malmö")
    response = client.post(
        reverse("event_sessions:add"), _session_form(events[0], track, room, speaker)
    )
    assert response.status_code == 302, response.context["form"].errors
    session = Session.objects.get(title_sv="Workshop om tillit")
    person = session.people.get()
    assert (person.speaker, person.role) == (speaker, "moderator")


def test_a_session_cannot_use_another_events_track(client, malmo_editor, events):
    _, room, _, speaker = _programme(events[0], "Malmö")
    second = make_event(node="malmo")
    other_track = Track.objects.create(event=second, slug="annat", name_sv="Annat spår")
    response = client.post(
        reverse("event_sessions:add"),
        _session_form(events[0], other_track, room, speaker),
    )
    assert response.status_code == 200
    assert "track" in response.context["form"].errors
    assert not Session.objects.filter(title_sv="Workshop om tillit").exists()


def test_a_session_form_offers_no_other_nodes_rooms(client, malmo_editor, events):
    _programme(events[0], "Malmö")
    _, umea_room, _, _ = _programme(events[1], "Umeå")
    offered = choices(client.get(reverse("event_sessions:add")), "room")
    assert str(umea_room.pk) not in offered
    assert offered
