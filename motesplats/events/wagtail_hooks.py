"""Wagtail hooks of the events app, one module per area."""

from .wagtail_admin import meetings, organiser, raffle, viewsets  # noqa: F401 -- hooks
