"""Generated Swedish documents about social innovation, for the search benchmark.

Titles, summaries and bodies are built from sentence templates whose slots are filled
from the word lists below: topics, actors, places, verbs in several inflections, nouns
in indefinite, definite, plural and genitive forms, and compounds made of a first part
and a head noun ("ungdoms" + "arbetslöshet", "äldre" + "omsorgen", "barn" +
"familjer"). Every list is ordered from common to rare and drawn from with Zipf
weights (1 / rank), so a few words occur in most documents and most words in few; the
products of compound parts give the long tail.

The same seed gives the same documents, on every machine and Python version that keeps
`random.Random`'s algorithm (all CPython 3 releases so far).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

THEMES_JSON = (
    Path(__file__).resolve().parent.parent
    / "motesplats"
    / "taxonomy"
    / "data"
    / "themes.json"
)
NODES = ("malmo", "jonkoping", "lulea", "umea", "orebro")
KINDS = ("article", "innovation", "resource", "film")
KIND_PATHS = {
    "article": "artiklar",
    "innovation": "innovationer",
    "resource": "resurser",
    "film": "filmer",
}
BODY_WORDS = (80, 250)
FIRST_DATE = datetime.date(2015, 1, 1)
DAYS = (datetime.date(2025, 12, 31) - FIRST_DATE).days


@dataclass(frozen=True)
class Noun:
    """A noun in its forms: indefinite and definite, singular and plural."""

    indefinite: str
    definite: str
    plural: str = ""
    plural_definite: str = ""

    @property
    def neuter(self) -> bool:
        return self.definite.endswith("t")

    def forms(self) -> tuple[str, ...]:
        return tuple(
            f
            for f in (self.indefinite, self.definite, self.plural, self.plural_definite)
            if f
        )

    def compound(self, first_part: str) -> Noun:
        """The same noun as the head of a compound: "äldre" + "omsorgen"."""
        return Noun(*(first_part + f if f else "" for f in self.forms_with_blanks()))

    def forms_with_blanks(self) -> tuple[str, str, str, str]:
        return (self.indefinite, self.definite, self.plural, self.plural_definite)


def genitive(word: str) -> str:
    return word if word.endswith(("s", "x", "z")) else word + "s"


def _nouns(text: str) -> list[Noun]:
    """One noun a line: indefinite|definite|plural|plural definite ("-": none)."""
    nouns = []
    for line in text.strip().splitlines():
        parts = [p if p != "-" else "" for p in line.split("|")]
        nouns.append(Noun(*parts))
    return nouns


# Head nouns: standalone and as the last part of compounds, most common first.
HEADS = _nouns("""
verksamhet|verksamheten|verksamheter|verksamheterna
insats|insatsen|insatser|insatserna
projekt|projektet|projekt|projekten
stöd|stödet|stöd|stöden
samverkan|samverkan|-|-
tjänst|tjänsten|tjänster|tjänsterna
utveckling|utvecklingen|-|-
arbete|arbetet|arbeten|arbetena
hälsa|hälsan|-|-
mötesplats|mötesplatsen|mötesplatser|mötesplatserna
omsorg|omsorgen|-|-
utbildning|utbildningen|utbildningar|utbildningarna
förening|föreningen|föreningar|föreningarna
familj|familjen|familjer|familjerna
nätverk|nätverket|nätverk|nätverken
trygghet|tryggheten|-|-
metod|metoden|metoder|metoderna
grupp|gruppen|grupper|grupperna
arbetslöshet|arbetslösheten|-|-
boende|boendet|boenden|boendena
miljö|miljön|miljöer|miljöerna
program|programmet|program|programmen
skola|skolan|skolor|skolorna
satsning|satsningen|satsningar|satsningarna
ensamhet|ensamheten|-|-
plan|planen|planer|planerna
dialog|dialogen|dialoger|dialogerna
modell|modellen|modeller|modellerna
delaktighet|delaktigheten|-|-
ohälsa|ohälsan|-|-
mottagning|mottagningen|mottagningar|mottagningarna
strategi|strategin|strategier|strategierna
kompetens|kompetensen|kompetenser|kompetenserna
utanförskap|utanförskapet|-|-
behov|behovet|behov|behoven
lots|lotsen|lotsar|lotsarna
fattigdom|fattigdomen|-|-
aktivitet|aktiviteten|aktiviteter|aktiviteterna
inkludering|inkluderingen|-|-
kunskap|kunskapen|kunskaper|kunskaperna
bostad|bostaden|bostäder|bostäderna
centrum|centrumet|centrum|centrumen
uppföljning|uppföljningen|uppföljningar|uppföljningarna
erfarenhet|erfarenheten|erfarenheter|erfarenheterna
kurs|kursen|kurser|kurserna
samordnare|samordnaren|samordnare|samordnarna
rapport|rapporten|rapporter|rapporterna
utvärdering|utvärderingen|utvärderingar|utvärderingarna
coach|coachen|coacher|coacherna
undersökning|undersökningen|undersökningar|undersökningarna
kartläggning|kartläggningen|kartläggningar|kartläggningarna
handledare|handledaren|handledare|handledarna
budget|budgeten|budgetar|budgetarna
bidrag|bidraget|bidrag|bidragen
forskning|forskningen|-|-
klyfta|klyftan|klyftor|klyftorna
verktyg|verktyget|verktyg|verktygen
förändring|förändringen|förändringar|förändringarna
rum|rummet|rum|rummen
lokal|lokalen|lokaler|lokalerna
finansiering|finansieringen|-|-
upphandling|upphandlingen|upphandlingar|upphandlingarna
praktik|praktiken|praktiker|praktikerna
anställning|anställningen|anställningar|anställningarna
gård|gården|gårdar|gårdarna
park|parken|parker|parkerna
torg|torget|torg|torgen
kök|köket|kök|köken
film|filmen|filmer|filmerna
belysning|belysningen|-|-
svinn|svinnet|-|-
läxhjälp|läxhjälpen|-|-
""")

# First parts of compounds for groups of people: "ungdoms" + "arbetslöshet".
PEOPLE_PARTS = (
    "barn",
    "ungdoms",
    "äldre",
    "familje",
    "elev",
    "föräldra",
    "kvinno",
    "senior",
    "medborgar",
    "brukar",
    "patient",
    "anhörig",
    "flykting",
    "invånar",
    "tjej",
    "kill",
)
# First parts for areas of work: "social" + "tjänsten", "arbets" + "miljö".
DOMAIN_PARTS = (
    "social",
    "arbets",
    "hälso",
    "skol",
    "bostads",
    "kultur",
    "idrotts",
    "fritids",
    "förenings",
    "integrations",
    "språk",
    "närings",
    "välfärds",
    "folkhälso",
    "trygghets",
    "kunskaps",
    "innovations",
    "mat",
    "miljö",
    "klimat",
    "läs",
    "digitaliserings",
    "demokrati",
    "jämställdhets",
    "biblioteks",
    "samhälls",
    "vård",
    "rehabiliterings",
    "missbruks",
    "utbildnings",
)
# First parts for places: "grann" + "samverkan", "stads" + "utvecklingen".
PLACE_PARTS = (
    "stads",
    "grann",
    "kvarters",
    "landsbygds",
    "kommun",
    "regions",
    "stadsdels",
    "bygde",
    "glesbygds",
    "förorts",
)

# Compounds that every theme leans on, as (first part, head).
THEME_TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "barnets-rattigheter": (
        ("barn", "familj"),
        ("barn", "fattigdom"),
        ("barn", "hälsa"),
        ("elev", "hälsa"),
        ("föräldra", "stöd"),
        ("ungdoms", "mottagning"),
        ("skol", "miljö"),
        ("familje", "tjänst"),
        ("barnrätts", "arbete"),
        ("läs", "satsning"),
    ),
    "jamlik-halsa": (
        ("folkhälso", "arbete"),
        ("hälso", "insats"),
        ("äldre", "omsorg"),
        ("vård", "tjänst"),
        ("senior", "mötesplats"),
        ("patient", "stöd"),
        ("hälso", "lots"),
        ("anhörig", "stöd"),
        ("hälso", "klyfta"),
        ("rehabiliterings", "verksamhet"),
    ),
    "framtidens-arbete": (
        ("ungdoms", "arbetslöshet"),
        ("arbets", "miljö"),
        ("långtids", "arbetslöshet"),
        ("kompetens", "utveckling"),
        ("arbets", "praktik"),
        ("närings", "samverkan"),
        ("jobb", "coach"),
        ("sysselsättnings", "projekt"),
        ("kvinno", "arbetslöshet"),
        ("språk", "praktik"),
    ),
    "trygghet-i-offentliga-rum": (
        ("grann", "samverkan"),
        ("trygghets", "arbete"),
        ("stads", "miljö"),
        ("stadsdels", "utveckling"),
        ("kvarters", "dialog"),
        ("trygghets", "belysning"),
        ("fritids", "gård"),
        ("förorts", "torg"),
        ("bostads", "förening"),
        ("idrotts", "förening"),
    ),
    "digital-inkludering": (
        ("digitaliserings", "stöd"),
        ("teknik", "stöd"),
        ("senior", "utbildning"),
        ("biblioteks", "tjänst"),
        ("webb", "tjänst"),
        ("kunskaps", "klyfta"),
        ("medborgar", "tjänst"),
        ("digital", "kompetens"),
        ("data", "verktyg"),
        ("demokrati", "dialog"),
    ),
}

ADJECTIVES = (
    # common gender, neuter, plural/definite
    ("social", "socialt", "sociala"),
    ("ny", "nytt", "nya"),
    ("lokal", "lokalt", "lokala"),
    ("långsiktig", "långsiktigt", "långsiktiga"),
    ("digital", "digitalt", "digitala"),
    ("psykisk", "psykiskt", "psykiska"),
    ("trygg", "tryggt", "trygga"),
    ("förebyggande", "förebyggande", "förebyggande"),
    ("gemensam", "gemensamt", "gemensamma"),
    ("ekonomisk", "ekonomiskt", "ekonomiska"),
    ("idéburen", "idéburet", "idéburna"),
    ("hållbar", "hållbart", "hållbara"),
    ("offentlig", "offentligt", "offentliga"),
    ("inkluderande", "inkluderande", "inkluderande"),
    ("jämlik", "jämlikt", "jämlika"),
    ("ideell", "ideellt", "ideella"),
    ("kommunal", "kommunalt", "kommunala"),
    ("innovativ", "innovativt", "innovativa"),
    ("regional", "regionalt", "regionala"),
    ("god", "gott", "goda"),
    ("stor", "stort", "stora"),
    ("utsatt", "utsatt", "utsatta"),
    ("tidig", "tidigt", "tidiga"),
    ("nationell", "nationellt", "nationella"),
    ("flexibel", "flexibelt", "flexibla"),
    ("tillgänglig", "tillgängligt", "tillgängliga"),
    ("meningsfull", "meningsfullt", "meningsfulla"),
    ("kostnadsfri", "kostnadsfritt", "kostnadsfria"),
    ("självständig", "självständigt", "självständiga"),
    ("ensamstående", "ensamstående", "ensamstående"),
)

# (infinitive, present, past, supine)
VERBS = (
    ("stärka", "stärker", "stärkte", "stärkt"),
    ("minska", "minskar", "minskade", "minskat"),
    ("skapa", "skapar", "skapade", "skapat"),
    ("utveckla", "utvecklar", "utvecklade", "utvecklat"),
    ("främja", "främjar", "främjade", "främjat"),
    ("bryta", "bryter", "bröt", "brutit"),
    ("förebygga", "förebygger", "förebyggde", "förebyggt"),
    ("stödja", "stöder", "stödde", "stött"),
    ("motverka", "motverkar", "motverkade", "motverkat"),
    ("bygga", "bygger", "byggde", "byggt"),
    ("öka", "ökar", "ökade", "ökat"),
    ("förbättra", "förbättrar", "förbättrade", "förbättrat"),
    ("nå", "når", "nådde", "nått"),
    ("samla", "samlar", "samlade", "samlat"),
    ("driva", "driver", "drev", "drivit"),
    ("underlätta", "underlättar", "underlättade", "underlättat"),
    ("hjälpa", "hjälper", "hjälpte", "hjälpt"),
    ("testa", "testar", "testade", "testat"),
    ("starta", "startar", "startade", "startat"),
    ("möta", "möter", "mötte", "mött"),
    ("lösa", "löser", "löste", "löst"),
    ("engagera", "engagerar", "engagerade", "engagerat"),
    ("erbjuda", "erbjuder", "erbjöd", "erbjudit"),
    ("lyfta", "lyfter", "lyfte", "lyft"),
    ("förändra", "förändrar", "förändrade", "förändrat"),
    ("samordna", "samordnar", "samordnade", "samordnat"),
    ("synliggöra", "synliggör", "synliggjorde", "synliggjort"),
    ("kartlägga", "kartlägger", "kartlade", "kartlagt"),
    ("sprida", "sprider", "spred", "spridit"),
    ("utvärdera", "utvärderar", "utvärderade", "utvärderat"),
    ("finansiera", "finansierar", "finansierade", "finansierat"),
    ("inkludera", "inkluderar", "inkluderade", "inkluderat"),
    ("rusta", "rustar", "rustade", "rustat"),
    ("matcha", "matchar", "matchade", "matchat"),
    ("förkorta", "förkortar", "förkortade", "förkortat"),
    ("sänka", "sänker", "sänkte", "sänkt"),
    ("välkomna", "välkomnar", "välkomnade", "välkomnat"),
    ("involvera", "involverar", "involverade", "involverat"),
    ("utbilda", "utbildar", "utbildade", "utbildat"),
    ("leda", "leder", "ledde", "lett"),
)

# Who acts, in the definite form (a subject), most common first.
ACTORS = (
    "kommunen",
    "föreningen",
    "socialtjänsten",
    "regionen",
    "civilsamhället",
    "skolan",
    "bostadsbolaget",
    "biblioteket",
    "idéburna organisationer",
    "arbetsförmedlingen",
    "fritidsgården",
    "studieförbundet",
    "näringslivet",
    "forskarna",
    "volontärerna",
    "vårdcentralen",
    "elevhälsan",
    "äldreomsorgen",
    "primärvården",
    "polisen",
    "kyrkan",
    "stiftelsen",
    "det sociala företaget",
    "hyresgästföreningen",
    "kulturskolan",
    "räddningstjänsten",
    "länsstyrelsen",
    "högskolan",
    "ungdomsmottagningen",
    "försäkringskassan",
    "fastighetsägarna",
    "idrottsföreningen",
    "lokala företag",
    "stadsdelsförvaltningen",
    "familjecentralen",
    "medborgarkontoret",
    "kvinnojouren",
    "arbetsmarknadsenheten",
    "integrationsenheten",
    "folkhögskolan",
)

# Groups of people, in the plural.
PEOPLE = (
    "unga",
    "barn",
    "äldre",
    "barnfamiljer",
    "nyanlända",
    "ungdomar",
    "elever",
    "föräldrar",
    "unga vuxna",
    "invånare",
    "långtidsarbetslösa",
    "seniorer",
    "utrikesfödda kvinnor",
    "ensamstående föräldrar",
    "personer med funktionsnedsättning",
    "anhöriga",
    "hyresgäster",
    "pensionärer",
    "tjejer",
    "killar",
    "hemlösa",
    "brukare",
    "patienter",
    "ensamkommande",
    "småföretagare",
    "lantbrukare",
    "studenter",
    "volontärer",
)

# Real municipalities and counties; the node each is nearest to.
PLACES = (
    ("Malmö", "Skåne", "malmo"),
    ("Stockholm", "Stockholms län", "orebro"),
    ("Göteborg", "Västra Götaland", "jonkoping"),
    ("Umeå", "Västerbotten", "umea"),
    ("Jönköping", "Jönköpings län", "jonkoping"),
    ("Luleå", "Norrbotten", "lulea"),
    ("Örebro", "Örebro län", "orebro"),
    ("Uppsala", "Uppsala län", "orebro"),
    ("Lund", "Skåne", "malmo"),
    ("Helsingborg", "Skåne", "malmo"),
    ("Linköping", "Östergötland", "jonkoping"),
    ("Västerås", "Västmanland", "orebro"),
    ("Norrköping", "Östergötland", "jonkoping"),
    ("Skellefteå", "Västerbotten", "umea"),
    ("Piteå", "Norrbotten", "lulea"),
    ("Kiruna", "Norrbotten", "lulea"),
    ("Växjö", "Kronoberg", "jonkoping"),
    ("Karlstad", "Värmland", "orebro"),
    ("Gävle", "Gävleborg", "orebro"),
    ("Sundsvall", "Västernorrland", "umea"),
    ("Östersund", "Jämtland Härjedalen", "umea"),
    ("Borås", "Västra Götaland", "jonkoping"),
    ("Eskilstuna", "Södermanland", "orebro"),
    ("Södertälje", "Stockholms län", "orebro"),
    ("Botkyrka", "Stockholms län", "orebro"),
    ("Huddinge", "Stockholms län", "orebro"),
    ("Halmstad", "Halland", "malmo"),
    ("Kristianstad", "Skåne", "malmo"),
    ("Landskrona", "Skåne", "malmo"),
    ("Trelleborg", "Skåne", "malmo"),
    ("Ystad", "Skåne", "malmo"),
    ("Hässleholm", "Skåne", "malmo"),
    ("Eslöv", "Skåne", "malmo"),
    ("Karlskrona", "Blekinge", "malmo"),
    ("Kalmar", "Kalmar län", "jonkoping"),
    ("Värnamo", "Jönköpings län", "jonkoping"),
    ("Gislaved", "Jönköpings län", "jonkoping"),
    ("Vetlanda", "Jönköpings län", "jonkoping"),
    ("Ljungby", "Kronoberg", "jonkoping"),
    ("Skövde", "Västra Götaland", "jonkoping"),
    ("Trollhättan", "Västra Götaland", "jonkoping"),
    ("Uddevalla", "Västra Götaland", "jonkoping"),
    ("Varberg", "Halland", "malmo"),
    ("Motala", "Östergötland", "jonkoping"),
    ("Nyköping", "Södermanland", "orebro"),
    ("Falun", "Dalarna", "orebro"),
    ("Borlänge", "Dalarna", "orebro"),
    ("Mora", "Dalarna", "orebro"),
    ("Ludvika", "Dalarna", "orebro"),
    ("Arvika", "Värmland", "orebro"),
    ("Hudiksvall", "Gävleborg", "umea"),
    ("Ljusdal", "Gävleborg", "umea"),
    ("Härnösand", "Västernorrland", "umea"),
    ("Kramfors", "Västernorrland", "umea"),
    ("Sollefteå", "Västernorrland", "umea"),
    ("Örnsköldsvik", "Västernorrland", "umea"),
    ("Vilhelmina", "Västerbotten", "umea"),
    ("Storuman", "Västerbotten", "umea"),
    ("Lycksele", "Västerbotten", "umea"),
    ("Boden", "Norrbotten", "lulea"),
    ("Gällivare", "Norrbotten", "lulea"),
    ("Haparanda", "Norrbotten", "lulea"),
    ("Arvidsjaur", "Norrbotten", "lulea"),
    ("Åre", "Jämtland Härjedalen", "umea"),
    ("Gotland", "Gotland", "orebro"),
)
DISTRICTS = (
    "Rosengård",
    "Tensta",
    "Husby",
    "Gottsunda",
    "Vivalla",
    "Hammarkullen",
    "Ålidhem",
    "Skäggetorp",
    "Råslätt",
    "Öxnehaga",
    "Araby",
    "Norrby",
    "Holma",
    "Kroksbäck",
    "Navestad",
    "Backa",
    "Hertsön",
    "Bergsbyn",
    "Brickebacken",
    "Hageby",
    "Fittja",
    "Alby",
    "Hallonbergen",
    "Biskopsgården",
    "Lindängen",
)
FUNDERS = (
    "Allmänna arvsfonden",
    "Europeiska socialfonden",
    "Vinnova",
    "kommunens sociala investeringsfond",
    "Folkhälsomyndigheten",
    "Boverket",
    "länsstyrelsen",
    "en lokal stiftelse",
    "Tillväxtverket",
    "Jordbruksverket",
)
UNIVERSITIES = (
    "Malmö universitet",
    "Umeå universitet",
    "Örebro universitet",
    "Luleå tekniska universitet",
    "Jönköping University",
    "Lunds universitet",
    "Göteborgs universitet",
    "Linnéuniversitetet",
    "Mittuniversitetet",
    "Karlstads universitet",
    "Högskolan i Gävle",
    "Södertörns högskola",
)
FIRST_NAMES = (
    "Anna",
    "Johan",
    "Fatima",
    "Erik",
    "Maria",
    "Ahmed",
    "Sara",
    "Lars",
    "Amina",
    "Karin",
    "Mohammed",
    "Elin",
    "Per",
    "Leila",
    "Anders",
    "Ida",
    "Mikael",
    "Hanna",
    "Yusuf",
    "Emma",
    "Jonas",
    "Sofia",
    "Ali",
    "Linnea",
    "Nils",
    "Maja",
    "Omar",
    "Kristina",
    "Björn",
    "Aisha",
    "Oskar",
    "Ingrid",
    "Samir",
    "Malin",
    "Gustav",
    "Nour",
)
LAST_NAMES = (
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Hassan",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Axelsson",
    "Ali",
    "Lundgren",
    "Mohammadi",
    "Holmberg",
    "Sandberg",
    "Öberg",
    "Åström",
    "Bergström",
    "Nyström",
    "Abdi",
    "Forsberg",
    "Sundström",
    "Hedlund",
)
ROLES = (
    "projektledare",
    "verksamhetschef",
    "samordnare",
    "enhetschef",
    "socialsekreterare",
    "rektor",
    "fritidsledare",
    "forskare",
    "ordförande",
    "utvecklingsledare",
    "folkhälsostrateg",
    "bibliotekarie",
    "kurator",
    "stadsdelschef",
    "verksamhetsutvecklare",
)


def _cumulative(count: int, exponent: float) -> list[float]:
    return list(
        itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count))
    )


class Zipf:
    """Draws from a sequence ordered from common to rare with weights 1 / rank^s."""

    def __init__(self, items: Sequence, exponent: float = 1.0) -> None:
        self.items = list(items)
        self.cumulative = _cumulative(len(self.items), exponent)
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        i = bisect.bisect_left(self.cumulative, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Vocabulary:
    """The word lists as Zipf drawers."""

    heads: Zipf = field(default_factory=lambda: Zipf(HEADS))
    people_parts: Zipf = field(default_factory=lambda: Zipf(PEOPLE_PARTS))
    domain_parts: Zipf = field(default_factory=lambda: Zipf(DOMAIN_PARTS))
    place_parts: Zipf = field(default_factory=lambda: Zipf(PLACE_PARTS))
    adjectives: Zipf = field(default_factory=lambda: Zipf(ADJECTIVES))
    verbs: Zipf = field(default_factory=lambda: Zipf(VERBS))
    actors: Zipf = field(default_factory=lambda: Zipf(ACTORS))
    people: Zipf = field(default_factory=lambda: Zipf(PEOPLE))
    places: Zipf = field(default_factory=lambda: Zipf(PLACES, 0.8))
    districts: Zipf = field(default_factory=lambda: Zipf(DISTRICTS))
    funders: Zipf = field(default_factory=lambda: Zipf(FUNDERS))
    universities: Zipf = field(default_factory=lambda: Zipf(UNIVERSITIES))
    first_names: Zipf = field(default_factory=lambda: Zipf(FIRST_NAMES))
    last_names: Zipf = field(default_factory=lambda: Zipf(LAST_NAMES))
    roles: Zipf = field(default_factory=lambda: Zipf(ROLES))
    themes: Zipf = field(default_factory=lambda: Zipf(list(THEME_TOPICS), 0.5))
    kinds: Zipf = field(default_factory=lambda: Zipf(KINDS, 0.7))
    nodes: Zipf = field(default_factory=lambda: Zipf(NODES, 0.5))


HEAD_BY_WORD = {noun.indefinite: noun for noun in HEADS}


class Writer:
    """Writes one document; `rng` decides every choice."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary) -> None:
        self.rng = rng
        self.v = vocabulary
        self.theme = ""
        self.place: tuple[str, str, str] = PLACES[0]

    # --- words -------------------------------------------------------------------

    def pick(self, zipf: Zipf):
        return zipf(self.rng)

    def noun(self) -> Noun:
        """A head noun, a compound of one, or one of the theme's own compounds."""
        roll = self.rng.random()
        if roll < 0.25 and self.theme:
            first, head = self.rng.choice(THEME_TOPICS[self.theme])
            return HEAD_BY_WORD[head].compound(first)
        head = self.pick(self.v.heads)
        if roll < 0.45:
            return head
        if roll < 0.65:
            return head.compound(self.pick(self.v.domain_parts))
        if roll < 0.9:
            return head.compound(self.pick(self.v.people_parts))
        return head.compound(self.pick(self.v.place_parts))

    def countable(self) -> Noun:
        for _ in range(10):
            noun = self.noun()
            if noun.plural:
                return noun
        return HEADS[0]

    def adjective(self, form: int, noun: Noun | None = None) -> str:
        """Form 0 (common gender), 1 (neuter) or 2 (plural, definite); not one that
        repeats the noun's first part ("sociala socialtjänster")."""
        for _ in range(5):
            forms = self.pick(self.v.adjectives)
            if noun is None or not noun.indefinite.startswith(forms[0][:5]):
                break
        if form == 0 and noun is not None and noun.neuter:
            form = 1
        return forms[form]

    def verb(self, form: int) -> str:
        return self.pick(self.v.verbs)[form]

    def people(self) -> str:
        group = self.pick(self.v.people)
        if self.rng.random() < 0.15:
            group = f"{group} i {self.pick(self.v.districts)}"
        return group

    def actor(self) -> str:
        roll = self.rng.random()
        if roll < 0.12:
            return f"{self.place[0]} kommun"
        if roll < 0.18:
            return f"Region {self.place[1]}"
        if roll < 0.28:
            return self.noun().definite
        return self.pick(self.v.actors)

    def other_actor(self, first: str) -> str:
        for _ in range(5):
            second = self.actor()
            if second != first:
                return second
        return "civilsamhället" if first != "civilsamhället" else "kommunen"

    def place_name(self) -> str:
        if self.rng.random() < 0.6:
            return self.place[0]
        return self.pick(self.v.places)[0]

    def noun_phrase(self) -> str:
        """An object: "nya mötesplatser", "den psykiska hälsan", "ensamheten"."""
        noun = self.noun()
        roll = self.rng.random()
        if noun.plural and roll < 0.35:
            return f"{self.adjective(2, noun)} {noun.plural}"
        if roll < 0.55:
            article = "det" if noun.neuter else "den"
            return f"{article} {self.adjective(2, noun)} {noun.definite}"
        if roll < 0.75:
            return noun.definite
        if noun.plural and roll < 0.9:
            return noun.plural_definite
        return f"{genitive(self.pick(self.v.people))} {noun.indefinite}"

    def person(self) -> str:
        first = self.pick(self.v.first_names)
        last = self.pick(self.v.last_names)
        return f"{first} {last}, {self.pick(self.v.roles)} i {self.place_name()}"

    # --- sentences -----------------------------------------------------------------

    def sentence(self) -> str:
        r = self.rng
        template = r.randrange(20)
        if template == 0:
            s = f"{self.actor()} i {self.place_name()} {self.verb(1)} {self.noun_phrase()} genom att {self.verb(0)} {self.noun_phrase()}."
        elif template == 1:
            actor = self.actor()
            s = f"Under {r.randint(2015, 2025)} {self.verb(2)} {actor} {self.noun_phrase()} tillsammans med {self.other_actor(actor)}."
        elif template == 2:
            s = f"Målet är att {self.verb(0)} {self.noun_phrase()} bland {self.people()}."
        elif template == 3:
            s = f"{self.noun().definite} har {self.verb(3)} {self.noun_phrase()} för {self.people()}."
        elif template == 4:
            noun, other = self.countable(), self.countable()
            s = f"Enligt {self.actor()} behöver {self.people()} {self.adjective(2, noun)} {noun.plural} och {other.plural}."
        elif template == 5:
            s = f"Det handlar om {self.noun_phrase()} och om hur {self.people()} kan få {self.noun_phrase()}."
        elif template == 6:
            s = f"Arbetet bygger på {self.countable().plural_definite} från {self.place_name()} och {self.pick(self.v.places)[0]}."
        elif template == 7:
            s = f"{r.randint(12, 900)} {self.people()} har deltagit sedan starten {r.randint(2015, 2024)}."
        elif template == 8:
            actor = self.actor()
            s = f"I {self.place_name()} {self.verb(1)} {actor} nu {self.noun_phrase()} i samarbete med {self.other_actor(actor)}."
        elif template == 9:
            s = f"Erfarenheterna visar att {self.noun().definite} {self.verb(1)} {self.noun_phrase()} när {self.people()} får vara med från början."
        elif template == 10:
            s = f"En viktig lärdom är att {self.actor()} måste {self.verb(0)} {self.noun_phrase()} långsiktigt."
        elif template == 11:
            s = f"Finansieringen kommer från {self.pick(self.v.funders)}, och {self.actor()} ansvarar för {self.noun().definite}."
        elif template == 12:
            noun = self.noun()
            s = f"– Vi ser att {self.people()} {self.verb(1)} {self.noun_phrase()} när de får {self.adjective(0, noun)} {noun.indefinite}, säger {self.person()}."
        elif template == 13:
            s = f"Satsningen följs upp av forskare vid {self.pick(self.v.universities)}, som mäter {self.countable().plural} och {self.noun().definite}."
        elif template == 14:
            s = f"Nästa steg är att {self.verb(0)} {self.noun_phrase()} i fler kommuner, bland annat {self.pick(self.v.places)[0]} och {self.pick(self.v.places)[0]}."
        elif template == 15:
            s = f"Många {self.people()} upplever {self.noun().definite} som ett hinder i vardagen."
        elif template == 16:
            s = f"Genom {self.noun().indefinite} kan {self.actor()} {self.verb(0)} {self.noun_phrase()} tidigare än förut."
        elif template == 17:
            s = f"Frågan om {self.noun().definite} är särskilt viktig i {self.place[1]}."
        elif template == 18:
            actor = self.actor()
            s = f"{actor} samarbetar med {self.other_actor(actor)} kring {self.countable().plural} för {self.people()}."
        else:
            noun = self.countable()
            s = f"Resultatet blev {self.adjective(2, noun)} {noun.plural} och ett {self.adjective(1)} arbete som {self.people()} själva har format."
        return _capitalise(s)

    def title(self, kind: str) -> str:
        r = self.rng
        template = r.randrange(6)
        noun = self.noun()
        if kind == "film" and template < 3:
            return f"Film: {_capitalise(noun.definite)} i {self.place_name()}"
        if kind == "resource" and template < 3:
            return f"Guide: {_capitalise(self.verb(0))} {self.noun_phrase()} för {self.people()}"
        if template == 0:
            return f"{_capitalise(noun.indefinite)} i {self.place_name()}"
        if template == 1:
            return f"Så {self.verb(1)} {self.actor()} {self.noun_phrase()}"
        if template == 2:
            plural = self.countable()
            return f"{_capitalise(self.adjective(2, plural))} {plural.plural} för {self.people()} i {self.place_name()}"
        if template == 3:
            return f"{_capitalise(self.people())} {self.verb(1)} {self.noun_phrase()}"
        if template == 4:
            return (
                f"{_capitalise(noun.definite)} som {self.verb(2)} {self.noun_phrase()}"
            )
        return f"Därför {self.verb(1)} {self.actor()} {self.noun_phrase()} i {self.place_name()}"

    def summary(self) -> str:
        actor, place = self.actor(), self.place_name()
        where = "" if place in actor else f" i {place}"
        first = (
            f"{_capitalise(actor)}{where} {self.verb(1)} "
            f"{self.noun_phrase()} för {self.people()}."
        )
        if self.rng.random() < 0.5:
            return first
        return f"{first} {self.sentence()}"

    def body(self) -> str:
        target = self.rng.randint(*BODY_WORDS)
        sentences: list[str] = []
        count = 0
        while count < BODY_WORDS[0] or count < target:
            sentence = self.sentence()
            length = len(sentence.split())
            if count >= BODY_WORDS[0] and count + length > target:
                break
            if count + length > BODY_WORDS[1]:
                continue
            sentences.append(sentence)
            count += length
        return " ".join(sentences)


