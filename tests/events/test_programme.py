"""The programme: sessions by day and time, filters, speakers, the agenda and its feed."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale

import icalendar
import pytest

from motesplats.core.audit import AuditEntry
from motesplats.core.demo import translate
from motesplats.events.enums import RegistrationMode, SessionKind, SessionRole
from motesplats.events.models import (
    AgendaStar,
    Room,
    Session,
    SessionPerson,
    Speaker,
    Track,
)
from motesplats.events.programme import (
    ProgrammeFilters,
    agenda_token,
    programme_days,
    programme_filter_options,
    programme_sessions,
)
from motesplats.taxonomy.models import Theme
from tests.factories import UserFactory

from .factories import make_event

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Stockholm")


def at(event, *, day: int = 0, hour: int = 9, minute: int = 0) -> datetime:
    """A wall-clock time in Stockholm on the event's first day (+ `day`)."""
    first = timezone.localtime(event.starts_at, TZ).date() + timedelta(days=day)
    return datetime.combine(first, time(hour, minute), tzinfo=TZ)


def add_session(
    event, title: str = "Pass", *, day=0, hour=9, minute=0, minutes=60, **fields
) -> Session:
    starts = at(event, day=day, hour=hour, minute=minute)
    fields.setdefault("kind", SessionKind.SEMINAR)
    return Session.objects.create(
        event=event,
        title_sv=title,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        **fields,
    )


def add_person(session, name, *, consent=False, role=SessionRole.SPEAKER, **fields):
    speaker = Speaker.objects.create(
        name=name,
        public_consent=consent,
        email=f"{name.split()[0].lower()}@example.org",
        **fields,
    )
    SessionPerson.objects.create(session=session, speaker=speaker, role=role)
    return speaker


def programme_url(event, language="sv"):
    with translation.override(language):
        return reverse("events:programme", kwargs={"event_id": event.pk})


def english(event, **fields):
    en = Locale.objects.get(language_code="en")
    fields.setdefault("title", f"Network meeting {event.pk}")
    fields.setdefault("summary", "A network meeting on social innovation.")
    return translate(event, en, **fields)


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


# --- selectors ------------------------------------------------------------------------


def test_sessions_are_grouped_by_day_then_start_time():
    event = make_event(hours=48)
    add_session(event, "Öppning", hour=9)
    add_session(event, "Verkstad A", hour=10)
    add_session(event, "Verkstad B", hour=10)
    add_session(event, "Dag två", day=1, hour=9, minute=30)
    days = programme_days(programme_sessions(event))
    assert [len(day.slots) for day in days] == [2, 1]
    assert [s.title_sv for s in days[0].slots[1].sessions] == [
        "Verkstad A",
        "Verkstad B",
    ]
    assert days[1].slots[0].starts_at.time() == time(9, 30)


def test_filters_by_track_theme_and_kind_combine():
    event = make_event()
    track = Track.objects.create(event=event, name_sv="Finansiering", slug="fin")
    theme, other_theme = Theme.objects.order_by("pk")[:2]
    match = add_session(event, "Träff", track=track, kind=SessionKind.WORKSHOP)
    match.themes.add(theme)
    wrong_kind = add_session(event, "Panel", track=track, kind=SessionKind.PANEL)
    wrong_kind.themes.add(theme)
    wrong_theme = add_session(event, "Annat", track=track, kind=SessionKind.WORKSHOP)
    wrong_theme.themes.add(other_theme)
    add_session(event, "Utan spår", kind=SessionKind.WORKSHOP).themes.add(theme)

    filters = ProgrammeFilters(track="fin", theme=theme.slug, kind="workshop")
    assert [s.pk for s in programme_sessions(event, filters=filters)] == [match.pk]
    by_track = programme_sessions(event, filters=ProgrammeFilters(track="fin"))
    assert len(by_track) == 3


