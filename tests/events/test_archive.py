"""The summit archive: every edition newest first with the known facts, the next one
marked; upcoming events on theme and node pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from motesplats.events.enums import EventFormat, EventKind
from motesplats.events.models import EventIndexPage, EventPage
from motesplats.nodes.models import NodePage
from motesplats.pages.models import ThemePage
from motesplats.taxonomy.models import Theme

from .factories import make_event

pytestmark = pytest.mark.django_db


def archive_url(lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("events:summit_archive")


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def editions(client, lang: str = "sv") -> list[dict]:
    soup = soup_of(client.get(archive_url(lang)))
    found = []
    for card in soup.select(".summit-edition"):
        facts = dict(
            zip(
                [dt.get_text(" ", strip=True) for dt in card.select("dt")],
                list(card.select("dd")),
                strict=True,
            )
        )
        found.append(
            {
                "title": card.select_one("h2").get_text(strip=True),
                "next": "summit-next" in card["class"],
                "dates": [t["datetime"] for t in card.select("dd time")],
                "text": {k: v.get_text(" ", strip=True) for k, v in facts.items()},
            }
        )
    return found


def by_year(found: list[dict]) -> dict[str, dict]:
    return {e["title"].rsplit(" ", 1)[-1]: e for e in found}


def test_archive_lists_every_edition_newest_first(client):
    found = editions(client)
    years = [e["title"].rsplit(" ", 1)[-1] for e in found]
    assert years[-6:] == ["2020", "2019", "2018", "2017", "2016", "2015"]
    assert years == sorted(years, reverse=True)
    assert (
        len(found)
        == EventPage.objects.live()
        .filter(kind=EventKind.SUMMIT, locale__language_code="sv")
        .count()
    )


def test_archive_shows_the_facts_of_each_edition(client):
    years = by_year(editions(client))
    assert years["2015"]["dates"] == ["2015-11-24", "2015-11-25"]
    assert years["2016"]["dates"] == ["2016-10-25", "2016-10-26"]
    assert years["2017"]["dates"] == ["2017-11-14", "2017-11-15"]
    assert years["2018"]["dates"] == ["2018-11-13", "2018-11-14"]
    assert years["2020"]["dates"] == ["2020-11-10", "2020-11-11"]
    texts = {year: " | ".join(e["text"].values()) for year, e in years.items()}
    assert "600" in texts["2015"]
    assert "Malmö" in texts["2015"]
    assert "Jobb, hälsa och integration" in texts["2016"]
    assert "600" in texts["2016"]
    assert "Creating Value" in texts["2017"]
    assert "Nöjesteatern, Malmö" in texts["2018"]
    assert "Making it big" in texts["2018"]
    assert "700" in texts["2018"]
    assert "SOCIETY/IMPACT/YOU" in texts["2019"]
    assert any(word in texts["2020"] for word in ("Fully digital", "Helt digitalt"))
    assert "Malmö" not in texts["2020"]
    # Unknown participant numbers stay unknown rather than being made up.
    for year in ("2017", "2019", "2020"):
        assert not any(ch.isdigit() for ch in list(years[year]["text"].values())[-1])


def test_archive_edition_numbers_follow_the_years(client):
    summits = EventPage.objects.filter(
        kind=EventKind.SUMMIT, locale__language_code="sv", edition__isnull=False
    ).order_by("starts_at")
    assert list(summits.values_list("edition", flat=True))[:6] == [1, 2, 3, 4, 5, 6]
    assert summits.get(edition=6).format == EventFormat.DIGITAL


def test_the_coming_edition_is_marked_and_only_it(client):
    later = make_event(
        title="Social Innovation Summit 2099",
        kind=EventKind.SUMMIT,
        starts_in=timedelta(days=365 * 70),
        hours=30,
    )
    found = editions(client)
    marked = [e for e in found if e["next"]]
    assert len(marked) == 1
    assert marked[0]["title"] != later.title
    coming = (
        EventPage.objects.live()
        .filter(
            kind=EventKind.SUMMIT,
            locale__language_code="sv",
            ends_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    assert marked[0]["title"] == coming.title
    assert found[0]["title"] == later.title  # newest first, even further ahead


def test_archive_in_english_reads_the_english_pages(client):
    years = by_year(editions(client, "en"))
    assert "Jobs, health and integration" in " ".join(years["2016"]["text"].values())
    soup = soup_of(client.get(archive_url("en")))
    assert soup.html["lang"] == "en"
    assert soup.select_one("h1")


def test_archive_leaves_out_other_kinds_and_drafts(client):
    make_event(title="Nätverksträff, inte toppmöte", starts_in=timedelta(days=-400))
    draft = make_event(
        title="Social Innovation Summit opublicerad",
        kind=EventKind.SUMMIT,
        starts_in=timedelta(days=-500),
    )
    draft.unpublish()
    titles = [e["title"] for e in editions(client)]
    assert "Nätverksträff, inte toppmöte" not in titles
    assert draft.title not in titles


def test_archive_query_count_does_not_grow(client, django_assert_num_queries):
    url = archive_url()
    client.get(url)
    with django_assert_num_queries(ARCHIVE_QUERIES):
        client.get(url)
    for i in range(3):
        make_event(
            title=f"Extra summit {i}",
            kind=EventKind.SUMMIT,
            starts_in=timedelta(days=-900 - i * 30),
        )
    client.get(url)  # new pages change the cached menus; fill them again
    with django_assert_num_queries(ARCHIVE_QUERIES):
        client.get(url)


def test_listing_links_to_the_archive(client):
    index = EventIndexPage.objects.get(locale__language_code="sv")
    assert f'href="{archive_url()}"' in client.get(index.url).content.decode()


def test_archive_rejects_post(client):
    assert client.post(archive_url()).status_code == 405


# --- upcoming events on theme and node pages --------------------------------------------


def upcoming_titles(response) -> list[str]:
    soup = soup_of(response)
    section = soup.select_one("section.upcoming-events")
    assert section is not None
    return [h.get_text(strip=True) for h in section.select(".event-card h3")]


def test_theme_page_shows_its_next_events_and_links_to_the_listing(client):
    theme = Theme.objects.get(slug="trygghet-i-offentliga-rum")
    soon = make_event(title="Trygghetsvandring i morgon", starts_in=timedelta(days=1))
    soon.themes.set([theme])
    soon.save_revision().publish()
    past = make_event(title="Trygghet förr", starts_in=timedelta(days=-30))
    past.themes.set([theme])
    past.save_revision().publish()
    page = ThemePage.objects.get(theme=theme, locale__language_code="sv")
    response = client.get(page.url)
    shown = upcoming_titles(response)
    assert shown[0] == "Trygghetsvandring i morgon"
    assert "Trygghet förr" not in shown
    assert len(shown) <= 4
    assert "?theme=trygghet-i-offentliga-rum" in response.content.decode()


def test_theme_page_shows_at_most_four(client):
    theme = Theme.objects.get(slug="digital-inkludering")
    for i in range(6):
        event = make_event(title=f"Digital träff {i}", starts_in=timedelta(hours=2 + i))
        event.themes.set([theme])
        event.save_revision().publish()
    page = ThemePage.objects.get(theme=theme, locale__language_code="sv")
    assert upcoming_titles(client.get(page.url)) == [
        f"Digital träff {i}" for i in range(4)
    ]


def test_node_page_shows_only_its_own_events(client):
    make_event(title="Umeå i morgon", node="umea", starts_in=timedelta(hours=3))
    make_event(title="Luleå i morgon", node="lulea", starts_in=timedelta(hours=2))
    page = NodePage.objects.get(node__slug="umea", locale__language_code="sv")
    response = client.get(page.url)
    shown = upcoming_titles(response)
    assert shown[0] == "Umeå i morgon"
    assert "Luleå i morgon" not in shown
    assert "?node=umea" in response.content.decode()


def test_english_theme_page_shows_english_events(client):
    theme = Theme.objects.get(slug="barnets-rattigheter")
    event = make_event(title="Barnrätt i morgon", starts_in=timedelta(hours=5))
    event.themes.set([theme])
    event.save_revision().publish()
    english = event.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "Children's rights tomorrow"
    english.save_revision().publish()
    page = ThemePage.objects.get(theme=theme, locale__language_code="en")
    shown = upcoming_titles(client.get(page.url))
    assert shown[0] == "Children's rights tomorrow"


# The locale, view restrictions, the summits, their canonical pages, registrations and
# ticket types, and the events page for the breadcrumb: none per edition.
ARCHIVE_QUERIES = 8
