"""Comment text: escaped, linked safely, split into paragraphs."""

from motesplats.comments.text import clean_text, render_comment


def test_text_is_escaped():
    html = render_comment("<b>fet</b> & <i>kursiv</i>")
    assert html == "<p>&lt;b&gt;fet&lt;/b&gt; &amp; &lt;i&gt;kursiv&lt;/i&gt;</p>"


def test_http_addresses_become_nofollow_ugc_links():
    html = render_comment("Läs https://example.org/a?b=1&c=2 nu.")
    assert html == (
        '<p>Läs <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">'
        "https://example.org/a?b=1&amp;c=2</a> nu.</p>"
    )


def test_trailing_punctuation_stays_outside_the_link_but_balanced_parentheses_stay():
    assert 'href="https://example.org/x"' in render_comment(
        "(se https://example.org/x)."
    )
    wiki = render_comment("https://sv.wikipedia.org/wiki/Fika_(mat)")
    assert 'href="https://sv.wikipedia.org/wiki/Fika_(mat)"' in wiki


def test_only_http_and_https_become_links():
    for text in (
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/fil",
        "www.example.org",
        "mailto:a@example.org",
        "https://",
    ):
        assert "<a " not in render_comment(text), text


def test_long_addresses_are_shortened_in_the_link_text_only():
    url = "https://example.org/" + "a" * 100
    html = render_comment(url)
    assert f'href="{url}"' in html
    assert "…</a>" in html


def test_blank_lines_make_paragraphs_and_single_breaks_stay():
    html = render_comment("Första raden\nandra raden\n\n\nNytt stycke\r\n")
    assert html == "<p>Första raden<br>andra raden</p><p>Nytt stycke</p>"


def test_control_and_direction_override_characters_are_dropped():
    assert clean_text("a\x07b\u202ec\u2066d\te") == "abcd\te"
    assert clean_text("rad\u2028rad") == "rad\nrad"
