"""Admin registration for the impact app: an "Impact" menu with the proxy library."""

from wagtail import hooks

from motesplats.impact.wagtail_admin import ImpactViewSetGroup


@hooks.register("register_admin_viewset")
def register_impact_viewsets():
    return ImpactViewSetGroup()
