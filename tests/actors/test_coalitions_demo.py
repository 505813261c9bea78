"""The demo coalitions and needs and offers, loaded with the demo site."""

from django.utils import timezone

import pytest

from motesplats.actors.enums import CoalitionRole, MembershipStatus
from motesplats.actors.models import Coalition, NeedOffer
from motesplats.actors.selectors.coalitions import sector_mix
from motesplats.taxonomy.models import Theme

pytestmark = pytest.mark.django_db


def test_six_coalitions_cover_every_theme_across_sectors():
    coalitions = list(Coalition.objects.prefetch_related("members"))
    assert len(coalitions) == 6
    assert {c.theme_id for c in coalitions} >= set(
        Theme.objects.filter(is_active=True).values_list("pk", flat=True)
    )
    for coalition in coalitions:
        members = list(
            coalition.members.filter(status=MembershipStatus.ACTIVE).select_related(
                "organisation__sector", "user__profile__organisation__sector"
            )
        )
        assert sector_mix(members).sectors_present >= 3, coalition.slug
        assert any(
            m.role == CoalitionRole.COORDINATOR and m.user_id for m in members
        ), coalition.slug
        assert coalition.updates.count() >= 2
        assert coalition.questions.exists() or coalition.own_questions.exists()


def test_twenty_five_needs_and_offers_spread_out():
    needs = list(NeedOffer.objects.prefetch_related("themes", "counties"))
    assert len(needs) == 25
    assert len({n.category for n in needs}) == 7
    assert {n.kind for n in needs} == {"need", "offer"}
    assert len({t.slug for n in needs for t in n.themes.all()}) == 5
    assert len({c.code for n in needs for c in n.counties.all()}) >= 8
    assert all(n.expires_on > timezone.localdate() for n in needs)
