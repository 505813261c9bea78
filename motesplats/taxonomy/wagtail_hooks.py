from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AreaType, GlossaryTerm, Region, SdgGoal, Sector, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name_sv", "name_en", "is_active"]
    search_fields = ["name_sv", "name_en"]


class SdgGoalViewSet(SnippetViewSet):
    model = SdgGoal
    icon = "globe"
    list_display = ["number", "name_sv", "name_en"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "group"
    list_display = ["name_sv", "name_en"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["code", "name_sv", "letter", "seat"]
    search_fields = ["name_sv", "name_en", "seat"]


class AreaTypeViewSet(SnippetViewSet):
    model = AreaType
    icon = "home"
    list_display = ["name_sv", "name_en"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    list_display = ["term_sv", "term_en"]
    search_fields = ["term_sv", "term_en"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (
        ThemeViewSet,
        SdgGoalViewSet,
        SectorViewSet,
        RegionViewSet,
        AreaTypeViewSet,
        GlossaryTermViewSet,
    )


register_snippet(TaxonomyGroup)
