"""Demo content for events: the summit archive 2015–2020, the coming summit with its
full programme, webinars, network meetings, a coalition meeting, a series of
moderated conversations, a fully booked event with a waiting list and a raffle.

Dates of the coming events are counted from the day the demo is loaded, so the site
always has something ahead. Every event page is published in Swedish and translated
to English. Participants and speakers are fictional and use @example.org addresses;
bookings go through the same service as the registration form.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from wagtail.models import Locale

from motesplats.core.demo import body_blocks, load_json, publish, translate
from motesplats.nodes.selectors import node_pages_by_slug
from motesplats.taxonomy.models import Region, Sector, Theme

from .enums import (
    EventFormat,
    EventKind,
    EventLanguage,
    RegistrationMode,
)
from .models import (
    EventCoOrganiser,
    EventIndexPage,
    EventPage,
    RegistrationQuestion,
    Room,
    Session,
    SessionPerson,
    Speaker,
    TicketType,
    Track,
)
from .services.meetings import (
    meeting_optin,
    meeting_request_set,
    meeting_slots_create,
    meeting_tables_set,
)
from .services.raffle import raffle_open
from .services.registration import (
    Invoice,
    Participant,
    booking_create,
    registration_check_in,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"

# No source gives the dates of the 2019 summit. These are a placeholder in the same
# mid-November week as the editions before it; replace them when the real dates are
# found.
SUMMIT_2019_PLACEHOLDER = ("2019-11-12T09:00", "2019-11-13T16:30")

ACCESSIBILITY = {
    "step_free": {
        "sv": "Lokalen nås utan trappsteg och har tillgänglig toalett. Hör av dig om "
        "du behöver tolkning, hörslinga eller annan anpassning.",
        "en": "The venue can be reached without steps and has an accessible toilet. "
        "Get in touch if you need interpretation, a hearing loop or other adjustments.",
    }
}
FREE_TICKET = {
    "name_sv": "Fri entré",
    "name_en": "Free admission",
    "kind": "free",
    "price": "0.00",
}

# Fictional participants: (name, organisation, sector slug).
PEOPLE = [
    ("Aino Lindqvist", "Lindåsa kommun", "offentlig"),
    ("Bilal Hassan", "Föreningen Gröna Gårdar", "ideburen"),
    ("Cecilia Ström", "Region Mellanland", "offentlig"),
    ("David Öberg", "Återbruket Syd ek. för.", "privat"),
    ("Elin Nordin", "Studieförbundet Framsteg", "ideburen"),
    ("Farah Ali", "Lindåsa kommun", "offentlig"),
    ("Gustav Wikström", "Högskolan i Mellanland", "akademi"),
    ("Hanna Björk", "Fritidsgården Kupolen", "offentlig"),
    ("Ismail Yilmaz", "Bostadsstiftelsen Hem", "ideburen"),
    ("Johanna Sandberg", "Socialtjänsten i Bergsby", "offentlig"),
    ("Karl Lindholm", "Kooperativet Vävstolen", "privat"),
    ("Leila Karimi", "Föreningen Läxhjälp för alla", "ideburen"),
    ("Maja Ek", "Bergsby kommun", "offentlig"),
    ("Noah Berglund", "Ungdomsrådet i Bergsby", "ideburen"),
    ("Olivia Svensson", "Högskolan i Mellanland", "akademi"),
    ("Petra Håkansson", "Region Mellanland", "offentlig"),
    ("Rasmus Nyberg", "Idrottsföreningen Framåt", "ideburen"),
    ("Sara Mohammadi", "Bergsby kommun", "offentlig"),
    ("Tobias Engström", "Konsultbyrån Samverka AB", "privat"),
    ("Ulrika Dahl", "Lindåsa kommun", "offentlig"),
    ("Viktor Holm", "Stiftelsen Brobyggarna", "ideburen"),
    ("Wilma Axelsson", "Högskolan i Mellanland", "akademi"),
    ("Yusuf Demir", "Föreningen Grannsamverkan Söder", "ideburen"),
    ("Zara Lundgren", "Bibliotek Mellanland", "offentlig"),
]

RAFFLE_MOTIVATIONS = [
    "Vi har startat en läxhjälp med 40 frivilliga och behöver kunna visa kommunen vad "
    "den ger, inte bara hur många som kommer.",
    "Jag ska utvärdera vår sociala investeringsfond nästa år och vill lära mig räkna "
    "på social avkastning på ett sätt som håller.",
    "Vår förening söker medel för ett integrationsprojekt, och finansiären vill se en "
    "förändringsteori med mätbara mål.",
    "Jag undervisar i projektledning och vill kunna ge studenterna konkreta verktyg "
    "för effektmätning.",
    "Vi driver ett arbetsintegrerande företag och vill jämföra vår metod med andra "
    "på ett trovärdigt sätt.",
]


def _email(name: str) -> str:
    table = str.maketrans("åäöéü", "aaoeu")
    return f"{name.lower().translate(table).replace(' ', '.')}@example.org"


def _aware(value: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(value))


def _at(day: date, clock: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


def _working_day(day: date, step: int) -> date:
    """The nearest weekday outside the Christmas and July holidays, moving by `step`
    days, so relative demo dates never land on a Sunday or New Year's Eve."""
    while (
        day.weekday() >= 5
        or day.month == 7
        or (day.month == 12 and day.day >= 20)
        or (day.month == 1 and day.day <= 6)
    ):
        day += timedelta(days=step)
    return day