def test_filter_options_count_the_whole_programme():
    event = make_event()
    track = Track.objects.create(event=event, name_sv="Forskning", slug="forskning")
    Track.objects.create(event=event, name_sv="Tomt spår", slug="tomt")
    theme = Theme.objects.order_by("pk").first()
    add_session(event, "Ett", track=track).themes.add(theme)
    add_session(event, "Två", track=track, kind=SessionKind.BREAK)
    options = programme_filter_options(event)
    assert [(o.value, o.count) for o in options.tracks] == [("forskning", 2)]
    assert [(o.value, o.count) for o in options.themes] == [(theme.slug, 1)]
    assert {o.value: o.count for o in options.kinds} == {"seminar": 1, "break": 1}


# --- the programme page -------------------------------------------------------------


def test_programme_page_has_a_heading_per_day_and_per_time_slot(client):
    event = make_event(hours=30)
    room = Room.objects.create(event=event, name="Sal Orkanen")
    add_session(event, "Välkommen", hour=9, room=room, kind=SessionKind.KEYNOTE)
    add_session(event, "Fika", hour=10, kind=SessionKind.BREAK)
    add_session(event, "Avslutning", day=1, hour=11)
    response = client.get(programme_url(event))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h2 id=\"day-", html)) == 2
    assert len(re.findall(r"<h3 class=\"programme-slot\">", html)) == 3
    assert html.count('<article class="session') == 3
    assert "Sal Orkanen" in html
    assert f'datetime="{at(event, hour=9).isoformat()}"' in html


def test_english_programme_has_english_url_and_texts(client):
    event = make_event()
    english_page = english(event)
    add_session(
        event,
        "Verkstad",
        title_en="Workshop on impact",
        signup_required=True,
        capacity=12,
    )
    url = programme_url(event, "en")
    assert url == f"/en/events/{event.pk}/programme/"
    response = client.get(url)
    html = response.content.decode()
    assert "Workshop on impact" in html
    assert english_page.title in html
    assert "12 places left" in html
    assert "Add to my agenda" in html


def test_the_english_page_id_shows_the_same_programme(client):
    event = make_event()
    english_page = english(event)
    add_session(event, "Gemensamt pass", title_en="Shared session")
    response = client.get(programme_url(english_page, "en"))
    assert "Shared session" in response.content.decode()


def test_filter_form_keeps_the_choice_and_narrows_the_list(client):
    event = make_event()
    track = Track.objects.create(event=event, name_sv="Finansiering", slug="fin")
    add_session(event, "Finansieringspass", track=track)
    add_session(event, "Annat pass", hour=11)
    response = client.get(programme_url(event, "en"), {"track": "fin"})
    html = response.content.decode()
    assert "Finansieringspass" in html
    assert "Annat pass" not in html
    assert '<option value="fin" selected>' in html
    assert "1 session matches the filters" in html


def test_unknown_filter_is_explained_and_the_whole_programme_shown(client):
    event = make_event()
    add_session(event, "Första")
    add_session(event, "Andra", hour=11)
    response = client.get(programme_url(event, "en"), {"track": "finns-inte"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no such track in this programme" in html
    assert "Första" in html
    assert "Andra" in html


def test_full_session_reads_full(client):
    event = make_event(mode=RegistrationMode.NONE)
    session = add_session(event, "Litet rum", signup_required=True, capacity=1)
    from motesplats.events.services.programme import session_signup  # noqa: PLC0415

    session_signup(session=session, user=UserFactory())
    html = client.get(programme_url(event, "en")).content.decode()
    assert "<strong>Full</strong>" in html
    assert "Sign up</button>" not in html


def test_unpublished_event_has_no_programme(client):
    event = make_event()
    event.unpublish()
    assert client.get(programme_url(event)).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True])
