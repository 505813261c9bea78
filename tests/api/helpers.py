"""Helpers for the API tests."""

import gzip
import json


def body(response) -> dict:
    """The JSON of an API response, compressed or not."""
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return json.loads(content)


def walk(client, url: str, **params) -> list[dict]:
    """Every item of a list, following `next` to the end."""
    items = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        data = response.json()
        items.extend(data["items"])
        if not data["next"]:
            return items
        response = client.get(data["next"])