def theme_names() -> dict[str, str]:
    try:
        data = json.loads(THEMES_JSON.read_text("utf-8"))
    except OSError:
        return dict.fromkeys(THEME_TOPICS, "")
    return {t["slug"]: t["name_sv"] for t in data if t["slug"] in THEME_TOPICS}


def generate(count: int, seed: int = 1) -> Iterator[dict]:
    """`count` documents as dicts with the fields of a `SearchDocument`."""
    rng = random.Random(seed)
    vocabulary = Vocabulary()
    names = theme_names()
    writer = Writer(rng, vocabulary)
    for number in range(1, count + 1):
        kind = vocabulary.kinds(rng)
        node = vocabulary.nodes(rng)
        themes = [vocabulary.themes(rng)]
        if rng.random() < 0.3:
            second = vocabulary.themes(rng)
            if second not in themes:
                themes.append(second)
        writer.theme = themes[0]
        nearby = [p for p in PLACES if p[2] == node]
        writer.place = (
            rng.choice(nearby) if rng.random() < 0.7 else vocabulary.places(rng)
        )
        title = writer.title(kind)
        place, county, _node = writer.place
        yield {
            "language": "sv",
            "kind": kind,
            "title": title,
            "url": f"/sv/{KIND_PATHS[kind]}/dokument-{number}/",
            "summary": writer.summary(),
            "body": writer.body(),
            "node": node,
            "themes": tuple(themes),
            "date": FIRST_DATE + datetime.timedelta(days=rng.randrange(DAYS + 1)),
            "keywords": " ".join([place, county, *(names.get(t, "") for t in themes)]),
        }
