"""Content steps for the two-instance harvest test, run in either instance.

In the test process (instance A) the functions are called directly; in instance B they
run as `python -m tests.api.harvest_live_peer '[["<step>", {kwargs}], ...]'` against
B's own database (several steps per process: each start costs seconds), and print
their results as one JSON list.
"""

from __future__ import annotations

import json
import os
import sys


def make_node(*, slug: str, name: str) -> int:
    """A node with its page below the node index; returns the page's id."""
    from motesplats.nodes.models import Node, NodePage  # noqa: PLC0415
    from motesplats.taxonomy.models import Region  # noqa: PLC0415

    node = Node.objects.create(
        slug=slug,
        name_sv=name,
        name_en=name,
        university_sv=f"Universitetet i {name}",
        city=name,
        county=Region.objects.first(),
        email=f"{slug}@example.org",
        description_sv=f"Noden {name}.",
    )
    index = NodePage.objects.filter(locale__language_code="sv").first().get_parent()
    page = index.add_child(instance=NodePage(title=name, slug=slug, node=node))
    page.save_revision().publish()
    return page.pk


def make_article(*, node: str, title: str) -> str:
    """A published article below the node's page; returns its stable id."""
    from django.utils.text import slugify  # noqa: PLC0415

    from motesplats.knowledge.models import ArticlePage  # noqa: PLC0415
    from motesplats.nodes.models import NodePage  # noqa: PLC0415

    parent = NodePage.objects.get(node__slug=node, locale__language_code="sv")
    page = ArticlePage(
        title=title,
        slug=slugify(title),
        summary=f"Om {title}.",
        article_type="news",
        body=[("paragraph", f"<p>{title}, hela texten.</p>")],
        year=2026,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return str(page.translation_key)


def retitle(*, title: str, new_title: str) -> bool:
    """The peer's own editor changes an article and publishes it."""
    from motesplats.knowledge.models import ArticlePage  # noqa: PLC0415

    page = ArticlePage.objects.get(title=title, locale__language_code="sv")
    page.title = new_title
    page.save_revision().publish()
    return True


def unpublish(*, title: str) -> bool:
    from motesplats.knowledge.models import ArticlePage  # noqa: PLC0415

    ArticlePage.objects.get(title=title, locale__language_code="sv").unpublish()
    return True


def harvest(
    *, base_url: str, remote_node: str, into: str, name: str, full: bool = False
) -> dict:
    """Register (once) a source for another instance and harvest it; returns counts."""
    from motesplats.api.harvest import source_harvest  # noqa: PLC0415
    from motesplats.api.models import PeerSource  # noqa: PLC0415
    from motesplats.nodes.models import Node  # noqa: PLC0415

    source, _created = PeerSource.objects.get_or_create(
        base_url=base_url,
        remote_node=remote_node,
        defaults={
            "name": name,
            "kind": "motesplats_api",
            "node": Node.objects.get(slug=into),
        },
    )
    run = source_harvest(source=source, full=full)
    return {
        key: getattr(run, key)
        for key in ("error", "fetched", "created", "updated", "unchanged", "deleted")
    }


def harvested(*, name: str) -> dict:
    """Titles of the pages harvested from the source called `name`: live or not."""
    from motesplats.api.models import HarvestedItem  # noqa: PLC0415

    records = HarvestedItem.objects.filter(source__name=name).select_related("page")
    return {r.page.title: r.page.live for r in records if r.page}


STEPS = {f.__name__: f for f in (make_node, make_article, retitle, unpublish, harvest)}
STEPS["harvested"] = harvested


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django  # noqa: PLC0415

    django.setup()
    results = [STEPS[step](**kwargs) for step, kwargs in json.loads(sys.argv[1])]
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
