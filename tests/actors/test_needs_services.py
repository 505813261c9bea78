"""Needs and offers: expiry closing, the command, erasure of personal data."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest

from motesplats.accounts.services import user_erase, user_export, user_purge_expired
from motesplats.actors.enums import NeedOfferStatus
from motesplats.actors.models import NeedOffer
from motesplats.actors.services.needs import (
    NeedOfferError,
    check_expiry,
    latest_expiry,
    need_offer_expire,
)
from tests.actors.factories import NeedOfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _past(days=1):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_expire_closes_only_past_ones():
    old = NeedOfferFactory(expires_on=_past())
    today = NeedOfferFactory(expires_on=timezone.localdate())
    NeedOffer.objects.filter(status=NeedOfferStatus.OPEN).exclude(
        pk__in=[old.pk, today.pk]
    ).update(expires_on=timezone.localdate() + datetime.timedelta(days=5))
    assert need_offer_expire() == 1
    old.refresh_from_db()
    today.refresh_from_db()
    assert old.status == NeedOfferStatus.CLOSED
    assert today.status == NeedOfferStatus.OPEN
    assert need_offer_expire() == 0


def test_command_and_retention_task_close_expired(capsys):
    first = NeedOfferFactory(expires_on=_past())
    call_command("actors_expire")
    assert "needs_offers_closed=1" in capsys.readouterr().out
    first.refresh_from_db()
    assert first.status == NeedOfferStatus.CLOSED
    second = NeedOfferFactory(expires_on=_past(3))
    counts = user_purge_expired()
    assert counts["needs_offers_closed"] == 1
    second.refresh_from_db()
    assert second.status == NeedOfferStatus.CLOSED


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (datetime.date(2027, 3, 15), datetime.date(2028, 3, 15)),
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
    ],
)
def test_latest_expiry(today, latest):
    assert latest_expiry(today) == latest
    check_expiry(latest, today)
    with pytest.raises(NeedOfferError):
        check_expiry(latest + datetime.timedelta(days=1), today)
    with pytest.raises(NeedOfferError):
        check_expiry(today, today)


def test_erasure_deletes_own_posts_and_cuts_the_link_on_organisation_posts():
    own = NeedOfferFactory(title="Mitt eget behov")
    org = OrganisationFactory()
    for_org = NeedOfferFactory(author=own.author, organisation=org, title="För org")
    user = own.author
    export = user_export(user=user)["sections"]["actors_needs_offers"]
    assert {e["title"] for e in export} == {"Mitt eget behov", "För org"}
    user_erase(user=user)
    assert not NeedOffer.objects.filter(pk=own.pk).exists()
    for_org.refresh_from_db()
    assert for_org.author is None
    assert for_org.organisation == org
