"""Demo organisations and people: fictional actors from every sector, with profiles.

Deterministic (no randomness): the same rows in the same order on every load. Demo
accounts have unusable passwords and reserved `example.org` addresses, so nobody can
sign in as them and no mail to them is ever delivered.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from motesplats.accounts.models import User
from motesplats.actors.enums import (
    MembershipStatus,
    OrganisationRole,
    OrganisationStatus,
    Visibility,
)
from motesplats.actors.models import (
    PROFILE_FIELDS,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.validators import luhn_ok
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Region, Sector, Theme

DEMO_DIR = Path(__file__).resolve().parent
ORGANISATIONS = DEMO_DIR / "organisations.json"
PEOPLE = DEMO_DIR / "people.json"

# Which node an organisation belongs to, by county: the node of the same region.
NODE_BY_COUNTY = {
    **dict.fromkeys(["10", "12", "13", "07"], "malmo"),
    **dict.fromkeys(["05", "06", "08", "09", "14"], "jonkoping"),
    "25": "lulea",
    **dict.fromkeys(["22", "23", "24"], "umea"),
    **dict.fromkeys(["01", "03", "04", "17", "18", "19", "20", "21"], "orebro"),
}

# How open each demo person is: a visibility per profile field.
_P, _M, _X = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE
SHOW = {
    "open": dict.fromkeys(PROFILE_FIELDS, _P),
    "mixed": {
        "name": _P,
        "title": _P,
        "organisation": _P,
        "expertise": _M,
        "themes": _M,
        "languages": _X,
        "county": _X,
    },
    "members": dict.fromkeys(PROFILE_FIELDS, _M),
    # Name and title public, everything else private: never findable by theme.
    "name-only": {**dict.fromkeys(PROFILE_FIELDS, _X), "name": _P, "title": _P},
    "unlisted": dict.fromkeys(PROFILE_FIELDS, _X),
}


def demo_org_number(n: int) -> str:
    """A fictional but valid number: the series 8899xx… is not handed out to anyone."""
    base = f"8899{n:05d}"
    check = next(d for d in "0123456789" if luhn_ok(base + d))
    return f"{base[:6]}-{base[6:]}{check}"


def demo_email(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@example.org"


@transaction.atomic
def load() -> None:
    """Create the demo organisations, people, memberships and profiles once."""
    if Organisation.objects.exists():
        return
    rows = json.loads(ORGANISATIONS.read_text(encoding="utf-8"))
    people = json.loads(PEOPLE.read_text(encoding="utf-8"))
    sectors = {s.slug: s for s in Sector.objects.all()}
    counties = {r.code: r for r in Region.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    nodes = {n.slug: n for n in Node.objects.all()}

    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=row["name"],
                slug=row["slug"],
                org_number=demo_org_number(index + 1),
                sector=sectors[row["sector"]],
                county=counties[row["county"]],
                municipality=row["municipality"],
                website=f"https://exempel-{row['slug']}.example",
                contact_email=(
                    f"kontakt@exempel-{row['slug']}.example" if index % 2 == 0 else ""
                ),
                contact_url=(
                    f"https://exempel-{row['slug']}.example/kontakt"
                    if index % 2 == 1
                    else ""
                ),
                description_sv=row["sv"],
                description_en=row["en"],
                node=nodes.get(NODE_BY_COUNTY.get(row["county"], "")),
                status=row.get("status", OrganisationStatus.APPROVED),
            )
            for index, row in enumerate(rows)
        ]
    )
    by_slug = {org.slug: org for org in organisations}
    Organisation.themes.through.objects.bulk_create(
        [
            Organisation.themes.through(
                organisation_id=by_slug[row["slug"]].pk, theme_id=themes[slug].pk
            )
            for row in rows
            for slug in row["themes"]
        ]
    )

    now = timezone.now()
    memberships, profiles, profile_themes = [], [], []
    for person in people:
        first, _, last = person["name"].partition(" ")
        user = User.objects.create_user(
            demo_email(person["name"]),
            password=None,
            display_name=person["name"],
            first_name=first,
            last_name=last,
        )
        organisation = by_slug.get(person["org"] or "")
        if organisation is not None and person["role"]:
            pending = person["role"] == "pending"
            memberships.append(
                OrganisationMembership(
                    organisation=organisation,
                    user=user,
                    role=(
                        OrganisationRole.ADMIN
                        if person["role"] == "admin"
                        else OrganisationRole.MEMBER
                    ),
                    status=(
                        MembershipStatus.PENDING if pending else MembershipStatus.ACTIVE
                    ),
                    message=(
                        "Jag är ny i föreningen och vill kunna visa att jag hör hit."
                        if pending
                        else ""
                    ),
                    decided_at=None if pending else now,
                )
            )
        show = SHOW[person["show"]]
        profiles.append(
            Profile(
                user=user,
                is_listed=person["show"] != "unlisted",
                accepts_messages=person["show"] != "name-only",
                name=person["name"],
                title=person["title"],
                organisation=organisation,
                expertise=person["expertise"],
                languages=person["languages"],
                county=counties[person["county"]],
                **{f"{field}_visibility": show[field] for field in PROFILE_FIELDS},
            )
        )
    OrganisationMembership.objects.bulk_create(memberships)
    profiles = Profile.objects.bulk_create(profiles)
    for profile, person in zip(profiles, people, strict=True):
        profile_themes.extend(
            Profile.themes.through(profile_id=profile.pk, theme_id=themes[slug].pk)
            for slug in person["themes"]
        )
    Profile.themes.through.objects.bulk_create(profile_themes)
