"""Factories for actors' records. Realistic, fictional values; valid org numbers."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

import factory

from motesplats.actors.enums import (
    CoalitionAccess,
    CoalitionRole,
    MembershipStatus,
    NeedOfferCategory,
    NeedOfferKind,
    OrganisationRole,
    OrganisationStatus,
)
from motesplats.actors.models import (
    Coalition,
    CoalitionMember,
    NeedOffer,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.validators import luhn_ok
from motesplats.taxonomy.models import Region, Sector, Theme
from tests.factories import UserFactory


def org_number(n: int) -> str:
    """The n-th valid organisation number of a fictional series (third digit ≥ 2)."""
    base = f"80{n:07d}"[-9:]
    base = base[:2] + str(max(int(base[2]), 2)) + base[3:]
    check = next(d for d in "0123456789" if luhn_ok(base + d))
    digits = base + check
    return f"{digits[:6]}-{digits[6:]}"


def sector(slug: str = "ideburen") -> Sector:
    return Sector.objects.get(slug=slug)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testföreningen Gemenskap {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    org_number = factory.Sequence(lambda n: org_number(n + 5000))
    sector = factory.LazyFunction(sector)
    county = factory.LazyFunction(lambda: Region.objects.get(code="12"))
    municipality = "Malmö"
    description_sv = "En förening som arbetar med social innovation i närområdet."
    status = OrganisationStatus.APPROVED

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


def add_org_member(organisation, user=None, *, admin: bool = False, active=True):
    return OrganisationMembership.objects.create(
        organisation=organisation,
        user=user or UserFactory(),
        role=OrganisationRole.ADMIN if admin else OrganisationRole.MEMBER,
        status=MembershipStatus.ACTIVE if active else MembershipStatus.PENDING,
        decided_at=timezone.now() if active else None,
    )


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Kim Testsson {n}")
    title = "Utvecklingsledare"
    expertise = "Medborgardialog och samskapande med civilsamhället."
    languages = factory.LazyFunction(lambda: ["sv", "en"])


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition
        skip_postgeneration_save = True

    name_sv = factory.Sequence(lambda n: f"Kunskapsallians för inkludering {n}")
    name_en = factory.Sequence(lambda n: f"Knowledge alliance for inclusion {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name_sv))
    theme = factory.LazyFunction(lambda: Theme.objects.order_by("sort_order").first())
    purpose_sv = "Vi samlar aktörer från alla sektorer kring gemensamma frågor."
    purpose_en = "We bring actors from every sector together on shared questions."
    access = CoalitionAccess.OPEN


def add_coalition_member(
    coalition, *, user=None, organisation=None, coordinator=False, active=True
):
    return CoalitionMember.objects.create(
        coalition=coalition,
        user=user,
        organisation=organisation,
        role=CoalitionRole.COORDINATOR if coordinator else CoalitionRole.MEMBER,
        status=MembershipStatus.ACTIVE if active else MembershipStatus.PENDING,
        joined_at=timezone.now() if active else None,
    )


class NeedOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedOffer
        skip_postgeneration_save = True

    kind = NeedOfferKind.NEED
    category = NeedOfferCategory.PARTNER
    title = factory.Sequence(lambda n: f"Vi söker en partner för läxhjälp {n}")
    description = "Vi behöver en partner som kan driva läxhjälp två kvällar i veckan."
    author = factory.SubFactory(UserFactory)
    expires_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=60)
    )

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create:
            obj.themes.set(extracted or [Theme.objects.order_by("sort_order")[0]])