def summit_start(today: date) -> date:
    """The coming summit's first day: a Tuesday in the second week of November next
    autumn (this year's November while it is still spring or summer)."""
    year = today.year if today.month < 6 else today.year + 1
    day = date(year, 11, 8)
    return day + timedelta(days=(1 - day.weekday()) % 7)


class _Builder:
    def __init__(self, en: Locale) -> None:
        self.en = en
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.nodes = node_pages_by_slug()
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.counties = {r.code: r for r in Region.objects.all()}
        self.sectors = {s.slug: s for s in Sector.objects.all()}
        self.events: dict[str, EventPage] = {}

    def add(
        self, key: str, node: str, page: EventPage, row: dict, themes, organisers
    ) -> EventPage:
        """Add the Swedish page below its node, publish it and translate it."""
        page.themes = [self.themes[s] for s in themes if s in self.themes]
        page.co_organisers = [
            EventCoOrganiser(name=o["name"], url=o.get("url", ""), sort_order=i)
            for i, o in enumerate(organisers)
        ]
        self.nodes[node].add_child(instance=page)
        publish(page)
        english = row["en"]
        fields = {
            "title": english["title"],
            "summary": english["summary"],
            "body": body_blocks(english["body"]),
        }
        if "yearly_theme" in english:
            fields["yearly_theme"] = english["yearly_theme"]
        if english.get("accessibility"):
            fields["accessibility"] = english["accessibility"]
        elif row.get("accessibility"):
            fields["accessibility"] = ACCESSIBILITY[row["accessibility"]]["en"]
        translate(page, self.en, **fields)
        self.events[key] = page
        return page

    def tickets(self, event: EventPage, specs: list[dict]) -> dict[str, TicketType]:
        made = {}
        for order, spec in enumerate(specs):
            made[spec.get("key", f"t{order}")] = TicketType.objects.create(
                event=event,
                name_sv=spec["name_sv"],
                name_en=spec["name_en"],
                description_sv=spec.get("description_sv", ""),
                description_en=spec.get("description_en", ""),
                kind=spec["kind"],
                price=Decimal(spec["price"]),
                capacity=spec.get("capacity"),
                max_per_booking=spec.get("max_per_booking", 10),
                sort_order=order,
            )
        return made

    # --- the archive --------------------------------------------------------------

    def archive(self) -> None:
        for row in load_json(DEMO_DIR, "archive.json"):
            start, end = row["start"], row["end"]
            if row["key"] == "summit-2019":
                start, end = SUMMIT_2019_PLACEHOLDER
            sv = row["sv"]
            page = EventPage(
                title=sv["title"],
                slug=row["slug"],
                kind=EventKind.SUMMIT,
                format=row["format"],
                summary=sv["summary"],
                body=body_blocks(sv["body"]),
                starts_at=_aware(start),
                ends_at=_aware(end),
                yearly_theme=sv["yearly_theme"],
                edition=row["edition"],
                venue_name=row["venue_name"],
                city=row["city"],
                county=self.counties["12"] if row["city"] == "Malmö" else None,
                registration_mode=RegistrationMode.NONE,
                attendance=row["attendance"],
            )
            self.add(
                row["key"], "malmo", page, row, row["themes"], row["co_organisers"]
            )

    # --- events from events.json --------------------------------------------------

    def _when(self, row: dict) -> tuple[datetime, datetime]:
        if "in_days" in row:
            step = 1 if row["in_days"] >= 0 else -1
            day = _working_day(self.today + timedelta(days=row["in_days"]), step)
            if step > 0 and day <= self.today:
                day = _working_day(self.today + timedelta(days=1), 1)
            return _at(day, row["start"]), _at(day, row["end"])
        return _aware(row["start"]), _aware(row["end"])

    def listed_events(self) -> None:
        for row in load_json(DEMO_DIR, "events.json"):
            starts, ends = self._when(row)
            reg = row["registration"]
            sv = row["sv"]
            page = EventPage(
                title=sv["title"],
                slug=row["slug"],
                kind=row["kind"],
                format=row["format"],
                summary=sv["summary"],
                body=body_blocks(sv["body"]),
                starts_at=starts,
                ends_at=ends,
                languages=row.get("languages", EventLanguage.SV),
                venue_name=row.get("venue_name", ""),
                address=row.get("address", ""),
                city=row.get("city", ""),
                county=self.counties.get(row.get("county", "")),
                accessibility=ACCESSIBILITY[row["accessibility"]]["sv"]
                if row.get("accessibility")
                else "",
                registration_mode=reg["mode"],
                capacity=reg.get("capacity"),
                waiting_list=reg.get("waiting_list", True),
                attendance=row.get("attendance"),
            )
            if reg["mode"] != RegistrationMode.NONE:
                page.registration_opens_at = self.now + timedelta(
                    days=reg["opens_in_days"]
                )
                if page.registration_opens_at >= starts or starts < self.now:
                    # Past events opened well before they took place.
                    page.registration_opens_at = starts - timedelta(days=40)
            if "raffle_closes_in_days" in reg:
                page.registration_closes_at = self.now + timedelta(
                    days=reg["raffle_closes_in_days"]
                )
            event = self.add(row["key"], row["node"], page, row, row["themes"], [])
            if row.get("tickets"):
                self.tickets(event, [FREE_TICKET])

    # --- the coming summit --------------------------------------------------------

    def summit(self) -> EventPage:
        data = load_json(DEMO_DIR, "summit.json")
        spec = data["page"]
        first = summit_start(self.today)
        last = first + timedelta(days=1)
        starts, ends = _at(first, "09:00"), _at(last, "15:00")
        sv = spec["sv"]
        page = EventPage(
            title=sv["title"].format(year=first.year),
            slug=spec["slug"],
            kind=EventKind.SUMMIT,
            format=EventFormat.ON_SITE,
            summary=sv["summary"],
            body=body_blocks(sv["body"]),
            starts_at=starts,
            ends_at=ends,
            languages=spec["languages"],
            yearly_theme=sv["yearly_theme"],
            edition=spec["edition"],
            venue_name=spec["venue_name"],
            address=spec["address"],
            city=spec["city"],
            county=self.counties[spec["county"]],
            accessibility=sv["accessibility"],
            registration_mode=RegistrationMode.OPEN,
            capacity=spec["capacity"],
            registration_opens_at=self.now - timedelta(days=30),
            registration_closes_at=starts - timedelta(days=7),
        )
        row = {
            "en": {**spec["en"], "title": spec["en"]["title"].format(year=first.year)}
        }
        summit = self.add(
            "summit-next",
            spec["node"],
            page,
            row,
            spec["themes"],
            spec["co_organisers"],
        )
        tickets = self.tickets(summit, data["tickets"])
        questions = {
            q["key"]: RegistrationQuestion.objects.create(
                event=summit,
                label_sv=q["label_sv"],
                label_en=q["label_en"],
                help_sv=q.get("help_sv", ""),
                help_en=q.get("help_en", ""),
                kind=q["kind"],
                choices_sv=q.get("choices_sv", ""),
                choices_en=q.get("choices_en", ""),
                required=q["required"],
                is_health_data=q["health"],
                sort_order=order,
            )
            for order, q in enumerate(data["questions"])
        }
        self._programme(summit, data, first)
        self._summit_bookings(summit, tickets, questions)
        return summit

    def _programme(self, summit: EventPage, data: dict, first: date) -> None:
        rooms = {
            r["key"]: Room.objects.create(
                event=summit,
                name=r["name"],
                capacity=r["capacity"],
                accessibility=r["accessibility"],
                sort_order=order,
            )
            for order, r in enumerate(data["rooms"])
        }
        tracks = {
            t["slug"]: Track.objects.create(
                event=summit,
                slug=t["slug"],
                name_sv=t["name_sv"],
                name_en=t["name_en"],
                sort_order=order,
            )
            for order, t in enumerate(data["tracks"])
        }
        speakers = {}
        for s in data["speakers"]:
            speakers[s["key"]], _ = Speaker.objects.get_or_create(
                name=s["name"],
                defaults={
                    "title": s["title"],
                    "bio_sv": s["bio_sv"],
                    "bio_en": s["bio_en"],
                    "email": s["email"],
                    "public_consent": s["consent"],
                    "consent_given_at": self.now if s["consent"] else None,
                },
            )
        for s in data["sessions"]:
            day = first + timedelta(days=s["day"])
            session = Session.objects.create(
                event=summit,
                title_sv=s["title_sv"],
                title_en=s["title_en"],
                description_sv=s.get("description_sv", ""),
                description_en=s.get("description_en", ""),
                kind=s["kind"],
                starts_at=_at(day, s["start"]),
                ends_at=_at(day, s["end"]),
                track=tracks.get(s.get("track", "")),
                room=rooms[s["room"]],
                language=s.get("language", EventLanguage.SV),
                signup_required=s.get("signup", False),
                capacity=s.get("capacity"),
            )
            for order, (key, role) in enumerate(s.get("people", [])):
                SessionPerson.objects.create(
                    session=session, speaker=speakers[key], role=role, sort_order=order
                )

    def _participant(self, index: int, ticket: TicketType, **extra) -> Participant:
        name, organisation, sector = PEOPLE[index % len(PEOPLE)]
        return Participant(
            ticket_type=ticket,
            name=name,
            email=_email(name),
            organisation=organisation,
            sector=self.sectors.get(sector),
            **extra,
        )

    def _summit_bookings(self, summit, tickets, questions) -> None:
        org_type = questions["org_type"].key
        diet = questions["diet"].key
        # A municipality books three colleagues on ordinary tickets, one with a diet.
        municipal = [
            self._participant(
                i,
                tickets["standard"],
                answers={org_type: "Kommun eller region"},
            )
            for i in (0, 5, 19)
        ]
        municipal[1].health_answers = {diet: "Vegetarisk kost, nötallergi"}
        municipal[1].health_consent = True
        booking_create(
            event=summit,
            name="Ulrika Dahl",
            email=_email("Ulrika Dahl"),
            participants=municipal,
            invoice=Invoice(
                organisation="Lindåsa kommun",
                org_number="212000-9994",
                reference="Ulrika Dahl, ansvar 4410",
                address="Box 100, 123 45 Lindåsa",
                email="ekonomi@lindasa.example.org",
            ),
        )
        # A civil-society organisation on reduced tickets.
        civil = [
            self._participant(
                i, tickets["reduced"], answers={org_type: "Idéburen organisation"}
            )
            for i in (1, 11)
        ]
        booking_create(
            event=summit,
            name="Bilal Hassan",
            email=_email("Bilal Hassan"),
            participants=civil,
            invoice=Invoice(
                organisation="Föreningen Gröna Gårdar",
                org_number="802499-1237",
                reference="Bilal Hassan",
                address="Ängsvägen 4, 234 56 Bergsby",
                email="",
            ),
            language="sv",
        )
        # A social enterprise, registering in English.
        booking_create(
            event=summit,
            name="David Öberg",
            email=_email("David Öberg"),
            participants=[
                self._participant(
                    3, tickets["reduced"], answers={org_type: "Social enterprise"}
                )
            ],
            invoice=Invoice(
                organisation="Återbruket Syd ek. för.",
                org_number="769612-3459",
                reference="David Öberg",
                address="Verkstadsgatan 2, 345 67 Bergsby",
                email="",
            ),
            language="en",
        )
        # Two speakers on free speaker tickets.
        for name in ("Helena Virtanen", "Karin Åberg"):
            booking_create(
                event=summit,
                name=name,
                email=_email(name),
                participants=[
                    Participant(
                        ticket_type=tickets["speaker"],
                        name=name,
                        email=_email(name),
                        answers={org_type: "Universitet eller högskola"},
                    )
                ],
            )

    # --- bookings on the smaller events ---------------------------------------------

    def _book_each(self, event: EventPage, people: range, **kwargs) -> list:
        ticket = event.ticket_types.first()
        results = []
        for i in people:
            participant = self._participant(i, ticket)
            results.append(
                booking_create(
                    event=event,
                    name=participant.name,
                    email=participant.email,
                    participants=[participant],
                    **kwargs,
                )
            )
        return results

    def bookings(self) -> None:
        # Fully booked: ten places taken, two people on the waiting list.
        self._book_each(self.events["breakfast-full"], range(12))
        # A few registrations on the meetings ahead.
        self._book_each(self.events["network-malmo"], range(4, 9))
        self._book_each(self.events["webinar-financing"], range(12, 18))
        self._book_each(self.events["coalition"], range(13, 16))
        # The past meeting: six registered while registration was open, four came.
        past = self.events["bergslagen-past"]
        results = self._book_each(
            past, range(6, 12), now=past.starts_at - timedelta(days=3)
        )
        for result in results[:4]:
            registration_check_in(
                event=past,
                code=result.registrations[0].ticket_code,
                actor=None,
                now=past.starts_at + timedelta(minutes=10),
            )

    def raffle(self) -> None:
        event = self.events["masterclass-raffle"]
        spec = next(
            r
            for r in load_json(DEMO_DIR, "events.json")
            if r["key"] == "masterclass-raffle"
        )["registration"]
        raffle_open(
            event=event,
            places=spec["places"],
            quotas=spec["quotas"],
            applications_close_at=event.registration_closes_at,
            actor=None,
        )
        ticket = event.ticket_types.first()
        for i, motivation in zip((1, 9, 4, 14, 10), RAFFLE_MOTIVATIONS, strict=True):
            participant = self._participant(i, ticket, motivation=motivation)
            booking_create(
                event=event,
                name=participant.name,
                email=participant.email,
                participants=[participant],
            )


