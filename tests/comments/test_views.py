"""The comments section on knowledge pages, posting, reporting and confirming."""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.comments.enums import CommentStatus, ReportReason
from motesplats.comments.models import Comment, CommentReport
from motesplats.comments.services import comment_create
from tests.comments.conftest import guest_data, member_data

pytestmark = pytest.mark.django_db


def _section(html: str) -> str:
    start = html.index('<section id="comments"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    "slug",
    [
        "yalla-trappan",
        "regional-samverkan-i-norr",
        "handbok-effektmatning",
        "film-barns-bostad-forst",
    ],
)
def test_every_kind_of_knowledge_page_has_the_comments_section(client, slug):
    from wagtail.models import Page  # noqa: PLC0415

    page = Page.objects.get(slug=slug, locale__language_code="sv")
    html = client.get(page.url).content.decode()
    assert 'id="comments"' in html
    if 'id="related-heading"' in html:  # the related block shows only when there is one
        assert html.index('id="comments"') < html.index('id="related-heading"')


def test_section_shows_published_comments_and_replies_only(client, post_page, member):
    published = comment_create(page=post_page, body="Synlig kommentar", author=member)
    comment_create(page=post_page, body="Synligt svar", author=member, parent=published)
    hidden = comment_create(page=post_page, body="Dold kommentar", author=member)
    Comment.objects.filter(pk=hidden.pk).update(status=CommentStatus.HIDDEN)
    comment_create(
        page=post_page,
        body="Obekräftad gäst",
        guest_name="G",
        guest_email="g@example.org",
    )
    section = _section(client.get(post_page.url).content.decode())
    assert "Synlig kommentar" in section
    assert "Synligt svar" in section
    assert "Dold kommentar" not in section
    assert "Obekräftad gäst" not in section
    assert "Kim Kommentar" in section


def test_member_posts_and_is_redirected_to_the_published_comment(
    member_client, post_page
):
    response = member_client.post(post_page.url, member_data(body="Hej från en medlem"))
    comment = Comment.objects.get(body="Hej från en medlem")
    assert response.status_code == 303
    assert response["Location"] == f"{post_page.url}#comment-{comment.pk}"
    assert comment.status == CommentStatus.PUBLISHED
    page = member_client.get(post_page.url).content.decode()
    assert "Din kommentar är publicerad" in page or "Your comment is published" in page


def test_member_on_pre_moderated_page_is_told_it_waits(member_client, pre_page):
    response = member_client.post(
        pre_page.url, member_data(body="Väntande"), follow=True
    )
    assert Comment.objects.get(body="Väntande").status == CommentStatus.PENDING
    html = response.content.decode()
    assert "Väntande" not in _section(html)
    assert (
        "when an editor has read it" in html or "när en redaktör har läst den" in html
    )


def test_empty_comment_shows_errors_on_the_page_itself(member_client, post_page):
    before = Comment.objects.count()
    response = member_client.post(post_page.url, member_data(body="   "))
    assert response.status_code == 200
    assert Comment.objects.count() == before
    section = _section(response.content.decode())
    assert 'class="error-summary"' in section
    assert 'href="#comment-body"' in section
    assert 'aria-invalid="true"' in section
    assert re.search(r'aria-describedby="[^"]*comment-body_error', section)
    assert 'id="comment-body_error"' in section


def test_guest_form_asks_for_name_and_email_marked_required(client, post_page):
    section = _section(client.get(post_page.url).content.decode())
    for field in ("comment-name", "comment-email", "comment-body"):
        tag = re.search(rf'<(input|textarea)[^>]*id="{field}"[^>]*>', section).group(0)
        assert " required" in tag, field
    assert section.count('class="required-mark"') == 3
    assert "data-pow-url" in section
    assert "<noscript>" in section


def test_member_form_has_no_guest_fields_and_no_proof_of_work(member_client, post_page):
    section = _section(member_client.get(post_page.url).content.decode())
    assert 'id="comment-email"' not in section
    assert "data-pow-url" not in section
    assert "Kim Kommentar" in section


