"""Demo data: a realistic Swedish site with English translations, loaded idempotently.

Built from the shipped vocabulary (taxonomy) and `demo/content.json`. People in demo data
are fictional; passwords are generated and printed, never fixed.
"""

import json
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Locale, Page, Site

from motesplats.accounts.models import User
from motesplats.actors.demo import actors_demo_load
from motesplats.comments.demo import comments_demo_load
from motesplats.core.audit import log_action
from motesplats.core.demo import publish, translate
from motesplats.core.search import rebuild as search_rebuild
from motesplats.core.search.signals import indexing_paused
from motesplats.events.demo import events_demo_load
from motesplats.events.models import EventIndexPage
from motesplats.impact.demo import impact_demo_load
from motesplats.knowledge.demo import knowledge_demo_load
from motesplats.nodes.models import Node, NodePage
from motesplats.nodes.services import (
    national_editor_add,
    national_editors_ensure,
    node_editor_add,
)
from motesplats.taxonomy.models import Region, Theme
from motesplats.taxonomy.services import taxonomy_load_reference

from .models import (
    AccessibilityIssue,
    AccessibilityStatementPage,
    ComplianceStatus,
    GlossaryPage,
    HomePage,
    NodeIndexPage,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
)

CONTENT = Path(__file__).resolve().parent / "demo" / "content.json"
NATIONAL_EDITOR_EMAIL = "redaktor@motesplats.example"
NODE_EDITOR_EMAIL = "malmo.redaktor@motesplats.example"


@dataclass
class DemoResult:
    created: bool
    credentials: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # role, email, pw


def demo_is_loaded() -> bool:
    return HomePage.objects.exists()


def _paragraphs(texts: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", "".join(f"<p>{escape(t)}</p>" for t in texts))]


def _privacy_body(sections: list[dict[str, Any]]) -> list[tuple[str, str]]:
    body: list[tuple[str, str]] = []
    for section in sections:
        body.append(("heading", section["heading"]))
        body.extend(_paragraphs(section["paragraphs"]))
        if section.get("register"):
            body.append(("processing_register", None))
    return body


def _nodes(rows: list[dict[str, Any]]) -> list[Node]:
    nodes = []
    for order, row in enumerate(rows):
        node, _ = Node.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name_sv": row["name_sv"],
                "name_en": row["name_en"],
                "university_sv": row["university_sv"],
                "university_en": row["university_en"],
                "city": row["city"],
                "county": Region.objects.get(code=row["county_code"]),
                "email": row["email"],
                "phone": row["phone"],
                "website": row["website"],
                "description_sv": row["description_sv"],
                "description_en": row["description_en"],
                "sort_order": order,
            },
        )
        nodes.append(node)
    return nodes


def _site_root(home: HomePage) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Mötesplats",
        )
    else:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Mötesplats"
        site.save()
        # Wagtail's placeholder "Welcome" page goes once nothing points at it.
        if old_root.pk != home.pk and old_root.specific_class != HomePage:
            old_root.delete()


def _editor(email: str, display_name: str) -> tuple[User, str]:
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- allauth model

    password = secrets.token_urlsafe(12)
    user, _ = User.objects.get_or_create(
        email=email, defaults={"display_name": display_name}
    )
    user.set_password(password)
    user.display_name = display_name
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, password


def demo_reset_passwords() -> list[tuple[str, str, str]]:
    """New generated passwords for the demo editors."""
    credentials = []
    for role, email in (
        ("national", NATIONAL_EDITOR_EMAIL),
        ("node", NODE_EDITOR_EMAIL),
    ):
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
        credentials.append((role, email, password))
    return credentials


def demo_load() -> DemoResult:
    """Load the demo site unless it is already there."""
    if demo_is_loaded():
        return DemoResult(created=False)
    # Translations get their own slugs right after copying; those pages were never
    # public, so Wagtail's automatic redirects for renamed pages would only be clutter.
    # The demo's bookings are fictional: their confirmation mails go nowhere.
    with (
        override_settings(
            WAGTAILREDIRECTS_AUTO_CREATE=False,
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ),
        indexing_paused(),
    ):
        result = _demo_build()
    # One pass over everything is faster than indexing each page as it is published.
    search_rebuild()
    return result


