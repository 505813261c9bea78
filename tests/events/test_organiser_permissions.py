"""Who may use the organisers' tools: the editors who may edit the event's page."""

from django.contrib.auth.models import Group, Permission
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from motesplats.events.enums import PaymentStatus, RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.reports import events_manageable_by
from motesplats.events.services.registration import Invoice
from motesplats.nodes.models import Node
from motesplats.nodes.services import national_editor_add, node_editor_add
from tests.factories import UserFactory, login_with_totp

from .factories import book, make_event

pytestmark = pytest.mark.django_db


def _editor(client, *, node: str | None = None, national: bool = False):
    user = UserFactory()
    if national:
        national_editor_add(user=user)
    else:
        node_editor_add(node=Node.objects.get(slug=node), user=user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    login_with_totp(client, user)
    return user


@pytest.fixture
def event():
    event = make_event(node="malmo", tickets=[{"price": "500", "capacity": 10}])
    invoice = Invoice("Malmö stad", "2120000142", "Ref 12", "Box 1, 205 80 Malmö", "")
    book(event, "Anna Berg", invoice=invoice)
    return event


def _get_urls(event, registration):
    return [
        reverse("events_admin:dashboard", args=[event.pk]),
        reverse("events_admin:participants", args=[event.pk]),
        reverse("events_admin:participants_csv", args=[event.pk]),
        reverse("events_admin:participant_cancel", args=[event.pk, registration.pk]),
        reverse("events_admin:message", args=[event.pk]),
        reverse("events_admin:payments", args=[event.pk]),
        reverse("events_admin:checkin", args=[event.pk]),
        reverse("events_admin:checkin_counts", args=[event.pk]),
        reverse("events_admin:badges", args=[event.pk]),
    ]


def test_the_tools_live_in_the_admin():
    assert reverse("events_admin:index") == "/admin/events/"
    assert reverse("events_admin:dashboard", args=[7]) == "/admin/events/7/"
    assert reverse("events_admin:checkin", args=[7]) == "/admin/events/7/checkin/"


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    registration = Registration.objects.get(event=event)
    for url in [reverse("events_admin:index"), *_get_urls(event, registration)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url


def test_node_editor_of_another_node_gets_403_on_every_view(client, event):
    _editor(client, node="jonkoping")
    registration = Registration.objects.get(event=event)
    for url in _get_urls(event, registration):
        response = client.get(url)
        assert response.status_code == 403, url
    assert "You cannot manage this event" in response.content.decode()


def test_node_editor_of_another_node_cannot_change_anything(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    _editor(client, node="jonkoping")
    registration = Registration.objects.get(event=event)
    booking = registration.booking
    with django_capture_on_commit_callbacks(execute=True):
        posts = {
            reverse(
                "events_admin:participant_cancel", args=[event.pk, registration.pk]
            ): {},
            reverse("events_admin:payment_mark", args=[event.pk, booking.pk]): {
                "paid": "1"
            },
            reverse("events_admin:checkin", args=[event.pk]): {
                "code": registration.ticket_code
            },
            reverse("events_admin:message", args=[event.pk]): {
                "audience": "confirmed",
                "subject": "Hej",
                "body": "Välkomna",
                "action": "send",
            },
        }
        for url, data in posts.items():
            assert client.post(url, data).status_code == 403, url
    registration.refresh_from_db()
    booking.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.checked_in_at is None
    assert booking.payment_status == PaymentStatus.INVOICE_PENDING
    assert mailoutbox == []


def test_node_editor_of_the_events_node_may_use_every_view(client, event):
    _editor(client, node="malmo")
    registration = Registration.objects.get(event=event)
    for url in _get_urls(event, registration):
        assert client.get(url).status_code == 200, url


def test_national_editor_may_use_the_tools_of_any_node(client):
    other = make_event(node="lulea")
    _editor(client, national=True)
    response = client.get(reverse("events_admin:dashboard", args=[other.pk]))
    assert response.status_code == 200


def test_the_list_shows_only_the_events_one_organises(client, event):
    lulea = make_event(node="lulea", title="Träff i Luleå")
    _editor(client, node="malmo")
    html = client.get(reverse("events_admin:index")).content.decode()
    assert event.title in html
    assert lulea.title not in html


def test_manageable_events_follow_page_permissions(client, event):
    malmo_editor = _editor(client, node="malmo")
    lulea = make_event(node="lulea")
    manageable = set(events_manageable_by(malmo_editor).values_list("pk", flat=True))
    assert event.pk in manageable
    assert lulea.pk not in manageable


def test_a_missing_event_is_404(client):
    _editor(client, node="malmo")
    # The locale middleware first tries the path under /sv/, which is not found either.
    response = client.get(
        reverse("events_admin:dashboard", args=[999_999]), follow=True
    )
    assert response.status_code == 404


def _admin_without_pages(client):
    user = UserFactory()
    group = Group.objects.create(name="Bara adminen")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user.groups.add(group)
    user.is_staff = True
    user.save()
    login_with_totp(client, user)
    return user


def test_the_menu_item_shows_only_for_organisers(client, event):
    _admin_without_pages(client)
    html = client.get("/admin/").content.decode()
    assert reverse("events_admin:index") not in html
    client.logout()
    _editor(client, node="malmo")
    html = client.get("/admin/").content.decode()
    assert reverse("events_admin:index") in html


TAG = Template("{% load event_organiser %}{% organiser_links page %}")


def _render_tag(user, page) -> str:
    request = RequestFactory().get(page.url or "/")
    request.user = user
    return TAG.render(Context({"request": request, "page": page})).strip()


def test_public_page_links_organisers_to_their_tools(client, event, sv):
    organiser = _editor(client, node="malmo")
    html = _render_tag(organiser, event)
    assert reverse("events_admin:dashboard", args=[event.pk]) in html
    assert "Hantera evenemanget" in html


def test_public_page_shows_nothing_to_others(client, event):
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415

    assert _render_tag(AnonymousUser(), event) == ""
    other = _editor(client, node="jonkoping")
    assert _render_tag(other, event) == ""
    member = UserFactory()
    assert _render_tag(member, event) == ""


def test_the_event_page_in_the_admin_links_to_its_tools(client, event):
    _editor(client, node="malmo")
    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert reverse("events_admin:dashboard", args=[event.pk]) in html
    assert "Participants and check-in" in html
