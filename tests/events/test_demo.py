"""The demo events: the summit archive, the coming summit's programme and tickets, the
other kinds of meeting, a full event with a waiting list, a raffle, translations."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

import pytest

from motesplats.core.models import AuditEntry
from motesplats.events.demo import summit_start
from motesplats.events.enums import (
    EventFormat,
    EventKind,
    QuestionKind,
    RaffleStatus,
    RegistrationMode,
    RegistrationStatus,
    SessionKind,
    TicketKind,
)
from motesplats.events.models import (
    EventIndexPage,
    EventPage,
    Raffle,
    Registration,
    Speaker,
)

pytestmark = pytest.mark.django_db


def swedish():
    return EventPage.objects.live().filter(locale__language_code="sv")


@pytest.fixture
def summit():
    return (
        swedish()
        .filter(kind=EventKind.SUMMIT, ends_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )


def test_the_events_page_exists_in_both_languages():
    pages = EventIndexPage.objects.live()
    assert sorted((p.locale.language_code, p.slug) for p in pages) == [
        ("en", "events"),
        ("sv", "evenemang"),
    ]


def test_every_event_page_is_translated_to_english():
    pages = list(swedish())
    assert len(pages) >= 20
    for page in pages:
        english = EventPage.objects.live().get(
            translation_key=page.translation_key, locale__language_code="en"
        )
        assert english.title, page.slug
        assert english.summary != page.summary or page.summary == "", page.slug


def test_the_archive_editions_2015_to_2020_keep_the_known_facts():
    archive = {
        p.starts_at.year: p
        for p in swedish().filter(kind=EventKind.SUMMIT, starts_at__year__lte=2020)
    }
    assert sorted(archive) == [2015, 2016, 2017, 2018, 2019, 2020]
    local = {y: timezone.localtime(p.starts_at).date() for y, p in archive.items()}
    assert local[2015] == date(2015, 11, 24)
    assert local[2016] == date(2016, 10, 25)
    assert local[2017] == date(2017, 11, 14)
    assert local[2018] == date(2018, 11, 13)
    assert local[2020] == date(2020, 11, 10)
    assert [archive[y].edition for y in sorted(archive)] == [1, 2, 3, 4, 5, 6]
    assert archive[2018].venue_name == "Nöjesteatern"
    assert archive[2018].yearly_theme == "Making it big"
    assert archive[2017].yearly_theme == "Creating Value"
    assert archive[2019].yearly_theme == "SOCIETY/IMPACT/YOU"
    assert archive[2020].format == EventFormat.DIGITAL
    assert [archive[y].attendance for y in sorted(archive)] == [
        600,
        600,
        None,
        700,
        None,
        None,
    ]
    co = {o.name for o in archive[2017].co_organisers.all()}
    assert co == {"Malmö högskola", "Malmö stad"}


def test_the_coming_summit_is_next_autumn_in_a_co_organising_city(summit):
    assert summit is not None
    first = timezone.localtime(summit.starts_at).date()
    assert first == summit_start(timezone.localdate())
    assert first.month == 11
    assert summit.is_multi_day
    assert summit.capacity == 600
    assert summit.yearly_theme
    assert summit.city
    assert summit.co_organisers.filter(name__icontains=summit.city[:4]).exists()
    assert summit.registration_is_open()


def test_summit_start_is_next_autumn():
    assert summit_start(date(2026, 11, 24)) == date(2027, 11, 9)
    assert summit_start(date(2027, 3, 1)) == date(2027, 11, 9)
    assert summit_start(date(2027, 3, 1)).weekday() == 1


def test_the_coming_summit_has_a_full_programme(summit):
    sessions = summit.sessions.select_related("track", "room")
    assert sessions.count() >= 20
    tracks = {s.track.slug for s in sessions if s.track}
    assert len(tracks) == 3
    days = {timezone.localtime(s.starts_at).date() for s in sessions}
    assert len(days) == 2
    kinds = set(sessions.values_list("kind", flat=True))
    assert kinds == {k.value for k in SessionKind}
    workshops = [s for s in sessions if s.kind == SessionKind.WORKSHOP]
    assert workshops
    assert all(s.signup_required and s.effective_capacity for s in workshops)
    moderated = sessions.filter(people__role="moderator").distinct()
    assert moderated.filter(kind=SessionKind.CONVERSATION).exists()
    assert all(r.capacity for r in summit.rooms.exclude(name="Foajén"))


def test_speakers_with_and_without_public_consent(summit):
    speakers = Speaker.objects.filter(appearances__session__event=summit).distinct()
    public = speakers.filter(public_consent=True)
    private = speakers.filter(public_consent=False)
    assert public.exists()
    assert private.exists()
    assert all(s.bio_sv and s.bio_en for s in public)
    assert all(not s.bio_sv for s in private)
    emails = [s.email for s in speakers if s.email]
    assert emails
    assert all(e.endswith("@example.org") for e in emails)


def test_the_summits_tickets_and_questions(summit):
    tickets = {t.kind: t for t in summit.ticket_types.all()}
    assert set(tickets) == {TicketKind.PAID, TicketKind.REDUCED, TicketKind.FREE}
    paid = tickets[TicketKind.PAID]
    assert paid.vat_rate == "25"
    assert paid.vat_amount == (paid.price / 5).quantize(Decimal("0.01"))
    assert tickets[TicketKind.REDUCED].price < paid.price
    assert tickets[TicketKind.FREE].price == 0
    questions = list(summit.questions.all())
    assert any(q.kind == QuestionKind.CHOICE and q.required for q in questions)
    health = [q for q in questions if q.is_health_data]
    assert len(health) == 1
    assert "allergi" in health[0].label_sv.lower()


def test_registrations_were_made_through_the_booking_service(summit):
    registrations = Registration.objects.filter(event=summit)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() >= 5
    assert all(r.email.endswith("example.org") for r in Registration.objects.all())
    assert summit.bookings.filter(total__gt=0, invoice_org_number__gt="").exists()
    assert AuditEntry.objects.filter(action="events.booking.created").count() >= 20
    with_diet = registrations.exclude(health_answers={})
    assert all(r.health_consent_at for r in with_diet)


def test_the_other_kinds_of_meeting():
    upcoming = swedish().filter(ends_at__gte=timezone.now())
    webinars = upcoming.filter(kind=EventKind.WEBINAR)
    assert webinars.count() >= 2
    assert set(webinars.values_list("format", flat=True)) == {EventFormat.DIGITAL}
    meetings = upcoming.filter(
        kind=EventKind.NETWORK_MEETING, format=EventFormat.ON_SITE
    )
    assert meetings.values("county").distinct().count() >= 3
    assert meetings.values("node").distinct().count() >= 3
    coalition = upcoming.get(kind=EventKind.COALITION_MEETING)
    assert "Koalition för ung innovationskraft" in coalition.title
    conversations = upcoming.filter(kind=EventKind.CONVERSATION)
    assert conversations.count() == 3
    assert set(conversations.values_list("format", flat=True)) == {EventFormat.HYBRID}


def test_one_event_is_full_with_two_on_the_waiting_list():
    counted = swedish().annotate(
        confirmed=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
        ),
        waiting=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITING),
        ),
    )
    full = [e for e in counted if e.capacity and e.confirmed == e.capacity]
    assert len(full) == 1
    assert full[0].waiting == 2
    assert full[0].waiting_list


def test_one_event_raffles_its_places_with_open_applications():
    raffle = Raffle.objects.select_related("event").get()
    assert raffle.status == RaffleStatus.OPEN
    assert raffle.commitment
    assert raffle.event.registration_mode == RegistrationMode.RAFFLE
    assert raffle.applications_close_at > timezone.now()
    applications = Registration.objects.filter(
        event=raffle.event, status=RegistrationStatus.APPLIED
    )
    assert applications.count() >= 3
    assert all(len(a.motivation) > 40 for a in applications)
    assert applications.exclude(sector=None).count() == applications.count()


def test_a_past_event_counts_who_came():
    past = swedish().filter(
        ends_at__lt=timezone.now(), registrations__checked_in_at__isnull=False
    )
    assert past.distinct().count() == 1
