"""Organisers' 1:1 meetings in the admin: who may, slots and tables, run, publish."""

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest

from motesplats.events.models import (
    Meeting,
    MeetingScheduleRun,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
    MeetingWish,
)
from motesplats.events.services.meetings import meeting_request_set
from motesplats.nodes.models import Node
from motesplats.nodes.services import node_editor_add
from tests.factories import UserFactory, login_with_totp

from .meeting_helpers import meeting_event, person

pytestmark = pytest.mark.django_db


def _editor(client, node: str = "malmo"):
    user = UserFactory()
    node_editor_add(node=Node.objects.get(slug=node), user=user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    login_with_totp(client, user)
    return user


def _url(event, action: str = "") -> str:
    if action:
        return reverse("events_meetings_admin:action", args=[event.pk, action])
    return reverse("events_meetings_admin:overview", args=[event.pk])


@pytest.fixture
def event():
    return meeting_event(slots=2, tables=1)


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what services leave for after the commit (the scheduler task, mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_only_editors_of_the_event_may_manage_meetings(client, event):
    other_node_editor = UserFactory()
    node_editor_add(
        node=Node.objects.exclude(slug="malmo").first(), user=other_node_editor
    )
    login_with_totp(client, other_node_editor)
    assert client.get(_url(event)).status_code == 403
    response = client.post(_url(event, "tables"), {"count": 50})
    assert response.status_code == 403
    assert MeetingTable.objects.filter(event=event).count() == 1
    response = client.post(_url(event, "run"), {"time_limit_s": 5})
    assert response.status_code == 403
    assert not MeetingScheduleRun.objects.filter(event=event).exists()


def test_a_participant_cannot_reach_the_organiser_tools(client, event):
    user, _, _ = person(event, "Bo Berg")
    client.force_login(user)
    response = client.get(_url(event))
    assert response.status_code in (302, 403)
    assert b"Bo Berg" not in response.content


def test_slots_in_a_series_and_their_errors(client, event):
    _editor(client)
    day = timezone.localtime(event.starts_at)
    response = client.post(
        _url(event, "slots"),
        {
            "date": day.date().isoformat(),
            "first_start": (day + timedelta(hours=2)).strftime("%H:%M"),
            "minutes": 10,
            "count": 3,
            "pause_minutes": 5,
        },
    )
    assert response.status_code == 302
    slots = list(MeetingSlot.objects.filter(event=event).order_by("starts_at"))
    assert len(slots) == 5
    assert slots[3].starts_at - slots[2].starts_at == timedelta(minutes=15)
    assert slots[2].ends_at - slots[2].starts_at == timedelta(minutes=10)
    # Overlapping the existing slots: refused, with the field named, nothing added.
    response = client.post(
        _url(event, "slots"),
        {
            "date": day.date().isoformat(),
            "first_start": (day + timedelta(hours=1)).strftime("%H:%M"),
            "minutes": 20,
            "count": 2,
        },
    )
    assert response.status_code == 400
    assert b"would overlap" in response.content
    assert MeetingSlot.objects.filter(event=event).count() == 5
    for bad in (
        {"minutes": 0},
        {"count": 500},
        {"date": "2026-13-45"},
        {"count": "x"},
        {"date": "9999-12-31", "first_start": "23:59", "count": 48, "minutes": 240},
        {"date": "0001-01-01"},
        {"first_start": "25:00"},
    ):
        data = {
            "date": day.date().isoformat(),
            "first_start": "23:00",
            "minutes": 20,
            "count": 1,
            **bad,
        }
        response = client.post(_url(event, "slots"), data)
        assert response.status_code == 400
        assert b"There is a problem" in response.content
    assert MeetingSlot.objects.filter(event=event).count() == 5


def test_run_review_publish_and_rerun_keeps_published(client, event, commits):
    mail.outbox.clear()
    _, _, ada = person(event, "Ada Andersson")
    _, _, bo = person(event, "Bo Berg")
    _, _, cia = person(event, "Cia Carlsson")
    meeting_request_set(requester=ada, target_id=bo.pk, wish=MeetingWish.MUST)
    meeting_request_set(requester=bo, target_id=ada.pk, wish=MeetingWish.MUST)
    meeting_request_set(requester=cia, target_id=ada.pk, wish=MeetingWish.WOULD)
    _editor(client)
    mail.outbox.clear()
    with commits():
        response = client.post(_url(event, "run"), {"time_limit_s": 5})
    assert response.status_code == 302
    response = client.get(_url(event))
    run = MeetingScheduleRun.objects.get(event=event)
    assert run.state == "done"
    assert run.result["status"] == "OPTIMAL"
    drafts = Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT)
    pairs = {frozenset((m.first_id, m.second_id)) for m in drafts}
    # Two slots, one table: Ada meets both who asked.
    assert pairs == {frozenset((ada.pk, bo.pk)), frozenset((ada.pk, cia.pk))}
    assert b"Ada Andersson" in response.content
    assert not mail.outbox  # nothing told before publication

    with commits():
        response = client.post(_url(event, "publish"), follow=True)
    assert b"2 meetings are published" in response.content
    published = {
        (m.slot_id, m.table_id, m.first_id, m.second_id)
        for m in Meeting.objects.filter(event=event, status=MeetingStatus.PUBLISHED)
    }
    assert len(published) == 2
    recipients = sorted(to for m in mail.outbox for to in m.to)
    assert recipients == [
        "ada.andersson@example.org",
        "bo.berg@example.org",
        "cia.carlsson@example.org",
    ]
    ada_mail = next(m for m in mail.outbox if m.to == ["ada.andersson@example.org"])
    assert "Bo Berg" in ada_mail.body
    assert "Cia Carlsson" in ada_mail.body

    # New wishes and a re-run: published meetings stay exactly where they were.
    _, _, dan = person(event, "Dan Dahl")
    meeting_request_set(requester=dan, target_id=bo.pk, wish=MeetingWish.MUST)
    meeting_request_set(requester=bo, target_id=ada.pk, wish=MeetingWish.NO)
    with commits():
        client.post(_url(event, "run"), {"time_limit_s": 5})
    after = {
        (m.slot_id, m.table_id, m.first_id, m.second_id)
        for m in Meeting.objects.filter(event=event, status=MeetingStatus.PUBLISHED)
    }
    assert after == published
    # One table and both slots taken by published meetings: no new meeting fits.
    assert not Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).exists()


