"""Wagtail admin without inline scripts, so the strict CSP holds there too.

Wagtail 8 starts chooser widgets with an inline <script> built in Python
(`BaseChooser.render`); widget and panel templates do the same and are overridden in
templates/wagtailadmin/. This patch makes the choosers emit a data marker instead, which
static/js/admin-init.js turns into the same constructor call. tests/core/test_admin_csp.py
fails if any admin page serves an inline script again (e.g. after a Wagtail upgrade).
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.admin.widgets.chooser import BaseChooser


def marker(init: str, options: dict, target: str | None = None) -> str:
    return format_html(
        '<span hidden data-motesplats-init="{}"{} data-options="{}"></span>',
        init,
        format_html(' data-target="{}"', target) if target else "",
        json.dumps(options),
    )


def _render_without_inline_script(self, name, value, attrs=None, renderer=None):
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as e:
        raise TypeError("A chooser cannot be rendered without an 'id' attribute") from e
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    options = self.get_js_init_options(id_, name, value_data)
    return mark_safe(f"{widget_html}{marker(self.js_constructor, options, id_)}")  # noqa: S308 -- both parts are escaped above


def patch_wagtail_admin() -> None:
    BaseChooser.render = _render_without_inline_script
