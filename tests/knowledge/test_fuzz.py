"""Any query string on the knowledge bank gives a page, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesplats.knowledge.selectors import FACETS

pytestmark = pytest.mark.django_db

VALUE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
)
KEYS = st.sampled_from([f.key for f in FACETS] + ["sort", "page"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=st.lists(st.tuples(KEYS, VALUE), max_size=8))
def test_knowledge_listing_never_fails(client, params):
    response = client.get("/sv/kunskapsbanken/", params)
    assert response.status_code == 200