def test_publish_with_nothing_to_publish_says_so(client, event):
    _editor(client)
    response = client.post(_url(event, "publish"), follow=True)
    assert b"no draft meetings" in response.content


def test_tables_cannot_drop_below_published_meetings(client, event):
    _, _, ada = person(event, "Ada Andersson")
    _, _, bo = person(event, "Bo Berg")
    _editor(client)
    client.post(_url(event, "tables"), {"count": 3})
    table3 = MeetingTable.objects.get(event=event, number=3)
    Meeting.objects.create(
        event=event,
        slot=event.meeting_slots.first(),
        table=table3,
        first=ada,
        second=bo,
        status=MeetingStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    response = client.post(_url(event, "tables"), {"count": 2})
    assert response.status_code == 400
    assert MeetingTable.objects.filter(event=event).count() == 3
    response = client.post(_url(event, "tables"), {"count": "many"})
    assert response.status_code == 400


def test_a_slot_with_published_meetings_stays(client, event):
    _, _, ada = person(event, "Ada Andersson")
    _, _, bo = person(event, "Bo Berg")
    slot = event.meeting_slots.first()
    Meeting.objects.create(
        event=event,
        slot=slot,
        table=event.meeting_tables.first(),
        first=ada,
        second=bo,
        status=MeetingStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    _editor(client)
    response = client.post(_url(event, "slot_delete"), {"slot": slot.pk}, follow=True)
    assert b"The slot stays" in response.content
    assert MeetingSlot.objects.filter(pk=slot.pk).exists()
    response = client.post(_url(event, "slot_delete"), {"slot": "nope"}, follow=True)
    assert response.status_code == 200
    empty = event.meeting_slots.last()
    client.post(_url(event, "slot_delete"), {"slot": empty.pk})
    assert not MeetingSlot.objects.filter(pk=empty.pk).exists()


def test_overview_query_count_does_not_grow(
    client, event, django_assert_max_num_queries, commits
):
    people = [person(event, f"Person {i:02d}")[2] for i in range(4)]
    meeting_request_set(requester=people[0], target_id=people[1].pk, wish="must")
    _editor(client)
    with commits():
        client.post(_url(event, "run"), {"time_limit_s": 5})
    client.get(_url(event))
    connection.queries_log.clear()  # a full log (9,000) would count nothing
    with django_assert_max_num_queries(27):
        client.get(_url(event))
    client.post(_url(event, "tables"), {"count": 10})
    more = [person(event, f"Fler {i:02d}")[2] for i in range(12)]
    for a, b in zip(more[::2], more[1::2], strict=True):
        meeting_request_set(requester=a, target_id=b.pk, wish="would")
    with commits():
        client.post(_url(event, "run"), {"time_limit_s": 5})
    assert Meeting.objects.filter(event=event).count() == 7
    connection.queries_log.clear()  # a full log (9,000) would count nothing
    with django_assert_max_num_queries(27):
        client.get(_url(event))
