"""The events listing: upcoming and past, facets with counts, dates, status, queries."""

from datetime import date, datetime, time, timedelta

from django.http import QueryDict
from django.utils import timezone

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from motesplats.events.enums import EventFormat, EventKind
from motesplats.events.forms.listing import parse_event_filters
from motesplats.events.listing import PAST, EventFilters, events_browse
from motesplats.events.models import EventIndexPage, EventPage
from motesplats.events.services.registration import registration_check_in
from motesplats.taxonomy.models import Region, Theme

from .factories import book, make_event

pytestmark = pytest.mark.django_db

# Windows no demo event falls in, so each test sees only the events it makes.
FUTURE = date(2090, 3, 1)
PAST_DAY = date(2012, 3, 1)


def _at(day: date, hour: int = 10) -> timedelta:
    target = timezone.make_aware(datetime.combine(day, time(hour)))
    return target - timezone.now()


def event_on(day: date, **fields) -> EventPage:
    themes = fields.pop("themes", [])
    event = make_event(starts_in=_at(day), **fields)
    if themes:
        event.themes.set(themes)
        event.save_revision().publish()
    return event


def window(day: date, days: int = 20) -> dict[str, str]:
    return {
        "date_from": day.isoformat(),
        "date_to": (day + timedelta(days)).isoformat(),
    }


@pytest.fixture
def sv_locale():
    return Locale.objects.get(language_code="sv")


@pytest.fixture
def url():
    return EventIndexPage.objects.get(locale__language_code="sv").url


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".event-card h3")]


def browse(locale, **kwargs):
    filters = EventFilters(**kwargs)
    items, facets = events_browse(locale=locale, filters=filters)
    return [e.title for e in items], {f.key: f for f in facets}


def counts(facet) -> dict[str, int]:
    return {v.value: v.count for v in facet.values}


# --- upcoming and past ---------------------------------------------------------------


def test_upcoming_is_the_default_and_past_is_a_tab(client, url):
    event_on(FUTURE, title="Kommande träff om bostäder")
    event_on(PAST_DAY, title="Gammal träff om bostäder")
    upcoming = client.get(url, window(FUTURE))
    assert upcoming.status_code == 200
    assert titles(upcoming) == ["Kommande träff om bostäder"]
    past = client.get(url, {"when": "past", **window(PAST_DAY)})
    assert titles(past) == ["Gammal träff om bostäder"]
    soup = BeautifulSoup(past.content.decode(), "html.parser")
    current = soup.select(".event-tabs a[aria-current]")
    assert [a["href"].split("when=")[1][:4] for a in current] == ["past"]


def test_an_ongoing_event_is_still_upcoming(sv_locale):
    make_event(title="Pågår just nu", starts_in=timedelta(hours=-1), hours=3)
    names, _ = browse(sv_locale)
    assert "Pågår just nu" in names
    past, _ = browse(sv_locale, when=PAST)
    assert "Pågår just nu" not in past


def test_upcoming_soonest_first_past_latest_first(sv_locale):
    event_on(FUTURE + timedelta(days=5), title="Senare")
    event_on(FUTURE, title="Tidigare")
    event_on(PAST_DAY, title="Förr")
    event_on(PAST_DAY + timedelta(days=5), title="Nyss")
    names, _ = browse(sv_locale, date_from=FUTURE, date_to=FUTURE + timedelta(9))
    assert names == ["Tidigare", "Senare"]
    names, _ = browse(
        sv_locale, when=PAST, date_from=PAST_DAY, date_to=PAST_DAY + timedelta(9)
    )
    assert names == ["Nyss", "Förr"]


# --- facets --------------------------------------------------------------------------


