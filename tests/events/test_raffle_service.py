"""The raffle on the platform: commitment first, keys by arrival, a draw anyone can redo."""

import json
import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from motesplats.core.models import AuditEntry
from motesplats.events import draw
from motesplats.events.enums import RaffleStatus, RegistrationMode, RegistrationStatus
from motesplats.events.models import Booking, EventPage, Raffle, Registration
from motesplats.events.services.raffle import (
    RaffleError,
    raffle_close,
    raffle_draw,
    raffle_open,
    raffles_close_due,
)
from motesplats.events.services.registration import (
    Invoice,
    Participant,
    booking_create,
    registration_cancel,
    waiting_queue,
)
from motesplats.taxonomy.models import Sector

from .factories import make_event

pytestmark = pytest.mark.django_db

SECTORS = ["offentlig", "privat", "ideburen", "akademi"]


def raffle_event(**fields) -> EventPage:
    return make_event(mode=RegistrationMode.RAFFLE, **fields)


def apply(event, name: str, sector: str | None = None, **kwargs):
    """One application with a motivation, as the registration form makes it."""
    ticket = kwargs.pop("ticket", None) or event.ticket_types.first()
    email = f"{name.lower().replace(' ', '.')}@example.org"
    result = booking_create(
        event=event,
        name=name,
        email=email,
        participants=[
            Participant(
                ticket_type=ticket,
                name=name,
                email=email,
                sector=Sector.objects.get(slug=sector) if sector else None,
                motivation="Vi bygger en samverkansmodell och vill lära av andra.",
            )
        ],
        **kwargs,
    )
    return result.registrations[0]


def apply_many(event, count: int, sectors=SECTORS, start: int = 0):
    return [
        apply(event, f"Person {start + i:02d}", sectors[i % len(sectors)])
        for i in range(count)
    ]


def open_raffle(event, places=3, quotas=None, close_in=timedelta(days=7)) -> Raffle:
    return raffle_open(
        event=event,
        places=places,
        quotas=quotas or {},
        applications_close_at=timezone.now() + close_in,
        actor=None,
    )


def close(raffle: Raffle) -> Raffle:
    return raffle_close(
        raffle=raffle,
        actor=None,
        now=raffle.applications_close_at + timedelta(seconds=1),
    )


def outcome(event) -> list[tuple]:
    return list(
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("pk", "status", "queue_rank", "seat", "event_seat", "raffle_key")
    )


# --- open -----------------------------------------------------------------------------


def test_opening_publishes_the_commitment_before_anyone_can_apply():
    event = raffle_event()
    raffle = open_raffle(event, places=2, quotas={"ideburen": 1})
    assert raffle.status == RaffleStatus.OPEN
    assert re.fullmatch(r"[0-9a-f]{64}", raffle.seed)
    assert raffle.commitment == draw.commitment(raffle.seed)
    assert raffle.quotas == {"ideburen": 1}
    entry = AuditEntry.objects.get(
        action="events.raffle.opened", object_id=str(raffle.pk)
    )
    assert entry.data["commitment"] == raffle.commitment
    assert entry.data["applications_before_commitment"] == 0
    # The audit log is readable by staff: the secret seed never goes there.
    assert raffle.seed not in json.dumps(entry.data)


