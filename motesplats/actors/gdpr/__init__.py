"""Personal data held by the actors app: one module per area registers its handler."""

from . import coalitions, needs, organisations, profiles, surveys  # noqa: F401