# 1:1 meetings at the summit: (participant index in the summit's bookings, topic).
MEETING_TOPICS = [
    "Hur kommunen kan köpa tjänster av idéburna utan att tappa det lokala.",
    "Gröna gårdar för unga: vi söker kommuner som vill pröva modellen.",
    "Återbruk som arbetsträning: vilka kommuner vill samarbeta?",
    "Forskning om sociala investeringsfonder: jag söker fall att följa.",
    "Digital inkludering för äldre i glesbygd.",
    "Effektmätning som håller även för små föreningar.",
]
# Wishes between them, in the order they were made: (from, to, wish).
MEETING_WISHES = [
    (0, 1, "must"),
    (1, 0, "must"),
    (2, 0, "would"),
    (3, 4, "must"),
    (4, 3, "would"),
    (5, 2, "must"),
    (2, 5, "would"),
    (1, 3, "would"),
    (0, 4, "no"),
]


def _meetings_demo(summit: EventPage) -> None:
    """Slots and tables at the summit, six participants who opted in, their wishes.

    No plan is made here: the organisers run the scheduler themselves (and the demo
    load stays fast without it)."""
    first = timezone.localtime(summit.starts_at).replace(hour=13, minute=0)
    meeting_slots_create(event=summit, first_start=first, minutes=20, count=6)
    meeting_tables_set(event=summit, count=10)
    registrations = list(
        summit.registrations.filter(status="confirmed").order_by("created_at", "pk")
    )
    participants = [
        meeting_optin(registration=registration, topic=topic, consent=True)
        for registration, topic in zip(registrations, MEETING_TOPICS, strict=False)
    ]
    for source, target, wish in MEETING_WISHES:
        if source < len(participants) and target < len(participants):
            meeting_request_set(
                requester=participants[source],
                target_id=participants[target].pk,
                wish=wish,
            )


def events_demo_load(*, index: EventIndexPage, en: Locale) -> int:
    """Create the demo events below the nodes' pages; returns how many (in Swedish).

    `index` is the published events listing; the events themselves live below their
    organising node's page, so node editors can edit them.
    """
    builder = _Builder(en)
    builder.archive()
    builder.listed_events()
    summit = builder.summit()
    _meetings_demo(summit)
    builder.bookings()
    builder.raffle()
    return len(builder.events)
