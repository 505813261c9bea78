"""Admin registration: each area's module registers its own viewsets and menu items."""

from .wagtail_admin import coalitions, organisations, surveys  # noqa: F401
