"""Demo content for the knowledge bank: innovation cases and one item of each other kind."""

import json
from pathlib import Path

from django.utils.html import escape

from wagtail.models import Locale, Page

from motesplats.core.demo import publish, translate
from motesplats.nodes.models import NodePage
from motesplats.taxonomy.models import AreaType, Region, SdgGoal, Sector, Theme

from .enums import ArticleType, ResourceType
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

DATA = Path(__file__).resolve().parent / "demo" / "innovations.json"
# Which node publishes a case, by county: the node of the same region.
NODE_BY_COUNTY = {
    **dict.fromkeys(["10", "12", "13", "07"], "malmo"),
    **dict.fromkeys(["05", "06", "08", "09", "14"], "jonkoping"),
    "25": "lulea",
    **dict.fromkeys(["22", "23", "24"], "umea"),
    **dict.fromkeys(["01", "03", "04", "17", "18", "19", "20", "21"], "orebro"),
}


def _node_pages() -> dict[str, NodePage]:
    return {
        p.node.slug: p
        for p in NodePage.objects.filter(locale__language_code="sv").select_related(
            "node"
        )
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
    nodes = _node_pages()
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


def _other_kinds(nodes, themes, goals, en: Locale) -> int:
    handbook = ResourcePage(
        title="Handbok i effektmätning",
        slug="handbok-effektmatning",
        resource_type=ResourceType.HANDBOOK,
        summary="En steg-för-steg-guide för den som ansvarar för effektmätningen i en social "
        "verksamhet: från förändringsteori till rapport.",
        year=2019,
        table_of_contents="Varför mäta\nVem äger mätningen\nFörändringsteori\nIntressenter\n"
        "Utfall och indikatorer\nDatainsamling\nAnalys: tillskrivning och dödvikt\n"
        "Rapportering och lärande\nVerktyg: SROI och samhällsekonomiska kalkyler",
    )
    handbook.themes = [themes["framtidens-arbete"]]
    handbook.sdg_goals = [goals[8], goals[17]]
    nodes["malmo"].add_child(instance=handbook)
    publish(handbook)
    translate(
        handbook,
        en,
        title="Impact measurement handbook",
        summary="A step-by-step guide for whoever is responsible for impact measurement in a "
        "social venture: from theory of change to report.",
        table_of_contents="Why measure\nWho owns the measurement\nTheory of change\n"
        "Stakeholders\nOutcomes and indicators\nData collection\n"
        "Analysis: attribution and deadweight\nReporting and learning\n"
        "Tools: SROI and socio-economic calculations",
    )
    article = ArticlePage(
        title="Regional samverkan kring social innovation i norr",
        slug="regional-samverkan-i-norr",
        article_type=ArticleType.EVENT_REPORT,
        summary="Över hundra deltagare från civilsamhälle, myndigheter, akademi och näringsliv "
        "möttes för att dela exempel på sociala innovationer i norra Sverige.",
        year=2019,
        body=[
            (
                "paragraph",
                "<p>Konferensen samlade exempel från Norrbotten och Västerbotten. Flera av "
                "dem handlade om landsbygdens service och om unga som står utanför arbete "
                "och studier.</p>",
            )
        ],
    )
    article.themes = [themes["framtidens-arbete"]]
    nodes["lulea"].add_child(instance=article)
    publish(article)
    translate(
        article,
        en,
        title="Regional collaboration on social innovation in the north",
        summary="More than a hundred participants from civil society, agencies, academia and "
        "business met to share examples of social innovation in northern Sweden.",
        body=[
            (
                "paragraph",
                "<p>The conference gathered examples from Norrbotten and Västerbotten. Several "
                "were about services in rural areas and young people outside work and "
                "education.</p>",
            )
        ],
    )
    film = FilmPage(
        title="Barns bostad först",
        slug="film-barns-bostad-forst",
        summary="Forskare och organisationer berättar om en modell där barnfamiljer i "
        "hemlöshet först får en egen bostad och sedan stöd.",
        year=2021,
        video_url="https://video.example.org/barns-bostad-forst",
        duration_minutes=6,
        transcript="Berättare: Tusentals barn i Sverige lever i hemlöshet.\n\n"
        "Forskare: Med en egen bostad först får familjen ro att ta emot stöd.\n\n"
        "Berättare: Modellen prövas av universitet, idéburna organisationer och företag "
        "tillsammans.",
        research_and_partners="Malmö universitet med idéburna organisationer och ett "
        "konsultföretag.",
    )
    film.themes = [themes["barnets-rattigheter"]]
    film.sdg_goals = [goals[1], goals[11]]
    nodes["malmo"].add_child(instance=film)
    publish(film)
    translate(
        film,
        en,
        title="Children's housing first",
        summary="Researchers and organisations describe a model in which homeless families "
        "with children first get a home of their own, and then support.",
        transcript="Narrator: Thousands of children in Sweden live in homelessness.\n\n"
        "Researcher: With a home first, the family can take in support.\n\n"
        "Narrator: Universities, non-profits and companies are trying the model together.",
        research_and_partners="Malmö University with non-profit organisations and a "
        "consulting firm.",
    )
    return 3