def test_each_raffle_gets_its_own_seed():
    first = open_raffle(raffle_event())
    second = open_raffle(raffle_event())
    assert first.seed != second.seed
    assert first.commitment != second.commitment


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"places": 0}, "places"),
        ({"places": -3}, "places"),
        ({"quotas": {"no-such-sector": 1}}, "quotas"),
        ({"quotas": {"ideburen": 2, "akademi": 2}}, "quotas"),
        ({"quotas": {"ideburen": -1}}, "quotas"),
        ({"places": 6}, "capacity"),
        ({"close_in": timedelta(minutes=-5)}, "close_time"),
        ({"close_in": timedelta(days=60)}, "close_time"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(change, code):
    event = raffle_event(capacity=5)
    arguments = {"places": 3, "quotas": {}, "close_in": timedelta(days=7), **change}
    with pytest.raises(RaffleError) as info:
        open_raffle(event, **arguments)
    assert info.value.code == code
    assert info.value.messages[0]
    assert not Raffle.objects.filter(event=event).exists()


def test_places_cannot_exceed_the_ticket_types_places():
    event = raffle_event(tickets=[{"capacity": 2}, {"capacity": 1}])
    with pytest.raises(RaffleError) as info:
        open_raffle(event, places=4)
    assert info.value.code == "capacity"
    assert open_raffle(event, places=3).places == 3


def test_an_event_without_raffle_registration_cannot_open_one():
    event = make_event()
    with pytest.raises(RaffleError) as info:
        open_raffle(event)
    assert info.value.code == "not_raffle"
    assert not Raffle.objects.filter(event=event).exists()


def test_a_second_raffle_for_the_same_event_is_refused():
    event = raffle_event()
    first = open_raffle(event)
    with pytest.raises(RaffleError) as info:
        open_raffle(event)
    assert info.value.code == "exists"
    assert Raffle.objects.get(event=event).commitment == first.commitment


# --- close ----------------------------------------------------------------------------


def test_closing_gives_keys_in_order_of_arrival(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = raffle_event()
    raffle = open_raffle(event)
    cecilia = apply(event, "Cecilia Lund", "akademi")
    anna = apply(event, "Anna Berg", "ideburen")
    bo = apply(event, "Bo Ek")
    with django_capture_on_commit_callbacks(execute=True):
        raffle = close(raffle)
    keys = dict(
        Registration.objects.filter(event=event).values_list("pk", "raffle_key")
    )
    assert keys == {cecilia.pk: "A-0001", anna.pk: "A-0002", bo.pk: "A-0003"}
    assert raffle.status == RaffleStatus.COMMITTED
    assert json.loads(raffle.entries_json) == [
        {"group": "akademi", "key": "A-0001"},
        {"group": "ideburen", "key": "A-0002"},
        {"group": "", "key": "A-0003"},
    ]
    assert raffle.entries_digest == draw.entries_digest(
        draw.entries_from_json(raffle.entries_json)
    )
    # Everyone hears their key, so they can find it in the published lists.
    mail = {m.to[0]: m for m in mailoutbox}
    assert sorted(mail) == [
        "anna.berg@example.org",
        "bo.ek@example.org",
        "cecilia.lund@example.org",
    ]
    assert "A-0002" in mail["anna.berg@example.org"].body
    assert f"/{event.pk}/" in mail["anna.berg@example.org"].body


def test_the_published_entries_hold_no_personal_data():
    event = raffle_event()
    raffle = open_raffle(event)
    apply(event, "Anna Berg", "ideburen")
    apply(event, "Bo Ek", "privat")
    raffle = close(raffle)
    assert "Anna" not in raffle.entries_json
    assert "Berg" not in raffle.entries_json
    assert "@" not in raffle.entries_json
    assert "samverkansmodell" not in raffle.entries_json
    assert {tuple(sorted(item)) for item in json.loads(raffle.entries_json)} == {
        ("group", "key")
    }


def test_closing_before_the_announced_time_needs_an_explicit_choice():
    event = raffle_event()
    raffle = open_raffle(event)
    apply(event, "Anna Berg")
    with pytest.raises(RaffleError) as info:
        raffle_close(raffle=raffle, actor=None)
    assert info.value.code == "too_early"
    raffle.refresh_from_db()
    assert raffle.status == RaffleStatus.OPEN
    assert raffle.entries_json == ""
    assert Registration.objects.get(event=event).raffle_key == ""
    closed = raffle_close(raffle=raffle, actor=None, early=True)
    assert closed.status == RaffleStatus.COMMITTED
    entry = AuditEntry.objects.get(action="events.raffle.closed")
    assert entry.data["early"] is True


def test_closing_twice_is_refused_and_keeps_the_published_list():
    event = raffle_event()
    raffle = close(open_raffle(event))
    digest = raffle.entries_digest
    with pytest.raises(RaffleError) as info:
        close(raffle)
    assert info.value.code == "closed"
    raffle.refresh_from_db()
    assert raffle.entries_digest == digest


def test_the_tick_closes_raffles_whose_time_has_come():
    due_event, later_event = raffle_event(), raffle_event()
    due = open_raffle(due_event, close_in=timedelta(hours=1))
    later = open_raffle(later_event, close_in=timedelta(days=3))
    apply(due_event, "Anna Berg")
    assert raffles_close_due(now=timezone.now() + timedelta(hours=2)) == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == RaffleStatus.COMMITTED
    assert later.status == RaffleStatus.OPEN
    assert Registration.objects.get(event=due_event).raffle_key == "A-0001"
    # Run again (or at the same time as an organiser): nothing more happens.
    assert raffles_close_due(now=timezone.now() + timedelta(hours=2)) == 0


# --- draw -----------------------------------------------------------------------------


def test_the_result_can_be_recomputed_from_the_published_data(tmp_path, capsys):
    event = raffle_event()
    raffle = open_raffle(event, places=4, quotas={"ideburen": 2})
    published_commitment = raffle.commitment
    apply_many(event, 11)
    raffle = close(raffle)
    published_entries, published_digest = raffle.entries_json, raffle.entries_digest
    raffle = raffle_draw(raffle=raffle, actor=None)

    # What a visitor does with what the page shows: seed, entries, places, quotas.
    assert draw.verify_commitment(raffle.seed, published_commitment)
    entries = draw.entries_from_json(published_entries)
    assert draw.entries_digest(entries) == published_digest
    redone = draw.run_draw(
        seed=raffle.seed, entries=entries, places=4, quotas={"ideburen": 2}
    )
    confirmed = set(
        Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).values_list("raffle_key", flat=True)
    )
    assert confirmed == set(redone.winners)
    assert len(confirmed) == 4
    queue = [r.raffle_key for r in waiting_queue(event)]
    assert queue == list(redone.waiting)
    ranks = list(waiting_queue(event).values_list("queue_rank", flat=True))
    assert ranks == list(range(1, len(redone.waiting) + 1))
    assert raffle.result["winners"] == list(redone.winners)
    assert raffle.result["waiting"] == list(redone.waiting)

    # And the same with the command line the page tells people to run.
    path = tmp_path / "entries.json"
    path.write_bytes(published_entries.encode("utf-8"))
    status = draw.main(
        [
            "verify",
            "--seed",
            raffle.seed,
            "--commitment",
            published_commitment,
            "--entries",
            str(path),
            "--places",
            "4",
            "--quota",
            "ideburen=2",
            "--entries-digest",
            published_digest,
        ]
    )
    assert status == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["winners"]) == confirmed
    assert report["waiting"] == queue


