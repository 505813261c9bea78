"""Template helpers for impact reports: shares as per cent, and the published impact
models of an innovation case (the knowledge bank shows them without importing the
impact app: templates load this library by name)."""

from decimal import Decimal

from django import template
from django.urls import reverse

from motesplats.impact.reports import sroi_key_line

register = template.Library()


@register.filter
def percent(value) -> Decimal | str:
    """A share 0–1 as a per cent figure (0.25 → 25), for `{{ x|percent }} %`."""
    if value is None or value == "":
        return ""
    share = (Decimal(value) * 100).quantize(Decimal("0.1"))
    return share.quantize(Decimal(1)) if share == share.to_integral() else share


@register.simple_tag
def impact_reports_for(page) -> list[dict]:
    """The case's published impact models: title, report link and SROI headline."""
    models = page.published_impact_models().prefetch_related(
        "sroi__investments", "sroi__outcomes"
    )
    return [
        {
            "title": model.title,
            "language": model.language,
            "url": reverse("impact:report", args=[model.uuid]),
            "sroi": sroi_key_line(model),
        }
        for model in models
    ]
