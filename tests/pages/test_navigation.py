"""Header and footer navigation, language switcher, skip link and landmarks."""

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from motesplats.pages.models import StandardPage
from motesplats.pages.templatetags.navigation_tags import footer_links, main_menu

pytestmark = pytest.mark.django_db

MENU = {
    "sv": [
        ("Kunskapsbanken", "/sv/kunskapsbanken/"),
        ("Teman", "/sv/teman/"),
        ("Evenemang", "/sv/evenemang/"),
        ("Noder", "/sv/noder/"),
        ("Ordlista", "/sv/ordlista/"),
        ("Om Mötesplats", "/sv/om/"),
    ],
    "en": [
        ("Knowledge bank", "/en/knowledge-bank/"),
        ("Themes", "/en/themes/"),
        ("Events", "/en/events/"),
        ("Nodes", "/en/nodes/"),
        ("Glossary", "/en/glossary/"),
        ("About Mötesplats", "/en/about/"),
    ],
}
PAGES = [
    "/sv/",
    "/en/",
    "/sv/teman/jamlik-halsa/",
    "/en/themes/jamlik-halsa/",
    "/sv/noder/malmo/",
    "/sv/ordlista/",
    "/en/accessibility/",
    "/sv/integritet/",
    "/sv/konto/login/",
    "/en/account/login/",
]
FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary", "iframe"}


def _soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _menu_context(path: str) -> Context:
    return Context({"request": RequestFactory().get(path)})


def _is_focusable(tag) -> bool:
    if tag.has_attr("tabindex"):
        return int(tag["tabindex"]) >= 0
    if tag.name == "a":
        return tag.has_attr("href")
    if tag.name == "input":
        return tag.get("type") != "hidden"
    return tag.name in FOCUSABLE


def _language_links(soup) -> dict[str, object]:
    nav = soup.select_one("nav.language-nav")
    return {a["lang"]: a for a in nav.find_all("a")}


# --- Main menu ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_main_menu_lists_the_top_sections_in_the_active_language(lang):
    with translation.override(lang):
        items = main_menu(_menu_context(f"/{lang}/"))
    assert [(i["title"], i["url"]) for i in items] == MENU[lang]
    assert [i["active"] for i in items] == [False] * 6


def test_main_menu_marks_the_current_section_active():
    with translation.override("sv"):
        items = main_menu(_menu_context("/sv/teman/jamlik-halsa/"))
    assert [i["active"] for i in items] == [False, True, False, False, False, False]
    with translation.override("en"):
        items = main_menu(_menu_context("/en/glossary/"))
    assert [i["active"] for i in items] == [False, False, False, False, True, False]


def test_main_menu_leaves_out_pages_not_in_menus():
    StandardPage.objects.filter(slug="om").update(show_in_menus=False)
    with translation.override("sv"):
        items = main_menu(_menu_context("/sv/"))
    assert [i["title"] for i in items] == [
        "Kunskapsbanken",
        "Teman",
        "Evenemang",
        "Noder",
        "Ordlista",
    ]


def test_main_menu_leaves_out_unpublished_pages():
    StandardPage.objects.get(slug="om").unpublish()
    with translation.override("sv"):
        items = main_menu(_menu_context("/sv/"))
    assert "Om Mötesplats" not in [i["title"] for i in items]
    assert len(items) == 5


def test_main_menu_renders_with_aria_current_on_the_current_section(client):
    soup = _soup(client, "/sv/teman/jamlik-halsa/")
    nav = soup.select_one("nav.main-nav")
    links = nav.find_all("a")
    assert [(_text(a), a["href"]) for a in links[:6]] == MENU["sv"]
    current = nav.select("a[aria-current]")
    assert [(a["href"], a["aria-current"]) for a in current] == [("/sv/teman/", "page")]


def test_main_menu_in_english_marks_the_glossary(client):
    soup = _soup(client, "/en/glossary/")
    nav = soup.select_one("nav.main-nav")
    assert [(_text(a), a["href"]) for a in nav.find_all("a")[:6]] == MENU["en"]
    assert [a["href"] for a in nav.select("a[aria-current]")] == ["/en/glossary/"]


def test_main_menu_on_the_home_page_marks_nothing(client):
    soup = _soup(client, "/sv/")
    assert soup.select("nav.main-nav a[aria-current]") == []


def test_main_menu_on_an_account_page_uses_the_urls_language(client):
    soup = _soup(client, "/en/account/login/")
    nav = soup.select_one("nav.main-nav")
    assert [(_text(a), a["href"]) for a in nav.find_all("a")[:6]] == MENU["en"]
    assert "/en/account/login/" in [a["href"] for a in nav.find_all("a")]


def test_main_menu_tag_works_in_a_template():
    template = Template(
        "{% load navigation_tags %}{% main_menu as items %}"
        "{% for i in items %}{{ i.title }};{% endfor %}"
    )
    with translation.override("en"):
        rendered = template.render(_menu_context("/en/"))
    assert rendered == "Knowledge bank;Themes;Events;Nodes;Glossary;About Mötesplats;"


