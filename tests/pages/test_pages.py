"""The public pages in both languages: home, themes, nodes, glossary, statements."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from motesplats.nodes.models import Node
from motesplats.pages.demo import CONTENT
from motesplats.pages.models import (
    AccessibilityStatementPage,
    GlossaryPage,
    ThemeIndexPage,
    ThemePage,
)
from motesplats.taxonomy.models import GlossaryTerm, Theme
from motesplats.taxonomy.selectors import glossary_search

pytestmark = pytest.mark.django_db

DEMO = json.loads(CONTENT.read_text(encoding="utf-8"))
THEME_SLUGS = [
    "barnets-rattigheter",
    "jamlik-halsa",
    "framtidens-arbete",
    "trygghet-i-offentliga-rum",
    "digital-inkludering",
]
NODE_SLUGS = [row["slug"] for row in DEMO["nodes"]]
THEME_PREFIX = {"sv": "/sv/teman/", "en": "/en/themes/"}
NODE_PREFIX = {"sv": "/sv/noder/", "en": "/en/nodes/"}
GLOSSARY = {"sv": "/sv/ordlista/", "en": "/en/glossary/"}
STATEMENT = {"sv": "/sv/tillganglighet/", "en": "/en/accessibility/"}
PRIVACY = {"sv": "/sv/integritet/", "en": "/en/privacy/"}


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _term_count(soup) -> int:
    return len(soup.select("#glossary-results div.term"))


def _status(soup) -> str:
    return _text(soup.find(attrs={"role": "status"}))


def _queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


# --- Home ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_home_page_in_both_languages(client, lang):
    soup = _soup(_get(client, f"/{lang}/"))
    assert soup.html["lang"] == lang
    h1s = soup.find_all("h1")
    assert len(h1s) == 1
    assert _text(h1s[0]) == DEMO["home"][lang]["hero_heading"]
    assert DEMO["home"][lang]["hero_text"] in _text(soup.find("main"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_home_page_lists_theme_pages_in_theme_order(client, lang):
    soup = _soup(_get(client, f"/{lang}/"))
    section = soup.find("section", attrs={"aria-labelledby": "themes-heading"})
    links = section.select("li.card h3 a")
    assert [a["href"] for a in links] == [
        f"{THEME_PREFIX[lang]}{slug}/" for slug in THEME_SLUGS
    ]
    with translation.override(lang):
        names = [str(Theme.objects.get(slug=s).name) for s in THEME_SLUGS]
    assert [_text(a) for a in links] == names


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_home_page_lists_node_pages(client, lang):
    soup = _soup(_get(client, f"/{lang}/"))
    section = soup.find("section", attrs={"aria-labelledby": "nodes-heading"})
    links = section.select("li.card h3 a")
    assert [a["href"] for a in links] == [
        f"{NODE_PREFIX[lang]}{slug}/" for slug in NODE_SLUGS
    ]
    assert len(links) == 5
    assert [_text(a) for a in links] == [row[f"name_{lang}"] for row in DEMO["nodes"]]


def test_home_page_shows_the_what_we_do_sections(client):
    soup = _soup(_get(client, "/sv/"))
    headings = [_text(h) for h in soup.select("main ul.cards li.card h3")][:3]
    assert headings == [s["heading"] for s in DEMO["home"]["sv"]["sections"]]


def test_home_page_hides_an_inactive_node(client):
    Node.objects.filter(slug="lulea").update(is_active=False)
    soup = _soup(_get(client, "/sv/"))
    section = soup.find("section", attrs={"aria-labelledby": "nodes-heading"})
    hrefs = [a["href"] for a in section.select("li.card h3 a")]
    assert hrefs == [f"/sv/noder/{s}/" for s in NODE_SLUGS if s != "lulea"]


# --- Themes -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("slug", THEME_SLUGS)
def test_theme_page_shows_description_and_questions_in_the_pages_language(
    client, lang, slug
):
    theme = Theme.objects.get(slug=slug)
    soup = _soup(_get(client, f"{THEME_PREFIX[lang]}{slug}/"))
    assert soup.html["lang"] == lang
    assert _text(soup.find("h1")) == getattr(theme, f"name_{lang}")
    assert _text(soup.select_one("main p.lead")) == getattr(
        theme, f"description_{lang}"
    )
    items = soup.select("main ol.questions > li")
    assert [_text(li) for li in items] == [
        getattr(q, f"text_{lang}") for q in theme.questions.order_by("sort_order")
    ]
    assert len(items) == 5
    assert all(li.parent.name == "ol" for li in items)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_theme_index_lists_every_theme_with_its_question_count(client, lang):
    soup = _soup(_get(client, THEME_PREFIX[lang]))
    cards = soup.select("main ul.cards li.card")
    assert [c.find("a")["href"] for c in cards] == [
        f"{THEME_PREFIX[lang]}{slug}/" for slug in THEME_SLUGS
    ]
    counts = {"sv": "5 frågor i fokus", "en": "5 questions in focus"}
    assert [_text(c.select_one("p.meta")) for c in cards] == [counts[lang]] * 5


def test_theme_page_shows_the_editors_introduction(client):
    page = ThemePage.objects.get(slug="jamlik-halsa", locale__language_code="sv")
    page.intro = "<p>Redaktionens <b>egen</b> inledning.</p>"
    page.save_revision().publish()
    soup = _soup(_get(client, "/sv/teman/jamlik-halsa/"))
    assert _text(soup.select_one("main .rich-text")) == "Redaktionens egen inledning."


# --- Nodes --------------------------------------------------------------------------


def test_node_index_lists_nodes_with_university_city_and_county(client):
    soup = _soup(_get(client, "/sv/noder/"))
    cards = soup.select("main ul.cards li.card")
    assert [c.find("a")["href"] for c in cards] == [
        f"/sv/noder/{s}/" for s in NODE_SLUGS
    ]
    assert _text(cards[0].find("p")) == "Malmö universitet · Malmö · Skåne län"


def test_node_index_in_english(client):
    soup = _soup(_get(client, "/en/nodes/"))
    cards = soup.select("main ul.cards li.card")
    assert [c.find("a")["href"] for c in cards] == [
        f"/en/nodes/{s}/" for s in NODE_SLUGS
    ]
    assert _text(cards[0].find("p")) == "Malmö University · Malmö · Skåne County"


def test_node_page_in_swedish_shows_facts_and_contact(client):
    soup = _soup(_get(client, "/sv/noder/malmo/"))
    facts = soup.select_one("section.facts dl")
    pairs = dict(
        zip(
            [_text(dt) for dt in facts.find_all("dt")],
            [_text(dd) for dd in facts.find_all("dd")],
            strict=True,
        )
    )
    assert pairs["Lärosäte"] == "Malmö universitet"
    assert pairs["Ort"] == "Malmö"
    assert pairs["Län"] == "Skåne län"
    assert pairs["E-post"] == "syd@motesplats.example"
    mailto = facts.find("a", href=re.compile("^mailto:"))
    assert mailto["href"] == "mailto:syd@motesplats.example"
    assert _text(soup.find("h1")) == "Mötesplats Syd – Malmö"
    assert _text(soup.select_one("main p.lead")) == DEMO["nodes"][0]["description_sv"]


def test_node_page_in_english_shows_english_county_and_university(client):
    soup = _soup(_get(client, "/en/nodes/malmo/"))
    facts = _text(soup.select_one("section.facts dl"))
    assert "Skåne County" in facts
    assert "Skåne län" not in facts
    assert "Malmö University" in facts
    assert soup.select_one("section.facts a[href^='mailto:']")["href"] == (
        "mailto:syd@motesplats.example"
    )
    assert _text(soup.select_one("main p.lead")) == DEMO["nodes"][0]["description_en"]


# --- Glossary -----------------------------------------------------------------------


def test_glossary_lists_every_term(client):
    soup = _soup(_get(client, GLOSSARY["sv"]))
    total = GlossaryTerm.objects.count()
    assert total >= 50
    assert _term_count(soup) == total
    assert _status(soup) == f"{total} termer"
    dts = soup.select("#glossary-results div.term dt")
    assert _text(dts[0]).startswith("Agenda 2030")


def test_glossary_in_english_shows_english_terms_with_swedish_in_brackets(client):
    soup = _soup(_get(client, GLOSSARY["en"]))
    term = soup.select_one("#glossary-results div#sroi")
    assert _text(term.find("dt")) == (
        "SROI (social return on investment) (SROI (social avkastning på investering))"
    )
    assert term.find("span", attrs={"lang": "sv"}) is not None


def test_glossary_query_narrows_results_and_announces_the_count(client):
    soup = _soup(_get(client, GLOSSARY["sv"], data={"q": "effekt"}))
    with translation.override("sv"):
        expected = glossary_search(query="effekt")
    assert 1 < len(expected) < GlossaryTerm.objects.count()
    assert [d["id"] for d in soup.select("#glossary-results div.term")] == [
        t.slug for t in expected
    ]
    assert _status(soup) == f"{len(expected)} termer hittades"
    assert soup.find("input", attrs={"name": "q"})["value"] == "effekt"


def test_glossary_query_without_results_says_so_in_swedish(client):
    response = _get(client, GLOSSARY["sv"], data={"q": "zzzzqqq"})
    soup = _soup(response)
    assert _term_count(soup) == 0
    assert _status(soup) == "0 termer hittades"
    assert (
        "Inga termer matchar din sökning. Försök med ett kortare ord eller bläddra "
        "efter bokstav." in _text(soup.find(id="glossary-results"))
    )


def test_glossary_query_without_results_in_english(client):
    soup = _soup(_get(client, GLOSSARY["en"], data={"q": "zzzzqqq"}))
    assert "No terms match your search." in _text(soup.find(id="glossary-results"))


def test_glossary_letter_shows_only_terms_with_that_initial(client):
    soup = _soup(_get(client, GLOSSARY["sv"], data={"letter": "Ö"}))
    terms = [_text(dt) for dt in soup.select("#glossary-results div.term dt")]
    assert terms
    assert all(t[:1].upper() == "Ö" for t in terms)
    assert len(terms) == len(
        [t for t in GlossaryTerm.objects.all() if t.term_sv[:1].upper() == "Ö"]
    )
    current = soup.select_one("nav.letters a[aria-current]")
    assert _text(current) == "Ö"


def test_glossary_letter_navigation_links_every_initial(client):
    soup = _soup(_get(client, GLOSSARY["sv"]))
    links = soup.select("nav.letters li a")
    assert _text(links[0]) == "Alla"
    assert links[0]["aria-current"] == "true"
    letters = [_text(a) for a in links[1:]]
    assert letters[-1] == "Ö"
    assert links[-1]["href"] == "?letter=%C3%96"
    # Every letter leads to at least one term.
    for a in links[1:]:
        page = _soup(_get(client, GLOSSARY["sv"] + a["href"]))
        assert _term_count(page) >= 1, a["href"]


def test_glossary_htmx_request_gets_only_the_results(client):
    response = _get(
        client, GLOSSARY["sv"], data={"q": "effekt"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'id="glossary-results"' in body
    assert "<html" not in body
    assert "<nav" not in body


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "effekt" * 1000},
        {"letter": "%%"},
        {"letter": "ÖÖÖÖ"},
        {"q": "%", "letter": "_"},
        {"q": "\u200b\u0000"},
    ],
)
def test_glossary_survives_odd_input(client, params):
    soup = _soup(_get(client, GLOSSARY["sv"], data=params))
    assert soup.find(id="glossary-results") is not None


def test_glossary_echoes_at_most_100_characters_of_the_query(client):
    soup = _soup(_get(client, GLOSSARY["sv"], data={"q": "x" * 5000}))
    assert soup.find("input", attrs={"name": "q"})["value"] == "x" * 100


def test_glossary_escapes_a_script_in_the_query(client):
    response = _get(client, GLOSSARY["sv"], data={"q": "<script>alert(1)</script>"})
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # The only scripts are our own static files; no inline script, none from the query.
    scripts = _soup(response).find_all("script")
    assert all(tag.get("src", "").startswith("/static/") for tag in scripts)
    assert all(not (tag.string or "").strip() for tag in scripts)


def test_glossary_page_intro_is_shown(client):
    page = GlossaryPage.objects.get(locale__language_code="sv")
    soup = _soup(_get(client, GLOSSARY["sv"]))
    assert _text(soup.select_one("main p.lead")) == page.intro


# --- Accessibility statement --------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "status", "criterion"),
    [
        (
            "sv",
            "Den här webbplatsen är delvis förenlig med lagen",
            "framgångskriterium",
        ),
        ("en", "This website is partially compliant with", "success criterion"),
    ],
)
def test_accessibility_statement_has_what_the_law_asks_for(
    client, lang, status, criterion
):
    page = AccessibilityStatementPage.objects.get(locale__language_code=lang)
    soup = _soup(_get(client, STATEMENT[lang]))
    main = soup.find("main")
    assert soup.html["lang"] == lang
    assert status in _text(main.find("strong"))
    criteria = [_text(p) for p in main.select("ul.issues p.meta")]
    assert criteria
    assert (
        criteria[0]
        == f"WCAG 2.1 {criterion} {DEMO['accessibility']['issues'][0]['criterion']}"
    )
    assert len(criteria) == len(DEMO["accessibility"]["issues"])
    mailto = main.find("a", href="mailto:tillganglighet@motesplats.example")
    assert _text(mailto) == "tillganglighet@motesplats.example"
    assert main.find("a", href="https://www.digg.se/tdosanmalan") is not None
    times = main.select("dl.dates time")
    assert times[0]["datetime"] == page.assessed_on.isoformat()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", times[0]["datetime"])
    assert times[1]["datetime"] == page.statement_updated_on.isoformat()


def test_accessibility_statement_without_issues_says_so(client):
    page = AccessibilityStatementPage.objects.get(locale__language_code="sv")
    page.issues = []
    page.save_revision().publish()
    soup = _soup(_get(client, STATEMENT["sv"]))
    assert soup.select("ul.issues") == []
    assert "Vi känner inte till något innehåll som inte uppfyller kraven." in _text(
        soup.find("main")
    )


# --- Privacy ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_privacy_page_is_linked_from_the_home_page_footer(client, lang):
    privacy = _soup(_get(client, PRIVACY[lang]))
    assert _text(privacy.find("h1")) == DEMO["privacy"][lang]["title"]
    assert privacy.html["lang"] == lang
    home = _soup(_get(client, f"/{lang}/"))
    footer_links = home.select("footer a")
    assert [a["href"] for a in footer_links] == [PRIVACY[lang], STATEMENT[lang]]
    assert _text(footer_links[0]) == DEMO["privacy"][lang]["title"]


def test_privacy_page_shows_its_sections(client):
    soup = _soup(_get(client, PRIVACY["sv"]))
    headings = [_text(h) for h in soup.select("main h2")]
    assert headings == [s["heading"] for s in DEMO["privacy"]["sv"]["sections"]]


# --- Query counts -------------------------------------------------------------------


def test_home_page_query_count_is_pinned(client, django_assert_max_num_queries):
    client.get("/sv/")
    with django_assert_max_num_queries(8):
        assert client.get("/sv/").status_code == 200


def test_glossary_page_query_count_is_pinned(client, django_assert_max_num_queries):
    client.get(GLOSSARY["sv"])
    with django_assert_max_num_queries(8):
        assert client.get(GLOSSARY["sv"]).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(GLOSSARY["sv"], data={"q": "effekt"}).status_code == 200


def _add_theme_pages(count: int) -> None:
    index = ThemeIndexPage.objects.get(locale__language_code="sv")
    theme = Theme.objects.get(slug="jamlik-halsa")
    for i in range(count):
        page = index.add_child(
            instance=ThemePage(
                title=f"Extra tema {i}", slug=f"extra-tema-{i}", theme=theme
            )
        )
        page.save_revision().publish()


def test_theme_index_query_count_does_not_grow_with_more_themes(client):
    before = _queries(client, THEME_PREFIX["sv"])
    _add_theme_pages(3)
    after = _queries(client, THEME_PREFIX["sv"])
    soup = _soup(_get(client, THEME_PREFIX["sv"]))
    assert len(soup.select("main ul.cards li.card")) == 8
    assert after == before


def test_home_page_query_count_does_not_grow_with_more_themes(client):
    before = _queries(client, "/sv/")
    _add_theme_pages(3)
    after = _queries(client, "/sv/")
    section = _soup(_get(client, "/sv/")).find(
        "section", attrs={"aria-labelledby": "themes-heading"}
    )
    assert len(section.select("li.card")) == 8
    assert after == before


def test_glossary_query_count_does_not_grow_with_more_terms(client):
    before = _queries(client, GLOSSARY["sv"])
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(slug=f"extra-{i}", term_sv=f"Extra {i}", definition_sv="Text.")
        for i in range(20)
    )
    after = _queries(client, GLOSSARY["sv"])
    assert after == before