def test_the_seed_stays_secret_until_the_draw_and_matches_the_commitment():
    event = raffle_event()
    raffle = open_raffle(event)
    commitment = raffle.commitment
    apply_many(event, 3)
    close(raffle)
    raffle = raffle_draw(raffle=raffle, actor=None)
    assert raffle.status == RaffleStatus.DRAWN
    assert raffle.commitment == commitment
    assert draw.verify_commitment(raffle.seed, commitment)
    entry = AuditEntry.objects.get(action="events.raffle.drawn")
    assert entry.data["seed"] == raffle.seed


def test_quotas_are_honoured():
    # Two applicants from civil society among twelve, three places: without the quota
    # both would win only by luck; with a quota of two, both always do.
    event = raffle_event()
    raffle = open_raffle(event, places=3, quotas={"ideburen": 2})
    others = apply_many(event, 10, sectors=["offentlig", "privat"])
    civil = [
        apply(event, "Ida Ideell", "ideburen"),
        apply(event, "Ivar Ideell", "ideburen"),
    ]
    close(raffle)
    raffle_draw(raffle=raffle, actor=None)
    for registration in civil:
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED
    won = [r for r in others if Registration.objects.get(pk=r.pk).status == "confirmed"]
    assert len(won) == 1


def test_winners_never_exceed_the_places():
    event = raffle_event()
    raffle = open_raffle(event, places=3)
    apply_many(event, 9)
    close(raffle)
    raffle_draw(raffle=raffle, actor=None)
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert confirmed.count() == 3
    assert Registration.objects.filter(event=event, status="waiting").count() == 6


def test_winners_never_exceed_the_capacity_left_at_the_draw():
    event = raffle_event(capacity=4)
    raffle = open_raffle(event, places=4)
    apply_many(event, 8)
    close(raffle)
    # The organisers lowered the event's places after the raffle opened.
    EventPage.objects.filter(pk=event.pk).update(capacity=2)
    raffle = raffle_draw(raffle=raffle, actor=None)
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert confirmed.count() == 2
    assert sorted(confirmed.values_list("event_seat", flat=True)) == [1, 2]
    assert raffle.result["places"] == 2
    # The published number of places is the one the draw used, so it still verifies.
    redone = draw.run_draw(
        seed=raffle.seed,
        entries=draw.entries_from_json(raffle.entries_json),
        places=raffle.result["places"],
    )
    assert set(confirmed.values_list("raffle_key", flat=True)) == set(redone.winners)