# --- Footer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sv",
            [
                ("Integritet och personuppgifter", "/sv/integritet/"),
                ("Tillgänglighetsredogörelse", "/sv/tillganglighet/"),
            ],
        ),
        (
            "en",
            [
                ("Privacy and personal data", "/en/privacy/"),
                ("Accessibility statement", "/en/accessibility/"),
            ],
        ),
    ],
)
def test_footer_links_privacy_then_accessibility_statement(lang, expected):
    with translation.override(lang):
        links = footer_links(_menu_context(f"/{lang}/"))
    assert [(i["title"], i["url"]) for i in links] == expected


def test_footer_links_follow_show_in_footer():
    StandardPage.objects.filter(slug="om").update(show_in_footer=True)
    with translation.override("sv"):
        links = footer_links(_menu_context("/sv/"))
    assert [i["url"] for i in links] == [
        "/sv/om/",
        "/sv/integritet/",
        "/sv/tillganglighet/",
    ]


# --- Language switcher --------------------------------------------------------------


def test_language_switcher_on_a_swedish_theme_page_links_to_its_translation(client):
    links = _language_links(_soup(client, "/sv/teman/jamlik-halsa/"))
    english = links["en"]
    assert english["href"] == "/en/themes/jamlik-halsa/"
    assert english["hreflang"] == "en"
    assert _text(english) == "English"
    assert not english.has_attr("aria-current")
    assert links["sv"]["href"] == "/sv/teman/jamlik-halsa/"
    assert links["sv"]["aria-current"] == "true"


def test_language_switcher_on_an_english_theme_page_links_back(client):
    links = _language_links(_soup(client, "/en/themes/jamlik-halsa/"))
    swedish = links["sv"]
    assert swedish["href"] == "/sv/teman/jamlik-halsa/"
    assert swedish["hreflang"] == "sv"
    assert _text(swedish) == "Svenska"
    assert not swedish.has_attr("aria-current")
    assert links["en"]["aria-current"] == "true"


def test_language_switcher_on_the_login_page_translates_the_url(client):
    links = _language_links(_soup(client, "/sv/konto/login/"))
    assert links["en"]["href"] == "/en/account/login/"
    assert links["en"]["hreflang"] == "en"
    assert links["sv"]["aria-current"] == "true"
    back = _language_links(_soup(client, "/en/account/login/"))
    assert back["sv"]["href"] == "/sv/konto/login/"
    assert back["en"]["aria-current"] == "true"


@pytest.mark.parametrize(
    ("url", "sv", "en"),
    [
        ("/sv/", "/sv/", "/en/"),
        ("/en/nodes/malmo/", "/sv/noder/malmo/", "/en/nodes/malmo/"),
        ("/sv/ordlista/", "/sv/ordlista/", "/en/glossary/"),
        ("/en/accessibility/", "/sv/tillganglighet/", "/en/accessibility/"),
        ("/sv/integritet/", "/sv/integritet/", "/en/privacy/"),
    ],
)
def test_language_switcher_and_alternate_links_point_to_the_same_page(
    client, url, sv, en
):
    soup = _soup(client, url)
    links = _language_links(soup)
    assert (links["sv"]["href"], links["en"]["href"]) == (sv, en)
    alternates = {
        link["hreflang"]: link["href"]
        for link in soup.select("head link[rel=alternate][hreflang]")
    }
    assert alternates == {"sv": sv, "en": en}


def test_language_switcher_falls_back_to_the_home_page_without_translation(client):
    page = StandardPage.objects.get(slug="om", locale__language_code="sv")
    child = page.add_child(instance=StandardPage(title="Bara svenska", slug="bara"))
    child.save_revision().publish()
    links = _language_links(_soup(client, "/sv/om/bara/"))
    assert links["en"]["href"] == "/en/"


# --- Skip link and landmarks --------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_skip_link_is_the_first_focusable_element_and_targets_main(client, url):
    soup = _soup(client, url)
    first = next(tag for tag in soup.body.find_all(True) if _is_focusable(tag))
    assert first.name == "a"
    assert first["href"] == "#main"
    assert "skip-link" in first["class"]
    target = soup.find(id="main")
    assert target is not None
    assert target.name == "main"


@pytest.mark.parametrize(
    ("url", "skip_text"),
    [("/sv/", "Hoppa till huvudinnehållet"), ("/en/", "Skip to main content")],
)
def test_skip_link_speaks_the_pages_language(client, url, skip_text):
    soup = _soup(client, url)
    assert _text(soup.select_one("a.skip-link")) == skip_text


@pytest.mark.parametrize("url", PAGES)
def test_page_has_header_nav_main_and_footer_landmarks(client, url):
    soup = _soup(client, url)
    assert len(soup.find_all("main")) == 1
    assert len(soup.body.find_all("header", recursive=False)) == 1
    assert len(soup.body.find_all("footer", recursive=False)) == 1
    navs = soup.find_all("nav")
    assert len(navs) >= 3
    labels = [nav.get("aria-label", "").strip() for nav in navs]
    assert all(labels), labels
    assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize(
    ("url", "labels"),
    [
        ("/sv/", ["Språk", "Huvudmeny", "Om webbplatsen"]),
        ("/en/", ["Language", "Main menu", "About the site"]),
    ],
)
def test_nav_labels_are_translated(client, url, labels):
    soup = _soup(client, url)
    assert [nav["aria-label"] for nav in soup.find_all("nav")] == labels
