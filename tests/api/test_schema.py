"""The API against its own OpenAPI schema, with schemathesis: every GET operation and
the two POST calculators, all checks (no server errors, answers that conform to the
schema in status, content type, headers and body, bad input refused). Bounded to a
few dozen examples per operation so that it runs in well under a minute."""

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

pytestmark = pytest.mark.django_db


# A valid signed cursor, or an event date between the years 2000 and 2100, cannot be
# said in JSON Schema: a random string of the right type is "valid" to schemathesis
# and rightly refused with a 422 and a message. Everything else a valid request may
# get is schemathesis's default.
#
# The coverage phase is off: it is slow (thousands of boundary cases), and its negative
# cases for query parameters include values such as the boolean `false`, which a query
# string cannot tell from the text "false" that a filter rightly accepts.
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "422", "429"]
            }
        },
    }
)

# The schema as the running site serves it (no database needed to build it).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # The real WSGI handler closes the database connection after each request, which
    # ends the test's transaction on PostgreSQL; Django's own test client avoids it
    # the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Hundreds of requests from one address: the rate limit is tested elsewhere.
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000


@schema.parametrize()
@settings(
    max_examples=25,
    # The same examples on every run, so that the build is repeatable; bugs found
    # while exploring get a regression test of their own.
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case):
    # The WSGI transport does not undo gzip; compression is tested in test_http.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