def test_programme_query_count_does_not_grow_with_sessions(
    client, signed_in, django_assert_num_queries
):
    if signed_in:
        client.force_login(UserFactory())
    small, large = make_event(), make_event()
    theme = Theme.objects.order_by("pk").first()
    track = Track.objects.create(event=large, name_sv="Spår", slug="spar")
    for n in range(12):
        session = add_session(large, f"Pass {n}", hour=8 + n % 10, track=track)
        session.themes.add(theme)
        add_person(session, f"Talare {n}", consent=n % 2 == 0)
        add_person(session, f"Moderator {n}", role=SessionRole.MODERATOR)
    for n in range(2):
        session = add_session(small, f"Pass {n}", hour=8 + n)
        session.themes.add(theme)
        add_person(session, f"Talare {n}", consent=True)
    # Warm the per-path fragment caches of the page frame (menus, language links).
    client.get(programme_url(small))
    client.get(programme_url(large))
    expected = 14 if signed_in else 10
    with django_assert_num_queries(expected):
        client.get(programme_url(small))
    with django_assert_num_queries(expected):
        client.get(programme_url(large))


# --- speakers -------------------------------------------------------------------------


def test_speaker_without_consent_is_a_name_without_a_page(client):
    event = make_event()
    session = add_session(event, "Samtal")
    quiet = add_person(
        session, "Greta Tyst", title="Hemlig titel", bio_sv="Privat text."
    )
    html = client.get(programme_url(event)).content.decode()
    assert "Greta Tyst" in html
    assert reverse("events:speaker_detail", kwargs={"speaker_id": quiet.pk}) not in html
    detail = client.get(
        reverse("events:session_detail", kwargs={"session_id": session.pk})
    ).content.decode()
    assert "Greta Tyst" in detail
    assert "Hemlig titel" not in detail
    page = client.get(reverse("events:speaker_detail", kwargs={"speaker_id": quiet.pk}))
    assert page.status_code == 404


def test_speaker_with_consent_has_a_page_listing_their_sessions(client):
    event = make_event()
    session = add_session(event, "Framtidens välfärd")
    open_speaker = add_person(
        session,
        "Hugo Öppen",
        consent=True,
        title="Forskare, Malmö universitet",
        bio_sv="Forskar om social innovation.",
    )
    url = reverse("events:speaker_detail", kwargs={"speaker_id": open_speaker.pk})
    assert url in client.get(programme_url(event)).content.decode()
    html = client.get(url).content.decode()
    assert "Forskar om social innovation." in html
    assert "Framtidens välfärd" in html
    assert "hugo@example.org" not in html


def test_session_detail_of_an_unpublished_event_is_404(client):
    event = make_event()
    session = add_session(event)
    event.unpublish()
    url = reverse("events:session_detail", kwargs={"session_id": session.pk})
    assert client.get(url).status_code == 404


# --- starring and the agenda ----------------------------------------------------------


