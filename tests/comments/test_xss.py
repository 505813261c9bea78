"""An XSS corpus (OWASP filter-evasion payloads) never yields script in our pages.

Every payload goes in as a comment and as a guest's name. The rendered page, the
report page and the admin queue are parsed as a browser would: the only scripts are our
own files, no attribute is an event handler, and no URL attribute runs script.
"""

from html.parser import HTMLParser
from pathlib import Path

from django.urls import reverse

import pytest

from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment
from motesplats.comments.text import render_comment
from motesplats.nodes.services import national_editor_add
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db

PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (Path(__file__).parent / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "lowsrc",
    "dynsrc",
    "poster",
    "xlink:href",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Our own static scripts, and the page's structured data (inert JSON whose
        # escaping is tested in tests/api/test_jsonld.py).
        ours = (attributes.get("src") or "").startswith("/static/") or attributes.get(
            "type"
        ) == "application/ld+json"
        if tag == "script" and not ours:
            self.problems.append(f"script: {attrs}")
        if tag in (
            "iframe",
            "object",
            "embed",
            "base",
            "meta",
            "style",
            "link",
            "svg",
            "math",
            "frame",
            "frameset",
        ) and not (tag in ("meta", "link") and self._ours(attributes)):
            self.problems.append(f"<{tag}> {attrs}")
        self.check_attributes(tag, attrs)

    def check_attributes(self, tag, attrs, *, bad_hosts: tuple[str, ...] = ()):
        """Event handlers, and script (or `bad_hosts`) URLs in URL attributes;
        inline images may be data: URLs."""
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value:
                cleaned = "".join(ch for ch in value if ch > " ").lower()
                scripted = cleaned.startswith(BAD_SCHEMES) and not (
                    tag == "img" and cleaned.startswith("data:image/")
                )
                if scripted or any(host in cleaned for host in bad_hosts):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    @staticmethod
    def _ours(attributes: dict) -> bool:
        # The page head's own <meta> and <link> elements.
        if attributes.get("rel") in ("stylesheet", "icon", "alternate"):
            return True
        return "http-equiv" not in attributes and any(
            key in attributes for key in ("charset", "name", "content")
        )


def _problems(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 60


def test_inspector_catches_what_it_should():
    # A test of the test: raw payloads would be caught.
    assert _problems("<img src=x onerror=alert(1)>")
    assert _problems('<a href=" javascript:alert(1)">x</a>')
    assert _problems("<script>alert(1)</script>")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendered_text_never_contains_markup_from_the_payload(payload):
    html = str(render_comment(payload))
    assert "<script" not in html.lower()
    assert _problems(html) == []
    # The only tags we produce are paragraphs, line breaks and our links.
    tags = {part.split(">")[0].split()[0] for part in html.split("<")[1:]}
    assert tags <= {"p", "/p", "br", "a", "/a"}, tags


@pytest.fixture
def flooded(post_page, member):
    comments = []
    for payload in PAYLOADS:
        comments.append(
            Comment.objects.create(
                page=post_page,
                author=member,
                body=payload,
                status=CommentStatus.PUBLISHED,
                published_at=post_page.first_published_at,
            )
        )
        comments.append(
            Comment.objects.create(
                page=post_page,
                guest_name=payload[:80],
                guest_email="x@example.org",
                body="Namnet är nyttolasten.",
                status=CommentStatus.PENDING,
            )
        )
    return comments


def test_knowledge_page_with_every_payload_has_no_script(client, post_page, flooded):
    Comment.objects.filter(status=CommentStatus.PENDING).update(
        status=CommentStatus.PUBLISHED, published_at=post_page.first_published_at
    )
    html = client.get(post_page.url).content.decode()
    assert html.count('class="comment"') >= 2 * len(PAYLOADS)
    assert _problems(html) == []


def test_report_pages_have_no_script(client, flooded):
    for comment in flooded[::2][:25]:
        html = client.get(
            reverse("comments:report", args=[comment.pk])
        ).content.decode()
        assert _problems(html) == [], comment.body


def test_admin_queue_with_every_payload_has_no_script(client, flooded):
    Comment.objects.filter(pk__in=[c.pk for c in flooded[::2]]).update(
        status=CommentStatus.HIDDEN
    )
    editor = UserFactory()
    national_editor_add(user=editor)
    login_with_totp(client, editor)
    html = client.get(reverse("comments_admin:queue")).content.decode()
    assert "Namnet är nyttolasten." in html
    # Wagtail's own furniture uses inline SVG icons; the queue itself must have none.
    queue = html[html.index('<ul class="comments-queue">') : html.index("</main>")]
    assert queue.count('class="comments-queue-item"') >= 2 * len(PAYLOADS)
    assert _problems(queue) == []
