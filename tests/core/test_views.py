from django.test import RequestFactory

import pytest

from motesplats.core.views import server_error

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_language_prefix(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "lang", "text"),
    [
        ("/sv/trasig/", "sv", "Något gick fel"),
        ("/en/broken/", "en", "Something went wrong"),
        ("/okand/", "sv", "Något gick fel"),
    ],
)
def test_server_error_page_speaks_the_language_of_the_url(path, lang, text):
    response = server_error(RequestFactory().get(path))
    body = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{lang}">' in body
    assert text in body


@pytest.mark.parametrize(
    ("path", "text"),
    [("/sv/finns-inte/", "Sidan hittades inte"), ("/en/missing/", "Page not found")],
)
def test_not_found_page_in_both_languages(client, path, text):
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.content.decode()


def test_unknown_language_prefix_lands_on_a_404_in_the_visitors_language(client):
    response = client.get("/de/seite/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    response = client.get("/de/seite/", HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    assert "Sidan hittades inte" in response.content.decode()


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        ("sv-SE,sv;q=0.9", "/sv/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("de-DE", "/sv/"),
        ("", "/sv/"),
    ],
)
def test_root_redirects_by_browser_language_swedish_by_default(
    client, accept, location
):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == location