def test_winners_get_seat_numbers_per_ticket_type():
    event = raffle_event(tickets=[{"capacity": 3}])
    raffle = open_raffle(event, places=3)
    apply_many(event, 5)
    close(raffle)
    raffle_draw(raffle=raffle, actor=None)
    seats = sorted(
        Registration.objects.filter(event=event, status="confirmed").values_list(
            "seat", flat=True
        )
    )
    assert seats == [1, 2, 3]


def test_drawing_twice_is_refused_and_changes_nothing(
    mailoutbox, django_capture_on_commit_callbacks, en
):
    event = raffle_event()
    raffle = open_raffle(event, places=2)
    apply_many(event, 5)
    close(raffle)
    raffle = raffle_draw(raffle=raffle, actor=None)
    before = outcome(event)
    result = raffle.result
    mailoutbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RaffleError) as info,
    ):
        raffle_draw(raffle=raffle, actor=None)
    assert info.value.code == "drawn"
    assert "already been drawn" in info.value.messages[0]
    assert outcome(event) == before
    raffle.refresh_from_db()
    assert raffle.result == result
    assert AuditEntry.objects.filter(action="events.raffle.drawn").count() == 1
    assert mailoutbox == []


def test_drawing_before_applications_close_is_refused_and_changes_nothing(en):
    event = raffle_event()
    raffle = open_raffle(event, places=2)
    apply_many(event, 4)
    before = outcome(event)
    with pytest.raises(RaffleError) as info:
        raffle_draw(raffle=raffle, actor=None)
    assert info.value.code == "not_closed"
    assert "Close applications first" in info.value.messages[0]
    assert outcome(event) == before
    raffle.refresh_from_db()
    assert raffle.status == RaffleStatus.OPEN
    assert raffle.result == {}
    assert not AuditEntry.objects.filter(action="events.raffle.drawn").exists()


def test_tampered_entries_stop_the_draw():
    event = raffle_event()
    raffle = open_raffle(event, places=1)
    apply_many(event, 3)
    raffle = close(raffle)
    Raffle.objects.filter(pk=raffle.pk).update(
        entries_json=raffle.entries_json.replace("A-0003", "A-0004")
    )
    before = outcome(event)
    with pytest.raises(RaffleError) as info:
        raffle_draw(raffle=raffle, actor=None)
    assert info.value.code == "integrity"
    assert outcome(event) == before


def test_a_cancelled_winner_frees_the_place_for_the_first_in_the_waiting_order(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = raffle_event(capacity=2)
    raffle = open_raffle(event, places=2)
    apply_many(event, 6)
    close(raffle)
    raffle = raffle_draw(raffle=raffle, actor=None)
    winner = Registration.objects.get(
        event=event, raffle_key=raffle.result["winners"][0]
    )
    first_waiting, second_waiting = raffle.result["waiting"][:2]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=winner)
    offered = Registration.objects.get(event=event, status="offered")
    assert offered.raffle_key == first_waiting
    assert offered.queue_rank == 1
    assert Registration.objects.get(raffle_key=second_waiting, event=event).status == (
        "waiting"
    )
    assert offered.email in {address for m in mailoutbox for address in m.to}


def test_a_winner_who_withdrew_before_the_draw_leaves_an_offer_for_the_next(
    django_capture_on_commit_callbacks, mailoutbox
):
    event = raffle_event()
    raffle = open_raffle(event, places=2)
    apply_many(event, 6)
    raffle = close(raffle)
    # Whoever the published data makes a winner withdraws between closing and drawing.
    expected = draw.run_draw(
        seed=raffle.seed,
        entries=draw.entries_from_json(raffle.entries_json),
        places=2,
    )
    withdrawn = Registration.objects.get(event=event, raffle_key=expected.winners[0])
    registration_cancel(registration=withdrawn)
    with django_capture_on_commit_callbacks(execute=True):
        raffle = raffle_draw(raffle=raffle, actor=None)
    assert raffle.result["winners"] == list(expected.winners)
    confirmed = Registration.objects.get(event=event, status="confirmed")
    assert confirmed.raffle_key == expected.winners[1]
    offered = Registration.objects.get(event=event, status="offered")
    assert offered.raffle_key == expected.waiting[0]
    assert offered.offer_expires_at is not None
    assert Registration.objects.filter(event=event, status="waiting").count() == 3


