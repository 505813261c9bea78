"""Template helpers for the theory of change: the diagram's layout and its text.

`{% toc_diagram model as toc %}` gives the layout of `diagram.layout` plus the text
equivalent (per level the steps and what each leads to). It reads only what
`selectors.model_detail` prefetched, so it adds no queries.
"""

from django import template

from motesplats.impact import diagram
from motesplats.impact.enums import EvidenceGrade, Level
from motesplats.impact.selectors import steps_by_level

register = template.Library()


@register.simple_tag
def toc_diagram(model) -> dict:
    levels = steps_by_level(model)
    links = list(model.links.all())
    titles = {step.pk: step.title for _level, _label, steps in levels for step in steps}
    leads_to: dict[int, list[str]] = {}
    for link in links:
        if link.target_id in titles:
            leads_to.setdefault(link.source_id, []).append(titles[link.target_id])
    layout = diagram.layout(
        [(level, str(label)) for level, label, _steps in levels],
        [
            diagram.Step(id=step.pk, level=level, title=step.title)
            for level, _label, steps in levels
            for step in steps
        ],
        [(link.source_id, link.target_id) for link in links],
    )
    return {
        "layout": layout,
        "levels": [
            {
                "level": level,
                "label": label,
                "steps": [
                    {"step": step, "leads_to": leads_to.get(step.pk, [])}
                    for step in steps
                ],
            }
            for level, label, steps in levels
        ],
        "step_count": len(titles),
        "link_count": len(links),
    }


@register.filter
def level_label(value: str) -> str:
    try:
        return Level(value).label
    except ValueError:
        return value


@register.filter
def grade_label(value: str) -> str:
    try:
        return EvidenceGrade(value).label
    except ValueError:
        return value
