"""Where a harvested page came from: `{% load harvest %}{% harvest_provenance page %}`.

Knowledge templates show it without the knowledge app knowing about the harvester.
"""

from django import template

from motesplats.api.models import HarvestedItem

register = template.Library()


@register.inclusion_tag("api/harvest_provenance.html")
def harvest_provenance(page) -> dict:
    record = (
        HarvestedItem.objects.filter(page_id=getattr(page, "pk", None))
        .select_related("source")
        .only("remote_url", "remote_node", "source__name")
        .first()
    )
    return {"record": record}