@transaction.atomic
def _demo_build() -> DemoResult:
    content = json.loads(CONTENT.read_text(encoding="utf-8"))
    taxonomy_load_reference()
    sv, _ = Locale.objects.get_or_create(language_code="sv")
    en, _ = Locale.objects.get_or_create(language_code="en")

    root = Page.get_first_root_node()
    home_sv = content["home"]["sv"]
    home = root.add_child(
        instance=HomePage(
            title=home_sv["title"],
            slug="start",
            locale=sv,
            hero_heading=home_sv["hero_heading"],
            hero_text=home_sv["hero_text"],
            sections=[("section", s) for s in home_sv["sections"]],
        )
    )
    publish(home)
    _site_root(home)
    home_en = content["home"]["en"]
    translate(
        home,
        en,
        title=home_en["title"],
        hero_heading=home_en["hero_heading"],
        hero_text=home_en["hero_text"],
        sections=[("section", s) for s in home_en["sections"]],
    )

    # Themes
    theme_index = home.add_child(
        instance=ThemeIndexPage(
            title="Teman",
            slug="teman",
            show_in_menus=True,
            intro="Nätverket arbetar med fem tematiska områden. Varje tema samlar frågor och "
            "behov där aktörer från flera sektorer behöver hitta lösningar tillsammans.",
        )
    )
    publish(theme_index)
    translate(
        theme_index,
        en,
        title="Themes",
        slug="themes",
        intro="The network works in five thematic areas. Each theme gathers questions and "
        "needs where actors from several sectors have to find solutions together.",
    )
    for theme in Theme.objects.order_by("sort_order"):
        theme_page = theme_index.add_child(
            instance=ThemePage(title=theme.name_sv, slug=theme.slug, theme=theme)
        )
        publish(theme_page)
        translate(theme_page, en, title=theme.name_en or theme.name_sv)

    # Nodes
    nodes = _nodes(content["nodes"])
    node_index = home.add_child(
        instance=NodeIndexPage(
            title="Noder",
            slug="noder",
            show_in_menus=True,
            intro="Nätverket drivs av universitetsnoder runt om i landet. Varje nod har egna "
            "redaktörer, evenemang och kontakter i sin region.",
        )
    )
    publish(node_index)
    translate(
        node_index,
        en,
        title="Nodes",
        slug="nodes",
        intro="The network is run by university nodes across the country. Each node has its "
        "own editors, events and regional contacts.",
    )
    for node in nodes:
        node_page = node_index.add_child(
            instance=NodePage(title=node.name_sv, slug=node.slug, node=node)
        )
        publish(node_page)
        translate(node_page, en, title=node.name_en or node.name_sv)

    # Glossary
    glossary = home.add_child(
        instance=GlossaryPage(
            title="Ordlista",
            slug="ordlista",
            show_in_menus=True,
            intro="Ett gemensamt språk gör samverkan lättare. Här förklarar vi begrepp inom "
            "social innovation på svenska och engelska.",
        )
    )
    publish(glossary)
    translate(
        glossary,
        en,
        title="Glossary",
        slug="glossary",
        intro="A shared language makes collaboration easier. Here we explain the concepts of "
        "social innovation in Swedish and English.",
    )

    # About and privacy
    about_sv, about_en = content["about"]["sv"], content["about"]["en"]
    about = home.add_child(
        instance=StandardPage(
            title=about_sv["title"],
            slug="om",
            show_in_menus=True,
            intro=about_sv["intro"],
            body=_paragraphs(about_sv["paragraphs"]),
        )
    )
    publish(about)
    translate(
        about,
        en,
        title=about_en["title"],
        slug="about",
        intro=about_en["intro"],
        body=_paragraphs(about_en["paragraphs"]),
    )
    privacy_sv, privacy_en = content["privacy"]["sv"], content["privacy"]["en"]
    privacy = home.add_child(
        instance=StandardPage(
            title=privacy_sv["title"],
            slug="integritet",
            show_in_footer=True,
            intro=privacy_sv["intro"],
            body=_privacy_body(privacy_sv["sections"]),
        )
    )
    publish(privacy)
    translate(
        privacy,
        en,
        title=privacy_en["title"],
        slug="privacy",
        intro=privacy_en["intro"],
        body=_privacy_body(privacy_en["sections"]),
    )

    # Accessibility statement
    a11y = content["accessibility"]
    today = timezone.localdate()
    statement = home.add_child(
        instance=_statement(
            a11y["sv"], a11y["issues"], "sv", today, slug="tillganglighet"
        )
    )
    publish(statement)
    statement_en = statement.copy_for_translation(en, copy_parents=True).specific
    filled = _statement(a11y["en"], a11y["issues"], "en", today, slug="accessibility")
    for name in (
        "title",
        "slug",
        "organisation",
        "intro",
        "compliance_text",
        "feedback_text",
        "enforcement_text",
        "method_text",
    ):
        setattr(statement_en, name, getattr(filled, name))
    statement_en.issues = filled.issues.all()
    statement_en.save()
    publish(statement_en)

    knowledge_demo_load(home=home, en=en)
    # Actors before events: coalition meetings and 1:1 meetings refer to them.
    actors_demo_load()
    # Impact models build on the demo organisations and innovation cases.
    impact_demo_load()

    # Events: the listing after the themes in the menu; the events below their nodes.
    events_index = home.add_child(
        instance=EventIndexPage(
            title="Evenemang",
            slug="evenemang",
            show_in_menus=True,
            intro="Toppmöten, webbinarier, nätverksträffar, koalitionsmöten och samtal "
            "i hela landet. Filtrera på typ, nod, tema, län, format och datum.",
        )
    )
    publish(events_index)
    theme_index.refresh_from_db()  # the knowledge bank's move shifted its path
    events_index.move(theme_index, pos="right")
    events_index.refresh_from_db()
    events_index_en = translate(
        events_index,
        en,
        title="Events",
        slug="events",
        intro="Summits, webinars, network meetings, coalition meetings and conversations "
        "across the country. Filter by kind, node, theme, county, format and date.",
    )
    events_index_en.move(theme_index.get_translation(en), pos="right")
    events_demo_load(index=events_index, en=en)

    # Editors
    national_editors_ensure()
    for node in nodes:
        from motesplats.nodes.services import node_provision  # noqa: PLC0415 -- local helper

        node_provision(node=node)
    national, national_pw = _editor(NATIONAL_EDITOR_EMAIL, "Alva Nationell (demo)")
    national_editor_add(user=national)
    malmo, malmo_pw = _editor(NODE_EDITOR_EMAIL, "Malte Nodsson (demo)")
    node_editor_add(node=nodes[0], user=malmo)
    comments_demo_load()
    log_action(action="pages.demo.loaded", data={"nodes": len(nodes)})
    return DemoResult(
        created=True,
        credentials=[
            ("national", NATIONAL_EDITOR_EMAIL, national_pw),
            ("node", NODE_EDITOR_EMAIL, malmo_pw),
        ],
    )


def _statement(
    text: dict[str, str],
    issues: list[dict[str, str]],
    lang: str,
    today: date,
    slug: str,
) -> AccessibilityStatementPage:
    page = AccessibilityStatementPage(
        title=text["title"],
        slug=slug,
        organisation="Mötesplats – nationell kunskaps- och samverkansplattform"
        if lang == "sv"
        else "Mötesplats – national knowledge and collaboration platform",
        intro=text["intro"],
        compliance_status=ComplianceStatus.PARTIAL,
        compliance_text=text["compliance_text"],
        feedback_text=text["feedback_text"],
        feedback_email="tillganglighet@motesplats.example",
        enforcement_text=text["enforcement_text"],
        method_text=text["method_text"],
        assessed_on=today,
        statement_updated_on=today,
    )
    page.issues = [
        AccessibilityIssue(
            criterion=issue["criterion"],
            title=issue[f"title_{lang}"],
            description=issue[f"description_{lang}"],
            plan=issue[f"plan_{lang}"],
        )
        for issue in issues
    ]
    return page
