"""Demo needs and offers: 25, spread over kinds, categories, themes and counties.

Posted by the demo people, for their organisations or for themselves; open for a
number of days from the day the demo is loaded. Deterministic apart from that date.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from motesplats.accounts.models import User
from motesplats.actors.models import NeedOffer, Organisation
from motesplats.taxonomy.models import Region, Sector, Theme

from .organisations import demo_email

NEEDS = Path(__file__).resolve().parent / "needs.json"


@transaction.atomic
def load() -> None:
    """Create the demo needs and offers once."""
    if NeedOffer.objects.exists():
        return
    rows = json.loads(NEEDS.read_text(encoding="utf-8"))
    themes = {t.slug: t for t in Theme.objects.all()}
    counties = {r.code: r for r in Region.objects.all()}
    sectors = {s.slug: s for s in Sector.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    today = timezone.localdate()
    now = timezone.now()
    for index, row in enumerate(rows):
        organisation = organisations.get(row["org"] or "")
        author = people.get(demo_email(row["by"])) if row["by"] else None
        if organisation is None and author is None:
            continue  # a person's own post needs the person
        need = NeedOffer.objects.create(
            kind=row["kind"],
            category=row["category"],
            title=row["title"],
            description=row["description"],
            organisation=organisation,
            author=author,
            expires_on=today + timedelta(days=row["days"]),
        )
        NeedOffer.objects.filter(pk=need.pk).update(
            created_at=now - timedelta(days=2 * (len(rows) - index))
        )
        need.themes.set([themes[s] for s in row["themes"] if s in themes])
        need.counties.set([counties[c] for c in row["counties"] if c in counties])
        need.sectors_sought.set([sectors[s] for s in row["sectors"] if s in sectors])