@pytest.fixture
def three(sv_locale):
    jamlik = Theme.objects.get(slug="jamlik-halsa")
    barn = Theme.objects.get(slug="barnets-rattigheter")
    skane = Region.objects.get(code="12")
    vasterbotten = Region.objects.get(code="24")
    event_on(
        FUTURE,
        title="A nätverk Malmö",
        node="malmo",
        county=skane,
        themes=[jamlik],
    )
    event_on(
        FUTURE + timedelta(days=1),
        title="B webbinarium Jönköping",
        node="jonkoping",
        kind=EventKind.WEBINAR,
        format=EventFormat.DIGITAL,
        themes=[jamlik, barn],
    )
    event_on(
        FUTURE + timedelta(days=2),
        title="C nätverk Umeå",
        node="umea",
        county=vasterbotten,
        themes=[barn],
    )
    return {"date_from": FUTURE, "date_to": FUTURE + timedelta(days=10)}


def test_facets_count_every_option(sv_locale, three):
    names, facets = browse(sv_locale, **three)
    assert names == ["A nätverk Malmö", "B webbinarium Jönköping", "C nätverk Umeå"]
    assert counts(facets["kind"]) == {"network_meeting": 2, "webinar": 1}
    assert counts(facets["node"]) == {"malmo": 1, "jonkoping": 1, "umea": 1}
    assert counts(facets["theme"]) == {"barnets-rattigheter": 2, "jamlik-halsa": 2}
    assert counts(facets["county"]) == {"12": 1, "24": 1}
    assert counts(facets["format"]) == {"on_site": 2, "digital": 1}


def test_facets_combine_with_and_across_and_counts_follow(sv_locale, three):
    names, facets = browse(
        sv_locale,
        selected={"kind": ["network_meeting"], "theme": ["jamlik-halsa"]},
        **three,
    )
    assert names == ["A nätverk Malmö"]
    # Each facet counts with the *other* facets applied.
    assert counts(facets["kind"]) == {"network_meeting": 1, "webinar": 1}
    assert counts(facets["theme"]) == {"barnets-rattigheter": 1, "jamlik-halsa": 1}
    assert counts(facets["node"]) == {"malmo": 1}


def test_values_within_one_facet_combine_with_or(sv_locale, three):
    names, facets = browse(sv_locale, selected={"node": ["malmo", "umea"]}, **three)
    assert names == ["A nätverk Malmö", "C nätverk Umeå"]
    selected = [v.value for v in facets["node"].values if v.selected]
    assert selected == ["malmo", "umea"]


def test_a_chosen_value_with_no_match_stays_listed_to_untick(sv_locale, three):
    names, facets = browse(
        sv_locale, selected={"kind": ["webinar"], "county": ["12"]}, **three
    )
    assert names == []
    county = {v.value: v for v in facets["county"].values}
    assert county["12"].selected
    assert county["12"].count == 0


def test_filters_from_the_query_string_reach_the_page(client, url, three):
    response = client.get(
        url, {"kind": "network_meeting", "node": ["malmo", "umea"], **window(FUTURE)}
    )
    assert titles(response) == ["A nätverk Malmö", "C nätverk Umeå"]
    body = response.content.decode()
    assert 'value="network_meeting" checked' in body
    assert 'value="malmo" checked' in body


