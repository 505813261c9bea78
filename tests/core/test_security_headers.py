"""Every response carries a strict CSP and the standard security headers."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = [
    "/sv/",
    "/en/",
    "/sv/teman/",
    "/sv/ordlista/",
    "/sv/konto/login/",
    "/en/account/signup/",
    "/sv/finns-inte/",
    "/healthz",
    "/admin/login/",
]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2]
        for part in csp.split(";")
        if part.strip()
    )
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_load_nothing_from_other_hosts(client):
    body = client.get("/sv/").content.decode()
    assert "https://" not in body.split("<main", 1)[0].replace('hreflang="', "")
    assert "<script" not in body
    assert "style=" not in body
