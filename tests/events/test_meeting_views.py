"""1:1 meetings for participants: who sees what, marking, my meetings and iCalendar."""

from django.db import connection
from django.urls import reverse

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.events.models import (
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    MeetingWish,
)
from motesplats.events.services.meetings import (
    meeting_request_set,
    meetings_publish,
)
from motesplats.taxonomy.models import Sector
from tests.factories import UserFactory

from .factories import make_event
from .meeting_helpers import meeting_event, person

pytestmark = pytest.mark.django_db


def _url(name: str, event) -> str:
    return reverse(f"events:{name}", kwargs={"event_id": event.pk})


@pytest.fixture
def event(en):
    return meeting_event()


def test_visitors_are_sent_to_log_in(client, event):
    for name in ("meetings", "meetings_optin", "meetings_mine", "meetings_ics"):
        response = client.get(_url(name, event))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_an_event_without_slots_has_no_meetings_pages(client, en):
    event = make_event()
    user, _, _ = person(event, "Utan Tider", optin=False)
    client.force_login(user)
    assert client.get(_url("meetings", event)).status_code == 404
    assert client.get(_url("meetings_optin", event)).status_code == 404


def test_without_a_confirmed_place_nothing_is_shown(client, event):
    person(event, "Ada Andersson", topic="Hemlig plan")
    stranger = UserFactory()
    client.force_login(stranger)
    for name in ("meetings", "meetings_optin", "meetings_mine", "meetings_ics"):
        response = client.get(_url(name, event))
        assert response.status_code == 403
        assert b"Ada Andersson" not in response.content
    response = client.post(_url("meetings_mark", event), {"target": 1, "wish": "must"})
    assert response.status_code == 403
    assert not MeetingRequest.objects.filter(event=event).exists()


def test_registered_but_not_opted_in_sees_only_the_opt_in(client, event):
    person(event, "Ada Andersson", topic="Hemlig plan")
    user, _, _ = person(event, "Bo Berg", optin=False)
    client.force_login(user)
    for name in ("meetings", "meetings_mine", "meetings_ics"):
        response = client.get(_url(name, event))
        assert response.status_code == 303
        assert response["Location"] == _url("meetings_optin", event)
    page = client.get(_url("meetings_optin", event))
    assert page.status_code == 200
    assert b"Ada Andersson" not in page.content
    ada = MeetingParticipant.objects.get(registration__name="Ada Andersson")
    client.post(_url("meetings_mark", event), {"target": ada.pk, "wish": "must"})
    assert not MeetingRequest.objects.filter(event=event).exists()