def test_applications_that_arrive_after_closing_wait_after_the_drawn_order():
    event = raffle_event()
    raffle = open_raffle(event, places=1)
    apply_many(event, 3)
    raffle = close(raffle)
    # Written straight to the table: this is the state the draw must cope with
    # whatever the registration form does after applications close.
    late = Registration.objects.create(
        booking=Booking.objects.create(
            event=event, name="Sen Sökande", email="sen@example.org"
        ),
        event=event,
        ticket_type=event.ticket_types.first(),
        status=RegistrationStatus.APPLIED,
        name="Sen Sökande",
        email="sen@example.org",
        motivation="Sent men gärna.",
    )
    raffle_draw(raffle=raffle, actor=None)
    late.refresh_from_db()
    assert late.status == RegistrationStatus.WAITING
    assert late.queue_rank is None
    assert list(waiting_queue(event))[-1] == late


def test_draw_mails_winners_their_confirmation_and_the_others_their_position(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = raffle_event(title="Lottad träff")
    raffle = open_raffle(event, places=1)
    apply_many(event, 4)
    close(raffle)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        raffle = raffle_draw(raffle=raffle, actor=None)
    winner = Registration.objects.get(event=event, status="confirmed")
    to_winner = [m for m in mailoutbox if winner.email in m.to]
    assert to_winner
    assert all("Lottad träff" in m.subject for m in to_winner)
    for position, key in enumerate(raffle.result["waiting"], start=1):
        registration = Registration.objects.get(event=event, raffle_key=key)
        mails = [m for m in mailoutbox if registration.email in m.to]
        assert len(mails) == 1
        assert f"({key})" in mails[0].body
        assert f" {position}." in mails[0].body
        assert "Lottad träff" in mails[0].subject


def test_a_won_paid_ticket_is_invoiced():
    event = raffle_event(tickets=[{"price": "500"}])
    raffle = open_raffle(event, places=1)
    registration = apply(
        event,
        "Anna Berg",
        "offentlig",
        invoice=Invoice(
            organisation="Malmö stad",
            org_number="212000-1124",
            reference="Kst 4410",
            address="Box 1, 205 80 Malmö",
            email="faktura@example.org",
        ),
    )
    assert registration.booking.total == Decimal("0.00")
    close(raffle)
    raffle_draw(raffle=raffle, actor=None)
    booking = Booking.objects.get(pk=registration.booking_id)
    assert booking.total == Decimal("500.00")
    assert booking.payment_status == "invoice_pending"


def test_a_draw_with_no_places_left_is_refused():
    event = raffle_event(capacity=2)
    raffle = open_raffle(event, places=2)
    apply_many(event, 3)
    close(raffle)
    EventPage.objects.filter(pk=event.pk).update(capacity=0)
    before = outcome(event)
    with pytest.raises(RaffleError) as info:
        raffle_draw(raffle=raffle, actor=None)
    assert info.value.code == "capacity"
    assert outcome(event) == before


def test_a_cancelled_winner_frees_one_place_even_when_the_event_holds_more():
    event = raffle_event(capacity=10)
    raffle = open_raffle(event, places=2)
    apply_many(event, 6)
    close(raffle)
    raffle = raffle_draw(raffle=raffle, actor=None)
    winner = Registration.objects.get(
        event=event, raffle_key=raffle.result["winners"][0]
    )
    registration_cancel(registration=winner)
    offered = Registration.objects.filter(event=event, status="offered")
    assert list(offered.values_list("raffle_key", flat=True)) == [
        raffle.result["waiting"][0]
    ]


def test_raffle_mail_subjects_are_plain_text(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = raffle_event(title='Fika & forskning "2027"')
    raffle = open_raffle(event, places=1)
    apply(event, "Anna Berg")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        close(raffle)
    [mail] = mailoutbox
    assert 'Fika & forskning "2027"' in mail.subject
    assert "&amp;" not in mail.subject
