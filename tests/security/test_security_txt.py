"""/.well-known/security.txt follows RFC 9116 and parses."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

pytestmark = pytest.mark.django_db

URL = "/.well-known/security.txt"
FIELD = re.compile(r"^([A-Za-z][A-Za-z-]*): (.+)$")


def parse(text: str) -> list[tuple[str, str]]:
    """RFC 9116 section 4: one "Name: value" a line, '#' comments, LF or CRLF."""
    fields = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = FIELD.match(line)
        assert match, f"not a field line: {line!r}"
        fields.append((match[1].lower(), match[2]))
    return fields


def _get(client, **extra):
    response = client.get(URL, **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response, parse(response.content.decode("utf-8"))


def test_it_parses_with_the_required_fields(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@motesplats.example.org"
    response, fields = _get(client, HTTP_HOST="motesplats.example.org", secure=True)
    names = [name for name, _value in fields]
    # Contact at least once; Expires exactly once (RFC 9116 2.5.3, 2.5.5).
    assert names.count("contact") >= 1
    assert names.count("expires") == 1
    assert names.count("canonical") == 1
    assert names.count("preferred-languages") == 1
    values = dict(fields)
    assert values["contact"] == "mailto:security@motesplats.example.org"
    assert values["preferred-languages"] == "sv, en"
    assert (
        values["canonical"] == "https://motesplats.example.org/.well-known/security.txt"
    )
    assert "policy" not in values
    assert response.content.decode().endswith("\n")


def test_expires_is_iso_8601_utc_and_under_a_year_ahead(client):
    now = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)
    with freeze_time(now):
        _response, fields = _get(client)
    expires_text = dict(fields)["expires"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", expires_text)
    expires = datetime.strptime(expires_text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert expires == datetime(2027, 3, 14, tzinfo=UTC)
    assert now < expires < now + timedelta(days=366)
    assert expires - now > timedelta(days=364)


def test_contact_defaults_to_security_at_the_first_allowed_host(client, settings):
    settings.SECURITY_CONTACT = ""
    settings.ALLOWED_HOSTS = [".motesplats.example.org", "localhost", "testserver"]
    _response, fields = _get(client)
    assert dict(fields)["contact"] == "mailto:security@motesplats.example.org"


def test_contact_falls_back_to_the_request_host(client, settings):
    settings.SECURITY_CONTACT = ""
    settings.ALLOWED_HOSTS = ["*"]
    _response, fields = _get(client, HTTP_HOST="mote.example.se:8443")
    assert dict(fields)["contact"] == "mailto:security@mote.example.se"


def test_policy_is_listed_when_configured(client, settings):
    settings.SECURITY_POLICY_URL = "https://git.example.org/motesplats/SECURITY.md"
    _response, fields = _get(client)
    assert dict(fields)["policy"] == "https://git.example.org/motesplats/SECURITY.md"


def test_canonical_ignores_the_query_string(client):
    _response, fields = _get(client, QUERY_STRING="x=1")
    assert dict(fields)["canonical"] == "http://testserver/.well-known/security.txt"


def test_only_get(client):
    assert client.post(URL).status_code == 405
