"""The home page stays light: HTML + CSS + JS ≤ 100 KB compressed, nothing from other hosts."""

import gzip
import re

from django.contrib.staticfiles import finders

import pytest

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024


@pytest.mark.parametrize("path", ["/sv/", "/en/", "/sv/ordlista/"])
def test_page_weight_within_budget(client, path):
    html = client.get(path).content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    total = len(gzip.compress(html, 6))
    for asset in assets:
        found = finders.find(asset.decode().removeprefix("/static/"))
        assert found, asset
        with open(found, "rb") as handle:
            total += len(gzip.compress(handle.read(), 6))
    assert total <= BUDGET
    assert not re.search(rb'(?:href|src)="(?:https?:)?//', html.split(b"<main", 1)[0])