def test_guest_with_solved_challenge_gets_a_confirmation_mail(
    client, post_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(post_page.url, guest_data(body="Gästinlägg"))
    assert response.status_code == 303
    comment = Comment.objects.get(body="Gästinlägg")
    assert comment.status == CommentStatus.UNCONFIRMED
    assert mail.outbox[0].to == ["gustav.gast@example.org"]
    # The confirmation link, whatever the host and the language's URL words.
    link = re.search(r"https?://\S+/\S+/\S+/", mail.outbox[0].body).group(0)
    path = urlsplit(link).path
    # Opening the link (GET) only asks; mail scanners must not confirm.
    page = client.get(path)
    assert page.status_code == 200
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UNCONFIRMED
    response = client.post(path)
    assert response.status_code == 303
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    html = client.get(post_page.url).content.decode()
    assert "Gästinlägg" in html
    assert "gustav.gast@example.org" not in html


def test_guest_without_javascript_is_told_to_enable_it_or_log_in(client, post_page):
    with translation.override("en"):
        response = client.post(
            post_page.url, guest_data(altcha=""), HTTP_ACCEPT_LANGUAGE="en"
        )
    section = _section(response.content.decode())
    assert not Comment.objects.filter(body="En fråga från en gäst.").exists()
    assert "JavaScript" in section
    assert "log in" in section or "logga in" in section


def test_guest_with_a_wrong_answer_is_refused(client, post_page):
    response = client.post(post_page.url, guest_data(altcha="bm90IHZhbGlk"))
    assert response.status_code == 200
    assert not Comment.objects.filter(body="En fråga från en gäst.").exists()
    assert 'class="error-summary"' in response.content.decode()


def test_replayed_answer_is_refused(client, post_page):
    data = guest_data(body="Första")
    assert client.post(post_page.url, data).status_code == 303
    data["body"] = "Andra med samma svar"
    response = client.post(post_page.url, data)
    assert response.status_code == 200
    assert not Comment.objects.filter(body="Andra med samma svar").exists()


def test_an_answer_is_not_used_up_by_a_form_with_other_errors(client, post_page):
    data = guest_data(body="")
    assert client.post(post_page.url, data).status_code == 200
    data["body"] = "Nu med text"
    assert client.post(post_page.url, data).status_code == 303


def test_honeypot_stops_the_comment(member_client, post_page):
    response = member_client.post(
        post_page.url, member_data(body="Köp billigt", website="http://spam.example")
    )
    assert response.status_code == 200
    assert not Comment.objects.filter(body="Köp billigt").exists()
    assert 'class="error-summary"' in response.content.decode()


def test_reply_link_opens_a_reply_form_and_a_reply_to_a_reply_is_refused(
    member_client, post_page, member
):
    top = comment_create(page=post_page, body="Överst", author=member)
    reply = comment_create(page=post_page, body="Svar", author=member, parent=top)
    section = _section(
        member_client.get(f"{post_page.url}?reply_to={top.pk}").content.decode()
    )
    assert f'value="{top.pk}"' in section
    assert f"?reply_to={reply.pk}" not in section
    response = member_client.post(
        post_page.url, member_data(body="Djupt", parent=reply.pk)
    )
    assert response.status_code == 200
    assert not Comment.objects.filter(body="Djupt").exists()
    response = member_client.post(
        post_page.url, member_data(body="Rätt nivå", parent=top.pk)
    )
    assert response.status_code == 303
    assert Comment.objects.get(body="Rätt nivå").parent == top


def test_thread_query_count_does_not_grow_with_comments(client, post_page, member):
    def count_queries() -> int:
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        with CaptureQueriesContext(connection) as ctx:
            client.get(post_page.url)
        return len(ctx.captured_queries)

    count_queries()  # fills the per-process caches (menus, content version)
    baseline = count_queries()
    for i in range(8):
        top = comment_create(page=post_page, body=f"Kommentar {i}", author=member)
        comment_create(page=post_page, body=f"Svar {i}", author=member, parent=top)
    assert count_queries() == baseline


def test_report_page_and_submission(client, post_page, member):
    comment = comment_create(page=post_page, body="Rapportera mig", author=member)
    url = reverse("comments:report", args=[comment.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Rapportera mig" in page.content.decode()
    response = client.post(url, {"reason": ReportReason.SPAM, "text": "Reklam"})
    assert response.status_code == 303
    report = CommentReport.objects.get(comment=comment)
    assert report.snapshot == "Rapportera mig"
    assert report.reporter is None
    # The same reader again gets a message and no second report.
    again = client.post(url, {"reason": ReportReason.SPAM})
    assert again.status_code == 200
    assert CommentReport.objects.filter(comment=comment).count() == 1


def test_report_without_reason_shows_errors(client, post_page, member):
    comment = comment_create(page=post_page, body="Text", author=member)
    response = client.post(reverse("comments:report", args=[comment.pk]), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_reason_0"' in html
    assert not CommentReport.objects.exists()


def test_member_report_is_linked_to_the_member(member_client, member, post_page):
    author = comment_create(page=post_page, body="Text", author=member)
    member_client.post(
        reverse("comments:report", args=[author.pk]), {"reason": ReportReason.OTHER}
    )
    assert CommentReport.objects.get(comment=author).reporter == member


def test_hidden_or_unknown_comments_cannot_be_reported(client, post_page, member):
    comment = comment_create(page=post_page, body="Text", author=member)
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)
    assert client.get(reverse("comments:report", args=[comment.pk])).status_code == 404
    assert client.get(reverse("comments:report", args=[999999])).status_code == 404


def test_bad_confirmation_link_is_a_clear_400(client):
    response = client.get(reverse("comments:confirm", args=["nonsense"]))
    assert response.status_code == 400
    assert "<h1>" in response.content.decode()


def test_challenge_endpoint_gives_a_fresh_uncached_challenge(client):
    response = client.get(reverse("comments:challenge"))
    assert response.status_code == 200
    assert (
        "no-cache" in response["Cache-Control"]
        or "no-store" in response["Cache-Control"]
    )
    first = response.json()
    second = client.get(reverse("comments:challenge")).json()
    assert first["algorithm"] == "SHA-256"
    assert first["salt"] != second["salt"]


def test_comment_posts_need_a_csrf_token(post_page):
    from django.test import Client  # noqa: PLC0415

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(post_page.url, guest_data())
    assert response.status_code == 403
    assert not Comment.objects.filter(body="En fråga från en gäst.").exists()


def test_english_page_renders_comments_in_english(client):
    from wagtail.models import Page  # noqa: PLC0415

    page = Page.objects.get(slug="yalla-trappan", locale__language_code="en")
    section = _section(client.get(page.url).content.decode())
    assert "Comments" in section
    assert "work integration social enterprise" in section


def test_preview_shows_the_thread_without_a_form(rf, post_page, member):
    from django.template import Context, Template  # noqa: PLC0415

    request = rf.get("/")
    request.user = member
    request.is_preview = True
    html = Template("{% load comments_tags %}{% comments_section page %}").render(
        Context({"request": request, "page": post_page})
    )
    assert 'id="comments"' in html
    assert "Sara Lind" in html
    assert "<form" not in html
