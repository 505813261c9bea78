"""Routes: the three impact calculators (public, no login).

Words in the paths are translated (Swedish URLs in Swedish)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from motesplats.impact.views import calculators, calculators_health, calculators_social

urlpatterns = [
    path(_("sroi/"), calculators.sroi_view, name="sroi"),
    path(
        _("social-investment/"),
        calculators_social.social_investment_view,
        name="social_investment",
    ),
    path(
        _("cost-effectiveness/"),
        calculators_health.cost_effectiveness_view,
        name="cost_effectiveness",
    ),
]