def test_starring_when_signed_out_goes_to_login_and_back(client):
    event = make_event()
    session = add_session(event)
    back = programme_url(event)
    response = client.post(
        reverse("events:session_star", kwargs={"session_id": session.pk}),
        {"action": "star", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert AgendaStar.objects.count() == 0


def test_star_and_unstar_are_idempotent_and_logged(client, member):
    event = make_event()
    session = add_session(event)
    url = reverse("events:session_star", kwargs={"session_id": session.pk})
    back = programme_url(event)
    first = client.post(url, {"action": "star", "next": back})
    client.post(url, {"action": "star", "next": back})
    assert first.status_code == 303
    assert first["Location"] == back
    assert AgendaStar.objects.filter(user=member, session=session).count() == 1
    assert AuditEntry.objects.filter(action="events.agenda.starred").count() == 1
    client.post(url, {"action": "unstar"})
    client.post(url, {"action": "unstar"})
    assert not AgendaStar.objects.filter(user=member).exists()
    assert AuditEntry.objects.filter(action="events.agenda.unstarred").count() == 1


def test_star_refuses_a_redirect_to_another_site(client, member):
    session = add_session(make_event())
    response = client.post(
        reverse("events:session_star", kwargs={"session_id": session.pk}),
        {"action": "star", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse(
        "events:session_detail", kwargs={"session_id": session.pk}
    )


def test_starred_session_shows_as_starred_on_the_programme(client, member):
    event = make_event()
    session = add_session(event, "Mitt pass")
    AgendaStar.objects.create(user=member, session=session)
    html = client.get(programme_url(event, "en")).content.decode()
    assert "Remove from my agenda" in html
    assert "session-starred" in html


def test_agenda_lists_starred_sessions_across_events(client, member):
    first, second = make_event(), make_event(starts_in=timedelta(days=40))
    one = add_session(first, "Pass på första")
    two = add_session(second, "Pass på andra")
    add_session(second, "Inte mitt", hour=13)
    AgendaStar.objects.create(user=member, session=one)
    AgendaStar.objects.create(user=member, session=two)
    with translation.override("en"):
        url = reverse("events:agenda")
    html = client.get(url).content.decode()
    assert "Pass på första" in html
    assert "Pass på andra" in html
    assert "Inte mitt" not in html
    assert first.title in html
    assert agenda_token(member) in html


def test_agenda_requires_login(client):
    response = client.get(reverse("events:agenda"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_agenda_feed_works_without_a_session_and_a_tampered_token_is_404(client):
    user = UserFactory()
    event = make_event()
    session = add_session(event, "Prenumererat pass")
    AgendaStar.objects.create(user=user, session=session)
    token = agenda_token(user)
    url = reverse("events:agenda_ics", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        f"Prenumererat pass ({event.title})"
    ]
    user_id, signature = token.split(":", 1)
    tampered = [
        f"{int(user_id) + 1}:{signature}",
        f"{user_id}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        "nonsense",
    ]
    for bad in tampered:
        bad_url = reverse("events:agenda_ics", kwargs={"token": bad})
        assert client.get(bad_url).status_code == 404


def test_agenda_token_is_not_valid_with_another_salt():
    from django.core import signing  # noqa: PLC0415

    user = UserFactory()
    assert agenda_token(user) != signing.Signer().sign(str(user.pk))


# --- the summary on the event page -----------------------------------------------------


def _render_summary(page) -> str:
    return Template("{% load event_programme %}{% programme_summary page %}").render(
        Context({"page": page})
    )


def test_programme_summary_counts_and_links():
    event = make_event(hours=30)
    add_session(event, "Ett")
    add_session(event, "Två", day=1)
    with translation.override("en"):
        html = _render_summary(event)
        assert "2 sessions over 2 days." in html
        assert reverse("events:programme", kwargs={"event_id": event.pk}) in html
        assert reverse("events:event_ics", kwargs={"event_id": event.pk}) in html
        assert reverse("events:schedule_json", kwargs={"event_id": event.pk}) in html


def test_programme_summary_costs_fixed_queries(django_assert_num_queries):
    small, large = make_event(), make_event()
    for n in range(2):
        add_session(small, hour=8 + n)
    for n in range(12):
        add_session(large, hour=8 + n % 10)
    # The default locale (for the canonical page) and the sessions' start times.
    with django_assert_num_queries(2):
        _render_summary(small)
    with django_assert_num_queries(2):
        _render_summary(large)


def test_agenda_query_count_does_not_grow_with_sessions(
    client, member, django_assert_num_queries
):
    few = [make_event()]
    many = [make_event(starts_in=timedelta(days=40 + n)) for n in range(3)]
    for n in range(2):
        AgendaStar.objects.create(user=member, session=add_session(few[0], hour=8 + n))
    with translation.override("en"):
        url = reverse("events:agenda")
    client.get(url)  # warm the page frame's fragment caches
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(10):
        session = add_session(many[n % 3], f"Pass {n}", hour=8 + n % 10)
        add_person(session, f"Talare {n}", consent=True)
        AgendaStar.objects.create(user=member, session=session)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.content.decode().count('<article class="session') == 12


def test_empty_programme_says_so(client):
    event = make_event()
    html = client.get(programme_url(event, "en")).content.decode()
    assert "The programme has not been published yet." in html
    with translation.override("en"):
        summary = _render_summary(event)
        programme = reverse("events:programme", kwargs={"event_id": event.pk})
    assert "The programme will be published here." in summary
    assert programme not in summary
