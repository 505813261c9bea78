"""Editors register harvest sources in the admin, harvest one at once, and read the runs
(which nobody can add, change or delete)."""

from django.urls import reverse

import pytest

from motesplats.api.models import HarvestRun, PeerSource
from motesplats.nodes.models import Node
from tests.api.harvest_helpers import api_source
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    login_with_totp(client, user)
    return client


def test_an_editor_registers_a_source(admin):
    response = admin.post(
        reverse("harvest_sources:add"),
        {
            "name": "Mötesplats Norr",
            "kind": "motesplats_api",
            "language": "sv",
            "base_url": "https://norr.example.org",
            "node": Node.objects.get(slug="umea").pk,
            "remote_node": "lulea",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = PeerSource.objects.get(name="Mötesplats Norr")
    assert source.node.slug == "umea"
    assert source.consecutive_failures == 0
    listing = admin.get(reverse("harvest_sources:index")).content.decode()
    assert "Mötesplats Norr" in listing


def test_harvest_now_asks_then_runs_and_reports(admin):
    source = api_source(base_url="http://127.0.0.1:9/")  # nothing listens there
    edit = admin.get(reverse("harvest_sources:edit", args=[source.pk]))
    url = reverse("harvest_sources:harvest_now", args=[source.pk])
    assert url in edit.content.decode()
    assert admin.get(url).status_code == 200
    assert not HarvestRun.objects.filter(source=source).exists()

    response = admin.post(url, follow=True)

    run = HarvestRun.objects.get(source=source)
    assert run.error
    assert "Connection refused" in response.content.decode()


def test_runs_are_read_only(admin):
    source = api_source()
    run = HarvestRun.objects.create(source=source, fetched=3, error="HTTP 503")
    assert admin.get(reverse("harvest_runs:index")).status_code == 200
    inspect = admin.get(reverse("harvest_runs:inspect", args=[run.pk]))
    assert "HTTP 503" in inspect.content.decode()
    for name, args in [
        ("harvest_runs:add", []),
        ("harvest_runs:edit", [run.pk]),
        ("harvest_runs:delete", [run.pk]),
    ]:
        assert admin.get(reverse(name, args=args)).status_code in (302, 403)
    assert HarvestRun.objects.filter(pk=run.pk).exists()


def test_people_without_admin_access_cannot_harvest(client):
    source = api_source()
    url = reverse("harvest_sources:harvest_now", args=[source.pk])
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert not HarvestRun.objects.exists()
