"""The demo actors: enough, varied and valid to show every page."""

from django.db.models import Count

import pytest

from motesplats.actors.demo import organisations as demo
from motesplats.actors.enums import MembershipStatus, OrganisationStatus, Visibility
from motesplats.actors.models import Organisation, OrganisationMembership, Profile
from motesplats.actors.validators import normalize_org_number

pytestmark = pytest.mark.django_db


def test_sixty_approved_organisations_across_sectors_and_counties():
    approved = Organisation.objects.filter(status=OrganisationStatus.APPROVED)
    assert approved.count() == 60
    sectors = set(approved.values_list("sector__slug", flat=True))
    assert sectors == {"offentlig", "privat", "ideburen", "akademi"}
    assert approved.values("county").distinct().count() >= 8
    assert approved.filter(node__isnull=True).count() == 0
    assert approved.values("node").distinct().count() == 5
    assert not approved.annotate(n=Count("themes")).filter(n=0).exists()
    assert not approved.filter(description_en="").exists()
    for number in approved.values_list("org_number", flat=True):
        assert normalize_org_number(number) == number
    assert Organisation.objects.filter(status=OrganisationStatus.PROPOSED).count() == 2


def test_forty_people_with_profiles_some_listed_some_not():
    profiles = Profile.objects.filter(user__email__in=_demo_emails())
    assert profiles.count() == 40
    assert profiles.filter(is_listed=True).count() == 30
    assert profiles.filter(
        themes_visibility=Visibility.PRIVATE, is_listed=True
    ).exists()
    assert profiles.filter(name_visibility=Visibility.MEMBERS).exists()
    assert profiles.filter(name_visibility=Visibility.PUBLIC).exists()
    for profile in profiles.select_related("user"):
        assert not profile.user.has_usable_password()
        assert profile.user.email.endswith("@example.org")
    demo_memberships = OrganisationMembership.objects.filter(
        user__email__in=_demo_emails()
    )
    assert demo_memberships.filter(status=MembershipStatus.PENDING).count() == 2
    assert demo_memberships.filter(role="admin", status="active").count() >= 20


def test_loading_again_changes_nothing():
    before = Organisation.objects.count(), Profile.objects.count()
    demo.load()
    assert (Organisation.objects.count(), Profile.objects.count()) == before


def _demo_emails():
    import json  # noqa: PLC0415

    return [
        demo.demo_email(p["name"])
        for p in json.loads(demo.PEOPLE.read_text(encoding="utf-8"))
    ]
