"""The suggestions page: who sees it, the switcher, empty states, query counts."""

from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.taxonomy.models import Region, Theme
from tests.actors.factories import (
    ProfileFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("actors:suggestions")


def test_paths_are_under_the_language_prefix():
    # The Swedish word ("forslag/") comes with the compiled translations.
    assert url("sv").startswith("/sv/")
    assert url("en") == "/en/suggestions/"


def test_smoke(client):
    user = UserFactory()
    profile = ProfileFactory(user=user, county=Region.objects.get(code="12"))
    profile.themes.set([Theme.objects.get(slug="digital-inkludering")])
    client.force_login(user)
    response = client.get(url())
    print(response.content.decode()[-6000:])
    assert response.status_code == 200