def test_opting_in_needs_consent_and_changes_nothing_without_it(client, event):
    user, registration, _ = person(event, "Bo Berg", optin=False)
    client.force_login(user)
    response = client.post(_url("meetings_optin", event), {"topic": "Bostäder"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Tick this to take part" in response.content
    assert not MeetingParticipant.objects.filter(event=event).exists()
    slot = event.meeting_slots.first()
    response = client.post(
        _url("meetings_optin", event),
        {"topic": "Bostäder", "consent": "on", "unavailable_slots": [slot.pk]},
    )
    assert response.status_code == 303
    participant = MeetingParticipant.objects.get(registration=registration)
    assert participant.topic == "Bostäder"
    assert list(participant.unavailable_slots.all()) == [slot]


def test_opt_in_refuses_a_slot_of_another_event(client, event):
    other = meeting_event()
    user, _, _ = person(event, "Bo Berg", optin=False)
    client.force_login(user)
    foreign = other.meeting_slots.first()
    response = client.post(
        _url("meetings_optin", event),
        {"topic": "x", "consent": "on", "unavailable_slots": [foreign.pk]},
    )
    assert response.status_code == 400
    assert not MeetingParticipant.objects.filter(event=event).exists()


def test_the_directory_shows_other_participants_and_filters(client, event):
    public, civil = Sector.objects.all()[:2]
    user, _, me = person(event, "Bo Berg")
    _, ada_reg, _ = person(event, "Ada Andersson", topic="Digital inkludering")
    ada_reg.sector = public
    ada_reg.organisation = "Malmö stad"
    ada_reg.save()
    _, cia_reg, _ = person(event, "Cia Carlsson", topic="Fritidsgårdar")
    cia_reg.sector = civil
    cia_reg.save()
    person(event, "Dan Dahl", optin=False)
    client.force_login(user)
    page = client.get(_url("meetings", event)).content.decode()
    assert "Ada Andersson" in page
    assert "Malmö stad" in page
    assert "Digital inkludering" in page
    assert "Cia Carlsson" in page
    assert "Dan Dahl" not in page  # did not opt in
    assert f'id="person-{me.pk}"' not in page  # not oneself
    page = client.get(_url("meetings", event), {"sector": civil.slug}).content.decode()
    assert "Cia Carlsson" in page
    assert "Ada Andersson" not in page
    page = client.get(_url("meetings", event), {"q": "digital"}).content.decode()
    assert "Ada Andersson" in page
    assert "Cia Carlsson" not in page
    response = client.get(_url("meetings", event), {"sector": "no-such"})
    assert response.status_code == 200
    assert b"showing everyone" in response.content
    assert b"Cia Carlsson" in response.content


def test_marking_saves_changes_and_clears(client, event):
    user, _, me = person(event, "Bo Berg")
    _, _, ada = person(event, "Ada Andersson")
    client.force_login(user)
    url = _url("meetings_mark", event)
    response = client.post(url, {"target": ada.pk, "wish": "must"})
    assert response.status_code == 303
    assert MeetingRequest.objects.get(requester=me, target=ada).wish == "must"
    client.post(url, {"target": ada.pk, "wish": "no"})
    assert MeetingRequest.objects.get(requester=me, target=ada).wish == "no"
    client.post(url, {"target": ada.pk, "wish": ""})
    assert not MeetingRequest.objects.filter(requester=me).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"target": "abc", "wish": "must"},
        {"target": "1", "wish": "maybe"},
        {"wish": "must"},
        {"target": "99999999", "wish": "must"},
        {"target": "-3", "wish": "must"},
        {"target": "1" * 40, "wish": "must"},
    ],
)
def test_bad_marks_get_a_message_and_change_nothing(client, event, data):
    user, _, _ = person(event, "Bo Berg")
    person(event, "Ada Andersson")
    client.force_login(user)
    response = client.post(_url("meetings_mark", event), data, follow=True)
    assert response.status_code == 200
    assert not MeetingRequest.objects.filter(event=event).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_marking_someone_at_another_event_or_oneself_is_refused(client, event):
    other = meeting_event()
    _, _, stranger = person(other, "Eva Ek")
    user, _, me = person(event, "Bo Berg")
    client.force_login(user)
    for target in (stranger.pk, me.pk):
        response = client.post(
            _url("meetings_mark", event),
            {"target": target, "wish": "must"},
            follow=True,
        )
        assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not MeetingRequest.objects.filter(event=event).exists()


def test_at_most_ten_must_meets(client, event):
    user, _, me = person(event, "Bo Berg")
    others = [person(event, f"Person {i:02d}")[2] for i in range(11)]
    client.force_login(user)
    url = _url("meetings_mark", event)
    for other in others[:10]:
        client.post(url, {"target": other.pk, "wish": "must"})
    response = client.post(url, {"target": others[10].pk, "wish": "must"}, follow=True)
    assert b"at most 10 people as must meet" in response.content
    assert not MeetingRequest.objects.filter(target=others[10]).exists()
    # A would-like is still fine, and re-saving an existing must-meet too.
    client.post(url, {"target": others[10].pk, "wish": "would"})
    client.post(url, {"target": others[0].pk, "wish": "must"})
    assert MeetingRequest.objects.filter(requester=me, wish="must").count() == 10
    assert MeetingRequest.objects.get(target=others[10]).wish == "would"


def test_directory_query_count_does_not_grow(
    client, event, django_assert_max_num_queries
):
    user, _, _ = person(event, "Bo Berg")
    for i in range(3):
        person(event, f"Liten {i}")
    client.force_login(user)
    client.get(_url("meetings", event))  # warm caches (site, locales)
    connection.queries_log.clear()  # a full log (9,000) would count nothing
    with django_assert_max_num_queries(16):
        client.get(_url("meetings", event))
    for i in range(25):
        person(event, f"Stor {i:02d}")
    connection.queries_log.clear()  # a full log (9,000) would count nothing
    with django_assert_max_num_queries(16):
        response = client.get(_url("meetings", event))
    assert response.content.count(b'class="meetings-person"') == 28


def _publish_one(event, a, b):
    meeting = Meeting.objects.create(
        event=event,
        slot=event.meeting_slots.first(),
        table=event.meeting_tables.first(),
        first=a,
        second=b,
    )
    meetings_publish(event=event)
    meeting.refresh_from_db()
    return meeting


