"""Routes: the impact hub, impact models and their parts, and the guided mode.

Words in the paths are translated (Swedish URLs in Swedish); the model's uuid is not.
The part routes share their names (`part_add`, `part_edit`, `part_delete`) and are
told apart by `kind`: reverse them with keyword arguments, e.g.
`{% url 'impact:part_add' uuid=model.uuid kind='link' %}`.
"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motesplats.impact.views import guide, models, models_parts

_MODEL = format_lazy("{}<uuid:uuid>/", _("models/"))
_PART_WORDS = {
    "stakeholder": _("stakeholders/"),
    "step": _("steps/"),
    "link": _("links/"),
    "indicator": _("indicators/"),
    "story": _("stories/"),
    "value": _("values/"),
}


def _part_routes() -> list:
    routes = []
    for kind, word in _PART_WORDS.items():
        base = format_lazy("{}{}", _MODEL, word)
        if kind != "value":
            routes.append(
                path(
                    format_lazy("{}{}", base, _("new/")),
                    models_parts.part_add_view,
                    {"kind": kind},
                    name="part_add",
                )
            )
            routes.append(
                path(
                    format_lazy("{}<int:pk>/", base),
                    models_parts.part_edit_view,
                    {"kind": kind},
                    name="part_edit",
                )
            )
        routes.append(
            path(
                format_lazy("{}<int:pk>/{}", base, _("delete/")),
                models_parts.part_delete_view,
                {"kind": kind},
                name="part_delete",
            )
        )
    return routes


urlpatterns = [
    path("", models.hub_view, name="hub"),
    path(_("models/"), models.model_list_view, name="model_list"),
    path(
        format_lazy("{}{}", _("models/"), _("mine/")),
        models.my_models_view,
        name="my_models",
    ),
    path(
        format_lazy("{}{}", _("models/"), _("new/")),
        models.model_create_view,
        name="model_create",
    ),
    path(_MODEL, models.model_detail_view, name="model_detail"),
    path(
        format_lazy("{}{}", _MODEL, _("edit/")),
        models.model_edit_view,
        name="model_edit",
    ),
    path(
        format_lazy("{}{}", _MODEL, _("publish/")),
        models.model_publish_view,
        name="model_publish",
    ),
    path(
        format_lazy("{}{}", _MODEL, _("delete/")),
        models.model_delete_view,
        name="model_delete",
    ),
    path(
        format_lazy("{}{}<int:pk>/{}", _MODEL, _("indicators/"), _("values/new/")),
        models_parts.value_add_view,
        name="value_add",
    ),
    *_part_routes(),
    path(_("guide/"), guide.guide_start_view, name="guide"),
    path(
        format_lazy("{}{}<int:step>/", _MODEL, _("guide/")),
        guide.guide_step_view,
        name="guide_step",
    ),
]