def test_nothing_matching_explains(client, url, three):
    response = client.get(url, {"node": "lulea", **window(FUTURE)})
    assert response.status_code == 200
    assert titles(response) == []
    assert 'class="result-count">0 ' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "x" * 500, "page": "abc"},
        {"node": "\x00malmo"},
        {"when": "yesterday"},
        {"page": "99999999999999999999"},
        {"county": ["12"] * 100},
    ],
)
def test_bad_filter_values_are_ignored_not_errors(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200


# --- dates ---------------------------------------------------------------------------


def test_date_range_keeps_events_touching_it(sv_locale):
    event_on(FUTURE, title="Tvådagars", hours=30)  # runs into the next day
    event_on(FUTURE + timedelta(days=3), title="Senare")
    names, _ = browse(
        sv_locale,
        date_from=FUTURE + timedelta(days=1),
        date_to=FUTURE + timedelta(days=1),
    )
    assert names == ["Tvådagars"]
    names, _ = browse(sv_locale, date_from=FUTURE, date_to=FUTURE)
    assert names == ["Tvådagars"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2090-13-45"}, "date_from"),
        ({"date_to": "i morgon"}, "date_to"),
        ({"date_from": "2090-03-10", "date_to": "2090-03-01"}, "date_to"),
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"date_to": "2090-03-01\x00"}, None),
        ({"date_from": "9" * 500}, "date_from"),
    ],
)
def test_bad_dates_give_a_message_not_an_error(client, url, params, field):
    response = client.get(url, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    summary = soup.select_one(".error-summary")
    if field is None:
        assert summary is None  # a stray NUL byte is dropped, the date is fine
        return
    link = summary.select_one("a")
    assert link["href"] == f"#event-{field}"
    box = soup.select_one(f"#event-{field}")
    assert box["aria-invalid"] == "true"
    assert f"event-{field}-error" in box["aria-describedby"]


def test_a_bad_date_does_not_filter_but_the_good_one_does(sv_locale):
    event_on(FUTURE, title="Inom")
    event_on(FUTURE + timedelta(days=40), title="Utanför")
    query = QueryDict(mutable=True)
    query.update({"date_from": FUTURE.isoformat(), "date_to": "2090-02-30"})
    filters, form = parse_event_filters(query)
    assert not form.is_valid()
    assert filters.date_from == FUTURE
    assert filters.date_to is None


def test_reversed_range_uses_neither_date():
    query = QueryDict("date_from=2090-03-10&date_to=2090-03-01")
    filters, form = parse_event_filters(query)
    assert "date_to" in form.errors
    assert (filters.date_from, filters.date_to) == (date(2090, 3, 10), None)


# --- cards and status -----------------------------------------------------------------


def status_of(response, title: str) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    for card in soup.select(".event-card"):
        if card.select_one("h3").get_text(strip=True) == title:
            return " ".join(card.select_one(".event-status")["class"])
    raise AssertionError(title)


def test_cards_show_open_full_with_waiting_list_and_raffle(client, url):
    open_event = event_on(FUTURE, title="Öppen", capacity=5)
    full = event_on(FUTURE, title="Fullbokad", capacity=1)
    book(full, "Anna Berg")
    book(full, "Bo Ek")  # on the waiting list
    no_list = event_on(FUTURE, title="Utan kö", capacity=1, waiting_list=False)
    book(no_list, "Anna Berg")
    event_on(FUTURE, title="Lottning", mode="raffle")
    response = client.get(url, window(FUTURE))
    assert "event-status-open" in status_of(response, open_event.title)
    assert "event-status-waitlist" in status_of(response, "Fullbokad")
    assert "event-status-full" in status_of(response, "Utan kö")
    assert "event-status-raffle" in status_of(response, "Lottning")


def test_a_sold_out_ticket_type_makes_the_event_full(client, url):
    event = event_on(FUTURE, title="Biljetterna slut", tickets=[{"capacity": 1}])
    book(event, "Anna Berg")
    response = client.get(url, window(FUTURE))
    assert "event-status-waitlist" in status_of(response, "Biljetterna slut")


def test_card_shows_dates_place_node_and_kind(client, url):
    event = event_on(FUTURE, title="Kortet", node="umea")
    digital = event_on(FUTURE, title="Digitalt kort", format=EventFormat.DIGITAL)
    response = client.get(url, window(FUTURE))
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    cards = {
        c.select_one("h3").get_text(strip=True): c for c in soup.select(".event-card")
    }
    card = cards[event.title]
    times = [t["datetime"] for t in card.select("time")]
    assert times[0] == "2090-03-01"
    assert times[1].startswith("2090-03-01T10:00:00")
    assert "Orkanen, Malmö" in card.select_one(".event-where").get_text()
    assert event.node.name_sv in card.select_one(".meta").get_text()
    assert event.get_kind_display() in card.select_one(".meta").get_text()
    assert cards[digital.title].select_one(".event-where").get_text(strip=True) in {
        "Digital",
        "Digitalt",
    }


def test_past_card_shows_how_many_came(client, url):
    event_on(PAST_DAY, title="Siffran skrevs in", attendance=123)
    registered = event_on(PAST_DAY + timedelta(days=1), title="Anmälda")
    checked = event_on(PAST_DAY + timedelta(days=2), title="Incheckade")
    before = registered.starts_at - timedelta(days=2)
    book(registered, "Anna Berg", "Bo Ek", "Cecilia Lund", now=before)
    result = book(checked, "Anna Berg", "Bo Ek", now=before)
    registration_check_in(
        event=checked,
        code=result.registrations[0].ticket_code,
        actor=None,
        now=checked.starts_at,
    )
    response = client.get(url, {"when": "past", **window(PAST_DAY)})
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    figures = {
        c.select_one("h3").get_text(strip=True): c.select_one(
            ".event-status"
        ).get_text()
        for c in soup.select(".event-card")
    }
    assert "123" in figures["Siffran skrevs in"]
    assert "3" in figures["Anmälda"]
    assert "1" in figures["Incheckade"]
    assert "2" not in figures["Incheckade"]


# --- language, publication, htmx, pages, queries ---------------------------------------


def test_only_live_pages_in_the_visitors_language(client, url):
    live = event_on(FUTURE, title="Publicerad")
    draft = event_on(FUTURE, title="Utkast")
    draft.unpublish()
    english = live.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "Published in English"
    english.save_revision().publish()
    assert titles(client.get(url, window(FUTURE))) == ["Publicerad"]
    en_url = EventIndexPage.objects.get(locale__language_code="en").url
    assert titles(client.get(en_url, window(FUTURE))) == ["Published in English"]


def test_english_card_reads_the_canonical_events_places(client):
    event = event_on(FUTURE, title="Full på svenska", capacity=1)
    book(event, "Anna Berg")
    english = event.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "Full in English"
    english.capacity = None  # only the Swedish page's places count
    english.save_revision().publish()
    en_url = EventIndexPage.objects.get(locale__language_code="en").url
    response = client.get(en_url, window(FUTURE))
    assert "event-status-waitlist" in status_of(response, "Full in English")


def test_htmx_request_gets_only_the_listing_partial(client, url):
    response = client.get(url, window(FUTURE), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="event-listing"' in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_pages_of_twenty(client, url):
    for i in range(23):
        event_on(FUTURE + timedelta(days=i % 5), title=f"Träff {i:02d}")
    first = client.get(url, window(FUTURE))
    second = client.get(url, {**window(FUTURE), "page": "2"})
    assert len(titles(first)) == 20
    assert len(titles(second)) == 3
    assert set(titles(first)).isdisjoint(titles(second))
    assert 'rel="next"' in first.content.decode()


def test_query_count_is_the_same_for_two_and_fifteen_events(
    client, url, django_assert_num_queries
):
    for i in range(2):
        event_on(FUTURE, title=f"Liten {i}", capacity=10)
    for i in range(15):
        event = event_on(FUTURE + timedelta(days=30), title=f"Stor {i}", capacity=10)
        if i % 3 == 0:
            book(event, "Anna Berg")
    few = window(FUTURE, days=5)
    many = window(FUTURE + timedelta(days=30), days=5)
    client.get(url, few)  # fills the cached header and footer
    with django_assert_num_queries(QUERIES):
        response = client.get(url, few)
    assert len(titles(response)) == 2
    with django_assert_num_queries(QUERIES):
        response = client.get(url, {**many, "kind": "network_meeting"})
    assert len(titles(response)) == 15


# Wagtail finding the page (7), labels (3), facet counts (5), the count and the page of
# events (2), and the canonical pages, registrations and ticket types for their status.
QUERIES = 22