def test_my_meetings_and_calendar_show_only_my_published_meetings(client, event):
    user, _, me = person(event, "Bo Berg")
    _, _, ada = person(event, "Ada Andersson", topic="Digital inkludering")
    _, _, cia = person(event, "Cia Carlsson")
    _, _, dan = person(event, "Dan Dahl")
    mine = _publish_one(event, me, ada)
    Meeting.objects.create(  # someone else's meeting, and a draft of mine
        event=event,
        slot=mine.slot,
        table=event.meeting_tables.last(),
        first=cia,
        second=dan,
        status=MeetingStatus.PUBLISHED,
        published_at=mine.published_at,
    )
    client.force_login(user)
    page = client.get(_url("meetings_mine", event)).content.decode()
    assert "Ada Andersson" in page
    assert "Digital inkludering" in page
    assert "Cia Carlsson" not in page
    assert "Dan Dahl" not in page
    response = client.get(_url("meetings_ics", event))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 1
    assert str(entries[0]["uid"]).startswith(f"meeting-{mine.uid}@")
    assert entries[0]["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert "Ada Andersson" in str(entries[0]["summary"])
    assert calendar.walk("VTIMEZONE")
    # The UID stays the same the next time (a calendar updates, not duplicates).
    again = icalendar.Calendar.from_ical(
        client.get(_url("meetings_ics", event)).content
    )
    assert str(again.walk("VEVENT")[0]["uid"]) == str(entries[0]["uid"])


def test_the_other_person_leaving_shows_cancelled(client, event):
    user, _, me = person(event, "Bo Berg")
    ada_user, _, ada = person(event, "Ada Andersson")
    _publish_one(event, me, ada)
    client.force_login(ada_user)
    client.post(_url("meetings_optout", event))
    assert not MeetingParticipant.objects.filter(pk=ada.pk).exists()
    client.force_login(user)
    page = client.get(_url("meetings_mine", event)).content.decode()
    assert "Meeting cancelled" in page
    assert "Ada Andersson" not in page
    calendar = icalendar.Calendar.from_ical(
        client.get(_url("meetings_ics", event)).content
    )
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_mutual_wishes_are_shown_only_when_both_asked(client, event):
    user, _, me = person(event, "Bo Berg")
    _, _, ada = person(event, "Ada Andersson")
    meeting_request_set(requester=ada, target_id=me.pk, wish=MeetingWish.MUST)
    client.force_login(user)
    assert (
        b"They want to meet you too" not in client.get(_url("meetings", event)).content
    )
    meeting_request_set(requester=me, target_id=ada.pk, wish=MeetingWish.WOULD)
    assert b"They want to meet you too" in client.get(_url("meetings", event)).content


def test_my_meetings_query_count_does_not_grow(
    client, event, django_assert_max_num_queries
):
    user, _, me = person(event, "Bo Berg")
    others = [person(event, f"Person {i}")[2] for i in range(3)]
    _publish_one(event, me, others[0])
    client.force_login(user)
    client.get(_url("meetings_mine", event))
    connection.queries_log.clear()  # a full log (9,000) would count nothing
    with django_assert_max_num_queries(13):
        client.get(_url("meetings_mine", event))
    slots = list(event.meeting_slots.all())
    for slot, other in zip(slots[1:], others[1:], strict=True):
        Meeting.objects.create(
            event=event,
            slot=slot,
            table=event.meeting_tables.first(),
            first=me,
            second=other,
        )
    meetings_publish(event=event)
    connection.queries_log.clear()
    with django_assert_max_num_queries(13):
        response = client.get(_url("meetings_mine", event))
    assert response.content.count(b"<tr") == 4  # header and three meetings


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    target=st.one_of(st.text(max_size=30), st.integers(-(2**70), 2**70).map(str)),
    wish=st.one_of(st.sampled_from(["", "must", "would", "no"]), st.text(max_size=10)),
    topic=st.text(max_size=400),
)
def test_any_posted_input_gets_an_answer_never_an_error(
    client, event, target, wish, topic
):
    user, _, me = _fuzz_people(event)
    client.force_login(user)
    before = set(MeetingRequest.objects.filter(event=event).values_list("pk", "wish"))
    response = client.post(
        _url("meetings_mark", event), {"target": target, "wish": wish}
    )
    assert response.status_code == 303
    after = set(MeetingRequest.objects.filter(event=event).values_list("pk", "wish"))
    valid_target = (
        target.strip().lstrip("+").isdigit()
        and MeetingParticipant.objects.filter(event=event, pk=int(target))
        .exclude(pk=me.pk)
        .exists()
    )
    if not valid_target or wish not in ("", "must", "would", "no"):
        assert after == before
    response = client.post(
        _url("meetings_optin", event), {"topic": topic, "consent": "on"}
    )
    assert response.status_code in (303, 400)
    if response.status_code == 400:
        assert b"There is a problem" in response.content


def _fuzz_people(event):
    existing = MeetingParticipant.objects.filter(
        event=event, registration__name="Fia Fors"
    ).first()
    if existing is None:
        person(event, "Gun Gran")
        return person(event, "Fia Fors")
    return existing.registration.user, existing.registration, existing
