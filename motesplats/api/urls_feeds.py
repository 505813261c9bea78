"""Routes of the feeds, calendars and the page that lists them, in both languages.

Words in the paths are translated (`/sv/floden/nod/malmo.atom`,
`/en/feeds/node/malmo.atom`); slugs and content kinds are not.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .calendars import calendar_view
from .feeds import ATOM, RSS, feed_view
from .feeds_content import ALL, KIND, NODE, THEME
from .feeds_index import feeds_index_view

app_name = "feeds"


def _feeds(prefix, kind: str, name: str) -> list:
    """Atom and RSS (and for nodes and themes iCalendar) routes of one kind of scope."""
    routes = [
        path(
            format_lazy("{}<slug:value>.atom", prefix),
            feed_view,
            {"fmt": ATOM, "kind": kind},
            name=f"{name}_atom",
        ),
        path(
            format_lazy("{}<slug:value>.rss", prefix),
            feed_view,
            {"fmt": RSS, "kind": kind},
            name=f"{name}_rss",
        ),
    ]
    if kind in (NODE, THEME):
        routes.append(
            path(
                format_lazy("{}<slug:value>.ics", prefix),
                calendar_view,
                {"kind": kind},
                name=f"{name}_ics",
            )
        )
    return routes


urlpatterns = [
    path("", feeds_index_view, name="index"),
    path(
        format_lazy("{}.atom", _("all")),
        feed_view,
        {"fmt": ATOM, "kind": ALL},
        name="all_atom",
    ),
    path(
        format_lazy("{}.rss", _("all")),
        feed_view,
        {"fmt": RSS, "kind": ALL},
        name="all_rss",
    ),
    path(
        format_lazy("{}.ics", _("events")),
        calendar_view,
        {"kind": ALL},
        name="all_ics",
    ),
    *_feeds(_("node/"), NODE, "node"),
    *_feeds(_("theme/"), THEME, "theme"),
    *_feeds(_("kind/"), KIND, "kind"),
]
