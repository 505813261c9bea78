"""Demo content for the knowledge bank: innovation cases, articles, resources and films."""

import json
from pathlib import Path

from django.utils.html import escape

from wagtail.models import Locale, Page

from motesplats.core.demo import body_blocks, load_json, publish, translate
from motesplats.nodes.selectors import node_pages_by_slug
from motesplats.taxonomy.models import AreaType, Region, SdgGoal, Sector, Theme

from .models import (
    ArticlePage,
    CollectionItem,
    CollectionPage,
    FilmPage,
    InnovationOrganisation,
    InnovationPage,
    KnowledgeIndexPage,
    ResourcePage,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DATA = DEMO_DIR / "innovations.json"
# Which node publishes a case, by county: the node of the same region.
NODE_BY_COUNTY = {
    **dict.fromkeys(["10", "12", "13", "07"], "malmo"),
    **dict.fromkeys(["05", "06", "08", "09", "14"], "jonkoping"),
    "25": "lulea",
    **dict.fromkeys(["22", "23", "24"], "umea"),
    **dict.fromkeys(["01", "03", "04", "17", "18", "19", "20", "21"], "orebro"),
}


def knowledge_demo_load(*, home: Page, en: Locale) -> int:
    """Create the knowledge bank page and its demo items; returns the number of items."""
    index = home.add_child(
        instance=KnowledgeIndexPage(
            title="Kunskapsbanken",
            slug="kunskapsbanken",
            show_in_menus=True,
            intro="Sociala innovationer, artiklar, handböcker och filmer från hela nätverket. "
            "Filtrera på tema, län, mognad och mer.",
        )
    )
    publish(index)
    # First in the menu: collecting and sharing knowledge is the network's first job.
    index.move(home, pos="first-child")
    index.refresh_from_db()
    index_en = translate(
        index,
        en,
        title="Knowledge bank",
        slug="knowledge-bank",
        intro="Social innovations, articles, handbooks and films from the whole network. "
        "Filter by theme, county, maturity and more.",
    )
    index_en.move(index_en.get_parent(), pos="first-child")
    nodes = node_pages_by_slug()
    themes = {t.slug: t for t in Theme.objects.all()}
    goals = {g.number: g for g in SdgGoal.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.all()}
    areas = {a.slug: a for a in AreaType.objects.all()}
    counties = {r.code: r for r in Region.objects.all()}
    count = 0
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        parent = nodes[NODE_BY_COUNTY.get(row["county_code"], "malmo")]
        page = InnovationPage(
            title=row["title_sv"],
            slug=row["slug"],
            summary=row["summary_sv"],
            need=row["need_sv"],
            solution=f"<p>{escape(row['solution_sv'])}</p>",
            county=counties.get(row["county_code"]),
            municipality=row["municipality"],
            maturity=row["maturity"],
            evidence_level=row["evidence_level"],
            year=row["year_started"],
            contact_organisation=row["contact_organisation"],
            website=row.get("website", ""),
        )
        page.themes = [themes[s] for s in row["themes"] if s in themes]
        page.sdg_goals = [goals[n] for n in row["sdg_goals"] if n in goals]
        page.area_types = [areas[s] for s in row["area_types"] if s in areas]
        page.organisations = [
            InnovationOrganisation(name=o["name"], sector=sectors[o["sector"]])
            for o in row["organisations"]
        ]
        parent.add_child(instance=page)
        publish(page)
        translate(
            page,
            en,
            title=row["title_en"],
            summary=row["summary_en"],
            need=row["need_en"],
            solution=f"<p>{escape(row['solution_en'])}</p>",
        )
        count += 1
    count += _other_kinds(nodes, themes, goals, en)
    _collection(index, en)
    return count


# The named innovations shown at the summits of 2015 and 2016, in the demo file's order.
COLLECTION_SIZE = 25


def _collection(index: KnowledgeIndexPage, en: Locale) -> None:
    slugs = [row["slug"] for row in json.loads(DATA.read_text(encoding="utf-8"))]
    items = list(
        InnovationPage.objects.filter(
            locale=index.locale, slug__in=slugs[:COLLECTION_SIZE]
        )
    )
    items.sort(key=lambda p: slugs.index(p.slug))
    collection = CollectionPage(
        title="100 sociala innovationer – som kan förändra Sverige",
        slug="100-sociala-innovationer",
        edition="Utgåva 2017",
        intro="<p>Ett urval sociala innovationer från stad och landsbygd, nominerade av "
        "aktörer i hela landet och valda av en jury.</p>",
        selection_criteria="Vilken samhällsutmaning den möter\nPå vilket sätt den är ny\n"
        "Att den är genomförbar och redan prövad i samhället\nHur den har spridits och "
        "vilken effekt den har eller väntas få",
    )
    collection.items = [
        CollectionItem(item=item, sort_order=i) for i, item in enumerate(items)
    ]
    index.add_child(instance=collection)
    publish(collection)
    english = collection.copy_for_translation(en, copy_parents=True).specific
    english.title = "100 social innovations that can change Sweden"
    english.edition = "Edition 2017"
    english.intro = (
        "<p>A selection of social innovations from cities and rural areas, nominated by "
        "actors across the country and chosen by a jury.</p>"
    )
    english.selection_criteria = (
        "Which societal challenge it meets\nHow it is new\n"
        "That it is feasible and already tried in society\n"
        "How it has spread and what effect it has or is expected to have"
    )
    # The copy still points at the Swedish items: point it at their translations.
    english.items = [
        CollectionItem(item=item.get_translation(en), sort_order=i)
        for i, item in enumerate(items)
    ]
    english.save()
    publish(english)


def _place(page, row: dict, nodes, themes, goals) -> None:
    """Tag a new item, add it below its node's page and publish it."""
    page.themes = [themes[s] for s in row["themes"]]
    page.sdg_goals = [goals[n] for n in row["sdg_goals"]]
    nodes[row["node"]].add_child(instance=page)
    publish(page)


def _other_kinds(nodes, themes, goals, en: Locale) -> int:
    """Articles, resources and films from their demo files; returns how many."""
    count = 0
    for row in load_json(DEMO_DIR, "articles.json"):
        article = ArticlePage(
            title=row["title_sv"],
            slug=row["slug"],
            article_type=row["article_type"],
            summary=row["summary_sv"],
            year=row["year"],
            body=body_blocks(row["body_sv"]),
        )
        _place(article, row, nodes, themes, goals)
        translate(
            article,
            en,
            title=row["title_en"],
            summary=row["summary_en"],
            body=body_blocks(row["body_en"]),
        )
        count += 1
    for row in load_json(DEMO_DIR, "resources.json"):
        resource = ResourcePage(
            title=row["title_sv"],
            slug=row["slug"],
            resource_type=row["resource_type"],
            summary=row["summary_sv"],
            year=row["year"],
            table_of_contents="\n".join(row["contents_sv"]),
        )
        _place(resource, row, nodes, themes, goals)
        translate(
            resource,
            en,
            title=row["title_en"],
            summary=row["summary_en"],
            table_of_contents="\n".join(row["contents_en"]),
        )
        count += 1
    for row in load_json(DEMO_DIR, "films.json"):
        film = FilmPage(
            title=row["title_sv"],
            slug=row["slug"],
            summary=row["summary_sv"],
            year=row["year"],
            video_url=row["video_url"],
            duration_minutes=row["duration_minutes"],
            transcript="\n\n".join(row["transcript_sv"]),
            research_and_partners=row["research_and_partners_sv"],
        )
        _place(film, row, nodes, themes, goals)
        translate(
            film,
            en,
            title=row["title_en"],
            summary=row["summary_en"],
            transcript="\n\n".join(row["transcript_en"]),
            research_and_partners=row["research_and_partners_en"],
        )
        count += 1
    return count
