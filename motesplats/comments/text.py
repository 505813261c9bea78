"""Comment text: plain text in, safe HTML out.

Everything is escaped. Bare http(s) addresses become links with rel="nofollow ugc";
nothing else can become a link, so no `javascript:` or `data:` URL ever reaches an
href. Blank lines separate paragraphs and single line breaks are kept.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)
TRAILING = ".,;:!?'\")]}»”’"
LINK_TEXT_MAX = 60
KEEP = {"\n", "\t"}
# Direction overrides can disguise a link or a name; ordinary letters from right-to-left
# scripts are unaffected.
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean_text(text: str) -> str:
    """Normalise line breaks and drop control and direction-override characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return "".join(
        ch
        for ch in text
        if ch in KEEP
        or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in BIDI_CONTROLS)
    )


def _trim(url: str) -> str:
    while url and url[-1] in TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _link(url: str) -> str:
    text = url if len(url) <= LINK_TEXT_MAX else url[: LINK_TEXT_MAX - 1] + "…"
    return format_html('<a href="{}" rel="nofollow ugc">{}</a>', url, text)


def _is_linkable(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def linkify(line: str) -> str:
    pieces: list[str] = []
    pos = 0
    for match in URL.finditer(line):
        url = _trim(match.group(0))
        start = match.start()
        end = start + len(url)
        if not _is_linkable(url):
            continue
        pieces.append(escape(line[pos:start]))
        pieces.append(_link(url))
        pos = end
    pieces.append(escape(line[pos:]))
    return "".join(pieces)


def render_comment(text: str) -> SafeString:
    paragraphs = [
        p.strip("\n")
        for p in re.split(r"\n(?:[ \t]*\n)+", clean_text(text).strip())
        if p.strip()
    ]
    html = "".join(
        "<p>" + "<br>".join(linkify(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    return mark_safe(html)  # noqa: S308 -- every piece is escaped or built by format_html
